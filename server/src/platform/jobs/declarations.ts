import type { FastifyBaseLogger } from 'fastify';
import type { Settings } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Outbox } from '../notify/outbox.ts';

/** What a job's handler is given: the platform's services, and the clock (tests pass their own). */
export interface JobContext {
  database: Database;
  settings: Settings;
  outbox: Outbox;
  log: FastifyBaseLogger;
  now(): Date;
}

/**
 * A job as a module declares it in its ModuleDefinition (`jobs`). The platform makes one pg-boss
 * queue per job with its retry policy, schedules it by `schedule`, and writes every run to
 * platform.job_runs (state, duration, error), which the jobs screen shows.
 */
export interface JobDeclaration {
  /** `<module>.<job>`, also the pg-boss queue name. */
  name: string;
  label: { vi: string; en: string };
  /** Cron, minute resolution, Vietnam time (pg-boss schedule). None: runs when sent or run by hand. */
  schedule?: string;
  /** pg-boss retries a failed run this many times, `delaySeconds` apart (doubled each time with `backoff`). */
  retry: { limit: number; delaySeconds: number; backoff: boolean };
  /** Runs that take longer are failed by pg-boss and retried. */
  expireSeconds?: number;
  /** What it returns is kept as the run's summary (counts, not personal data). */
  handler(ctx: JobContext, data: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
}

/** Job names are unique across modules and carry their module's prefix. */
export function checkJobDeclarations(modules: readonly { name: string; jobs?: readonly JobDeclaration[] }[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of modules) {
    for (const job of m.jobs ?? []) {
      if (!job.name.startsWith(`${m.name}.`)) problems.push(`job ${job.name} of module ${m.name} must be named ${m.name}.<job>`);
      if (seen.has(job.name)) problems.push(`job ${job.name} is declared twice`);
      seen.add(job.name);
    }
  }
  return problems;
}
