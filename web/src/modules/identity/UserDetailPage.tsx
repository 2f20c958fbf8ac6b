import {
  ArrowLeftOutlined,
  EditOutlined,
  KeyOutlined,
  LogoutOutlined,
  PlusOutlined,
  StopOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { dateTime } from './shared.tsx';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { ResetLinkNotice } from './UsersPage.tsx';
import {
  endUserSessions,
  grantRole,
  identityKeys,
  issuePasswordReset,
  type Reset,
  revokeGrant,
  setUserStatus,
  updateUser,
  type User,
  useRoles,
  useUser,
} from './api.ts';
import { useDisplayLanguage } from '../../lib/language.ts';

function EditModal({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ displayName: string; email: string; phone: string }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { displayName: string; email: string; phone: string }) =>
      updateUser(user, { displayName: v.displayName, email: v.email?.trim() || null, phone: v.phone?.trim() || null }),
    onSuccess: () => {
      void message.success(t('users.saved'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      onClose();
    },
    onError: (err) => {
      if (isApiProblem(err) && err.status === 409) void queryClient.invalidateQueries({ queryKey: identityKeys.user(user.id) });
      placeFieldErrors(form, err);
    },
  });
  return (
    <Modal
      open={open}
      title={t('users.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.save')}
      cancelText={t('users.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={save.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ displayName: user.displayName, email: user.email ?? '', phone: user.phone ?? '' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="displayName"
          label={t('users.name')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('users.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
          <Input type="email" />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^(\+84|0)\d{9,10}$/ }]}>
          <Input type="tel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusModal({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const queryClient = useQueryClient();
  const target = user.status === 'active' ? 'disabled' : 'active';
  const save = useMutation({
    mutationFn: (reason: string) => setUserStatus(user, target, reason),
    onSuccess: () => {
      void message.success(t('users.saved'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t(target === 'disabled' ? 'users.disableTitle' : 'users.enableTitle', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(target === 'disabled' ? 'users.disable' : 'users.enable')}
      okButtonProps={{ danger: target === 'disabled' }}
      cancelText={t('users.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={save.error} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('users.reason')}
          rules={[{ required: true, whitespace: true, message: t('users.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantModal({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roleId: string; unitId: string }>();
  const queryClient = useQueryClient();
  const roles = useRoles(open);
  const grant = useMutation({
    mutationFn: (v: { roleId: string; unitId: string }) => grantRole({ userId: user.id, ...v }),
    onSuccess: () => {
      void message.success(t('users.granted'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      onClose();
    },
  });
  const lang = useDisplayLanguage();
  return (
    <Modal
      open={open}
      title={t('users.addGrant')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.addGrant')}
      cancelText={t('users.cancel')}
      confirmLoading={grant.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={grant.error} />
      <Form form={form} layout="vertical" initialValues={{ unitId: user.homeUnit?.id }} onFinish={(v) => grant.mutate(v)}>
        <Form.Item name="roleId" label={t('users.role')} rules={[{ required: true, message: t('users.pickRole') }]}>
          <Select
            placeholder={t('users.pickRole')}
            loading={roles.isPending}
            options={(roles.data ?? []).map((r) => ({ value: r.id, label: lang === 'en' ? r.nameEn : r.nameVi }))}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true, message: t('users.required') }]}>
          <UnitSelect initial={user.homeUnit ?? undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UserDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('identity');
  const lang = useDisplayLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const q = useUser(id);
  const [modal, setModal] = useState<'edit' | 'status' | 'grant' | null>(null);
  const [reset, setReset] = useState<Reset | null>(null);
  const resetPw = useMutation({
    mutationFn: () => issuePasswordReset(id),
    onSuccess: setReset,
  });
  const endSessions = useMutation({
    mutationFn: () => endUserSessions(id),
    onSuccess: (r) => void message.success(t('users.sessionsEnded', { count: r.ended })),
  });
  const revoke = useMutation({
    mutationFn: revokeGrant,
    onSuccess: () => {
      void message.success(t('users.revoked'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
    },
  });
  const back = (
    <Link to="/admin/users">
      <ArrowLeftOutlined /> {t('users.back')}
    </Link>
  );
  if (q.isPending) return <LoadingState />;
  if (q.error)
    return (
      <>
        {back}
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  const u = q.data;
  return (
    <>
      {back}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {u.displayName}{' '}
          {u.status === 'active' ? <Tag color="green">{t('users.active')}</Tag> : <Tag color="red">{t('users.disabled')}</Tag>}
        </Typography.Title>
        <Space wrap>
          {u.abilities.update && (
            <Button icon={<EditOutlined />} onClick={() => setModal('edit')}>
              {t('users.edit')}
            </Button>
          )}
          {u.abilities.update && (
            <Button
              danger={u.status === 'active'}
              icon={u.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />}
              onClick={() => setModal('status')}
            >
              {t(u.status === 'active' ? 'users.disable' : 'users.enable')}
            </Button>
          )}
          {u.abilities.resetPassword && (
            <Popconfirm
              title={t('users.resetConfirm', { name: u.displayName })}
              onConfirm={() => resetPw.mutate()}
              okText={t('users.resetPassword')}
              cancelText={t('users.cancel')}
            >
              <Button icon={<KeyOutlined />} loading={resetPw.isPending}>
                {t('users.resetPassword')}
              </Button>
            </Popconfirm>
          )}
          {u.abilities.revokeSessions && (
            <Popconfirm
              title={t('users.endSessionsConfirm', { name: u.displayName })}
              onConfirm={() => endSessions.mutate()}
              okText={t('users.endSessions')}
              cancelText={t('users.cancel')}
            >
              <Button icon={<LogoutOutlined />} loading={endSessions.isPending}>
                {t('users.endSessions')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Flex>
      <ProblemAlert error={resetPw.error ?? endSessions.error ?? revoke.error} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="user-detail">
            <Descriptions.Item label={t('users.username')}>{u.username}</Descriptions.Item>
            <Descriptions.Item label={t('users.homeUnit')}>{u.homeUnit?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('users.email')}>{u.email ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('users.phone')}>{u.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('users.mfa')}>{u.mfaEnabled ? t('users.mfaOn') : t('users.mfaOff')}</Descriptions.Item>
            <Descriptions.Item label={t('users.lastLogin')}>{u.lastLoginAt ? dateTime(u.lastLoginAt) : t('users.never')}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card
          title={t('users.grants')}
          extra={
            u.abilities.grant && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('grant')}>
                {t('users.addGrant')}
              </Button>
            )
          }
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={u.grants}
            data-testid="user-grants"
            locale={{ emptyText: t('users.noGrants') }}
            scroll={{ x: 440 }}
            columns={[
              { title: t('users.role'), key: 'role', render: (_, g) => (lang === 'en' ? g.role.nameEn : g.role.nameVi) },
              { title: t('users.unit'), key: 'unit', render: (_, g) => g.unit.name },
              { title: t('users.grantedAt'), key: 'at', width: 150, render: (_, g) => dateTime(g.grantedAt) },
              ...(u.abilities.grant
                ? [
                    {
                      title: '',
                      key: 'actions',
                      width: 110,
                      render: (_: unknown, g: User['grants'][number]) => (
                        <Popconfirm
                          title={t('users.revokeConfirm', { role: lang === 'en' ? g.role.nameEn : g.role.nameVi, unit: g.unit.name })}
                          onConfirm={() => revoke.mutate(g.id)}
                          okText={t('users.revoke')}
                          cancelText={t('users.cancel')}
                        >
                          <Button size="small" danger>
                            {t('users.revoke')}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Space>
      {modal === 'edit' && <EditModal user={u} open onClose={() => setModal(null)} />}
      {modal === 'status' && <StatusModal user={u} open onClose={() => setModal(null)} />}
      {modal === 'grant' && <GrantModal user={u} open onClose={() => setModal(null)} />}
      <Modal
        open={!!reset}
        title={t('users.resetPassword')}
        onCancel={() => setReset(null)}
        footer={<Button onClick={() => setReset(null)}>{t('users.close')}</Button>}
        destroyOnHidden
      >
        {reset && <ResetLinkNotice reset={reset} />}
      </Modal>
    </>
  );
}
