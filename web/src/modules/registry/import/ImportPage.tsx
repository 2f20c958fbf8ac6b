import { Alert, Button, Card, Progress, Result, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useAuth } from '../../../app/auth.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { type ImportIssue, type PreviewRow, useImportRun } from './api.ts';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The import wizard of any registry import kind (`/registry/import/:kind`, students by default):
 * download the template → upload → errors by row and column → preview → commit → result. The unit
 * is `?unitId=` (a school, or the province for a file with a school-code column), else `?schoolId=`,
 * else the user's home unit. Long runs (a province's file) answer 202: the page shows the progress.
 */
export default function ImportPage() {
  const { t } = useTranslation('registry');
  const { me } = useAuth();
  const [params] = useSearchParams();
  const kind = useParams().kind ?? 'students';
  const schoolId = params.get('unitId') ?? params.get('schoolId') ?? me?.homeUnit?.id ?? '';
  const { report, counts, busy, upload, commit, download, restart } = useImportRun(schoolId, kind);
  const step = counts ? 3 : report && report.status !== 'analysing' ? (report.canCommit || report.status === 'committing' ? 2 : 1) : 0;

  const issueColumns = [
    { title: t('import.row'), dataIndex: 'row', width: 80, render: (v: number | null) => v ?? '—' },
    { title: t('import.column'), dataIndex: 'column', width: 80, render: (v: string | null) => v ?? '—' },
    { title: t('import.columnLabel'), dataIndex: 'columnLabel', render: (v: string | null) => v ?? '—' },
    { title: t('import.message'), dataIndex: 'message' },
    {
      title: t('import.severity'),
      dataIndex: 'severity',
      width: 110,
      render: (v: string) => <Tag color={v === 'error' ? 'red' : 'gold'}>{t(`import.${v}`)}</Tag>,
    },
  ];
  const cell = (key: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (key === 'sex') return t(`sex.${v}`);
    if (typeof v === 'string' && isoDay.test(v)) return formatDate(v);
    if (typeof v === 'number') return formatNumber(v);
    return String(v);
  };
  const previewColumns = [
    { title: t('import.row'), dataIndex: 'row', width: 70 },
    {
      title: t('import.action'),
      dataIndex: 'action',
      width: 120,
      render: (v: string) => <Tag color={v === 'create' ? 'green' : v === 'update' ? 'blue' : 'default'}>{t(`import.actions.${v}`)}</Tag>,
    },
    ...(report?.previewColumns ?? []).map((c) => ({ title: c.label, dataIndex: c.key, render: (v: unknown) => cell(c.key, v) })),
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t([`import.kinds.${kind}`, 'import.title'])}
      </Typography.Title>
      <Card>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('import.steps.upload') },
            { title: t('import.steps.check') },
            { title: t('import.steps.preview') },
            { title: t('import.steps.done') },
          ]}
        />
        {!schoolId ? <Alert type="warning" showIcon title={t('import.noSchool')} /> : null}
        {step === 0 && schoolId ? (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Typography.Paragraph>{t('import.intro')}</Typography.Paragraph>
            <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate(`mau-nhap-${kind}.xlsx`)}>
              {t('import.downloadTemplate')}
            </Button>
            {download.isError ? <ErrorState error={download.error} /> : null}
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              disabled={upload.isPending}
              beforeUpload={(file) => {
                upload.mutate(file);
                return false;
              }}
            >
              <p>
                <UploadOutlined style={{ fontSize: 32 }} />
              </p>
              <p>{upload.isPending ? t('import.checking') : t('import.drop')}</p>
            </Upload.Dragger>
            {upload.isError ? <ErrorState error={upload.error} /> : null}
          </Space>
        ) : null}
        {busy && report ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="info"
              showIcon
              title={t(report.status === 'analysing' ? 'import.analysing' : 'import.committing', {
                rows: formatNumber(report.progress?.rows ?? 0),
                seconds: formatNumber(Math.round(report.progress?.seconds ?? 0)),
              })}
            />
            <Progress
              percent={
                report.status === 'committing' && report.counts.total
                  ? Math.round(((report.progress?.rows ?? 0) / report.counts.total) * 100)
                  : 0
              }
              status="active"
              showInfo={report.status === 'committing'}
            />
          </Space>
        ) : null}
        {report && !counts && !busy ? (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title={t('import.counts.total')} value={report.counts.total} formatter={(v) => formatNumber(Number(v))} />
              <Statistic title={t('import.counts.create')} value={report.counts.create} formatter={(v) => formatNumber(Number(v))} />
              <Statistic title={t('import.counts.update')} value={report.counts.update} formatter={(v) => formatNumber(Number(v))} />
              <Statistic title={t('import.counts.unchanged')} value={report.counts.unchanged} formatter={(v) => formatNumber(Number(v))} />
              <Statistic
                title={t('import.counts.errors')}
                value={report.errorCount}
                styles={report.errorCount ? { content: { color: '#cf1322' } } : undefined}
              />
            </Space>
            {report.canCommit ? (
              <Alert type="success" showIcon title={t('import.ready')} />
            ) : (
              <Alert type="error" showIcon title={t('import.hasErrors', { count: report.errorCount })} />
            )}
            {report.issues.length > 0 ? (
              <Table<ImportIssue>
                rowKey={(i) => `${i.row}-${i.column}-${i.code}-${i.message}`}
                size="small"
                columns={issueColumns}
                dataSource={report.issues}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                title={() => t('import.issues')}
              />
            ) : null}
            {report.preview.length > 0 ? (
              <Table<PreviewRow>
                rowKey="row"
                size="small"
                columns={previewColumns}
                dataSource={report.preview}
                pagination={false}
                title={() => t('import.preview')}
              />
            ) : null}
            {commit.isError ? <ErrorState error={commit.error} /> : null}
            <Space>
              <Button onClick={restart}>{t('import.uploadAgain')}</Button>
              <Button type="primary" disabled={!report.canCommit} loading={commit.isPending} onClick={() => commit.mutate(report.id)}>
                {t('import.commit')}
              </Button>
            </Space>
          </Space>
        ) : null}
        {counts ? (
          <Result
            status="success"
            title={t('import.committed')}
            subTitle={t(kind === 'students' ? 'import.resultSummary' : 'import.resultGeneric', counts)}
            extra={[
              ...(kind === 'students'
                ? [
                    <Link key="list" to={`/registry/students?schoolId=${schoolId}`}>
                      <Button type="primary">{t('import.toList')}</Button>
                    </Link>,
                  ]
                : []),
              <Button key="again" onClick={restart}>
                {t('import.another')}
              </Button>,
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}
