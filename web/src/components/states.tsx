import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Result, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../api/client.ts';

/** A centred spinner with a readable label (screen readers announce it). */
export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ padding: 48 }} role="status" aria-live="polite">
      <Spin size="large" />
      <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
        {label ?? t('state.loading')}
      </Typography.Text>
    </Flex>
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('state.empty')}>
      {children}
    </Empty>
  );
}

/**
 * Any error of a query or a mutation. A problem+json answer shows its translated title and its
 * request id (what the help desk asks for); an unreachable server says so plainly.
 */
export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  let title: string = t('state.errorTitle');
  let detail: ReactNode = null;
  let requestId: string | undefined;
  if (isApiProblem(error)) {
    requestId = error.requestId;
    if (error.kind === 'network') {
      title = t('state.unreachableTitle');
      detail = t('state.unreachableDetail');
    } else if (error.kind === 'unexpected') {
      detail = t('state.unexpectedResponse', { status: error.status });
    } else {
      title = error.title;
      if (error.errors.length > 0) {
        detail = (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {error.errors.map((e) => (
              <li key={`${e.path}:${e.code}`}>{e.message}</li>
            ))}
          </ul>
        );
      }
    }
  }
  const body = (
    <>
      {detail && <div>{detail}</div>}
      {requestId && (
        <Typography.Text type="secondary" data-testid="request-id">
          {t('state.requestId')}:{' '}
          <Typography.Text code copyable>
            {requestId}
          </Typography.Text>
        </Typography.Text>
      )}
    </>
  );
  const retry = onRetry && (
    <Button icon={<ReloadOutlined />} onClick={onRetry}>
      {t('state.retry')}
    </Button>
  );
  if (compact) {
    return <Alert type="error" showIcon role="alert" title={title} description={body} action={retry} />;
  }
  return <Result status="error" title={<span role="alert">{title}</span>} subTitle={body} extra={retry} />;
}
