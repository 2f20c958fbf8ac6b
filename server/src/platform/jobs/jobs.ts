import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';

export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * Background jobs in PostgreSQL (pg-boss), over the same connection pool as the app, or over
 * the embedded PGlite through pg-boss's `db.executeSql` adapter: no extra server in any mode.
 */
export interface Jobs {
  send<T extends object>(name: string, data: T, options?: PgBoss.SendOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: JobHandler<T>): Promise<void>;
  /** A recurring job (cron, in `options.tz`); pg-boss keeps the schedule, one run per slot across nodes. */
  schedule(name: string, cron: string, data?: object, options?: PgBoss.ScheduleOptions): Promise<void>;
  stop(): Promise<void>;
  readonly running: boolean;
}

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
  const ensureQueue = (name: string): Promise<void> => {
    let created = queues.get(name);
    if (!created) {
      created = chain.then(() => boss.createQueue(name));
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
    async schedule(name, cron, data, options) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data ?? {}, options ?? {});
    },
    async stop() {
      if (!running) return;
      running = false;
      // In-flight jobs get a few seconds to finish; unfinished ones are retried after restart.
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
