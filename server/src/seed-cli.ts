/**
 * npm run seed -- --size demo|province [--seed 20250701]
 *
 * Opens the database of the settings (DATA_DIR's embedded database, or DATABASE_URL), applies the
 * migrations, and runs every module's seed steps for the size: `demo` is what `npm start` seeds;
 * `province` builds a province-size data set (≈ 700 schools, 25,000 staff accounts) for
 * benchmarks. Re-runnable: steps already applied at their version and size are skipped.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, prepareDatabase } from './platform/boot.ts';
import { ConfigError, loadSettings } from './platform/config.ts';
import { acquireDataDirLock, DataDirLockedError } from './platform/data-lock.ts';
import { createLogger } from './platform/logger.ts';
import { orderSeedSteps, runSeedPipeline, type SeedSize } from './platform/seed/pipeline.ts';
import { modules } from './modules.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { size: { type: 'string', default: 'demo' }, seed: { type: 'string' } },
  });
  const size = values.size as SeedSize;
  if (size !== 'demo' && size !== 'province') throw new UsageError(`--size must be demo or province, not "${values.size}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
  const settings = loadSettings({ LOG_LEVEL: 'warn', ...process.env });
  const log = createLogger(settings);
  const lock = settings.databaseUrl ? undefined : acquireDataDirLock(settings.dataDir);
  const started = performance.now();
  const database = await openDatabase(settings);
  try {
    await prepareDatabase(database, modules, settings.migrationDatabaseUrl);
    const migrated = performance.now();
    const steps = orderSeedSteps(modules.flatMap((m) => m.seedSteps ?? []));
    const report = await runSeedPipeline(database, steps, { size, seed, log });
    const where = settings.databaseUrl
      ? 'PostgreSQL server (DATABASE_URL)'
      : `embedded database in ${path.join(settings.dataDir, 'pgdata')}`;
    const [counts] = await database.query<{ units: number; schools: number; users: number }>(
      `SELECT (SELECT count(*)::int FROM org.units) AS units,
              (SELECT count(*)::int FROM org.units WHERE type = 'school') AS schools,
              (SELECT count(*)::int FROM identity.users) AS users`,
    );
    process.stdout.write(
      `Seeded ${size} into the ${where}: applied ${report.applied.join(', ') || 'nothing'}; skipped ${report.skipped.join(', ') || 'nothing'}.\n` +
        `Units ${counts?.units}, schools ${counts?.schools}, accounts ${counts?.users}. ` +
        `Migrate ${((migrated - started) / 1000).toFixed(1)} s, seed ${((performance.now() - migrated) / 1000).toFixed(1)} s.\n`,
    );
  } finally {
    await database.close();
    lock?.release();
  }
}

class UsageError extends Error {}

main().catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`\n${err.message}\nUsage: npm run seed -- --size demo|province [--seed n]\n\n`);
    process.exit(2);
  }
  process.stderr.write(`\nSeeding failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n\n`);
  process.exit(1);
});
