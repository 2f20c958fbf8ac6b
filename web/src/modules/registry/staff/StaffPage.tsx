import { LinkOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatDate } from '../../../lib/format.ts';
import { foldFilter } from '../../../lib/text.ts';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import { StaffFormModal } from './StaffForm.tsx';
import { fetchAccountCandidates, fetchStaff, linkStaffAccount, type Staff, staffKeys, useStaffCodes } from './api.ts';

/** One staff record in plain sections; edit and account actions for those allowed to. */
export default function StaffPage() {
  const { id = 'me' } = useParams();
  const { t } = useTranslation('registry');
  const { label, subjectName, codes } = useStaffCodes();
  const q = useQuery({ queryKey: staffKeys.one(id), queryFn: () => fetchStaff(id) });
  const [editing, setEditing] = useState(false);
  const [linking, setLinking] = useState(false);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const s = q.data;
  if (!s) return <Alert type="info" showIcon title={t('staff.noOwnRecord')} />;
  const date = (v: string | null) => (v ? formatDate(v) : '—');
  const yes = (v: boolean) => (v ? t('staff.yes') : t('staff.no'));
  const ethnicity = codes?.ethnicities.find((e) => e.code === s.ethnicityCode)?.name ?? s.ethnicityCode;
  const withYear = (v: string, year: number | null) => (year && v !== '—' ? `${v} (${year})` : v);
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {s.fullName}
          </Typography.Title>
          <Typography.Text type="secondary">
            {label('position', s.position)} · {s.schoolName}
          </Typography.Text>
        </div>
        {s.abilities.update && (
          <Button type="primary" onClick={() => setEditing(true)}>
            {t('staff.edit')}
          </Button>
        )}
      </Space>
      <Card title={t('staff.section.personal')} style={{ marginTop: 16, marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('staff.field.staffCode')}>{s.staffCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.cccd')}>{s.cccd ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.dateOfBirth')}>{formatDate(s.dateOfBirth)}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.sex')}>{t(`staff.sex.${s.sex}`)}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.ethnicity')}>{ethnicity}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.phone')}>{s.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.email')}>{s.email ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('staff.section.work')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('staff.field.position')}>{label('position', s.position)}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.status')}>
            <Tag>{label('status', s.status)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('staff.field.titleGroup')}>
            {label('titleGroup', s.titleGroup)}
            {s.titleRank ? ` — ${label('titleRank', s.titleRank)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('staff.field.qualification')}>
            {label('qualification', s.qualification)}
            {s.qualificationStandard ? ` (${label('qualificationStandard', s.qualificationStandard)})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('staff.field.major')}>{s.major ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.subjects')}>{s.subjects.map(subjectName).join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.contractType')}>{label('contractType', s.contractType)}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.joinedSectorOn')}>{date(s.joinedSectorOn)}</Descriptions.Item>
          <Descriptions.Item label={t('staff.field.joinedSchoolOn')}>{date(s.joinedSchoolOn)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('staff.section.assessment')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('staff.field.standardRating')}>
            {withYear(label('standardRating', s.standardRating), s.standardRatingYear)}
          </Descriptions.Item>
          <Descriptions.Item label={t('staff.field.regularTraining')}>
            {withYear(label('regularTraining', s.regularTraining), s.regularTrainingYear)}
          </Descriptions.Item>
          <Descriptions.Item label={t('staff.field.partyMember')}>
            {yes(s.partyMember)}
            {s.partyJoinedOn ? ` (${formatDate(s.partyJoinedOn)})` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('staff.section.account')}>
        <Space wrap>
          {s.account ? (
            <Tag icon={<LinkOutlined />} color="green">
              {s.account.username}
            </Tag>
          ) : (
            <Typography.Text type="secondary">{t('staff.noAccount')}</Typography.Text>
          )}
          {s.abilities.linkAccount && (
            <Button icon={<UserAddOutlined />} onClick={() => setLinking(true)}>
              {t('staff.account.action')}
            </Button>
          )}
        </Space>
      </Card>
      {editing && <StaffFormModal staff={s} onClose={() => setEditing(false)} />}
      {linking && <AccountModal staff={s} onClose={() => setLinking(false)} />}
    </>
  );
}

type AccountValues = {
  mode: 'create' | 'link';
  username?: string;
  roleKey?: 'teacher' | 'homeroom_teacher' | 'school_office' | 'principal';
  email?: string;
  userId?: string;
};

function AccountModal({ staff, onClose }: { staff: Staff; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AccountValues>();
  const mode = Form.useWatch('mode', form) ?? 'create';
  const [reset, setReset] = useState<string | null>(null);
  const candidates = useQuery({
    queryKey: staffKeys.candidates(staff.id),
    queryFn: () => fetchAccountCandidates({ params: { path: { id: staff.id } } }),
    enabled: mode === 'link',
  });
  const save = useMutation({
    mutationFn: (v: AccountValues) =>
      linkStaffAccount({
        params: { path: { id: staff.id } },
        body:
          v.mode === 'link'
            ? { version: staff.version, userId: v.userId ?? '' }
            : {
                version: staff.version,
                create: {
                  username: (v.username ?? '').trim().toLowerCase(),
                  roleKey: v.roleKey ?? 'teacher',
                  ...(v.email?.trim() ? { email: v.email.trim() } : {}),
                },
              },
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(staffKeys.one(staff.id), data.staff);
      void queryClient.invalidateQueries({ queryKey: ['registry', 'staff', 'list'] });
      message.success(data.created ? t('staff.account.created') : t('staff.account.linked'));
      if (data.passwordReset?.resetUrl) setReset(data.passwordReset.resetUrl);
      else {
        if (data.passwordReset?.mailed) message.info(t('staff.account.mailed'));
        onClose();
      }
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const problem = save.error && isApiProblem(save.error) ? save.error.message : null;
  if (reset) {
    return (
      <Modal
        open
        title={t('staff.account.title', { name: staff.fullName })}
        onCancel={onClose}
        onOk={onClose}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert
          type="success"
          showIcon
          title={t('staff.account.resetOnce')}
          description={
            <Typography.Text copyable code>
              {reset}
            </Typography.Text>
          }
        />
      </Modal>
    );
  }
  const roleKeys = ['teacher', 'homeroom_teacher', 'school_office', 'principal'] as const;
  return (
    <Modal
      open
      title={t('staff.account.title', { name: staff.fullName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('staff.save')}
      cancelText={t('staff.cancel')}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ mode: 'create', roleKey: staff.position === 'staff' ? 'school_office' : 'teacher' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="mode">
          <Radio.Group
            options={[
              { value: 'create', label: t('staff.account.modeCreate') },
              { value: 'link', label: t('staff.account.modeLink') },
            ]}
          />
        </Form.Item>
        {mode === 'create' ? (
          <>
            <Form.Item
              name="username"
              label={t('staff.account.username')}
              extra={t('staff.account.usernameHint')}
              rules={[{ required: true, pattern: /^[a-z0-9._-]{3,64}$/, message: t('staff.account.usernameHint') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="roleKey" label={t('staff.account.role')} rules={[{ required: true }]}>
              <Select options={roleKeys.map((k) => ({ value: k, label: t(`staff.account.roles.${k}`) }))} />
            </Form.Item>
            <Form.Item name="email" label={t('staff.field.email')}>
              <Input inputMode="email" />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="userId"
            label={t('staff.account.existing')}
            rules={[{ required: true }]}
            extra={candidates.data?.items.length === 0 ? t('staff.account.noCandidates') : undefined}
          >
            <Select
              loading={candidates.isPending}
              showSearch={{ filterOption: foldFilter }}
              options={(candidates.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.displayName} (${c.username})` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
