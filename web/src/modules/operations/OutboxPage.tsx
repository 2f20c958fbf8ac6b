import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type Channel, channels, type OutboxFilter, type OutboxMessage, type OutboxStatus, useOutbox, useRetryMessage } from './api.ts';

// Ant Design's green, blue and orange tags fall short of WCAG contrast: plain tags but for failures.
const statusColor: Record<OutboxStatus, string | undefined> = {
  pending: undefined,
  sending: undefined,
  sent: undefined,
  failed: 'red',
  unsent: undefined,
};
const tabs = ['all', 'failed', 'pending', 'unsent', 'sent'] as const;

/** What the platform sent and what it could not, on every channel; failed and unsent messages can be retried. */
export default function OutboxPage() {
  const { t } = useTranslation('operations');
  const { message } = App.useApp();
  const [tab, setTab] = useState<(typeof tabs)[number]>('all');
  const [channel, setChannel] = useState<Channel | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const filter: OutboxFilter = {
    page,
    pageSize: 20,
    ...(tab === 'all' ? {} : { status: tab }),
    ...(channel ? { channel } : {}),
    ...(q ? { q } : {}),
  };
  const list = useOutbox(filter);
  const retry = useRetryMessage();

  const onRetry = (m: OutboxMessage) =>
    retry.mutate(m.id, {
      onSuccess: (after) => void message.success(t('outbox.retried', { status: t(`status.${after.status}`) })),
      onError: (err) => void message.error(isApiProblem(err) ? err.title : t('outbox.retryFailed')),
    });

  return (
    <>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('outbox.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
          {t('refresh')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('outbox.intro')}</Typography.Paragraph>
      {list.data && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="outbox-channels">
          {list.data.channels.map((c) => (
            <Tag key={c.channel}>
              {t(`channel.${c.channel}`)}: {c.transport ? t('outbox.connected', { transport: c.transport }) : t('outbox.notConnected')}
            </Tag>
          ))}
        </Flex>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as (typeof tabs)[number]);
          setPage(1);
        }}
        items={tabs.map((k) => ({
          key: k,
          label: k === 'all' ? t('outbox.all') : `${t(`status.${k}`)} (${list.data?.counts[k] ?? 0})`,
        }))}
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('outbox.channel')}</Typography.Text>
        <Select<Channel>
          allowClear
          aria-label={t('outbox.channel')}
          style={{ width: 180 }}
          value={channel}
          onChange={(v) => {
            setChannel(v);
            setPage(1);
          }}
          options={channels.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('outbox.search')}
          aria-label={t('outbox.search')}
          style={{ width: 280 }}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<OutboxMessage>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items}
          data-testid="outbox-table"
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
            showSizeChanger: false,
          }}
          expandable={{
            expandedRowRender: (m) => (
              <>
                {m.error && (
                  <Typography.Paragraph type={m.status === 'unsent' ? 'warning' : 'danger'}>
                    {t('outbox.error')}: {m.error}
                  </Typography.Paragraph>
                )}
                <pre
                  style={{
                    whiteSpace: 'pre-wrap',
                    wordBreak: 'break-word',
                    background: '#f6f8fb',
                    padding: 12,
                    borderRadius: 6,
                    margin: 0,
                    fontFamily: 'inherit',
                  }}
                >
                  {m.body}
                </pre>
              </>
            ),
          }}
          columns={[
            { title: t('outbox.time'), key: 'time', width: 150, render: (_, m) => formatDateTime(m.createdAt) },
            { title: t('outbox.channel'), key: 'channel', width: 110, render: (_, m) => <Tag>{t(`channel.${m.channel}`, m.channel)}</Tag> },
            { title: t('outbox.subject'), dataIndex: 'subject' },
            { title: t('outbox.to'), dataIndex: 'to', width: 220 },
            {
              title: t('outbox.status'),
              key: 'status',
              width: 190,
              render: (_, m) => (
                <Flex vertical gap={2}>
                  <span>
                    <Tag color={statusColor[m.status]}>{t(`status.${m.status}`)}</Tag>
                    {m.urgent && <Tag>{t('outbox.urgent')}</Tag>}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.status === 'sent' && m.sentAt
                      ? formatDateTime(m.sentAt)
                      : m.status === 'pending'
                        ? t('outbox.nextAttempt', { time: formatDateTime(m.nextAttemptAt) })
                        : null}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('outbox.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
            {
              title: t('outbox.actions'),
              key: 'actions',
              width: 110,
              render: (_, m) =>
                m.abilities.retry ? (
                  <Button size="small" onClick={() => onRetry(m)} loading={retry.isPending && retry.variables === m.id}>
                    {t('outbox.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}
