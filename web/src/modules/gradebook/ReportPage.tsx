import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fetchReport, gradebookKeys, type StudentReport } from './api.ts';
import { useSlotLabel, useValueLabel } from './shared.tsx';

type SubjectRow = StudentReport['years'][number]['subjects'][number];

/** What a student and their parents see: published marks, results and comments, year by year. No ranking, ever. */
export default function ReportPage() {
  const { studentId = '' } = useParams();
  const { t } = useTranslation('gradebook');
  const slotLabel = useSlotLabel();
  const valueLabel = useValueLabel();
  const q = useQuery({ queryKey: gradebookKeys.report(studentId), queryFn: () => fetchReport(studentId) });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('report.title', { name: q.data.student.fullName })}
      </Typography.Title>
      {q.data.years.length === 0 && <Empty description={t('report.empty')} />}
      {q.data.years.map((y) => (
        <Card
          key={`${y.yearName}-${y.className}`}
          title={t('report.year', { year: y.yearName, name: y.className })}
          style={{ marginBottom: 16 }}
        >
          {y.result && (
            <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('summary.learning')}>
                {y.result.learning ? t(`level.${y.result.learning}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('summary.conduct')}>{y.result.conduct ? t(`level.${y.result.conduct}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('summary.outcome')}>
                {y.result.outcome ? t(`outcome.${y.result.outcome}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('summary.title')}>{y.result.title ? t(`title.${y.result.title}`) : '—'}</Descriptions.Item>
            </Descriptions>
          )}
          {y.subjects.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('report.nothingPublished')}</Typography.Paragraph>
          ) : (
            <Table<SubjectRow>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={y.subjects}
              scroll={{ x: true }}
              columns={[
                { title: t('classSheets.subject'), dataIndex: 'name' },
                ...[1, 2].map((no) => ({
                  title: t('summary.term', { no }),
                  key: `t${no}`,
                  render: (_: unknown, s: SubjectRow) => {
                    const term = s.terms.find((x) => x.termNo === no);
                    if (!term) return '—';
                    const marks = Object.entries(term.marks)
                      .map(([slot, v]) => `${slotLabel(slot)}: ${valueLabel(v)}`)
                      .join(' · ');
                    return (
                      <>
                        <div>{marks}</div>
                        {term.result && (
                          <div>
                            <strong>
                              {t('sheet.result')}: {valueLabel(term.result)}
                            </strong>
                          </div>
                        )}
                        {term.remark && <Typography.Text type="secondary">{term.remark}</Typography.Text>}
                      </>
                    );
                  },
                })),
              ]}
            />
          )}
        </Card>
      ))}
    </>
  );
}
