import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Col, DatePicker, Descriptions, Form, Input, Row, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorState } from '../../components/states.tsx';
import { dateTime } from './shared.tsx';
import { type AuditEvent, fetchAudit, identityKeys } from './api.ts';

function Json({ value, label }: { value: unknown; label: string }) {
  const { t } = useTranslation('identity');
  return (
    <div style={{ minWidth: 0, flex: 1 }}>
      <Typography.Text strong>{label}</Typography.Text>
      {value === null || value === undefined ? (
        <div>
          <Typography.Text type="secondary">{t('audit.nothing')}</Typography.Text>
        </div>
      ) : (
        <pre
          style={{ background: '#f6f8fb', padding: 8, borderRadius: 6, fontSize: 12, overflowX: 'auto', margin: '4px 0 0', maxHeight: 320 }}
        >
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

function Detail({ e }: { e: AuditEvent }) {
  const { t } = useTranslation('identity');
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('audit.ip')}>{e.ip ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.entity')}>
          {e.entityType} {e.entityId ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.reason')}>{e.reason ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Json label={t('audit.before')} value={e.before} />
        </Col>
        <Col xs={24} md={12}>
          <Json label={t('audit.after')} value={e.after} />
        </Col>
        {e.bulk != null && (
          <Col xs={24}>
            <Json label={t('audit.bulk')} value={e.bulk} />
          </Col>
        )}
      </Row>
    </>
  );
}

interface Filters {
  action?: string;
  entityType?: string;
  actorUserId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useTranslation('identity');
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const get = (k: string) => params.get(k) || undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('size') ?? '50') || 50;
  const query = {
    ...(get('action') ? { action: get('action') } : {}),
    ...(get('entityType') ? { entityType: get('entityType') } : {}),
    ...(get('actor') ? { actorUserId: get('actor') } : {}),
    ...(get('from') ? { from: get('from') } : {}),
    ...(get('to') ? { to: get('to') } : {}),
    page,
    pageSize,
  };
  const list = useQuery({
    queryKey: identityKeys.audit(query),
    queryFn: () => fetchAudit(query),
    placeholderData: keepPreviousData,
  });
  const apply = (v: Filters) => {
    const p = new URLSearchParams();
    if (v.action?.trim()) p.set('action', v.action.trim());
    if (v.entityType?.trim()) p.set('entityType', v.entityType.trim());
    if (v.actorUserId?.trim()) p.set('actor', v.actorUserId.trim());
    if (v.range?.[0]) p.set('from', v.range[0].startOf('day').toISOString());
    if (v.range?.[1]) p.set('to', v.range[1].endOf('day').toISOString());
    setParams(p, { replace: true });
  };
  const setPage = (p: number, s: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(s !== pageSize ? 1 : p));
    next.set('size', String(s));
    setParams(next, { replace: true });
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        onFinish={apply}
        initialValues={{ action: get('action'), entityType: get('entityType'), actorUserId: get('actor') }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={5}>
            <Form.Item name="action" label={t('audit.action')}>
              <Input placeholder="identity.user" allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Form.Item name="entityType" label={t('audit.entityType')}>
              <Input placeholder="identity.user" allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="actorUserId" label={t('audit.actor')} rules={[{ pattern: /^[0-9a-f-]{36}$/i, message: 'UUID' }]}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="range" label={t('audit.range')}>
              <DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: '100%' }} allowEmpty={[true, true]} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('audit.filter')}
          </Button>{' '}
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ action: undefined, entityType: undefined, actorUserId: undefined, range: null });
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('audit.clear')}
          </Button>
        </Form.Item>
      </Form>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items}
          data-testid="audit-table"
          scroll={{ x: 800 }}
          expandable={{ expandedRowRender: (e) => <Detail e={e} /> }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('audit.total', { count: n }),
            onChange: setPage,
          }}
          columns={[
            { title: t('audit.time'), key: 'time', width: 150, render: (_, e) => dateTime(e.occurredAt) },
            { title: t('audit.what'), dataIndex: 'action', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('audit.who'), dataIndex: 'actorLabel', width: 180 },
            { title: t('audit.entity'), key: 'entity', render: (_, e) => `${e.entityType}${e.entityId ? ` · ${e.entityId}` : ''}` },
            { title: t('audit.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
          ]}
        />
      )}
    </>
  );
}
