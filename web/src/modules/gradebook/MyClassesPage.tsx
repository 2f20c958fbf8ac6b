import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { fetchMyClasses, gradebookKeys, type MyClass } from './api.ts';
import { useSubjectName } from './shared.tsx';

/** The grade book's entry page: the classes of this year the user teaches, leads or supervises. */
export default function MyClassesPage() {
  const { t } = useTranslation('gradebook');
  const subjectName = useSubjectName();
  const q = useQuery({ queryKey: gradebookKeys.myClasses, queryFn: fetchMyClasses });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('myClasses.title')}
      </Typography.Title>
      <Card>
        {q.data.items.length === 0 ? (
          <EmptyState description={t('myClasses.empty')} />
        ) : (
          <Table<MyClass>
            rowKey="id"
            size="middle"
            pagination={false}
            dataSource={q.data.items}
            columns={[
              {
                title: t('myClasses.class'),
                dataIndex: 'name',
                render: (name: string, c) => <Link to={`/gradebook/classes/${c.id}`}>{t('className', { name })}</Link>,
              },
              { title: t('myClasses.school'), dataIndex: 'schoolName' },
              { title: t('myClasses.year'), dataIndex: 'yearName' },
              {
                title: t('myClasses.role'),
                key: 'role',
                render: (_: unknown, c) => (
                  <Space wrap size={4}>
                    {c.homeroom && <Tag color="blue">{t('myClasses.homeroom')}</Tag>}
                    {c.subjects.map((s) => (
                      <Tag key={s}>{subjectName(s)}</Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
