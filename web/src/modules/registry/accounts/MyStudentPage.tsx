import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { accountKeys, fetchMyStudent } from './api.ts';
import { OwnRecordCard } from './OwnRecordCard.tsx';

/** "Hồ sơ của em": a student account's own record and class. */
export default function MyStudentPage() {
  const { t } = useTranslation('registry');
  const q = useQuery({ queryKey: accountKeys.student, queryFn: fetchMyStudent });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('accounts.me.title')}
      </Typography.Title>
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={q.refetch} />
      ) : q.data.student ? (
        <OwnRecordCard record={q.data.student} />
      ) : (
        <EmptyState description={t('accounts.me.none')} />
      )}
    </>
  );
}
