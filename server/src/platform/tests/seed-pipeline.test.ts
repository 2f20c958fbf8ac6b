import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-db.ts';
import type { Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { runSeedPipeline, type SeedStep } from '../seed/pipeline.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.exec('CREATE TABLE public.seed_probe (k text PRIMARY KEY, v int NOT NULL)');
});
afterAll(async () => database.close());
const log = createLogger({ logLevel: 'silent' });

const step = (version: number, value: number): SeedStep => ({
  id: 'probe.values',
  version,
  async run({ tx }) {
    await tx.execute(sql`INSERT INTO public.seed_probe VALUES ('a', ${value}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`);
  },
});

describe('seeding pipeline', () => {
  it('applies a step once, skips it after, and re-runs it when its version grows', async () => {
    expect(await runSeedPipeline(database, [step(1, 1)], { size: 'demo', log })).toEqual({ applied: ['probe.values'], skipped: [] });
    expect(await runSeedPipeline(database, [step(1, 99)], { size: 'demo', log })).toEqual({ applied: [], skipped: ['probe.values'] });
    expect(await database.query('SELECT v FROM public.seed_probe')).toEqual([{ v: 1 }]);
    await runSeedPipeline(database, [step(2, 2)], { size: 'demo', log });
    expect(await database.query('SELECT v FROM public.seed_probe')).toEqual([{ v: 2 }]);
  });

  it('leaves nothing half-written when a step fails', async () => {
    const failing: SeedStep = {
      id: 'probe.failing',
      version: 1,
      async run({ tx }) {
        await tx.execute(sql`INSERT INTO public.seed_probe VALUES ('b', 1)`);
        throw new Error('generator bug');
      },
    };
    await expect(runSeedPipeline(database, [failing], { size: 'demo', log })).rejects.toThrow('generator bug');
    expect(await database.query("SELECT * FROM public.seed_probe WHERE k = 'b'")).toEqual([]);
    expect(await database.query("SELECT * FROM platform.seed_runs WHERE step_id = 'probe.failing'")).toEqual([]);
  });
});
