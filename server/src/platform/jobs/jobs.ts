import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import { VIETNAM_TIME_ZONE } from '../calendar.ts';
import type { Database } from '../db/database.ts';
import type { JobContext, JobDeclaration } from './declarations.ts';
import { type JobTrigger, runJob } from './runner.ts';

export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * Background jobs in PostgreSQL (pg-boss), over the same connection pool as the app, or over
 * the embedded PGlite through pg-boss's `db.executeSql` adapter: no extra server in any mode.
 */
export interface Jobs {
  send<T extends object>(name: string, data: T, options?: PgBoss.SendOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: JobHandler<T>): Promise<void>;
  /** Queues, workers and schedules of the modules' declared jobs (run once at start). */
  declare(declarations: readonly JobDeclaration[], ctx: JobContext): Promise<void>;
  stop(): Promise<void>;
  readonly running: boolean;
}

/** The data of a declared job's message: how it was started, and the handler's own fields. */
type DeclaredJobData = Record<string, unknown> & { trigger?: JobTrigger };

export async function startJobs(database: Database, log: FastifyBaseLogger): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: async (text, values) => ({ rows: await database.query(text, values) }) },
    schema: 'pgboss',
  });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  let running = true;
  // createQueue takes table locks; two at once deadlock on PostgreSQL. One at a time, once each.
  const queues = new Map<string, Promise<void>>();
  let chain: Promise<unknown> = Promise.resolve();
  const ensureQueue = (name: string, options?: Omit<PgBoss.Queue, 'name'>): Promise<void> => {
    let created = queues.get(name);
    if (!created) {
      created = chain.then(async () => {
        await boss.createQueue(name, { name, ...options });
        // A queue made by an earlier version keeps its old policy unless told.
        if (options) await boss.updateQueue(name, { name, ...options });
      });
      chain = created.catch(() => {});
      queues.set(name, created);
      created.catch(() => queues.delete(name));
    }
    return created;
  };
  return {
    get running() {
      return running;
    },
    async send(name, data, options) {
      await ensureQueue(name);
      return boss.send(name, data, options ?? {});
    },
    async work(name, handler) {
      await ensureQueue(name);
      await boss.work(name, async (jobs) => {
        for (const job of jobs) await handler(job.data as never);
      });
    },
    async declare(declarations, ctx) {
      for (const decl of declarations) {
        await ensureQueue(decl.name, {
          retryLimit: decl.retry.limit,
          retryDelay: decl.retry.delaySeconds,
          retryBackoff: decl.retry.backoff,
          ...(decl.expireSeconds ? { expireInSeconds: decl.expireSeconds } : {}),
        });
        await boss.work<DeclaredJobData>(decl.name, { includeMetadata: true }, async (jobs) => {
          for (const job of jobs) {
            const { trigger, ...data } = job.data ?? {};
            const result = await runJob(ctx, decl, data, trigger ?? 'queue', job.retryCount + 1);
            // Thrown so that pg-boss retries by the job's policy; the run log already has the error.
            if (result.state === 'failed') throw new Error(result.error);
          }
        });
        if (decl.schedule) await boss.schedule(decl.name, decl.schedule, { trigger: 'schedule' }, { tz: VIETNAM_TIME_ZONE });
      }
      // A schedule removed from the code must not keep firing from the table.
      const scheduled = new Set(declarations.filter((d) => d.schedule).map((d) => d.name));
      for (const s of await boss.getSchedules()) if (!scheduled.has(s.name)) await boss.unschedule(s.name);
    },
    async stop() {
      if (!running) return;
      running = false;
      // In-flight jobs get a few seconds to finish; unfinished ones are retried after restart.
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
