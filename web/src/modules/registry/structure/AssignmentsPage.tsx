import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Space, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { NoSchool, SchoolPicker } from './SchoolPicker.tsx';
import { TeacherSelect, YearSelect } from './shared.tsx';
import {
  fetchYearAssignments,
  pickYear,
  type RegistryClass,
  setSubjectTeacher,
  structureKeys,
  useClasses,
  usePeriods,
  useSchoolId,
  useStructure,
  useSubjects,
  useTeachers,
} from './api.ts';
import { useDisplayLanguage } from '../../../lib/language.ts';

interface Cell {
  classId: string;
  subjectCode: string;
  teacherId: string | null;
}

/**
 * The teaching-assignment matrix of a year: for each grade, its classes × the subjects of that
 * grade; a cell names the whole-year teacher (term-only assignments are shown beside).
 */
export default function AssignmentsPage() {
  const { t } = useTranslation('registry');
  const lang = useDisplayLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const schoolId = useSchoolId(params);
  const structure = useStructure(schoolId);
  const year = pickYear(structure.data?.years ?? [], params.get('yearId'));
  const classes = useClasses(schoolId, year?.id);
  const periods = usePeriods(schoolId, year?.id);
  const subjects = useSubjects();
  const canWrite = !!structure.data?.abilities.writeClasses && year?.status !== 'closed';
  const teachers = useTeachers(schoolId, canWrite);
  const assignments = useQuery({
    queryKey: structureKeys.yearAssignments(schoolId, year?.id ?? ''),
    queryFn: () => fetchYearAssignments({ params: { path: { schoolId, yearId: year?.id ?? '' } } }),
    enabled: !!schoolId && !!year,
  });
  const set = useMutation({
    mutationFn: (c: Cell) =>
      setSubjectTeacher({
        params: { path: { id: c.classId, subjectCode: c.subjectCode } },
        body: { teacherId: c.teacherId },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('structure.saved'));
    },
    onError: (err) => message.error(err.message),
  });
  if (!schoolId) return <NoSchool />;
  if (structure.isPending) return <LoadingState />;
  if (structure.isError) return <NoSchool error={structure.error} onRetry={structure.refetch} />;
  const items = classes.data?.items ?? [];
  const all = assignments.data?.items ?? [];
  const grades = [...new Set(items.map((c) => c.gradeNo))].sort((a, b) => a - b);
  const subjectsOf = (g: number) => (periods.data?.items ?? []).filter((p) => p.gradeNo === g && p.periodsPerYear > 0);
  const nameOf = (code: string, fallback: string) => {
    const s = subjects.data?.items.find((x) => x.code === code);
    return s && lang === 'en' ? s.nameEn : fallback;
  };
  const termName = (id: string) => year?.terms.find((x) => x.id === id)?.name ?? '';
  const schoolQuery = params.get('schoolId') ? `?schoolId=${params.get('schoolId')}` : '';
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('structure.assignments.title')}
        </Typography.Title>
        {params.get('schoolId') && <SchoolPicker current={structure.data.school.name} />}
        {year && (
          <YearSelect
            years={structure.data.years}
            value={year.id}
            onChange={(id) => {
              const n = new URLSearchParams(params);
              n.set('yearId', id);
              setParams(n);
            }}
          />
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('structure.assignments.intro')}</Typography.Paragraph>
      {(classes.isError || assignments.isError) && (
        <ErrorState
          error={classes.error ?? assignments.error}
          onRetry={() => {
            void classes.refetch();
            void assignments.refetch();
          }}
        />
      )}
      <Card loading={classes.isPending || periods.isPending}>
        {grades.length === 0 ? (
          <Typography.Text type="secondary">{t('structure.assignments.noClasses')}</Typography.Text>
        ) : (
          <Tabs
            defaultActiveKey={params.get('grade') ?? undefined}
            items={grades.map((g) => ({
              key: String(g),
              label: t('structure.gradeName', { no: g }),
              children: (
                <Table<RegistryClass>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  bordered
                  scroll={{ x: 'max-content' }}
                  dataSource={items.filter((c) => c.gradeNo === g)}
                  columns={[
                    {
                      title: t('structure.class.name'),
                      dataIndex: 'name',
                      fixed: 'left',
                      width: 140,
                      render: (v: string, c) => (
                        <Space orientation="vertical" size={0}>
                          <Link to={`/registry/classes/${c.id}${schoolQuery}`}>{t('structure.className', { name: v })}</Link>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('structure.assignments.homeroomShort')}: {c.homeroomTeacher?.displayName ?? '—'}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    ...subjectsOf(g).map((p) => ({
                      title: nameOf(p.subjectCode, p.subjectName),
                      key: p.subjectCode,
                      width: 200,
                      render: (_: unknown, c: RegistryClass) => {
                        const here = all.filter((a) => a.classId === c.id && a.subjectCode === p.subjectCode);
                        const whole = here.find((a) => a.termId === null);
                        const byTerm = here.filter((a) => a.termId !== null);
                        return (
                          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                            {canWrite ? (
                              <TeacherSelect
                                teachers={teachers.data?.items ?? []}
                                value={whole?.teacher.id ?? null}
                                ariaLabel={t('structure.assignments.cellLabel', {
                                  subject: nameOf(p.subjectCode, p.subjectName),
                                  class: c.name,
                                })}
                                placeholder={t('structure.assignments.unassigned')}
                                onChange={(teacherId) => set.mutate({ classId: c.id, subjectCode: p.subjectCode, teacherId })}
                              />
                            ) : (
                              (whole?.teacher.displayName ?? <Typography.Text type="secondary">—</Typography.Text>)
                            )}
                            {byTerm.map((a) => (
                              <Typography.Text key={a.id} style={{ fontSize: 12 }}>
                                {termName(a.termId ?? '')}: {a.teacher.displayName}
                              </Typography.Text>
                            ))}
                          </Space>
                        );
                      },
                    })),
                  ]}
                />
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
