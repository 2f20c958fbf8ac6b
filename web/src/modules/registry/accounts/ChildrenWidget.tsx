import { useQuery } from '@tanstack/react-query';
import { Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { StudentLinks } from '../StudentExtras.tsx';
import { accountKeys, fetchMyChildren } from './api.ts';

/** A guardian's home: each child with their school and class, and what other modules offer for them. */
export default function ChildrenWidget() {
  const { t } = useTranslation('registry');
  const q = useQuery({ queryKey: accountKeys.children, queryFn: fetchMyChildren });
  return (
    <Card size="small" title={t('accounts.children.title')} extra={<Link to="/registry/me/children">{t('accounts.children.open')}</Link>}>
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} compact />
      ) : q.data.items.length === 0 ? (
        <EmptyState description={t('accounts.children.empty')} />
      ) : (
        <List
          dataSource={q.data.items}
          renderItem={(c) => (
            <List.Item extra={<StudentLinks student={{ id: c.id, fullName: c.fullName, own: true }} />}>
              <List.Item.Meta title={c.fullName} description={[c.school.name, c.currentClass?.name].filter(Boolean).join(' — ')} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
