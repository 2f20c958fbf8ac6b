import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { jobRuns, outbox } from '../../platform/db/schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type JobRunRow = typeof jobRuns.$inferSelect;

export interface OutboxFilter {
  status?: string;
  channel?: string;
  /** Recipient or subject, a part of it. */
  q?: string;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, '\\$&')}%`;

function outboxWhere(f: OutboxFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (f.status) conditions.push(eq(outbox.status, f.status as OutboxRow['status']));
  if (f.channel) conditions.push(eq(outbox.channel, f.channel));
  if (f.q) conditions.push(sql`(${outbox.to} ILIKE ${like(f.q)} OR ${outbox.subject} ILIKE ${like(f.q)})`);
  return conditions.length ? and(...conditions) : undefined;
}

export async function listOutbox(q: Queryable, f: OutboxFilter, page: number, pageSize: number) {
  const where = outboxWhere(f);
  const [items, [total], counts] = await Promise.all([
    q
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    q.select({ n: sql<number>`count(*)::int` }).from(outbox).where(where),
    q.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status),
  ]);
  return { items, total: total?.n ?? 0, counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Record<string, number> };
}

export async function findOutboxMessage(q: Queryable, id: string): Promise<OutboxRow | undefined> {
  const [row] = await q.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

export async function listJobRuns(q: Queryable, f: { job?: string; state?: string }, page: number, pageSize: number) {
  const conditions: SQL[] = [];
  if (f.job) conditions.push(eq(jobRuns.job, f.job));
  if (f.state) conditions.push(eq(jobRuns.state, f.state as JobRunRow['state']));
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, [total]] = await Promise.all([
    q
      .select()
      .from(jobRuns)
      .where(where)
      .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    q.select({ n: sql<number>`count(*)::int` }).from(jobRuns).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Each job's latest run, and how many of its runs failed in the last day. */
export async function jobSummaries(q: Queryable, since: Date): Promise<Map<string, { last: JobRunRow; failedSince: number }>> {
  const result = await q.execute(sql`
    SELECT DISTINCT ON (r.job) r.id, r.job, r.trigger, r.state, r.attempt, r.started_at AS "startedAt", r.finished_at AS "finishedAt",
      r.duration_ms AS "durationMs", r.error, r.summary,
      (SELECT count(*)::int FROM ${jobRuns} f WHERE f.job = r.job AND f.state = 'failed' AND f.started_at >= ${since.toISOString()}) AS "failedSince"
    FROM ${jobRuns} r ORDER BY r.job, r.started_at DESC, r.id DESC`);
  const rows = result.rows as (Omit<JobRunRow, 'startedAt' | 'finishedAt'> & {
    startedAt: string | Date;
    finishedAt: string | Date | null;
    failedSince: number;
  })[];
  return new Map(
    rows.map(({ failedSince, ...r }) => [
      r.job,
      {
        last: { ...r, startedAt: new Date(r.startedAt), finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt) },
        failedSince,
      },
    ]),
  );
}

export async function pruneJobRuns(q: Queryable, before: Date): Promise<number> {
  const deleted = await q.delete(jobRuns).where(lt(jobRuns.startedAt, before)).returning({ id: jobRuns.id });
  return deleted.length;
}

export async function findJobRun(q: Queryable, id: string): Promise<JobRunRow | undefined> {
  const [row] = await q.select().from(jobRuns).where(eq(jobRuns.id, id));
  return row;
}
