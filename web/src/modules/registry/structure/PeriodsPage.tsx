import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, InputNumber, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { NoSchool, SchoolPicker } from './SchoolPicker.tsx';
import { YearSelect } from './shared.tsx';
import { type PeriodRow, pickYear, savePeriods, usePeriods, useSchoolId, useStructure, useSubjects } from './api.ts';
import { useDisplayLanguage } from '../../../lib/language.ts';

const key = (p: { gradeNo: number; subjectCode: string }) => `${p.gradeNo}:${p.subjectCode}`;

/**
 * The subject catalogue of the 2018 curriculum for the school's grades, with the periods per year
 * (defaults of regulations §1.4) the school may change for one school year.
 */
export default function PeriodsPage() {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const schoolId = useSchoolId(params);
  const structure = useStructure(schoolId);
  const year = pickYear(structure.data?.years ?? [], params.get('yearId'));
  const periods = usePeriods(schoolId, year?.id);
  const subjects = useSubjects();
  const [edits, setEdits] = useState<Record<string, number>>({});
  const lang = useDisplayLanguage();
  const save = useMutation({
    mutationFn: () =>
      savePeriods({
        params: { path: { schoolId, yearId: year?.id ?? '' } },
        body: {
          items: Object.entries(edits).map(([k, periodsPerYear]) => ({
            gradeNo: Number(k.split(':')[0]),
            subjectCode: k.split(':')[1] ?? '',
            periodsPerYear,
          })),
        },
      }),
    onSuccess: async () => {
      setEdits({});
      await queryClient.invalidateQueries({ queryKey: ['registry', 'periods'] });
      message.success(t('structure.saved'));
    },
  });
  if (!schoolId) return <NoSchool />;
  if (structure.isPending) return <LoadingState />;
  if (structure.isError) return <NoSchool error={structure.error} onRetry={structure.refetch} />;
  const rows = periods.data?.items ?? [];
  const canEdit = !!periods.data?.abilities.update && year?.status !== 'closed';
  const grades = [...new Set(rows.map((p) => p.gradeNo))];
  const nameOf = (code: string, fallback: string) => {
    const s = subjects.data?.items.find((x) => x.code === code);
    return s && lang === 'en' ? s.nameEn : fallback;
  };
  const changed = Object.keys(edits).length;
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('structure.periods.title')}
        </Typography.Title>
        <Space wrap>
          {params.get('schoolId') && <SchoolPicker current={structure.data.school.name} />}
          {year && (
            <YearSelect
              years={structure.data.years}
              value={year.id}
              onChange={(id) => {
                setEdits({});
                const n = new URLSearchParams(params);
                n.set('yearId', id);
                setParams(n);
              }}
            />
          )}
          {canEdit && (
            <Button type="primary" disabled={changed === 0} loading={save.isPending} onClick={() => save.mutate()}>
              {changed > 0 ? t('structure.periods.saveCount', { count: changed }) : t('common.save')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('structure.periods.intro')}</Typography.Paragraph>
      {save.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={isApiProblem(save.error) ? save.error.message : String(save.error)}
        />
      )}
      {periods.isError ? (
        <ErrorState error={periods.error} onRetry={periods.refetch} />
      ) : (
        <Card loading={periods.isPending}>
          <Tabs
            items={grades.map((g) => ({
              key: String(g),
              label: t('structure.gradeName', { no: g }),
              children: (
                <Table<PeriodRow>
                  rowKey={key}
                  size="small"
                  pagination={false}
                  dataSource={rows.filter((p) => p.gradeNo === g)}
                  columns={[
                    { title: t('structure.periods.subject'), dataIndex: 'subjectName', render: (v: string, p) => nameOf(p.subjectCode, v) },
                    {
                      title: t('structure.periods.assessment'),
                      dataIndex: 'assessment',
                      render: (v: string) => t(`structure.periods.assessments.${v}`),
                    },
                    {
                      title: t('structure.periods.default'),
                      dataIndex: 'defaultPeriods',
                      align: 'right',
                      render: (n: number) => formatNumber(n, lang),
                    },
                    {
                      title: t('structure.periods.perYear'),
                      dataIndex: 'periodsPerYear',
                      align: 'right',
                      render: (n: number, p) =>
                        canEdit ? (
                          <InputNumber
                            min={0}
                            max={400}
                            precision={0}
                            style={{ width: 96 }}
                            aria-label={t('structure.periods.inputLabel', { subject: p.subjectName, grade: p.gradeNo })}
                            value={edits[key(p)] ?? n}
                            onChange={(v) =>
                              setEdits((e) => {
                                const next = { ...e };
                                if (v === null || v === n) delete next[key(p)];
                                else next[key(p)] = v;
                                return next;
                              })
                            }
                          />
                        ) : (
                          formatNumber(n, lang)
                        ),
                    },
                    {
                      title: t('structure.periods.regular'),
                      dataIndex: 'requiredRegular',
                      align: 'right',
                      render: (n: number | null) => (n === null ? '—' : formatNumber(n, lang)),
                    },
                    {
                      title: '',
                      key: 'flag',
                      render: (_: unknown, p) =>
                        p.customised || edits[key(p)] !== undefined ? <Tag color="orange">{t('structure.periods.customised')}</Tag> : null,
                    },
                  ]}
                />
              ),
            }))}
          />
        </Card>
      )}
    </>
  );
}
