import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/states.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { type ImportIssue, type PreviewRow, useImportRun } from './api.ts';

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
  const {
    report,
    counts: result,
    busy,
    upload,
    commit,
    download,
  } = useImportRun(unitId, kind, { onCommitted: () => void queryClient.invalidateQueries({ queryKey: invalidate }) });
  const issues = [...(report?.issues ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const previewRows = report?.preview ?? [];
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
        <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate(fileName)}>
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
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending || busy}>
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
      {busy && report && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(report.status === 'analysing' ? 'import.analysing' : 'import.committing', {
            rows: formatNumber(report.progress?.rows ?? 0),
            seconds: formatNumber(Math.round(report.progress?.seconds ?? 0)),
          })}
        />
      )}
      {report && !result && !busy && (
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
            <Table<ImportIssue>
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
                  render: (v: string, i: ImportIssue) =>
                    i.severity === 'error' ? v : <Typography.Text type="secondary">{v}</Typography.Text>,
                },
              ]}
            />
          )}
          {report.canCommit && (
            <>
              <Table<PreviewRow>
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
