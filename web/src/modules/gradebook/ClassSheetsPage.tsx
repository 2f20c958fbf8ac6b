import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { type ClassSheets, fetchClassSheets, gradebookKeys } from './api.ts';
import { SheetStatusTag } from './shared.tsx';

type SubjectRow = ClassSheets['subjects'][number];

/** A class's subjects per term with each sheet's state: the teacher opens theirs, staff open any. */
export default function ClassSheetsPage() {
  const { classId = '' } = useParams();
  const { t } = useTranslation('gradebook');
  const q = useQuery({ queryKey: gradebookKeys.classSheets(classId), queryFn: () => fetchClassSheets(classId) });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const c = q.data;
  const assessmentLabel = (a: SubjectRow['assessment']) => t(`assessment.${a}`);
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('classSheets.title', { name: c.class.name, year: c.class.yearName })}
        </Typography.Title>
        <Space>
          <Link to="/gradebook">{t('back')}</Link>
          {(c.abilities.homeroom || c.abilities.readAll) && (
            <Link to={`/gradebook/classes/${classId}/summary`}>
              <Button type="primary">{t('classSheets.summary')}</Button>
            </Link>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{c.class.schoolName}</Typography.Paragraph>
      <Card>
        <Tabs
          items={c.terms.map((term, i) => ({
            key: term.id,
            label: term.name,
            children: (
              <Table<SubjectRow>
                rowKey="code"
                size="middle"
                pagination={false}
                dataSource={c.subjects}
                columns={[
                  {
                    title: t('classSheets.subject'),
                    dataIndex: 'name',
                    render: (name: string, s) => (
                      <Space>
                        <Link to={`/gradebook/classes/${classId}/subjects/${s.code}/terms/${term.id}`}>{name}</Link>
                        {s.mine && <Tag color="blue">{t('classSheets.mine')}</Tag>}
                      </Space>
                    ),
                  },
                  { title: t('classSheets.assessment'), dataIndex: 'assessment', render: assessmentLabel },
                  { title: t('classSheets.regular'), dataIndex: 'requiredRegular', render: (n: number | null) => n ?? '—' },
                  {
                    title: t('classSheets.status'),
                    key: 'status',
                    render: (_: unknown, s) => <SheetStatusTag status={s.sheets[i]?.status ?? 'open'} />,
                  },
                ]}
              />
            ),
          }))}
        />
      </Card>
    </>
  );
}
