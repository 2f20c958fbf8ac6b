import { eq } from 'drizzle-orm';
import { jobRuns } from '../db/schema.ts';
import type { JobContext, JobDeclaration } from './declarations.ts';

export type JobTrigger = 'schedule' | 'manual' | 'queue';

export interface JobRunResult {
  runId: string;
  state: 'succeeded' | 'failed';
  durationMs: number;
  error?: string;
}

/**
 * Runs a declared job once and logs the run: a `running` row first (a run that never ends, the
 * process killed, stays visible as such), then its state, duration and error or summary. Never
 * throws for the handler's failure: the caller decides (the queue worker rethrows so pg-boss
 * retries; "run now" reports it).
 */
export async function runJob(
  ctx: JobContext,
  job: JobDeclaration,
  data: Record<string, unknown>,
  trigger: JobTrigger,
  attempt = 1,
): Promise<JobRunResult> {
  const started = ctx.now();
  const [run] = await ctx.database.db
    .insert(jobRuns)
    .values({ job: job.name, trigger, state: 'running', attempt, startedAt: started })
    .returning({ id: jobRuns.id });
  const t0 = performance.now();
  let summary: Record<string, unknown> | undefined;
  let error: string | undefined;
  try {
    summary = await job.handler(ctx, data);
  } catch (err) {
    error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    ctx.log.warn({ err, job: job.name, attempt }, 'job run failed');
  }
  const durationMs = Math.round(performance.now() - t0);
  const state = error === undefined ? 'succeeded' : 'failed';
  await ctx.database.db
    .update(jobRuns)
    .set({ state, finishedAt: ctx.now(), durationMs, error: error ?? null, summary: summary ?? null })
    .where(eq(jobRuns.id, run!.id));
  return { runId: run!.id, state, durationMs, ...(error === undefined ? {} : { error }) };
}
