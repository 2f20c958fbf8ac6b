import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type components, sendRaw } from '../../../api/client.ts';
import { ErrorState } from '../../../components/states.tsx';

type Report = components['schemas']['RegistryImportReport'];
type Issue = components['schemas']['RegistryImportIssue'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Waits for a background analysis or commit (202) to finish. */
async function settled(report: Report): Promise<Report> {
  let r = report;
  while (r.status === 'analysing' || r.status === 'committing') {
    await new Promise((ok) => setTimeout(ok, 1000));
    r = (await (await sendRaw(`/api/registry/imports/${r.id}`)).json()) as Report;
  }
  return r;
}

export interface KindImportProps {
  /** The school (or commune, department) the file is for. */
  unitId: string;
  /** The import kind of the server's engine: staff, classes, facilities… */
  kind: string;
  /** The template's download name. */
  fileName: string;
  /** i18n prefix of the dialog's own texts: `<texts>.title`, `.intro`, `.upload`, `.close`, `.ready`, `.done`. */
  texts: string;
  /** The created / updated counts of the kind's commit result. */
  done: (counts: Record<string, number>) => { created: number; updated: number };
  /** Queries to refresh after a commit. */
  invalidate: readonly unknown[];
  onClose: () => void;
}

/**
 * One import of the registry's engine in a dialog, for any kind: template → upload → errors by row
 * and column (warnings after them) → preview of what is created, updated or unchanged → commit in
 * one transaction; a re-import changes nothing. Large files are analysed in the background (202).
 */
export function KindImportDialog({ unitId, kind, fileName, texts, done, invalidate, onClose }: KindImportProps) {
  const { t } = useTranslation('registry');
  const queryClient = useQueryClient();
  const [report, setReport] = useState<Report | null>(null);
  const [result, setResult] = useState<Record<string, number> | null>(null);
  const base = `/api/registry/units/${unitId}/imports/${kind}`;
  const download = useMutation({
    mutationFn: async () => {
      const url = URL.createObjectURL(await (await sendRaw(`${base}/template.xlsx`, { method: 'GET' })).blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      URL.revokeObjectURL(url);
    },
  });
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
      return settled((await (await sendRaw(base, { method: 'POST', headers: { 'content-type': type }, body: file })).json()) as Report);
    },
    onSuccess: (r) => {
      setReport(r);
      setResult(null);
    },
  });
  const commit = useMutation({
    mutationFn: async (id: string) => {
      const res = await sendRaw(`/api/registry/imports/${id}/commit`, { method: 'POST' });
      const body = (await res.json()) as { counts?: Record<string, number> } & Partial<Report>;
      if (res.status === 202) return (await settled(body as Report)).result ?? {};
      return body.counts ?? {};
    },
    onSuccess: async (counts) => {
      setResult(counts);
      await queryClient.invalidateQueries({ queryKey: invalidate });
    },
  });
  const issues = [...(report?.issues ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const previewRows = (report?.preview ?? []) as unknown as Array<Record<string, string | number | boolean | null>>;
  return (
    <Modal
      open
      width={960}
      title={t(`${texts}.title`)}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t(`${texts}.close`)}</Button>}
      destroyOnHidden
    >
      <Typography.Paragraph>{t(`${texts}.intro`)}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()}>
          {t('import.downloadTemplate')}
        </Button>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending}>
            {t(`${texts}.upload`)}
          </Button>
        </Upload>
      </Space>
      {download.isError && <ErrorState error={download.error} compact />}
      {upload.isError && <ErrorState error={upload.error} compact />}
      {commit.isError && <ErrorState error={commit.error} compact />}
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(`${texts}.done`, { ...done(result), unchanged: result.unchanged ?? 0 })}
        />
      )}
      {report && !result && (
        <>
          {report.canCommit ? (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t(`${texts}.ready`, {
                create: report.counts.create,
                update: report.counts.update,
                unchanged: report.counts.unchanged,
              })}
            />
          ) : (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('import.hasErrors', { count: report.errorCount })} />
          )}
          {issues.length > 0 && (
            <Table<Issue>
              rowKey={(i) => `${i.row}-${i.column}-${i.code}`}
              size="small"
              pagination={issues.length > 20 ? { pageSize: 20 } : false}
              dataSource={issues}
              style={{ marginBottom: 12 }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 64, render: (v: number | null) => v ?? '—' },
                { title: t('import.column'), dataIndex: 'column', width: 64, render: (v: string | null) => v ?? '—' },
                { title: t('import.columnLabel'), dataIndex: 'columnLabel', render: (v: string | null) => v ?? '—' },
                {
                  title: t('import.message'),
                  dataIndex: 'message',
                  render: (v: string, i: Issue) => (i.severity === 'error' ? v : <Typography.Text type="secondary">{v}</Typography.Text>),
                },
              ]}
            />
          )}
          {report.canCommit && (
            <>
              <Table
                rowKey={(r) => String(r.row)}
                size="small"
                pagination={previewRows.length > 20 ? { pageSize: 20 } : false}
                dataSource={previewRows}
                style={{ marginBottom: 12 }}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 64 },
                  {
                    title: t('import.action'),
                    dataIndex: 'action',
                    render: (v: string) => (
                      <Tag color={v === 'create' ? 'green' : v === 'update' ? 'blue' : 'default'}>{t(`import.actions.${v}`)}</Tag>
                    ),
                  },
                  ...report.previewColumns.map((c) => ({
                    title: c.label,
                    dataIndex: c.key,
                    render: (v: string | number | boolean | null) => (typeof v === 'boolean' ? (v ? '✓' : '—') : (v ?? '—')),
                  })),
                ]}
              />
              <Button type="primary" loading={commit.isPending} onClick={() => commit.mutate(report.id)}>
                {t('import.commit')}
              </Button>
            </>
          )}
        </>
      )}
    </Modal>
  );
}
