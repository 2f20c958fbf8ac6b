import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type components, csrfCookieName, problemFromResponse, readCookie } from '../../../api/client.ts';
import { ErrorState } from '../../../components/states.tsx';

type Report = components['schemas']['RegistryImportReport'];
type Issue = components['schemas']['RegistryImportIssue'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function send(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = readCookie(csrfCookieName);
  if (token && init.method && init.method !== 'GET') headers.set('x-csrf-token', token);
  const res = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) throw problemFromResponse(res, await res.json().catch(() => null));
  return res;
}

/** Waits for a background analysis or commit (202) to finish. */
async function settled(report: Report): Promise<Report> {
  let r = report;
  while (r.status === 'analysing' || r.status === 'committing') {
    await new Promise((ok) => setTimeout(ok, 1000));
    r = (await (await send(`/api/registry/imports/${r.id}`)).json()) as Report;
  }
  return r;
}

/**
 * The school's staff from Excel: template → upload → errors by row and column → preview → commit
 * in one transaction. People are recognised by staff code or CCCD; a re-import changes nothing.
 */
export function StaffImportDialog({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const queryClient = useQueryClient();
  const [report, setReport] = useState<Report | null>(null);
  const [result, setResult] = useState<Record<string, number> | null>(null);
  const base = `/api/registry/units/${schoolId}/imports/staff`;
  const download = useMutation({
    mutationFn: async () => {
      const url = URL.createObjectURL(await (await send(`${base}/template.xlsx`, { method: 'GET' })).blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'mau-nhap-can-bo.xlsx';
      a.click();
      URL.revokeObjectURL(url);
    },
  });
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
      return settled((await (await send(base, { method: 'POST', headers: { 'content-type': type }, body: file })).json()) as Report);
    },
    onSuccess: (r) => {
      setReport(r);
      setResult(null);
    },
  });
  const commit = useMutation({
    mutationFn: async (id: string) => {
      const res = await send(`/api/registry/imports/${id}/commit`, { method: 'POST' });
      const body = (await res.json()) as { counts?: Record<string, number> } & Partial<Report>;
      if (res.status === 202) return (await settled(body as Report)).result ?? {};
      return body.counts ?? {};
    },
    onSuccess: async (counts) => {
      setResult(counts);
      await queryClient.invalidateQueries({ queryKey: ['registry', 'staff'] });
    },
  });
  const issues = [...(report?.issues ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const previewRows = (report?.preview ?? []) as unknown as Array<Record<string, string | number | boolean | null>>;
  return (
    <Modal open width={960} title={t('staff.import.title')} onCancel={onClose} footer={<Button onClick={onClose}>{t('staff.import.close')}</Button>} destroyOnHidden>
      <Typography.Paragraph>{t('staff.import.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()}>{t('import.downloadTemplate')}</Button>
        <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(file) => { upload.mutate(file); return false; }}>
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending}>{t('staff.import.upload')}</Button>
        </Upload>
      </Space>
      {download.isError && <ErrorState error={download.error} compact />}
      {upload.isError && <ErrorState error={upload.error} compact />}
      {commit.isError && <ErrorState error={commit.error} compact />}
      {result && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('staff.import.done', { created: result.staffCreated ?? 0, updated: result.staffUpdated ?? 0, unchanged: result.unchanged ?? 0 })} />
      )}
      {report && !result && (
        <>
          {report.canCommit
            ? <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('staff.import.ready', { create: report.counts.create, update: report.counts.update, unchanged: report.counts.unchanged })} />
            : <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('import.hasErrors', { count: report.errorCount })} />}
          {issues.length > 0 && (
            <Table<Issue>
              rowKey={(i) => `${i.row}-${i.column}-${i.code}`} size="small" pagination={issues.length > 20 ? { pageSize: 20 } : false} dataSource={issues} style={{ marginBottom: 12 }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 64, render: (v: number | null) => v ?? '—' },
                { title: t('import.column'), dataIndex: 'column', width: 64, render: (v: string | null) => v ?? '—' },
                { title: t('import.columnLabel'), dataIndex: 'columnLabel', render: (v: string | null) => v ?? '—' },
                { title: t('import.message'), dataIndex: 'message', render: (v: string, i: Issue) => (i.severity === 'error' ? v : <Typography.Text type="secondary">{v}</Typography.Text>) },
              ]}
            />
          )}
          {report.canCommit && (
            <>
              <Table
                rowKey={(r) => String(r.row)} size="small" pagination={previewRows.length > 20 ? { pageSize: 20 } : false} dataSource={previewRows} style={{ marginBottom: 12 }}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 64 },
                  { title: t('import.action'), dataIndex: 'action', render: (v: string) => <Tag color={v === 'create' ? 'green' : v === 'update' ? 'blue' : 'default'}>{t(`import.actions.${v}`)}</Tag> },
                  ...report.previewColumns.map((c) => ({ title: c.label, dataIndex: c.key, render: (v: string | number | boolean | null) => v ?? '—' })),
                ]}
              />
              <Button type="primary" loading={commit.isPending} onClick={() => commit.mutate(report.id)}>{t('import.commit')}</Button>
            </>
          )}
        </>
      )}
    </Modal>
  );
}
