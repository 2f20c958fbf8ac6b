import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type Correction, decideCorrection, fetchCorrections, gradebookKeys, withdrawCorrection } from './api.ts';
import { useSlotLabel, useSubjectName, useValueLabel } from './shared.tsx';

const statusColor = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' } as const;

/** Correction requests: the principal approves or rejects with a note; the teacher follows theirs. */
export default function CorrectionsPage() {
  const { t } = useTranslation('gradebook');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const slotLabel = useSlotLabel();
  const valueLabel = useValueLabel();
  const subjectName = useSubjectName();
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const [deciding, setDeciding] = useState<{ c: Correction; decision: 'approve' | 'reject' } | null>(null);
  const [note, setNote] = useState('');
  const q = useQuery({
    queryKey: gradebookKeys.corrections(status),
    queryFn: () => fetchCorrections(status === 'all' ? undefined : status),
  });
  const done = () => qc.invalidateQueries({ queryKey: ['gradebook'] });
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'approve' | 'reject'; note: string }) =>
      decideCorrection(v.id, v.decision, v.note || undefined),
    onSuccess: (c) => {
      done();
      setDeciding(null);
      setNote('');
      message.success(t(`correction.done.${c.status}`));
    },
    onError: (err) => message.error(isApiProblem(err) ? err.title : t('error')),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => withdrawCorrection(id),
    onSuccess: () => {
      done();
      message.success(t('correction.done.withdrawn'));
    },
    onError: (err) => message.error(isApiProblem(err) ? err.title : t('error')),
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('correction.listTitle')}
      </Typography.Title>
      <Card
        extra={
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as 'pending' | 'all')}
            options={[
              { value: 'pending', label: t('correction.pending') },
              { value: 'all', label: t('correction.all') },
            ]}
          />
        }
      >
        {q.isError ? (
          <ErrorState error={q.error} onRetry={q.refetch} compact />
        ) : (
          <Table<Correction>
            rowKey="id"
            size="middle"
            loading={q.isPending}
            dataSource={q.data?.items ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t('correction.empty') }}
            columns={[
              {
                title: t('correction.student'),
                dataIndex: 'studentName',
                render: (n: string, c) => (
                  <>
                    <div>{n}</div>
                    <Typography.Text type="secondary">
                      {t('className', { name: c.className })} · {c.termName}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: t('correction.cell'),
                key: 'cell',
                render: (_: unknown, c) => `${subjectName(c.subjectCode)} · ${slotLabel(c.slot)}`,
              },
              {
                title: t('correction.change'),
                key: 'change',
                render: (_: unknown, c) => (
                  <span>
                    {valueLabel(c.oldValue) || '—'} → <strong>{valueLabel(c.newValue) || '—'}</strong>
                  </span>
                ),
              },
              { title: t('correction.reason'), dataIndex: 'reason' },
              {
                title: t('correction.requested'),
                key: 'by',
                render: (_: unknown, c) => (
                  <>
                    {c.requestedBy}
                    <br />
                    <Typography.Text type="secondary">{formatDateTime(c.requestedAt)}</Typography.Text>
                  </>
                ),
              },
              {
                title: t('correction.statusLabel'),
                dataIndex: 'status',
                render: (s: Correction['status'], c) => (
                  <>
                    <Tag color={statusColor[s]}>{t(`correction.status.${s}`)}</Tag>
                    {c.decisionNote && <div>{c.decisionNote}</div>}
                  </>
                ),
              },
              {
                title: t('actions'),
                key: 'actions',
                render: (_: unknown, c) => (
                  <Space wrap>
                    {c.abilities.decide && (
                      <Button type="primary" size="small" onClick={() => setDeciding({ c, decision: 'approve' })}>
                        {t('correction.approve')}
                      </Button>
                    )}
                    {c.abilities.decide && (
                      <Button danger size="small" onClick={() => setDeciding({ c, decision: 'reject' })}>
                        {t('correction.reject')}
                      </Button>
                    )}
                    {c.abilities.withdraw && (
                      <Button size="small" loading={withdraw.isPending} onClick={() => withdraw.mutate(c.id)}>
                        {t('correction.withdraw')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {deciding && (
        <Modal
          open
          title={t(`correction.${deciding.decision}Title`, { name: deciding.c.studentName })}
          okText={t(`correction.${deciding.decision}`)}
          cancelText={t('cancel')}
          okButtonProps={{ danger: deciding.decision === 'reject' }}
          confirmLoading={decide.isPending}
          onCancel={() => setDeciding(null)}
          onOk={() => decide.mutate({ id: deciding.c.id, decision: deciding.decision, note })}
        >
          <Typography.Paragraph>{deciding.c.reason}</Typography.Paragraph>
          <Input.TextArea
            aria-label={t('correction.note')}
            placeholder={t('correction.note')}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Modal>
      )}
    </>
  );
}
