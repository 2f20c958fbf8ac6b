import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import { schoolYearName } from '../../lib/school-year.ts';
import { GuardianAccounts } from './accounts/GuardianAccounts.tsx';
import { fetchStudent, registryKeys, type Student, updateStudent } from './api.ts';
import { StudentLinks, StudentTabs } from './StudentExtras.tsx';
import { StudentTransferButton, StudentViewNotice } from './transfers/StudentTransfer.tsx';

/** A student's record: identity, addresses, guardians (with siblings), enrolment history; edit with field errors. */
export default function StudentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('registry');
  const q = useQuery({ queryKey: registryKeys.student(id), queryFn: () => fetchStudent(id) });
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const s = q.data;
  const context = { id: s.id, fullName: s.fullName, own: false };
  return (
    <>
      <StudentViewNotice requestedId={id} student={s} />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {s.fullName}
        </Typography.Title>
        <Space wrap>
          <StudentLinks student={context} />
          <StudentTransferButton student={s} />
          {s.abilities.update && (
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('student.edit')}
            </Button>
          )}
        </Space>
      </Space>
      <Card title={t('student.record')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('student.dateOfBirth')}>{formatDate(s.dateOfBirth)}</Descriptions.Item>
          <Descriptions.Item label={t('student.sex')}>{t(`sex.${s.sex}`)}</Descriptions.Item>
          <Descriptions.Item label={t('student.cccd')}>{s.cccd ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('student.moetCode')}>{s.moetCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('student.ethnicity')}>{s.ethnicityCode}</Descriptions.Item>
          <Descriptions.Item label={t('student.class')}>{s.currentClass?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('student.status')}>
            <Tag>{t(`status.${s.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('student.boarding')}>{t(`boarding.${s.boarding}`)}</Descriptions.Item>
          <Descriptions.Item label={t('student.religion')}>{s.religion ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('student.address')}>
            {[s.currentAddress?.street, s.currentAddress?.area, s.currentAddress?.communeCode].filter(Boolean).join(', ') || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('student.guardians')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.guardians}
          columns={[
            { title: t('guardian.fullName'), dataIndex: 'fullName' },
            { title: t('guardian.relation'), dataIndex: 'relation', render: (v: string) => t(`relation.${v}`) },
            { title: t('guardian.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
            {
              title: t('guardian.otherChildren'),
              dataIndex: 'otherChildren',
              render: (list: Student['guardians'][number]['otherChildren']) =>
                list.map((c) => (
                  <Link key={c.id} to={`/registry/students/${c.id}`}>
                    {c.fullName}{' '}
                  </Link>
                )),
            },
          ]}
        />
      </Card>
      {s.abilities.editGuardians && <GuardianAccounts studentId={s.id} />}
      <StudentTabs student={context} />
      <Card title={t('student.enrolments')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.enrolments}
          columns={[
            { title: t('enrolment.year'), dataIndex: 'startYear', render: (y: number) => schoolYearName(y) },
            { title: t('enrolment.school'), dataIndex: 'schoolName' },
            { title: t('student.class'), dataIndex: 'className' },
            { title: t('student.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`status.${v}`)}</Tag> },
            { title: t('enrolment.startedOn'), dataIndex: 'startedOn', render: (v: string) => formatDate(v) },
          ]}
        />
      </Card>
      {editing && <EditStudent student={s} onClose={() => setEditing(false)} />}
    </>
  );
}

function EditStudent({ student, onClose }: { student: Student; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { fullName: string; sex: 'male' | 'female'; dateOfBirth: dayjs.Dayjs; cccd?: string; religion?: string }) =>
      updateStudent(student, {
        fullName: v.fullName,
        sex: v.sex,
        dateOfBirth: v.dateOfBirth.format('YYYY-MM-DD'),
        cccd: v.cccd || null,
        religion: v.religion || null,
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(registryKeys.student(student.id), data);
      void queryClient.invalidateQueries({ queryKey: ['registry', 'students'] });
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  return (
    <Modal
      open
      title={t('student.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
    >
      <ProblemAlert error={save.error} onlyIfNoFields />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          fullName: student.fullName,
          sex: student.sex,
          dateOfBirth: dayjs(student.dateOfBirth),
          cccd: student.cccd ?? '',
          religion: student.religion ?? '',
        }}
      >
        <Form.Item name="fullName" label={t('student.fullName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="sex" label={t('student.sex')}>
          <Select
            options={[
              { value: 'male', label: t('sex.male') },
              { value: 'female', label: t('sex.female') },
            ]}
          />
        </Form.Item>
        <Form.Item name="dateOfBirth" label={t('student.dateOfBirth')}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="cccd" label={t('student.cccd')}>
          <Input inputMode="numeric" maxLength={12} />
        </Form.Item>
        <Form.Item name="religion" label={t('student.religion')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
