import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Form, Input, Modal, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { TeacherSelect } from './shared.tsx';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import {
  createClass,
  levelOfGrade,
  type RegistryClass,
  setHomeroom,
  type Structure,
  updateClass,
  useSubjects,
  useTeachers,
} from './api.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { localName, useDisplayLanguage } from '../../../lib/language.ts';

const languages = ['Tiếng Anh', 'Tiếng Pháp', 'Tiếng Nga', 'Tiếng Trung', 'Tiếng Nhật', 'Tiếng Hàn', 'Tiếng Đức'];

interface Values {
  name: string;
  gradeNo: number;
  homeroomTeacherId: string | null;
  twoSessions: boolean;
  combinedGrades: number[];
  specialisedSubject: string | null;
  subjectCombination: string;
  foreignLanguage: string;
  status: 'active' | 'closed';
}

/**
 * Create or edit a class: name, grade, homeroom teacher (a picker of the school's teachers), two
 * sessions a day, combined class, specialised subject, THPT subject combination, foreign language.
 * A homeroom teacher editing their own class sees the homeroom field read-only.
 */
export function ClassDialog({
  schoolId,
  yearId,
  structure,
  cls,
  defaultGrade,
  onClose,
}: {
  schoolId: string;
  yearId: string;
  structure: Structure;
  cls?: RegistryClass;
  defaultGrade?: number;
  onClose: () => void;
}) {
  const { t } = useTranslation('registry');
  const lang = useDisplayLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const canAssign = cls ? cls.abilities.assignHomeroom : true;
  const teachers = useTeachers(schoolId, canAssign);
  const subjects = useSubjects();
  const gradeNo = Form.useWatch('gradeNo', form) ?? cls?.gradeNo ?? defaultGrade ?? structure.grades[0]?.gradeNo ?? 1;
  const gradeNos = structure.grades.map((g) => g.gradeNo);
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const fields = {
        name: v.name.trim(),
        twoSessions: v.twoSessions,
        combinedGrades: v.combinedGrades ?? [],
        specialisedSubject: v.specialisedSubject || null,
        subjectCombination: v.subjectCombination?.trim() || null,
        foreignLanguage: v.foreignLanguage?.trim() || null,
      };
      if (!cls) {
        return createClass({
          params: { path: { schoolId } },
          body: { schoolYearId: yearId, gradeNo: v.gradeNo, homeroomTeacherId: v.homeroomTeacherId ?? null, ...fields },
        });
      }
      let next = await updateClass({
        params: { path: { id: cls.id } },
        body: { version: cls.version, ...fields, status: v.status },
      });
      const homeroom = v.homeroomTeacherId ?? null;
      if (cls.abilities.assignHomeroom && homeroom !== (cls.homeroomTeacher?.id ?? null)) {
        next = await setHomeroom({
          params: { path: { id: cls.id } },
          body: { version: next.version, teacherId: homeroom },
        });
      }
      return next;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('structure.saved'));
      onClose();
    },
    onError: (err) => {
      // The homeroom route names its field `teacherId`.
      placeFieldErrors(form, err, { rename: (name) => (name[0] === 'teacherId' ? ['homeroomTeacherId'] : name) });
    },
  });
  const subjectOptions = (subjects.data?.items ?? [])
    .filter((s) => s.level === levelOfGrade(gradeNo))
    .map((s) => ({ value: s.code, label: localName(lang, s.name, s.nameEn) }));
  return (
    <Modal
      open
      width={640}
      destroyOnHidden
      title={cls ? t('structure.classes.editTitle', { name: cls.name }) : t('structure.classes.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('structure.cancel')}
    >
      <ProblemAlert error={save.error} onlyIfNoFields />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          name: cls?.name ?? '',
          gradeNo: cls?.gradeNo ?? defaultGrade ?? gradeNos[0],
          homeroomTeacherId: cls?.homeroomTeacher?.id ?? null,
          twoSessions: cls?.twoSessions ?? false,
          combinedGrades: cls?.combinedGrades ?? [],
          specialisedSubject: cls?.specialisedSubject ?? null,
          subjectCombination: cls?.subjectCombination ?? '',
          foreignLanguage: cls?.foreignLanguage ?? '',
          status: cls?.status ?? 'active',
        }}
      >
        <Space wrap align="start">
          <Form.Item name="gradeNo" label={t('structure.class.grade')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              disabled={!!cls}
              options={gradeNos.map((g) => ({ value: g, label: t('structure.gradeName', { no: g }) }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('structure.class.name')}
            rules={[{ required: true, whitespace: true, message: t('structure.required') }]}
            extra={t('structure.class.nameHint')}
          >
            <Input style={{ width: 200 }} maxLength={40} />
          </Form.Item>
        </Space>
        <Form.Item
          name="homeroomTeacherId"
          label={t('structure.class.homeroom')}
          extra={canAssign ? undefined : t('structure.class.homeroomReadOnly')}
        >
          {canAssign ? (
            <TeacherSelect teachers={teachers.data?.items ?? []} ariaLabel={t('structure.class.homeroom')} />
          ) : (
            <Input disabled value={cls?.homeroomTeacher?.displayName ?? '—'} />
          )}
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item name="twoSessions" label={t('structure.class.twoSessions')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="combinedGrades" label={t('structure.class.combinedGrades')} extra={t('structure.class.combinedHint')}>
            <Select
              mode="multiple"
              style={{ minWidth: 200 }}
              allowClear
              options={gradeNos.filter((g) => g !== gradeNo).map((g) => ({ value: g, label: t('structure.gradeName', { no: g }) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="specialisedSubject" label={t('structure.class.specialised')}>
            <Select
              style={{ width: 220 }}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={subjectOptions}
              placeholder={t('structure.class.none')}
            />
          </Form.Item>
          <Form.Item name="foreignLanguage" label={t('structure.class.foreignLanguage')}>
            <AutoComplete style={{ width: 200 }} options={languages.map((l) => ({ value: l }))} />
          </Form.Item>
          {gradeNo >= 10 && (
            <Form.Item name="subjectCombination" label={t('structure.class.combination')} extra={t('structure.class.combinationHint')}>
              <Input style={{ width: 200 }} maxLength={40} />
            </Form.Item>
          )}
        </Space>
        {cls && (
          <Form.Item name="status" label={t('structure.class.status')}>
            <Select
              style={{ width: 200 }}
              options={['active', 'closed'].map((s) => ({ value: s, label: t(`structure.class.statuses.${s}`) }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
