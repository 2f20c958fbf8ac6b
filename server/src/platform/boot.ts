import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { ANCHOR_JOB, anchorJobDeclaration } from './audit-anchor-job.ts';
import { latestAnchor } from './audit-anchor.ts';
import { administratorsOf, chainsOf } from './audit-chains.ts';
import type { Settings } from './config.ts';
import { acquireDataDirLock, type DataDirLock } from './data-lock.ts';
import { type Database, openPglite, openPostgres } from './db/database.ts';
import { applyMigrations } from './db/migrate.ts';
import { migrateAsOwner } from './db/owner.ts';
import { createEventDispatcher, type EventDispatcher } from './events/dispatcher.ts';
import { buildApp } from './http/app.ts';
import { createTranslator } from './i18n/translator.ts';
import { checkJobDeclarations } from './jobs/declarations.ts';
import { type Jobs, startJobs } from './jobs/jobs.ts';
import { createLogger } from './logger.ts';
import type { ModuleDefinition } from './module.ts';
import { createPlatformOutbox } from './notify/index.ts';
import { orderSeedSteps, runSeedPipeline } from './seed/pipeline.ts';

export class StartupRefusedError extends Error {
  constructor(readonly reasons: string[]) {
    super(`Refusing to start:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
    this.name = 'StartupRefusedError';
  }
}

export async function openDatabase(settings: Settings): Promise<Database> {
  return settings.databaseUrl ? openPostgres(settings.databaseUrl, settings.dbPoolSize) : openPglite(path.join(settings.dataDir, 'pgdata'));
}

/**
 * Migrations, then what each module does once the schema is current (permission sync). With an
 * owner URL (PostgreSQL, MIGRATION_DATABASE_URL) the owner role migrates and grants the app role
 * its row privileges; the module hooks then run as the app.
 */
export async function prepareDatabase(database: Database, modules: readonly ModuleDefinition[], ownerUrl?: string): Promise<void> {
  if (ownerUrl) await migrateAsOwner(ownerUrl, database, chainsOf(modules));
  else await applyMigrations(database);
  for (const mod of modules) await mod.onMigrated?.(database, modules);
}

export interface RunningPlatform {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(signal?: string): Promise<void>;
}

/**
 * The whole start sequence of `npm start`: lock the data folder (embedded database only), open
 * and migrate the database, seed the demo province or refuse a non-demo start that still has
 * demo passwords, start jobs, listen. `stop` undoes it in reverse order and is safe to call twice.
 */
export async function startPlatform(settings: Settings, modules: readonly ModuleDefinition[]): Promise<RunningPlatform> {
  const log: FastifyBaseLogger = createLogger(settings);
  let lock: DataDirLock | undefined;
  if (!settings.databaseUrl) {
    lock = acquireDataDirLock(settings.dataDir);
    if (lock.recoveredStale) log.warn({ lock: lock.path }, 'stale data-folder lock of a stopped process taken over');
  }
  let database: Database | undefined;
  let jobs: Jobs | undefined;
  let events: EventDispatcher | undefined;
  try {
    database = await openDatabase(settings);
    await prepareDatabase(database, modules, settings.migrationDatabaseUrl);
    if (settings.demo) {
      const steps = orderSeedSteps(modules.flatMap((m) => m.seedSteps ?? []));
      const report = await runSeedPipeline(database, steps, { size: 'demo', log });
      log.info(report, 'demo province ready');
    } else {
      const reasons: string[] = [];
      for (const check of modules.flatMap((m) => m.startupChecks ?? [])) reasons.push(...(await check(database)));
      if (reasons.length > 0) throw new StartupRefusedError(reasons);
    }
    const jobProblems = checkJobDeclarations(modules);
    if (jobProblems.length > 0) throw new StartupRefusedError(jobProblems);
    const translator = createTranslator(modules.map((m) => m.messages));
    const outbox = createPlatformOutbox(settings, database, log);
    // With JOBS=0 this node runs no job: the outbox's retries and every schedule run on the node with JOBS=1.
    if (settings.jobs) {
      jobs = await startJobs(database, log);
      const anchor = anchorJobDeclaration({ chains: chainsOf(modules), translator, recipients: administratorsOf(modules) });
      await jobs.declare([...modules.flatMap((m) => m.jobs ?? []), anchor], { database, settings, outbox, log, now: () => new Date() });
      // A new installation gets its first anchor (and the administrators their first mail) now.
      if (!latestAnchor(settings.dataDir)) await jobs.send(ANCHOR_JOB, {}, { singletonKey: 'first-anchor' });
    }
    const app = await buildApp({ settings, database, translator, outbox, jobs, modules, logger: log });
    await app.listen({ port: settings.port, host: settings.host });
    // Domain events: a short poll keeps a subscriber's reaction close to the publisher's commit.
    events = createEventDispatcher(
      database,
      modules.flatMap((m) => m.subscriptions ?? []),
      log,
    );
    events.start(2000);
    const dispatcher = events;

    let stopping: Promise<void> | undefined;
    const db = database;
    const stop = (signal?: string) => {
      stopping ??= (async () => {
        log.info({ signal }, 'stopping');
        await app.close(); // stops accepting, waits for requests in flight
        await dispatcher.stop();
        await jobs?.stop();
        await db.close();
        lock?.release();
        log.info('stopped');
      })();
      return stopping;
    };
    return { app, database, url: `http://${settings.host}:${settings.port}`, stop };
  } catch (err) {
    await events?.stop().catch(() => {});
    await jobs?.stop().catch(() => {});
    await database?.close().catch(() => {});
    lock?.release();
    throw err;
  }
}
