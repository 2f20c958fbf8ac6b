import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Tx } from '../db/database.ts';
import { seedRuns } from '../db/schema.ts';

export type SeedSize = 'demo' | 'province';

export interface SeedContext {
  tx: Tx;
  size: SeedSize;
  /** Deterministic generators take this seed, so two runs build the same province. */
  seed: number;
  log: FastifyBaseLogger;
}

/**
 * One step of the synthetic-province pipeline. Steps run in order, each in its own transaction,
 * and are recorded in platform.seed_runs: a step already applied at its version is skipped, a
 * step whose version grew runs again (it must be written as an upsert), so an existing demo
 * database gains what newer releases add.
 */
export interface SeedStep {
  id: string;
  version: number;
  /**
   * Steps run by phase, then in module order: 0 the organisation tree, 10 accounts and people,
   * 20 records that hang from people (enrolments, scores).
   */
  phase?: number;
  run(ctx: SeedContext): Promise<void>;
}

/** Stable: within a phase, the order the modules list their steps in. */
export function orderSeedSteps(steps: readonly SeedStep[]): SeedStep[] {
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => (a.step.phase ?? 0) - (b.step.phase ?? 0) || a.index - b.index)
    .map((x) => x.step);
}

export interface SeedReport {
  applied: string[];
  skipped: string[];
}

export async function runSeedPipeline(
  database: Database,
  steps: readonly SeedStep[],
  options: { size: SeedSize; seed?: number; log: FastifyBaseLogger },
): Promise<SeedReport> {
  const report: SeedReport = { applied: [], skipped: [] };
  for (const step of steps) {
    const done = await database.db.transaction(async (tx) => {
      const [prior] = await tx.select().from(seedRuns).where(eq(seedRuns.stepId, step.id)).for('update');
      if (prior && prior.version >= step.version && (prior.size === options.size || prior.size === 'province')) {
        return false;
      }
      const started = Date.now();
      await step.run({ tx: tx as unknown as Tx, size: options.size, seed: options.seed ?? 20250701, log: options.log });
      await tx
        .insert(seedRuns)
        .values({ stepId: step.id, version: step.version, size: options.size })
        .onConflictDoUpdate({
          target: seedRuns.stepId,
          set: { version: step.version, size: options.size, appliedAt: new Date() },
        });
      options.log.info({ step: step.id, ms: Date.now() - started }, 'seed step applied');
      return true;
    });
    (done ? report.applied : report.skipped).push(step.id);
  }
  return report;
}
