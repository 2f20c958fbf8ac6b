import type { FastifyBaseLogger } from 'fastify';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { notFound } from '../../../platform/errors.ts';
import type { PlatformServices } from '../../../platform/http/app.ts';
import { runJob } from '../../../platform/jobs/runner.ts';
import type { Actor } from '../../identity/public.ts';
import { requireProvinceWide } from '../access.ts';
import { findJobRun, type JobRunRow } from '../repo.ts';

/**
 * "Run now": queued where the queue runs (this node with JOBS=1), so the run is the queue's like
 * any other; on a node without the queue it runs within the request. Audited either way.
 */
export async function runJobNow(
  platform: Pick<PlatformServices, 'database' | 'settings' | 'outbox' | 'jobs' | 'modules'>,
  actor: Actor,
  audit: AuditActor,
  log: FastifyBaseLogger,
  name: string,
): Promise<{ queued: boolean; run: JobRunRow | null }> {
  const { database, jobs } = platform;
  await requireProvinceWide(database.db, actor, 'operations.jobs.run');
  const job = platform.modules.flatMap((m) => m.jobs ?? []).find((j) => j.name === name);
  if (!job) throw notFound();
  await recordAudit(database.db, audit, { action: 'operations.job.run', entityType: 'platform.job', entityId: job.name });
  if (jobs?.running) {
    await jobs.send(job.name, { trigger: 'manual' });
    return { queued: true, run: null };
  }
  const ctx = { database, settings: platform.settings, outbox: platform.outbox, log, now: () => new Date() };
  const result = await runJob(ctx, job, {}, 'manual');
  return { queued: false, run: (await findJobRun(database.db, result.runId)) ?? null };
}
