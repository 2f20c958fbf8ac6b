import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined, WarningFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useDisplayLanguage } from '../../lib/language.ts';
import { formatDateTime, formatDuration, formatNumber } from '../../lib/format.ts';
import { fetchHealth, platformKeys } from './api.ts';

export default function StatusPage() {
  const { t } = useTranslation('platform');
  const lang = useDisplayLanguage();
  const health = useQuery({ queryKey: platformKeys.health, queryFn: fetchHealth, refetchInterval: 30_000 });

  const header = (
    <Flex align="center" justify="space-between" wrap gap={8} style={{ marginBottom: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('status.title')}
      </Typography.Title>
      <Button icon={<ReloadOutlined />} onClick={() => void health.refetch()} loading={health.isFetching}>
        {t('status.refresh')}
      </Button>
    </Flex>
  );

  if (health.isPending)
    return (
      <>
        {header}
        <LoadingState />
      </>
    );
  if (health.isError)
    return (
      <>
        {header}
        <ErrorState error={health.error} onRetry={() => void health.refetch()} />
      </>
    );

  const h = health.data;
  const ok = h.status === 'ok';
  return (
    <>
      {header}
      <Flex vertical gap={16}>
        <Card>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="middle">
            <Descriptions.Item label={t('status.overall')}>
              <Tag data-testid="overall-status" color={ok ? 'success' : 'warning'} icon={ok ? <CheckCircleFilled /> : <WarningFilled />}>
                {ok ? t('status.ok') : t('status.degraded')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.version')}>{h.version}</Descriptions.Item>
            <Descriptions.Item label={t('status.demo')}>
              <span data-testid="demo-flag">{h.demo ? t('status.demoOn') : t('status.demoOff')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.uptime')}>{formatDuration(h.uptimeSeconds, lang)}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('status.checkedAt', { time: formatDateTime(h.time, { seconds: true }) })}
          </Typography.Text>
        </Card>
        <Card title={t('status.database')}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="middle">
            <Descriptions.Item label={t('status.databaseStatus')}>
              <Tag
                data-testid="database-status"
                color={h.database.ok ? 'success' : 'error'}
                icon={h.database.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
              >
                {h.database.ok ? t('status.databaseOk') : t('status.databaseDown')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.databaseKind')}>
              <span data-testid="database-kind">{h.database.kind === 'pglite' ? t('status.kindPglite') : t('status.kindPostgres')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.serverVersion')}>{h.database.serverVersion ?? t('status.unknown')}</Descriptions.Item>
            <Descriptions.Item label={t('status.latency')}>
              {t('status.milliseconds', { value: formatNumber(h.database.latencyMs, lang) })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('status.auditChain')}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="middle">
            <Descriptions.Item label={t('status.auditChainState')}>
              <Tag
                data-testid="audit-chain-status"
                color={!h.auditChain.checked ? 'default' : h.auditChain.ok ? 'success' : 'error'}
                icon={!h.auditChain.checked ? undefined : h.auditChain.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
              >
                {!h.auditChain.checked
                  ? t('status.auditChainNotYet')
                  : h.auditChain.ok
                    ? t('status.auditChainOk')
                    : t('status.auditChainBroken', { n: h.auditChain.problems })}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.auditChainCheckedAt')}>
              {h.auditChain.checkedAt ? formatDateTime(h.auditChain.checkedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('status.auditChainAnchorAt')}>
              {h.auditChain.anchorAt ? formatDateTime(h.auditChain.anchorAt) : '—'}
            </Descriptions.Item>
          </Descriptions>
          {h.auditChain.checked && !h.auditChain.ok && (
            <Alert type="error" showIcon title={t('status.auditChainBrokenHint')} style={{ marginTop: 12 }} />
          )}
        </Card>
        <Card title={t('status.process')}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="middle">
            <Descriptions.Item label={t('status.pid')}>{h.process.pid}</Descriptions.Item>
            <Descriptions.Item label={t('status.memory')}>
              {t('status.megabytes', { value: formatNumber(h.process.rssMb, lang) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('status.node')}>{h.process.node}</Descriptions.Item>
            <Descriptions.Item label={t('status.jobs')}>
              {h.jobs.running ? t('status.jobsRunning') : t('status.jobsStopped')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Flex>
    </>
  );
}
