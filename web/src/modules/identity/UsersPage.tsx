import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState } from '../../components/states.tsx';
import { dateTime } from './shared.tsx';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { createUser, fetchUsers, grantRole, identityKeys, type Reset, useRoles } from './api.ts';
import { useDisplayLanguage } from '../../lib/language.ts';

/** The one-time reset link (or its having been mailed), shown once after creation or a reset. */
export function ResetLinkNotice({ reset }: { reset: Reset }) {
  const { t } = useTranslation('identity');
  if (reset.mailed) return <Alert type="success" showIcon title={t('users.resetMailed')} />;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('users.resetShownOnce')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('users.resetShownOnceHelp')}</Typography.Paragraph>
          <Typography.Text code copyable data-testid="reset-link" style={{ wordBreak: 'break-all' }}>
            {reset.resetUrl}
          </Typography.Text>
        </>
      }
    />
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  homeUnitId: string;
  roleId?: string;
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const [form] = Form.useForm<CreateValues>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [created, setCreated] = useState<{ id: string; username: string; reset: Reset | null } | null>(null);
  const roles = useRoles(open);
  const create = useMutation({
    mutationFn: async (v: CreateValues) => {
      const body = {
        username: v.username,
        displayName: v.displayName,
        homeUnitId: v.homeUnitId,
        ...(v.email ? { email: v.email } : {}),
        ...(v.phone ? { phone: v.phone } : {}),
      };
      const user = await createUser(body);
      // The account exists from here: a failing grant is reported on its page, not lost.
      let grantError: unknown = null;
      if (v.roleId) {
        await grantRole({ userId: user.id, roleId: v.roleId, unitId: v.homeUnitId }).catch((err: unknown) => {
          grantError = err;
        });
      }
      return { user, grantError, username: body.username };
    },
    onSuccess: ({ user, username }) => {
      setCreated({ id: user.id, username, reset: user.passwordReset });
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const close = () => {
    setCreated(null);
    create.reset();
    form.resetFields();
    onClose();
  };
  const lang = useDisplayLanguage();
  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      footer={
        created
          ? [
              <Button key="close" onClick={close}>
                {t('users.close')}
              </Button>,
              <Button
                key="open"
                type="primary"
                onClick={() => {
                  const id = created.id;
                  close();
                  void navigate(`/admin/users/${id}`);
                }}
              >
                {t('users.openDetail')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('users.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={create.isPending} onClick={() => form.submit()}>
                {t('users.create')}
              </Button>,
            ]
      }
    >
      {created ? (
        <Flex vertical gap={12} data-testid="user-created">
          <Alert type="success" showIcon title={t('users.created', { username: created.username })} />
          {create.data?.grantError ? <ProblemAlert error={create.data.grantError} /> : null}
          {created.reset && <ResetLinkNotice reset={created.reset} />}
        </Flex>
      ) : (
        <>
          <ProblemAlert error={create.error} />
          <Form form={form} layout="vertical" requiredMark="optional" onFinish={(v) => create.mutate(v)}>
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={t('users.usernameHelp')}
              rules={[{ required: true, pattern: /^[a-z0-9._-]{3,64}$/, message: t('users.usernameHelp') }]}
            >
              <Input autoCapitalize="none" spellCheck={false} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="displayName"
              label={t('users.name')}
              rules={[{ required: true, min: 2, whitespace: true, message: t('users.required') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
              <Input type="email" autoComplete="off" />
            </Form.Item>
            <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^(\+84|0)\d{9,10}$/ }]}>
              <Input type="tel" autoComplete="off" />
            </Form.Item>
            <Form.Item name="homeUnitId" label={t('users.homeUnit')} rules={[{ required: true, message: t('users.required') }]}>
              <UnitSelect />
            </Form.Item>
            <Form.Item name="roleId" label={t('users.role')}>
              <Select
                allowClear
                placeholder={t('users.pickRole')}
                loading={roles.isPending}
                data-testid="role-select"
                options={(roles.data ?? []).map((r) => ({ value: r.id, label: lang === 'en' ? r.nameEn : r.nameVi }))}
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

export default function UsersPage() {
  const { t } = useTranslation('identity');
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('size') ?? '20') || 20;
  const [createOpen, setCreateOpen] = useState(false);
  const list = useQuery({
    queryKey: identityKeys.userList({ ...(q ? { q } : {}), page, pageSize }),
    queryFn: () => fetchUsers({ ...(q ? { q } : {}), page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const set = (next: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p, { replace: true });
  };
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        {can('identity.user.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
            {t('users.create')}
          </Button>
        )}
      </Flex>
      <Input.Search
        allowClear
        defaultValue={q}
        placeholder={t('users.search')}
        aria-label={t('users.search')}
        onSearch={(v) => set({ q: v.trim(), page: 1 })}
        style={{ maxWidth: 420, marginBottom: 16 }}
        data-testid="user-search"
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 900 }}
          data-testid="users-table"
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('users.total', { count: n }),
            onChange: (p, s) => set({ page: s !== pageSize ? 1 : p, size: s === 20 ? undefined : s }),
          }}
          columns={[
            {
              title: t('users.name'),
              key: 'name',
              fixed: 'left',
              width: 200,
              render: (_, u) => <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>,
            },
            { title: t('users.username'), dataIndex: 'username', width: 160 },
            { title: t('users.unit'), key: 'unit', render: (_, u) => u.homeUnit?.name ?? '—' },
            {
              title: t('users.status'),
              key: 'status',
              width: 150,
              render: (_, u) =>
                u.status === 'active' ? <Tag color="green">{t('users.active')}</Tag> : <Tag color="red">{t('users.disabled')}</Tag>,
            },
            {
              title: t('users.mfa'),
              key: 'mfa',
              width: 130,
              render: (_, u) => (u.mfaEnabled ? <Tag color="blue">{t('users.mfaOn')}</Tag> : <Tag>{t('users.mfaOff')}</Tag>),
            },
            {
              title: t('users.lastLogin'),
              key: 'last',
              width: 160,
              render: (_, u) => (u.lastLoginAt ? dateTime(u.lastLoginAt) : t('users.never')),
            },
          ]}
        />
      )}
      <CreateUserModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
