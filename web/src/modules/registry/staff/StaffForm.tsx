import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { foldFilter } from '../../../lib/text.ts';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import { createStaff, type Staff, staffKeys, updateStaff, useStaffCodes } from './api.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';

type Values = {
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: Dayjs;
  staffCode?: string;
  cccd?: string;
  ethnicityCode?: string;
  phone?: string;
  email?: string;
  position: Staff['position'];
  titleGroup?: Staff['titleGroup'];
  titleRank?: Staff['titleRank'];
  qualification?: Staff['qualification'];
  major?: string;
  subjects?: string[];
  contractType?: Staff['contractType'];
  joinedSectorOn?: Dayjs | null;
  joinedSchoolOn?: Dayjs | null;
  status?: Staff['status'];
  standardRating?: Staff['standardRating'];
  standardRatingYear?: number | null;
  regularTraining?: Staff['regularTraining'];
  regularTrainingYear?: number | null;
  partyMember?: boolean;
  partyJoinedOn?: Dayjs | null;
};

const day = (d: string | null | undefined) => (d ? dayjs(d) : null);
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const text = (s: string | undefined) => (s?.trim() ? s.trim() : null);

function toBody(v: Values) {
  return {
    fullName: v.fullName,
    sex: v.sex,
    dateOfBirth: v.dateOfBirth.format('YYYY-MM-DD'),
    staffCode: text(v.staffCode),
    cccd: text(v.cccd),
    ethnicityCode: v.ethnicityCode ?? '01',
    phone: text(v.phone),
    email: text(v.email),
    position: v.position,
    titleGroup: v.titleGroup ?? null,
    titleRank: v.titleRank ?? null,
    qualification: v.qualification ?? null,
    major: text(v.major),
    subjects: v.subjects ?? [],
    contractType: v.contractType ?? null,
    joinedSectorOn: iso(v.joinedSectorOn),
    joinedSchoolOn: iso(v.joinedSchoolOn),
    status: v.status ?? 'working',
    standardRating: v.standardRating ?? null,
    standardRatingYear: v.standardRatingYear ?? null,
    regularTraining: v.regularTraining ?? null,
    regularTrainingYear: v.regularTrainingYear ?? null,
    partyMember: !!v.partyMember,
    partyJoinedOn: v.partyMember ? iso(v.partyJoinedOn) : null,
  };
}

/** Create (schoolId) or edit (staff) a record: every field of §7.3 in three plain sections, field errors where they belong. */
export function StaffFormModal({ schoolId, staff, onClose }: { schoolId?: string; staff?: Staff; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { options, codes } = useStaffCodes();
  const [form] = Form.useForm<Values>();
  const partyMember = Form.useWatch('partyMember', form);
  const save = useMutation({
    mutationFn: (v: Values) =>
      staff
        ? updateStaff({ params: { path: { id: staff.id } }, body: { version: staff.version, ...toBody(v) } })
        : createStaff({ body: { schoolId: schoolId ?? '', ...toBody(v) } }),
    onSuccess: (data) => {
      queryClient.setQueryData(staffKeys.one(data.id), data);
      void queryClient.invalidateQueries({ queryKey: ['registry', 'staff', 'list'] });
      void queryClient.invalidateQueries({ queryKey: staffKeys.one('me') });
      message.success(staff ? t('staff.saved') : t('staff.created'));
      onClose();
      if (!staff) void navigate(`/registry/staff/${data.id}`);
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const subjectOptions = (staff?.subjectChoices ?? codes?.subjects ?? []).map((s) => ({ value: s.code, label: s.name }));
  const initialValues: Partial<Values> = staff
    ? {
        fullName: staff.fullName,
        sex: staff.sex,
        dateOfBirth: dayjs(staff.dateOfBirth),
        staffCode: staff.staffCode ?? '',
        cccd: staff.cccd ?? '',
        ethnicityCode: staff.ethnicityCode,
        phone: staff.phone ?? '',
        email: staff.email ?? '',
        position: staff.position,
        titleGroup: staff.titleGroup,
        titleRank: staff.titleRank,
        qualification: staff.qualification,
        major: staff.major ?? '',
        subjects: staff.subjects,
        contractType: staff.contractType,
        joinedSectorOn: day(staff.joinedSectorOn),
        joinedSchoolOn: day(staff.joinedSchoolOn),
        status: staff.status,
        standardRating: staff.standardRating,
        standardRatingYear: staff.standardRatingYear,
        regularTraining: staff.regularTraining,
        regularTrainingYear: staff.regularTrainingYear,
        partyMember: staff.partyMember,
        partyJoinedOn: day(staff.partyJoinedOn),
      }
    : { sex: 'female', ethnicityCode: '01', position: 'teacher', status: 'working', partyMember: false, subjects: [] };
  const dateProps = { format: 'DD/MM/YYYY', style: { width: '100%' } };
  const half = { xs: 24, md: 12 };
  return (
    <Modal
      open
      width={820}
      title={staff ? t('staff.edit') : t('staff.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('staff.save')}
      cancelText={t('staff.cancel')}
      destroyOnHidden
    >
      <ProblemAlert error={save.error} onlyIfNoFields />
      <Typography.Paragraph type="secondary">{t('staff.requiredHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={initialValues} requiredMark>
        <Divider titlePlacement="start">{t('staff.section.personal')}</Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="fullName" label={t('staff.field.fullName')} rules={[{ required: true, min: 2 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="sex" label={t('staff.field.sex')} rules={[{ required: true }]}>
              <Select
                options={[
                  { value: 'female', label: t('staff.sex.female') },
                  { value: 'male', label: t('staff.sex.male') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="dateOfBirth" label={t('staff.field.dateOfBirth')} rules={[{ required: true }]}>
              <DatePicker {...dateProps} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="staffCode" label={t('staff.field.staffCode')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="cccd" label={t('staff.field.cccd')}>
              <Input inputMode="numeric" maxLength={12} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="ethnicityCode" label={t('staff.field.ethnicity')}>
              <Select
                showSearch={{ filterOption: foldFilter }}
                options={(codes?.ethnicities ?? []).map((e) => ({ value: e.code, label: `${e.name} (${e.code})` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="phone" label={t('staff.field.phone')}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="email" label={t('staff.field.email')}>
              <Input inputMode="email" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('staff.section.work')}</Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="position" label={t('staff.field.position')} rules={[{ required: true }]}>
              <Select options={options('position')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="status" label={t('staff.field.status')}>
              <Select options={options('status')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="titleGroup" label={t('staff.field.titleGroup')}>
              <Select allowClear options={options('titleGroup')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="titleRank" label={t('staff.field.titleRank')}>
              <Select allowClear options={options('titleRank')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="qualification" label={t('staff.field.qualification')}>
              <Select allowClear options={options('qualification')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="major" label={t('staff.field.major')}>
              <Input />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="subjects" label={t('staff.field.subjects')}>
              <Select mode="multiple" allowClear showSearch={{ filterOption: foldFilter }} options={subjectOptions} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="contractType" label={t('staff.field.contractType')}>
              <Select allowClear options={options('contractType')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="joinedSectorOn" label={t('staff.field.joinedSectorOn')}>
              <DatePicker {...dateProps} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="joinedSchoolOn" label={t('staff.field.joinedSchoolOn')}>
              <DatePicker {...dateProps} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('staff.section.assessment')}</Divider>
        <Row gutter={16}>
          <Col xs={16} md={8}>
            <Form.Item name="standardRating" label={t('staff.field.standardRating')}>
              <Select allowClear options={options('standardRating')} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="standardRatingYear" label={t('staff.field.standardRatingYear')}>
              <InputNumber min={1950} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={16} md={8}>
            <Form.Item name="regularTraining" label={t('staff.field.regularTraining')}>
              <Select allowClear options={options('regularTraining')} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="regularTrainingYear" label={t('staff.field.regularTrainingYear')}>
              <InputNumber min={1950} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="partyMember" label={t('staff.field.partyMember')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {partyMember && (
            <Col xs={12} md={6}>
              <Form.Item name="partyJoinedOn" label={t('staff.field.partyJoinedOn')}>
                <DatePicker {...dateProps} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
