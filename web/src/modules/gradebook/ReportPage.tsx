import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fetchReport, gradebookKeys, type StudentReport } from './api.ts';
import { useSlotLabel, useValueLabel } from './shared.tsx';
import './report.css';

type SubjectRow = StudentReport['years'][number]['subjects'][number];

/** What a student and their parents see: published marks, results and comments, year by year. No ranking, ever. */
export default function ReportPage() {
  const { studentId = '' } = useParams();
  const { t } = useTranslation('gradebook');
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
            // A plain table: a parent opens this page on a phone, and Ant Design's Table (with its
            // filters, pagination and virtual list) would double the page's first-load JavaScript.
            <div style={{ overflowX: 'auto' }}>
              <table className="gds-report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('classSheets.subject')}</th>
                    {[1, 2].map((no) => (
                      <th scope="col" key={no}>
                        {t('summary.term', { no })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {y.subjects.map((s) => (
                    <tr key={s.code}>
                      <th scope="row">{s.name}</th>
                      {[1, 2].map((no) => (
                        <td key={no}>
                          <TermCell term={s.terms.find((x) => x.termNo === no)} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ))}
    </>
  );
}

function TermCell({ term }: { term: SubjectRow['terms'][number] | undefined }) {
  const { t } = useTranslation('gradebook');
  const slotLabel = useSlotLabel();
  const valueLabel = useValueLabel();
  if (!term) return <>—</>;
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
}
