import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { ClassAccountsButton } from '../accounts/ClassAccountsButton.tsx';
import { ExportButton } from '../accounts/ExportButton.tsx';
import { ClassDialog } from './ClassDialog.tsx';
import { statusColors } from './shared.tsx';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import {
  type Assignment,
  type ClassStudent,
  enrolStudent,
  fetchClass,
  fetchClassAssignments,
  fetchClassStudents,
  searchStudents,
  setEnrolmentStatus,
  structureKeys,
  useStructure,
  useSubjects,
} from './api.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { useDisplayLanguage } from '../../../lib/language.ts';
import { useDebouncedValue } from '../../../lib/debounce.ts';

const PAGE_SIZE = 100;

/** One class: its facts, its teachers, and the class list in the Vietnamese order with status actions. */
export default function ClassPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('registry');
  const [params] = useSearchParams();
  const [page, setPage] = useState(1);
  const [includeEnded, setIncludeEnded] = useState(false);
  const [editing, setEditing] = useState(false);
  const [changing, setChanging] = useState<ClassStudent | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const lang = useDisplayLanguage();
  const cls = useQuery({
    queryKey: structureKeys.class(id),
    queryFn: () => fetchClass({ params: { path: { id } } }),
  });
  const schoolId = cls.data?.schoolId ?? '';
  const structure = useStructure(schoolId);
  const subjects = useSubjects();
  const assignments = useQuery({
    queryKey: structureKeys.classAssignments(id),
    queryFn: () => fetchClassAssignments({ params: { path: { id } } }),
  });
  const query = { page, pageSize: PAGE_SIZE, includeEnded: includeEnded ? ('true' as const) : undefined };
  const students = useQuery({
    queryKey: structureKeys.classStudents(id, query),
    queryFn: () => fetchClassStudents({ params: { path: { id }, query } }),
  });
  if (cls.isPending) return <LoadingState />;
  if (cls.isError) return <ErrorState error={cls.error} onRetry={cls.refetch} />;
  const c = cls.data;
  const year = structure.data?.years.find((y) => y.id === c.schoolYearId);
  const subjectName = (code: string) => {
    const s = subjects.data?.items.find((x) => x.code === code);
    return s ? (lang === 'en' ? s.nameEn : s.name) : code;
  };
  const termName = (termId: string | null) =>
    termId ? (year?.terms.find((x) => x.id === termId)?.name ?? '') : t('structure.assignments.wholeYear');
  const canChange = students.data?.abilities.changeStatus ?? false;
  const ended = (s: ClassStudent) => s.status === 'dropped_out' || s.status === 'transferred_out';
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('structure.className', { name: c.name })}
          {year ? ` — ${t('structure.year.label')} ${year.name}` : ''}
        </Typography.Title>
        <Space>
          <Link to={`/registry/classes${params.get('schoolId') ? `?schoolId=${params.get('schoolId')}&` : '?'}yearId=${c.schoolYearId}`}>
            {t('structure.class.back')}
          </Link>
          <ExportButton url={`/api/registry/classes/${c.id}/students/export.xlsx`} />
          {c.abilities.enrol && <ClassAccountsButton classId={c.id} className={c.name} gradeNo={c.gradeNo} />}
          {c.abilities.update && structure.data && (
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('structure.classes.editTitle', { name: c.name })}
            </Button>
          )}
        </Space>
      </Space>
      <Card title={t('structure.class.facts')} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('structure.class.grade')}>{t('structure.gradeName', { no: c.gradeNo })}</Descriptions.Item>
          <Descriptions.Item label={t('structure.class.homeroom')}>
            {c.homeroomTeacher?.displayName ?? t('structure.class.noHomeroom')}
          </Descriptions.Item>
          <Descriptions.Item label={t('structure.class.studentCount')}>{formatNumber(c.studentCount, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('structure.class.twoSessions')}>
            {c.twoSessions ? t('structure.yes') : t('structure.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('structure.class.combinedGrades')}>
            {c.combinedGrades.length > 0 ? c.combinedGrades.join(', ') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('structure.class.specialised')}>
            {c.specialisedSubject ? subjectName(c.specialisedSubject) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('structure.class.combination')}>{c.subjectCombination ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('structure.class.foreignLanguage')}>{c.foreignLanguage ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('structure.class.status')}>{t(`structure.class.statuses.${c.status}`)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('structure.class.teachers')}
        style={{ marginBottom: 16 }}
        extra={
          c.abilities.assignTeachers ? (
            <Link to={`/registry/assignments?yearId=${c.schoolYearId}&grade=${c.gradeNo}`}>{t('structure.class.toMatrix')}</Link>
          ) : null
        }
      >
        <Table<Assignment>
          rowKey="id"
          size="small"
          pagination={false}
          loading={assignments.isPending}
          dataSource={assignments.data?.items ?? []}
          locale={{ emptyText: t('structure.class.noTeachers') }}
          columns={[
            { title: t('structure.assignments.subject'), dataIndex: 'subjectCode', render: subjectName },
            { title: t('structure.assignments.teacher'), dataIndex: 'teacher', render: (x: Assignment['teacher']) => x.displayName },
            { title: t('structure.assignments.term'), dataIndex: 'termId', render: termName },
          ]}
        />
      </Card>
      <Card
        title={t('structure.class.list')}
        extra={
          <Space wrap>
            <Checkbox
              checked={includeEnded}
              onChange={(e) => {
                setIncludeEnded(e.target.checked);
                setPage(1);
              }}
            >
              {t('structure.class.includeEnded')}
            </Checkbox>
            {students.data?.abilities.enrol && year && <Button onClick={() => setEnrolling(true)}>{t('structure.enrol.button')}</Button>}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('structure.class.listHint')}</Typography.Paragraph>
        {students.isError ? (
          <ErrorState error={students.error} onRetry={students.refetch} />
        ) : (
          <Table<ClassStudent>
            rowKey="enrolmentId"
            size="small"
            loading={students.isPending}
            dataSource={students.data?.items ?? []}
            locale={{ emptyText: t('structure.class.noStudents') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: students.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              hideOnSinglePage: true,
            }}
            rowClassName={(s) => (ended(s) ? 'registry-row-ended' : '')}
            columns={[
              { title: t('structure.class.no'), dataIndex: 'no', width: 56, align: 'right' },
              {
                title: t('student.fullName'),
                dataIndex: 'fullName',
                render: (v: string, s) => <Link to={`/registry/students/${s.studentId}`}>{v}</Link>,
              },
              { title: t('student.dateOfBirth'), dataIndex: 'dateOfBirth', render: (v: string) => formatDate(v) },
              { title: t('student.sex'), dataIndex: 'sex', render: (v: string) => t(`sex.${v}`) },
              {
                title: t('student.status'),
                dataIndex: 'status',
                render: (v: string) => <Tag color={statusColors[v]}>{t(`status.${v}`)}</Tag>,
              },
              {
                title: t('structure.class.note'),
                dataIndex: 'reason',
                render: (v: string | null, s) => [s.endedOn ? formatDate(s.endedOn) : null, v].filter(Boolean).join(' — ') || '—',
              },
              ...(canChange
                ? [
                    {
                      title: t('structure.actions'),
                      key: 'actions',
                      render: (_: unknown, s: ClassStudent) =>
                        ended(s) ? null : (
                          <Button
                            size="small"
                            onClick={() => setChanging(s)}
                            aria-label={t('structure.status.changeFor', { name: s.fullName })}
                          >
                            {t('structure.status.change')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {editing && structure.data && (
        <ClassDialog schoolId={schoolId} yearId={c.schoolYearId} structure={structure.data} cls={c} onClose={() => setEditing(false)} />
      )}
      {enrolling && year && (
        <EnrolDialog
          schoolId={schoolId}
          classId={c.id}
          className={c.name}
          yearStartsOn={year.startsOn}
          yearEndsOn={year.endsOn}
          onClose={() => setEnrolling(false)}
        />
      )}
      {changing && <StatusDialog student={changing} minDate={changing.startedOn} onClose={() => setChanging(null)} />}
    </>
  );
}

/** The choices of the school office; transfers have their own flow. */
const choices = ['enrolled', 'repeating', 'dropped_out', 'graduated'] as const;
type Choice = (typeof choices)[number];

/** Change a student's enrolment status in this class with its date and reason (required when dropping out). */
function StatusDialog({ student, minDate, onClose }: { student: ClassStudent; minDate: string; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ status: Choice; on: Dayjs; reason?: string }>();
  const status = Form.useWatch('status', form);
  const save = useMutation({
    mutationFn: (v: { status: Choice; on: Dayjs; reason?: string }) =>
      setEnrolmentStatus({
        params: { path: { id: student.enrolmentId } },
        body: { status: v.status, on: v.on.format('YYYY-MM-DD'), ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('structure.status.saved', { name: student.fullName }));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  return (
    <Modal
      open
      destroyOnHidden
      title={t('structure.status.title', { name: student.fullName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('structure.cancel')}
    >
      <Typography.Paragraph>
        {t('structure.status.current')}: <Tag color={statusColors[student.status]}>{t(`status.${student.status}`)}</Tag>
      </Typography.Paragraph>
      <ProblemAlert error={save.error} onlyIfNoFields />
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="status" label={t('structure.status.new')} rules={[{ required: true, message: t('structure.required') }]}>
          <Select options={choices.filter((c) => c !== student.status).map((c) => ({ value: c, label: t(`status.${c}`) }))} />
        </Form.Item>
        <Form.Item name="on" label={t('structure.status.on')} rules={[{ required: true, message: t('structure.required') }]}>
          <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(dayjs(minDate), 'day')} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('structure.status.reason')}
          rules={[{ required: status === 'dropped_out', whitespace: true, message: t('structure.status.reasonRequired') }]}
          extra={status === 'dropped_out' ? t('structure.status.reasonHint') : undefined}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Puts a student of the school into this class (a new pupil, one held back, one who had no class this year). */
function EnrolDialog({
  schoolId,
  classId,
  className,
  yearStartsOn,
  yearEndsOn,
  onClose,
}: {
  schoolId: string;
  classId: string;
  className: string;
  yearStartsOn: string;
  yearEndsOn: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ studentId: string; status: 'enrolled' | 'repeating'; startedOn: Dayjs }>();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim());
  const found = useQuery({
    queryKey: ['registry', 'students', { schoolId, q, enrol: true }],
    queryFn: () => searchStudents({ params: { query: { schoolId, q, page: 1, pageSize: 20 } } }),
    enabled: q.length > 1,
  });
  const today = dayjs().format('YYYY-MM-DD');
  const initialDate = [yearStartsOn, today, yearEndsOn].sort()[1] ?? yearStartsOn;
  const save = useMutation({
    mutationFn: (v: { studentId: string; status: 'enrolled' | 'repeating'; startedOn: Dayjs }) =>
      enrolStudent({
        params: { path: { id: v.studentId } },
        body: { classId, status: v.status, startedOn: v.startedOn.format('YYYY-MM-DD') },
      }),
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('structure.enrol.saved', { name: s.fullName, class: className }));
      onClose();
    },
    onError: (err) => {
      // The class is this page's; a refusal about it belongs to the pupil picked.
      placeFieldErrors(form, err, { rename: (name) => (name[0] === 'classId' ? ['studentId'] : name) });
    },
  });
  return (
    <Modal
      open
      destroyOnHidden
      title={t('structure.enrol.title', { name: className })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('structure.cancel')}
    >
      <ProblemAlert error={save.error} onlyIfNoFields />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: 'enrolled', startedOn: dayjs(initialDate) }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="studentId"
          label={t('structure.enrol.student')}
          rules={[{ required: true, message: t('structure.required') }]}
          extra={t('structure.enrol.hint')}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setText }}
            placeholder={t('structure.enrol.search')}
            notFoundContent={found.isFetching ? <Spin size="small" /> : null}
            options={(found.data?.items ?? []).map((s) => ({
              value: s.id,
              label: `${s.fullName} — ${formatDate(s.dateOfBirth)}${s.currentClass ? ` — ${t('structure.className', { name: s.currentClass.name })}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="status" label={t('structure.enrol.status')}>
          <Select options={(['enrolled', 'repeating'] as const).map((x) => ({ value: x, label: t(`status.${x}`) }))} />
        </Form.Item>
        <Form.Item name="startedOn" label={t('structure.enrol.startedOn')} rules={[{ required: true, message: t('structure.required') }]}>
          <DatePicker
            format="DD/MM/YYYY"
            disabledDate={(d) => d.isBefore(dayjs(yearStartsOn), 'day') || d.isAfter(dayjs(yearEndsOn), 'day')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
