import { CheckOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { createRole, deleteRole, identityKeys, type PermissionInfo, type Role, updateRole, usePermissionList, useRoles } from './api.ts';
import { useDisplayLanguage } from '../../lib/language.ts';

interface RoleValues {
  key: string;
  nameVi: string;
  nameEn: string;
  permissions: string[];
}

function RoleModal({
  role,
  permissions,
  held,
  onClose,
}: {
  role: Role | null;
  permissions: PermissionInfo[];
  held: readonly string[];
  onClose: () => void;
}) {
  const { t } = useTranslation('identity');
  const { message } = App.useApp();
  const [form] = Form.useForm<RoleValues>();
  const queryClient = useQueryClient();
  const lang = useDisplayLanguage();
  const save = useMutation({
    mutationFn: async (v: RoleValues) => {
      if (role) {
        await updateRole(role.id, { nameVi: v.nameVi, nameEn: v.nameEn, permissions: v.permissions ?? [] });
      } else {
        await createRole({ key: v.key, nameVi: v.nameVi, nameEn: v.nameEn, permissions: v.permissions ?? [] });
      }
    },
    onSuccess: () => {
      void message.success(t('roles.saved'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.roles });
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err, { byCode: { 'identity.roleDuplicate': 'key' } }),
  });
  const byModule = groupByModule(permissions);
  return (
    <Modal
      open
      title={role ? t('roles.editTitle', { name: lang === 'en' ? role.nameEn : role.nameVi }) : t('roles.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.save')}
      cancelText={t('users.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <ProblemAlert error={save.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={
          role ? { key: role.key, nameVi: role.nameVi, nameEn: role.nameEn, permissions: role.permissions } : { permissions: [] }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="key"
          label={t('roles.key')}
          extra={t('roles.keyHelp')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{2,48}$/, message: t('roles.keyHelp') }]}
        >
          <Input disabled={!!role} autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="nameVi"
          label={t('roles.nameVi')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('users.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('roles.nameEn')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('users.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="permissions" label={t('roles.permissions')}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Flex vertical gap={8} style={{ width: '100%' }}>
              {byModule.map(([module, list]) => (
                <div key={module}>
                  <Typography.Text strong>{t(`modules.${module}`, { defaultValue: module })}</Typography.Text>
                  <Flex vertical style={{ paddingInlineStart: 8 }}>
                    {list.map((p) => (
                      // Only permissions the editor holds may be given (the server checks too).
                      <Checkbox key={p.id} value={p.id} disabled={!held.includes(p.id)}>
                        {lang === 'en' ? p.labelEn : p.labelVi}{' '}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          ({p.id})
                        </Typography.Text>
                      </Checkbox>
                    ))}
                  </Flex>
                </div>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function groupByModule(permissions: PermissionInfo[]): [string, PermissionInfo[]][] {
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of permissions) groups.set(p.module, [...(groups.get(p.module) ?? []), p]);
  return [...groups];
}

type Row = { key: string; module?: string; permission?: PermissionInfo; children?: Row[] };

export default function RolesPage() {
  const { t } = useTranslation('identity');
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const queryClient = useQueryClient();
  const lang = useDisplayLanguage();
  const roles = useRoles();
  const perms = usePermissionList();
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: deleteRole,
    onSuccess: () => {
      void message.success(t('roles.deleted'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.roles });
    },
  });
  const rows = useMemo<Row[]>(
    () =>
      groupByModule(perms.data ?? []).map(([module, list]) => ({
        key: `m:${module}`,
        module,
        children: list.map((p) => ({ key: p.id, permission: p })),
      })),
    [perms.data],
  );
  if (roles.isPending || perms.isPending) return <LoadingState />;
  if (roles.error || perms.error)
    return <ErrorState error={roles.error ?? perms.error} onRetry={() => void Promise.all([roles.refetch(), perms.refetch()])} />;
  const writable = can('identity.role.write');
  const roleName = (r: Role) => (lang === 'en' ? r.nameEn : r.nameVi);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('roles.title')}
        </Typography.Title>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('roles.create')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary">
        <LockOutlined style={{ color: '#b35c00' }} /> {t('roles.intro')}
      </Typography.Paragraph>
      <ProblemAlert error={remove.error} />
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        data-testid="role-matrix"
        expandable={{ defaultExpandAllRows: true, expandRowByClick: true }}
        scroll={{ x: 260 + roles.data.length * 110, y: 'calc(100vh - 300px)' }}
        columns={[
          {
            title: t('roles.permission'),
            key: 'permission',
            fixed: 'left',
            width: 260,
            render: (_, row) =>
              row.module ? (
                <Typography.Text strong>{t(`modules.${row.module}`, { defaultValue: row.module })}</Typography.Text>
              ) : (
                <Tooltip title={row.permission!.id}>
                  <span>
                    {lang === 'en' ? row.permission!.labelEn : row.permission!.labelVi}
                    {row.permission!.bulkExport && (
                      <Tag color="orange" style={{ marginInlineStart: 4 }}>
                        {t('roles.bulkExport')}
                      </Tag>
                    )}
                  </span>
                </Tooltip>
              ),
          },
          ...roles.data.map((r) => ({
            key: r.id,
            width: 110,
            align: 'center' as const,
            title: (
              <Space direction="vertical" size={2} style={{ fontWeight: 'normal' }}>
                <Typography.Text strong style={{ fontSize: 12 }}>
                  {r.requiresMfa && (
                    <Tooltip title={t('roles.mfaRequired')}>
                      <LockOutlined aria-label={t('roles.mfaRequired')} style={{ color: '#b35c00', marginInlineEnd: 2 }} />
                    </Tooltip>
                  )}
                  {roleName(r)}
                </Typography.Text>
                {r.builtin ? (
                  <Tag style={{ fontSize: 11, marginInlineEnd: 0 }}>{t('roles.builtin')}</Tag>
                ) : (
                  writable && (
                    <Space size={2} wrap>
                      <Button size="small" type="link" onClick={() => setEditing(r)}>
                        {t('roles.edit')}
                      </Button>
                      <Popconfirm
                        title={t('roles.deleteConfirm', { name: roleName(r) })}
                        onConfirm={() => remove.mutate(r.id)}
                        okText={t('roles.delete')}
                        cancelText={t('users.cancel')}
                      >
                        <Button size="small" type="link" danger>
                          {t('roles.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  )
                )}
              </Space>
            ),
            render: (_: unknown, row: Row) =>
              row.permission && r.permissions.includes(row.permission.id) ? (
                <CheckOutlined aria-label={t('roles.has')} style={{ color: '#1a7f37' }} />
              ) : null,
          })),
        ]}
      />
      {editing && (
        <RoleModal
          role={editing === 'new' ? null : editing}
          permissions={perms.data}
          held={me?.permissions ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
