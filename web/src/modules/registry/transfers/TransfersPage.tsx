import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatDate } from '../../../lib/format.ts';
import { AcceptDialog, describeStudent, FromOtherProvinceDialog, RejectDialog, RequestDialog } from './TransferDialogs.tsx';
import { cancelTransfer, type Direction, statusColor, type Transfer, transferKeys, useTransfers } from './api.ts';

type StatusFilter = Transfer['status'] | 'all';

/** Incoming and outgoing transfers of the school, waiting ones first, with what the clerk may do now. */
export default function TransfersPage() {
  const { t } = useTranslation('registry');
  const { me, can } = useAuth();
  const [params, setParams] = useSearchParams();
  const direction = (params.get('direction') === 'outgoing' ? 'outgoing' : 'incoming') as Direction;
  const [status, setStatus] = useState<StatusFilter>('all');
  const [dialog, setDialog] = useState<null | 'request' | 'fromOther'>(null);
  const schoolId = me?.homeUnit?.id ?? '';
  const writer = can('registry.student.write');
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%', flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('transfers.title')}
        </Typography.Title>
        {writer && schoolId && (
          <Space wrap>
            <Button onClick={() => setDialog('request')}>{t('transfers.requestButton')}</Button>
            <Button onClick={() => setDialog('fromOther')}>{t('transfers.fromOtherButton')}</Button>
          </Space>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('transfers.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={direction}
        onChange={(k) => setParams({ direction: k })}
        items={(['incoming', 'outgoing'] as const).map((d) => ({ key: d, label: t(`transfers.${d}`) }))}
      />
      <Segmented<StatusFilter>
        style={{ marginBottom: 16 }}
        value={status}
        onChange={setStatus}
        options={(['all', 'pending', 'accepted', 'rejected', 'cancelled'] as const).map((s) => ({
          value: s,
          label: t(`transfers.filter.${s}`),
        }))}
      />
      <TransferTable direction={direction} status={status} />
      {dialog === 'request' && <RequestDialog schoolId={schoolId} onClose={() => setDialog(null)} />}
      {dialog === 'fromOther' && <FromOtherProvinceDialog schoolId={schoolId} onClose={() => setDialog(null)} />}
    </>
  );
}

function TransferTable({ direction, status }: { direction: Direction; status: StatusFilter }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const q = useTransfers(direction, status);
  const [accepting, setAccepting] = useState<Transfer | null>(null);
  const [rejecting, setRejecting] = useState<Transfer | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => cancelTransfer({ params: { path: { id } }, body: {} }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: transferKeys.all });
      message.success(t('transfers.cancelled'));
    },
    onError: (err) => message.error(err.message),
  });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const place = (tr: Transfer, side: 'from' | 'to') => {
    const school = side === 'from' ? tr.fromSchool : tr.toSchool;
    if (school) return school.name;
    return tr.otherProvince ? t('transfers.otherProvince', { school: tr.otherSchoolName ?? '—', province: tr.otherProvince }) : '—';
  };
  return (
    <Card>
      <Table<Transfer>
        rowKey="id"
        dataSource={q.data.items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyState description={t('transfers.empty')} /> }}
        columns={[
          {
            title: t('transfers.col.student'),
            key: 'student',
            render: (_, tr) => (
              <Space orientation="vertical" size={0}>
                <strong>{tr.student.fullName}</strong>
                <Typography.Text type="secondary">{describeStudent(tr, t)}</Typography.Text>
              </Space>
            ),
          },
          direction === 'incoming'
            ? { title: t('transfers.col.from'), key: 'from', render: (_, tr) => place(tr, 'from') }
            : { title: t('transfers.col.to'), key: 'to', render: (_, tr) => place(tr, 'to') },
          { title: t('transfers.col.date'), dataIndex: 'transferOn', render: (v: string) => formatDate(v) },
          {
            title: t('transfers.col.reason'),
            key: 'reason',
            render: (_, tr) => (
              <Space orientation="vertical" size={0}>
                <span>{tr.reason ?? '—'}</span>
                {tr.documentsNote && (
                  <Typography.Text type="secondary">
                    {t('transfers.col.documents')}: {tr.documentsNote}
                  </Typography.Text>
                )}
                {tr.decisionNote && (
                  <Typography.Text type="secondary">{t('transfers.decision', { note: tr.decisionNote })}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('transfers.col.status'),
            key: 'status',
            render: (_, tr) => (
              <Space orientation="vertical" size={2}>
                <Tag color={statusColor[tr.status]}>{t(`transfers.status.${tr.status}`)}</Tag>
                {tr.kind !== 'in_province' ? (
                  <Tag>{t(`transfers.kind.${tr.kind}`)}</Tag>
                ) : (
                  <Typography.Text type="secondary">{t(`transfers.initiated.${tr.initiatedBy}`)}</Typography.Text>
                )}
                {tr.toClass && (
                  <span>
                    {t('transfers.col.class')}: {tr.toClass.name}
                  </span>
                )}
              </Space>
            ),
          },
          {
            title: t('transfers.col.actions'),
            key: 'actions',
            render: (_, tr) => (
              <Space wrap>
                {tr.abilities.accept && (
                  <Button type="primary" onClick={() => setAccepting(tr)}>
                    {t('transfers.accept')}
                  </Button>
                )}
                {tr.abilities.reject && (
                  <Button danger onClick={() => setRejecting(tr)}>
                    {t('transfers.reject')}
                  </Button>
                )}
                {tr.abilities.cancel && (
                  <Popconfirm
                    title={t('transfers.cancelConfirm')}
                    okText={t('transfers.yes')}
                    cancelText={t('transfers.no')}
                    onConfirm={() => cancel.mutate(tr.id)}
                  >
                    <Button>{t('transfers.cancel')}</Button>
                  </Popconfirm>
                )}
                {tr.abilities.openStudent && <Link to={`/registry/students/${tr.student.id}`}>{t('transfers.openStudent')}</Link>}
                {tr.abilities.openPast && <Link to={`/registry/students/${tr.student.id}`}>{t('transfers.openPast')}</Link>}
              </Space>
            ),
          },
        ]}
      />
      {accepting && <AcceptDialog transfer={accepting} onClose={() => setAccepting(null)} />}
      {rejecting && <RejectDialog transfer={rejecting} onClose={() => setRejecting(null)} />}
    </Card>
  );
}
