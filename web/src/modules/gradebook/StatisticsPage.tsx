import { useQuery } from '@tanstack/react-query';
import { Card, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState } from '../../components/states.tsx';
import { formatNumber } from '../../lib/format.ts';
import { fetchStatistics, gradebookKeys, type Statistics } from './api.ts';
import { useDisplayLanguage } from '../../lib/language.ts';
import { currentStartYear } from '../../lib/school-year.ts';

type GradeRow = Statistics['byGrade'][number];
const LEVELS = ['T', 'K', 'D', 'CD'] as const;
/** TT 27 overall results (primary grades). */
const TT27_LEVELS = ['HTXS', 'HTT', 'HT', 'CHT'] as const;

/** Year results of a unit by grade (counts and shares): what the end-of-year report of the statistics module reads. */
export default function StatisticsPage() {
  const { t } = useTranslation('gradebook');
  const { me } = useAuth();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') ?? me?.homeUnit?.id ?? '';
  const [startYear, setStartYear] = useState(() => currentStartYear());
  const q = useQuery({
    queryKey: gradebookKeys.statistics(unitId, startYear),
    queryFn: () => fetchStatistics(unitId, startYear),
    enabled: !!unitId,
  });
  const lang = useDisplayLanguage();
  const primary = (q.data?.byGrade ?? []).some((r) => r.gradeNo <= 5);
  const share = (n: number | undefined, total: number) =>
    total ? `${formatNumber(n ?? 0, lang)} (${formatNumber(Math.round(((n ?? 0) * 1000) / total) / 10, lang)}%)` : '0';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('statistics.title')}
        {q.data ? ` — ${q.data.unit.name}` : ''}
      </Typography.Title>
      <Card
        extra={
          <Space>
            <span>{t('statistics.startYear')}</span>
            <InputNumber
              aria-label={t('statistics.startYear')}
              min={2000}
              max={2100}
              value={startYear}
              onChange={(v) => v && setStartYear(v)}
            />
          </Space>
        }
      >
        {q.isError ? (
          <ErrorState error={q.error} onRetry={q.refetch} compact />
        ) : (
          <Table<GradeRow>
            rowKey="gradeNo"
            size="middle"
            pagination={false}
            loading={q.isPending}
            dataSource={q.data?.byGrade ?? []}
            scroll={{ x: true }}
            locale={{ emptyText: t('statistics.empty') }}
            columns={[
              { title: t('statistics.grade'), dataIndex: 'gradeNo', render: (g: number) => t('statistics.gradeName', { no: g }) },
              { title: t('statistics.students'), dataIndex: 'students', render: (n: number) => formatNumber(n, lang) },
              ...LEVELS.map((l) => ({
                title: `${t('summary.learning')}: ${t(`level.${l}`)}`,
                key: `l${l}`,
                render: (_: unknown, r: GradeRow) => share(r.learning[l], r.students),
              })),
              ...LEVELS.map((l) => ({
                title: `${t('summary.conduct')}: ${t(`level.${l}`)}`,
                key: `c${l}`,
                render: (_: unknown, r: GradeRow) => share(r.conduct[l], r.students),
              })),
              { title: t('outcome.LL'), key: 'll', render: (_: unknown, r: GradeRow) => share(r.outcome.LL, r.students) },
              { title: t('outcome.OLL'), key: 'oll', render: (_: unknown, r: GradeRow) => share(r.outcome.OLL, r.students) },
              { title: t('title.XS'), key: 'xs', render: (_: unknown, r: GradeRow) => share(r.title.XS, r.students) },
              { title: t('title.G'), key: 'g', render: (_: unknown, r: GradeRow) => share(r.title.G, r.students) },
              ...(primary
                ? [
                    ...TT27_LEVELS.map((l) => ({
                      title: `${t('tt27.overall')}: ${t(`level.${l}`)}`,
                      key: `p${l}`,
                      render: (_: unknown, r: GradeRow) => share(r.learning[l], r.students),
                    })),
                    { title: t('tt27.award.TB'), key: 'tb', render: (_: unknown, r: GradeRow) => share(r.title.TB, r.students) },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
    </>
  );
}
