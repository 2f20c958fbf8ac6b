import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { accountKeys, fetchMyChildren } from './api.ts';
import { OwnRecordCard } from './OwnRecordCard.tsx';

/** "Con của tôi": a guardian account's children, across schools, with their class. */
export default function MyChildrenPage() {
  const { t } = useTranslation('registry');
  const q = useQuery({ queryKey: accountKeys.children, queryFn: fetchMyChildren });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('accounts.children.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.children.intro')}</Typography.Paragraph>
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={q.refetch} />
      ) : q.data.items.length === 0 ? (
        <EmptyState description={t('accounts.children.empty')} />
      ) : (
        q.data.items.map((c) => <OwnRecordCard key={c.id} record={c} />)
      )}
    </>
  );
}
