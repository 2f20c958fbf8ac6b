import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { ClassDialog } from './ClassDialog.tsx';
import { ClassImportDialog } from './ClassImportDialog.tsx';
import { NoSchool, SchoolPicker } from './SchoolPicker.tsx';
import { YearSelect } from './shared.tsx';
import { deleteClass, pickYear, type RegistryClass, useClasses, useSchoolId, useStructure } from './api.ts';
import { useDisplayLanguage } from '../../../lib/language.ts';

/** The classes of a school year, grade by grade, with their homeroom teacher and student counts. */
export default function ClassesPage() {
  const { t } = useTranslation('registry');
  const lang = useDisplayLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const schoolId = useSchoolId(params);
  const structure = useStructure(schoolId);
  const year = pickYear(structure.data?.years ?? [], params.get('yearId'));
  const classes = useClasses(schoolId, year?.id);
  const [dialog, setDialog] = useState<{ cls?: RegistryClass; grade?: number } | null>(null);
  const [importing, setImporting] = useState(false);
  const remove = useMutation({
    mutationFn: (id: string) => deleteClass({ params: { path: { id } } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('structure.classes.deleted'));
    },
    onError: (err) => message.error(err.message),
  });
  if (!schoolId) return <NoSchool />;
  if (structure.isPending) return <LoadingState />;
  if (structure.isError) return <NoSchool error={structure.error} onRetry={structure.refetch} />;
  const s = structure.data;
  const items = classes.data?.items ?? [];
  const canWrite = s.abilities.writeClasses && year?.status !== 'closed';
  // Staff see every grade of the school (to add classes); a teacher sees the grades of their classes.
  const grades = [...new Set([...(s.abilities.writeClasses ? s.grades.map((g) => g.gradeNo) : []), ...items.map((c) => c.gradeNo)])].sort(
    (a, b) => a - b,
  );
  const yes = (v: boolean) => (v ? t('structure.yes') : '—');
  const columns = [
    {
      title: t('structure.class.name'),
      dataIndex: 'name',
      render: (v: string, c: RegistryClass) => (
        <Link
          style={{ whiteSpace: 'nowrap' }}
          to={`/registry/classes/${c.id}${params.get('schoolId') ? `?schoolId=${params.get('schoolId')}` : ''}`}
        >
          {t('structure.className', { name: v })}
        </Link>
      ),
    },
    {
      title: t('structure.class.homeroom'),
      dataIndex: 'homeroomTeacher',
      render: (h: RegistryClass['homeroomTeacher']) =>
        h?.displayName ?? <Typography.Text type="secondary">{t('structure.class.noHomeroom')}</Typography.Text>,
    },
    {
      title: t('structure.class.studentCount'),
      dataIndex: 'studentCount',
      align: 'right' as const,
      render: (n: number) => formatNumber(n, lang),
    },
    { title: t('structure.class.twoSessions'), dataIndex: 'twoSessions', render: yes },
    {
      title: t('structure.class.combinedGrades'),
      dataIndex: 'combinedGrades',
      render: (g: number[]) => (g.length > 0 ? g.join(', ') : '—'),
    },
    { title: t('structure.class.specialised'), dataIndex: 'specialisedSubject', render: (v: string | null) => v ?? '—' },
    { title: t('structure.class.combination'), dataIndex: 'subjectCombination', render: (v: string | null) => v ?? '—' },
    { title: t('structure.class.foreignLanguage'), dataIndex: 'foreignLanguage', render: (v: string | null) => v ?? '—' },
    {
      title: t('structure.class.status'),
      dataIndex: 'status',
      render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`structure.class.statuses.${v}`)}</Tag>,
    },
    {
      title: t('structure.actions'),
      key: 'actions',
      render: (_: unknown, c: RegistryClass) => (
        <Space>
          {c.abilities.update && (
            <Button size="small" onClick={() => setDialog({ cls: c })} aria-label={t('structure.classes.editTitle', { name: c.name })}>
              {t('structure.edit')}
            </Button>
          )}
          {c.abilities.assignTeachers && c.studentCount === 0 && (
            <Popconfirm
              title={t('structure.classes.deleteConfirm', { name: c.name })}
              okText={t('structure.delete')}
              cancelText={t('structure.cancel')}
              onConfirm={() => remove.mutate(c.id)}
            >
              <Button size="small" danger>
                {t('structure.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('structure.classes.title')}
        </Typography.Title>
        <Space wrap>
          {params.get('schoolId') && <SchoolPicker current={s.school.name} />}
          {year && (
            <YearSelect
              years={s.years}
              value={year.id}
              onChange={(id) => {
                const n = new URLSearchParams(params);
                n.set('yearId', id);
                setParams(n);
              }}
            />
          )}
          {canWrite && year?.status === 'current' && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('structure.import.button')}
            </Button>
          )}
          {canWrite && year && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
              {t('structure.classes.create')}
            </Button>
          )}
        </Space>
      </Space>
      {!year && <EmptyState description={t('structure.classes.noYear')} />}
      {year && classes.isSuccess && grades.length === 0 && <EmptyState description={t('structure.classes.none')} />}
      {year && classes.isError && <ErrorState error={classes.error} onRetry={classes.refetch} />}
      {year &&
        !classes.isError &&
        grades.map((g) => {
          const ofGrade = items.filter((c) => c.gradeNo === g);
          const total = ofGrade.reduce((n, c) => n + c.studentCount, 0);
          return (
            <Card
              key={g}
              size="small"
              style={{ marginBottom: 16 }}
              title={`${t('structure.gradeName', { no: g })} · ${t('structure.classes.summary', { classes: formatNumber(ofGrade.length, lang), students: formatNumber(total, lang) })}`}
              extra={
                canWrite ? (
                  <Button size="small" onClick={() => setDialog({ grade: g })}>
                    {t('structure.classes.addToGrade', { no: g })}
                  </Button>
                ) : null
              }
            >
              <Table<RegistryClass>
                rowKey="id"
                size="small"
                pagination={false}
                loading={classes.isPending}
                columns={columns}
                dataSource={ofGrade}
                locale={{ emptyText: t('structure.classes.emptyGrade') }}
                scroll={{ x: true }}
              />
            </Card>
          );
        })}
      {importing && <ClassImportDialog schoolId={schoolId} onClose={() => setImporting(false)} />}
      {dialog && year && (
        <ClassDialog
          schoolId={schoolId}
          yearId={year.id}
          structure={s}
          cls={dialog.cls}
          defaultGrade={dialog.grade}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
