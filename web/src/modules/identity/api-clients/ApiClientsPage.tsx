import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/states.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { UnitSelect } from '../../../components/UnitSelect.tsx';
import { dateTime } from '../shared.tsx';
import { type ApiClient, useApiClientActions, useApiClients, useApiScopes } from './api.ts';

/**
 * API clients (machine credentials for integrators): created at a unit with scopes, the token
 * shown once; rotated when it may have leaked, revoked when the integration ends.
 */
export default function ApiClientsPage() {
  const { t } = useTranslation('identity');
  const list = useApiClients();
  const scopes = useApiScopes();
  const actions = useApiClientActions();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const [form] = Form.useForm<{ name: string; unitId: string; scopes: string[] }>();
  const scopeLabel = (id: string) => scopes.data?.find((s) => s.id === id)?.label ?? id;

  const submit = (values: { name: string; unitId: string; scopes: string[] }) =>
    actions.create.mutate(values, {
      onSuccess: (res) => {
        setCreating(false);
        form.resetFields();
        setShown({ name: res.client.name, token: res.token });
      },
    });
  const rotate = (c: ApiClient) =>
    actions.rotate.mutate(c.id, { onSuccess: (res) => setShown({ name: res.client.name, token: res.token }) });

  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('apiClients.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('apiClients.create')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('apiClients.intro')}</Typography.Paragraph>
      <ProblemAlert error={actions.rotate.error ?? actions.revoke.error} />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ApiClient>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data}
          scroll={{ x: 800 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('apiClients.empty') }}
          columns={[
            { title: t('apiClients.name'), dataIndex: 'name' },
            { title: t('apiClients.unit'), key: 'unit', render: (_, c) => c.unit.name },
            { title: t('apiClients.scopes'), key: 'scopes', render: (_, c) => c.scopes.map((s) => <Tag key={s}>{scopeLabel(s)}</Tag>) },
            {
              title: t('apiClients.status'),
              key: 'status',
              width: 120,
              render: (_, c) => <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`apiClients.${c.status}`)}</Tag>,
            },
            { title: t('apiClients.lastUsed'), key: 'used', width: 150, render: (_, c) => (c.lastUsedAt ? dateTime(c.lastUsedAt) : '—') },
            {
              title: '',
              key: 'actions',
              width: 220,
              render: (_, c) =>
                c.status === 'active' && (
                  <Space>
                    <Popconfirm title={t('apiClients.rotateConfirm')} onConfirm={() => rotate(c)}>
                      <Button size="small">{t('apiClients.rotate')}</Button>
                    </Popconfirm>
                    <Popconfirm title={t('apiClients.revokeConfirm')} onConfirm={() => actions.revoke.mutate(c.id)}>
                      <Button size="small" danger>
                        {t('apiClients.revoke')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      )}
      <Modal
        open={creating}
        title={t('apiClients.create')}
        okText={t('apiClients.createOk')}
        confirmLoading={actions.create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <ProblemAlert error={actions.create.error} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ scopes: [] }}>
          <Form.Item name="name" label={t('apiClients.name')} rules={[{ required: true, min: 2, max: 120 }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="unitId" label={t('apiClients.unit')} rules={[{ required: true }]} extra={t('apiClients.unitHelp')}>
            <UnitSelect />
          </Form.Item>
          <Form.Item name="scopes" label={t('apiClients.scopes')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group options={(scopes.data ?? []).map((s) => ({ value: s.id, label: s.label }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!shown}
        title={t('apiClients.tokenTitle', { name: shown?.name ?? '' })}
        onOk={() => setShown(null)}
        onCancel={() => setShown(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={t('apiClients.tokenOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="api-client-token" style={{ wordBreak: 'break-all' }}>
          {shown?.token}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('apiClients.tokenUse')}</Typography.Text>
      </Modal>
    </>
  );
}
