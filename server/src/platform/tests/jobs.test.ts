import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../../tests/support/paths.ts';
import { createTestDatabase } from '../../../tests/support/test-db.ts';
import { loadSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { checkJobDeclarations, type JobContext, type JobDeclaration } from '../jobs/declarations.ts';
import { type Jobs, startJobs } from '../jobs/jobs.ts';
import { runJob } from '../jobs/runner.ts';
import { createLogger } from '../logger.ts';
import { createOutbox } from '../notify/outbox.ts';

let database: Database;
let jobs: Jobs;
let ctx: JobContext;
const log = createLogger({ logLevel: 'silent' });
beforeAll(async () => {
  database = await createTestDatabase();
  jobs = await startJobs(database, log);
  ctx = {
    database,
    settings: loadSettings({ DATA_DIR: `${tmpDir}/jobs-${process.pid}` }),
    outbox: createOutbox(database, log, { adapters: [] }),
    log,
    now: () => new Date(),
  };
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

const runsOf = (job: string) =>
  database.query<{ state: string; attempt: number; trigger: string; error: string | null; duration_ms: number | null; summary: unknown }>(
    'SELECT state, attempt, trigger, error, duration_ms, summary FROM platform.job_runs WHERE job = $1 ORDER BY started_at, attempt',
    [job],
  );

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('background jobs (pg-boss over the same database)', () => {
  it('delivers a sent job to its worker', async () => {
    const received = new Promise<{ n: number }>((resolve) => {
      void jobs.work<{ n: number }>('platform.test-job', async (data) => resolve(data));
    });
    const id = await jobs.send('platform.test-job', { n: 42 });
    expect(id).toBeTruthy();
    expect(await received).toEqual({ n: 42 });
  });
});

describe('declared jobs and their run log', () => {
  it('logs a run that succeeds with its summary, and one that fails with its error', async () => {
    const ok: JobDeclaration = {
      name: 'test.ok',
      label: { vi: 'Thử', en: 'Test' },
      retry: { limit: 0, delaySeconds: 1, backoff: false },
      handler: async (_, data) => ({ seen: data.n }),
    };
    const bad: JobDeclaration = { ...ok, name: 'test.bad', handler: async () => Promise.reject(new Error('cổng quốc gia trả lỗi 503')) };
    expect(await runJob(ctx, ok, { n: 3 }, 'manual')).toMatchObject({ state: 'succeeded' });
    expect(await runJob(ctx, bad, {}, 'manual')).toMatchObject({ state: 'failed', error: 'cổng quốc gia trả lỗi 503' });
    expect(await runsOf('test.ok')).toMatchObject([{ state: 'succeeded', trigger: 'manual', summary: { seen: 3 }, error: null }]);
    const [failed] = await runsOf('test.bad');
    expect(failed).toMatchObject({ state: 'failed', error: 'cổng quốc gia trả lỗi 503', summary: null });
    expect(failed!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('retries a failed run by the declared policy through the queue, each attempt in the log', async () => {
    let calls = 0;
    const flaky: JobDeclaration = {
      name: 'test.flaky',
      label: { vi: 'Thử lại', en: 'Retry' },
      retry: { limit: 2, delaySeconds: 1, backoff: false },
      async handler() {
        calls++;
        if (calls === 1) throw new Error('timeout');
        return { calls };
      },
    };
    await jobs.declare([flaky], ctx);
    await jobs.send('test.flaky', { trigger: 'manual' });
    const runs = await until(
      () => runsOf('test.flaky'),
      (r) => r.some((x) => x.state === 'succeeded'),
    );
    expect(runs.map((r) => [r.state, r.attempt, r.trigger])).toEqual([
      ['failed', 1, 'manual'],
      ['succeeded', 2, 'manual'],
    ]);
    expect(runs[0]!.error).toBe('timeout');
  });

  it('schedules a declared cron job and drops a schedule that is no longer declared', async () => {
    const scheduled: JobDeclaration = {
      name: 'test.nightly',
      label: { vi: 'Hằng đêm', en: 'Nightly' },
      schedule: '30 2 * * *',
      retry: { limit: 0, delaySeconds: 1, backoff: false },
      handler: async () => undefined,
    };
    await jobs.declare([scheduled], ctx);
    const read = () => database.query<{ name: string; cron: string; timezone: string }>('SELECT name, cron, timezone FROM pgboss.schedule');
    expect(await read()).toEqual([{ name: 'test.nightly', cron: '30 2 * * *', timezone: 'Asia/Ho_Chi_Minh' }]);
    await jobs.declare([{ ...scheduled, schedule: undefined }], ctx);
    expect(await read()).toEqual([]);
  });

  it("refuses a job named outside its module's prefix, or declared twice", () => {
    const job = {
      name: 'gradebook.sync',
      label: { vi: 'x', en: 'x' },
      retry: { limit: 0, delaySeconds: 1, backoff: false },
      handler: async () => undefined,
    };
    expect(checkJobDeclarations([{ name: 'gradebook', jobs: [job] }])).toEqual([]);
    expect(checkJobDeclarations([{ name: 'registry', jobs: [job] }])).toHaveLength(1);
    expect(checkJobDeclarations([{ name: 'gradebook', jobs: [job, job] }])).toEqual(['job gradebook.sync is declared twice']);
  });
});
