import { AuditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fetchCorrections, gradebookKeys } from './api.ts';

/** The principal's desk: how many mark corrections wait for a decision, and the way to them. */
export default function DeskCorrections() {
  const { t } = useTranslation('gradebook');
  const q = useQuery({ queryKey: gradebookKeys.corrections('pending'), queryFn: () => fetchCorrections('pending') });
  return (
    <Card
      size="small"
      title={
        <span>
          <AuditOutlined /> {t('desk.corrections')}
        </span>
      }
      extra={<Link to="/gradebook/corrections">{t('desk.open')}</Link>}
    >
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} compact />
      ) : (
        <Statistic title={t('desk.pending')} value={q.data.items.length} />
      )}
    </Card>
  );
}
