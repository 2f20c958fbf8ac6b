import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../lib/format.ts';
import {
  fetchTranscripts,
  generateTranscripts,
  reviseTranscript,
  type SignatureRole,
  signTranscripts,
  type TranscriptList,
  transcriptKeys,
  transcriptPdfUrl,
} from './api.ts';

type Item = TranscriptList['items'][number];
const statusColor = {
  generated: 'default',
  signed_homeroom: 'blue',
  signed_principal: 'geekblue',
  sealed: 'green',
  superseded: 'default',
} as const;

/**
 * The transcripts (học bạ) of a class: generate them once the year is final, then each signer in
 * turn unlocks their certificate with their passphrase and signs every transcript waiting for
 * them — homeroom teacher, principal, school seal. A sealed transcript is final; a correction
 * makes a new version.
 */
export default function TranscriptsPage() {
  const { classId = '' } = useParams();
  const { t } = useTranslation('gradebook');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [signing, setSigning] = useState<SignatureRole | null>(null);
  const [revising, setRevising] = useState<Item | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const q = useQuery({ queryKey: transcriptKeys.list(classId), queryFn: () => fetchTranscripts(classId) });
  const refresh = () => qc.invalidateQueries({ queryKey: transcriptKeys.list(classId) });
  const generate = useMutation({
    mutationFn: () => generateTranscripts(classId),
    onSuccess: (r) => {
      refresh();
      message.success(t('transcripts.generated', { count: r.generated }));
    },
    onError: (err) => setBanner(isApiProblem(err) ? err.title : t('error')),
  });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const { items, abilities } = q.data;
  const waitingFor = (role: SignatureRole) =>
    items.filter((i) => i.status === { homeroomTeacher: 'generated', principal: 'signed_homeroom', seal: 'signed_principal' }[role]).length;
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('transcripts.title')}
        </Typography.Title>
        <Space wrap>
          <Link to={`/gradebook/classes/${classId}/summary`}>{t('back')}</Link>
          {abilities.generate && (
            <Button loading={generate.isPending} onClick={() => generate.mutate()}>
              {t('transcripts.generate')}
            </Button>
          )}
          {abilities.signAs.map((role) => (
            <Button key={role} type="primary" disabled={waitingFor(role) === 0} onClick={() => setSigning(role)}>
              {t(`transcripts.signAs.${role}`, { count: waitingFor(role) })}
            </Button>
          ))}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('transcripts.help')}</Typography.Paragraph>
      {banner && <Alert type="error" showIcon closable message={banner} onClose={() => setBanner(null)} style={{ marginBottom: 12 }} />}
      <Card>
        <Table<Item>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={items}
          locale={{ emptyText: t('transcripts.empty') }}
          columns={[
            { title: t('sheet.student'), dataIndex: 'studentName' },
            {
              title: t('transcripts.version'),
              dataIndex: 'version',
              render: (v: number, i) => (
                <>
                  {v}
                  {i.reason && (
                    <div>
                      <Typography.Text type="secondary">{i.reason}</Typography.Text>
                    </div>
                  )}
                </>
              ),
            },
            {
              title: t('transcripts.statusLabel'),
              dataIndex: 'status',
              render: (s: Item['status'], i) => (
                <>
                  <Tag color={statusColor[s]}>{t(`transcripts.status.${s}`)}</Tag>
                  {i.stale && (
                    <Tooltip title={t('transcripts.staleHelp', { reason: i.stale.reason, date: formatDateTime(i.stale.since) })}>
                      <Tag color="red">{t('transcripts.stale')}</Tag>
                    </Tooltip>
                  )}
                </>
              ),
            },
            {
              title: t('transcripts.signatures'),
              key: 'sig',
              render: (_: unknown, i) =>
                i.signatures.map((s) => (
                  <div key={s.role}>
                    {t(`transcripts.role.${s.role}`)}: {s.signer} ({formatDateTime(s.at)})
                  </div>
                )),
            },
            {
              title: t('transcripts.code'),
              dataIndex: 'code',
              render: (c: string, i) => (i.status === 'sealed' ? <Link to={`/verify/${c}`}>{c}</Link> : c),
            },
            {
              title: t('actions'),
              key: 'a',
              render: (_: unknown, i) => (
                <Space>
                  <a href={transcriptPdfUrl(i.id)} target="_blank" rel="noreferrer">
                    {t('transcripts.open')}
                  </a>
                  {i.status === 'sealed' && abilities.signAs.includes('principal') && (
                    <Button size="small" onClick={() => setRevising(i)}>
                      {i.stale ? t('transcripts.issueNew') : t('transcripts.revise')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {signing && (
        <SignDialog
          classId={classId}
          role={signing}
          count={waitingFor(signing)}
          onClose={() => {
            setSigning(null);
            refresh();
          }}
        />
      )}
      {revising && (
        <ReviseDialog
          item={revising}
          onClose={() => {
            setRevising(null);
            refresh();
          }}
        />
      )}
    </>
  );
}

function SignDialog({ classId, role, count, onClose }: { classId: string; role: SignatureRole; count: number; onClose: () => void }) {
  const { t } = useTranslation('gradebook');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ passphrase: string }>();
  const sign = useMutation({
    mutationFn: (v: { passphrase: string }) => signTranscripts(classId, role, v.passphrase),
    onSuccess: (r) => {
      message.success(t('transcripts.signed', { count: r.signed }));
      onClose();
    },
    onError: (err) => form.setFields([{ name: 'passphrase', errors: [isApiProblem(err) ? err.title : t('error')] }]),
  });
  return (
    <Modal
      open
      title={t(`transcripts.signAs.${role}`, { count })}
      okText={t('transcripts.sign')}
      cancelText={t('cancel')}
      confirmLoading={sign.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph>{t('transcripts.signHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => sign.mutate(v)}>
        <Form.Item
          name="passphrase"
          label={t('transcripts.passphrase')}
          rules={[{ required: true, message: t('transcripts.passphraseRequired') }]}
        >
          <Input.Password autoFocus autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReviseDialog({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useTranslation('gradebook');
  const [form] = Form.useForm<{ reason: string }>();
  // a transcript made stale by an approved correction: the correction is the new version's reason
  const initialReason = item.stale ? t('transcripts.correctionReason', { reason: item.stale.reason }) : '';
  const revise = useMutation({
    mutationFn: (v: { reason: string }) => reviseTranscript(item.id, v.reason),
    onSuccess: onClose,
    onError: (err) => form.setFields([{ name: 'reason', errors: [isApiProblem(err) ? err.title : t('error')] }]),
  });
  return (
    <Modal
      open
      title={t('transcripts.reviseTitle', { name: item.studentName })}
      okText={t('transcripts.revise')}
      cancelText={t('cancel')}
      confirmLoading={revise.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" initialValues={{ reason: initialReason }} onFinish={(v) => revise.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('correction.reason')}
          rules={[{ required: true, min: 5, message: t('correction.reasonRequired') }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
