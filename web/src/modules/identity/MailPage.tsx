import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/states.tsx';
import { dateTime } from './shared.tsx';
import { type Mail, useMail } from './api.ts';

export default function MailPage() {
  const { t } = useTranslation('identity');
  const list = useMail();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('mail.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('mail.intro')}</Typography.Paragraph>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Mail>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data}
          data-testid="mail-table"
          scroll={{ x: 700 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{
            expandedRowRender: (m) => (
              <>
                {m.error && (
                  <Typography.Paragraph type="danger">
                    {t('mail.error')}: {m.error}
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
            { title: t('mail.time'), key: 'time', width: 150, render: (_, m) => dateTime(m.createdAt) },
            { title: t('mail.subject'), dataIndex: 'subject' },
            { title: t('mail.to'), dataIndex: 'to', width: 220 },
            { title: t('mail.transport'), dataIndex: 'transport', width: 110, render: (v: string) => <Tag>{v}</Tag> },
            {
              title: t('mail.sentAt'),
              key: 'sent',
              width: 150,
              render: (_, m) => (m.sentAt ? dateTime(m.sentAt) : <Tag color={m.error ? 'red' : 'default'}>{t('mail.notSent')}</Tag>),
            },
          ]}
        />
      )}
    </>
  );
}
