import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/client.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState } from '../../components/states.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { type JobItem, type JobRun, useJobRuns, useJobs, useRunJob } from './api.ts';

// Ant Design's green and blue tags fall short of WCAG contrast; success stays the plain tag.
const stateColor: Record<JobRun['state'], string | undefined> = { running: undefined, succeeded: undefined, failed: 'red' };

function RunState({ run }: { run: JobRun }) {
  const { t } = useTranslation('operations');
  return <Tag color={stateColor[run.state]}>{t(`run.${run.state}`)}</Tag>;
}

const ms = (v: number | null) => (v === null ? '—' : `${formatNumber(v)} ms`);

/** Every module's background jobs, their latest run, and the run log with its failures. */
export default function JobsPage() {
  const { t } = useTranslation('operations');
  const { message } = App.useApp();
  const { can } = useAuth();
  const jobs = useJobs();
  const runJob = useRunJob();
  const [job, setJob] = useState<string | undefined>();
  const [state, setState] = useState<JobRun['state'] | undefined>();
  const [page, setPage] = useState(1);
  const runs = useJobRuns({ page, pageSize: 20, ...(job ? { job } : {}), ...(state ? { state } : {}) });

  const onRun = (j: JobItem) =>
    runJob.mutate(j.name, {
      onSuccess: (r) =>
        void (r.queued
          ? message.info(t('jobs.queued'))
          : r.run?.state === 'failed'
            ? message.error(t('jobs.ranFailed', { error: r.run.error }))
            : message.success(t('jobs.ranOk'))),
      onError: (err) => void message.error(isApiProblem(err) ? err.title : t('jobs.runError')),
    });

  return (
    <>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('jobs.title')}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            void jobs.refetch();
            void runs.refetch();
          }}
          loading={jobs.isFetching || runs.isFetching}
        >
          {t('refresh')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('jobs.intro')}</Typography.Paragraph>
      {jobs.data && !jobs.data.queueRunning && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('jobs.queueOff')} />}
      {jobs.error ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : (
        <Table<JobItem>
          rowKey="name"
          size="small"
          loading={jobs.isPending}
          dataSource={jobs.data?.items}
          data-testid="jobs-table"
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('jobs.job'),
              key: 'job',
              render: (_, j) => (
                <Flex vertical>
                  <span>{j.label}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
                    {j.name}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('jobs.schedule'),
              key: 'schedule',
              width: 130,
              render: (_, j) => (j.schedule ? <code>{j.schedule}</code> : t('jobs.onDemand')),
            },
            {
              title: t('jobs.retry'),
              key: 'retry',
              width: 150,
              render: (_, j) =>
                j.retry.limit === 0 ? t('jobs.noRetry') : t(j.retry.backoff ? 'jobs.retryBackoff' : 'jobs.retryFixed', { ...j.retry }),
            },
            {
              title: t('jobs.lastRun'),
              key: 'last',
              width: 260,
              render: (_, j) =>
                j.lastRun ? (
                  <Flex vertical gap={2}>
                    <span>
                      <RunState run={j.lastRun} /> {formatDateTime(j.lastRun.startedAt)}
                    </span>
                    {j.lastRun.error && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {j.lastRun.error}
                      </Typography.Text>
                    )}
                  </Flex>
                ) : (
                  t('jobs.never')
                ),
            },
            {
              title: t('jobs.failedRecently'),
              dataIndex: 'failedRecently',
              width: 110,
              align: 'right',
              render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
            },
            {
              title: t('outbox.actions'),
              key: 'run',
              width: 120,
              render: (_, j) =>
                can('operations.jobs.run') ? (
                  <Button
                    size="small"
                    icon={<PlayCircleOutlined />}
                    onClick={() => onRun(j)}
                    loading={runJob.isPending && runJob.variables === j.name}
                  >
                    {t('jobs.runNow')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}

      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {t('jobs.runs')}
      </Typography.Title>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('jobs.job')}</Typography.Text>
        <Select<string>
          allowClear
          aria-label={t('jobs.job')}
          style={{ width: 280 }}
          value={job}
          onChange={(v) => {
            setJob(v);
            setPage(1);
          }}
          options={(jobs.data?.items ?? []).map((j) => ({ value: j.name, label: j.label }))}
        />
        <Typography.Text>{t('jobs.state')}</Typography.Text>
        <Select<JobRun['state']>
          allowClear
          aria-label={t('jobs.state')}
          style={{ width: 180 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={(['failed', 'succeeded', 'running'] as const).map((s) => ({ value: s, label: t(`run.${s}`) }))}
        />
      </Flex>
      {runs.error ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <Table<JobRun>
          rowKey="id"
          size="small"
          loading={runs.isPending}
          dataSource={runs.data?.items}
          data-testid="job-runs-table"
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: runs.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
            showSizeChanger: false,
          }}
          columns={[
            { title: t('jobs.startedAt'), key: 'at', width: 160, render: (_, r) => formatDateTime(r.startedAt, { seconds: true }) },
            { title: t('jobs.job'), dataIndex: 'job', width: 220, render: (v: string) => <code>{v}</code> },
            { title: t('jobs.state'), key: 'state', width: 120, render: (_, r) => <RunState run={r} /> },
            { title: t('jobs.trigger'), key: 'trigger', width: 120, render: (_, r) => t(`trigger.${r.trigger}`) },
            { title: t('jobs.attempt'), dataIndex: 'attempt', width: 80, align: 'right' },
            { title: t('jobs.duration'), key: 'duration', width: 100, align: 'right', render: (_, r) => ms(r.durationMs) },
            {
              title: t('jobs.result'),
              key: 'result',
              render: (_, r) =>
                r.error ? (
                  <Typography.Text type="danger">{r.error}</Typography.Text>
                ) : r.summary ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {Object.entries(r.summary)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(', ')}
                  </Typography.Text>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}
