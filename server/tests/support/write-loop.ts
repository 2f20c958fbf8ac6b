/**
 * A child process for the crash-safety test (server/tests/lifecycle.test.ts). It opens the
 * database exactly as the server does (data-folder lock on the embedded database, open,
 * migrate), then:
 *
 *   write  <runId>   commits audit events as fast as it can, each in its own transaction, and
 *                    prints `committed <runId>:<n>` after each commit; the test kills it with
 *                    SIGKILL mid-stream. Stops by itself after WRITE_LOOP_MAX_MS (default 60 s).
 *   verify <runId>   prints `found <json array of ids>` of every event of that run.
 *
 * Settings come from the environment (loadSettings), like the server's.
 * Stdout is a pipe, and pipes are written synchronously on Linux, so every printed id had
 * committed before the line left the process.
 */
import { and, eq, like } from 'drizzle-orm';
import { modules } from '../../src/modules.ts';
import { recordAudit, systemActor } from '../../src/platform/audit.ts';
import { openDatabase, prepareDatabase } from '../../src/platform/boot.ts';
import { loadSettings } from '../../src/platform/config.ts';
import { acquireDataDirLock } from '../../src/platform/data-lock.ts';
import { auditEvents } from '../../src/platform/db/schema.ts';

const ENTITY_TYPE = 'lifecycle.write-loop';

async function main(): Promise<void> {
  const [mode, runId] = process.argv.slice(2);
  if ((mode !== 'write' && mode !== 'verify') || !runId) {
    throw new Error('usage: write-loop.ts write|verify <runId>');
  }
  const settings = loadSettings();
  const lock = settings.databaseUrl ? undefined : acquireDataDirLock(settings.dataDir);
  if (lock?.recoveredStale) process.stdout.write('recovered-stale-lock\n');
  const database = await openDatabase(settings);
  try {
    if (mode === 'verify') {
      // The folder was migrated by the writer and the server; verify only reads.
      const rows = await database.db
        .select({ id: auditEvents.entityId })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityType, ENTITY_TYPE), like(auditEvents.entityId, `${runId}:%`)));
      process.stdout.write(`found ${JSON.stringify(rows.map((r) => r.id))}\n`);
      return;
    }
    await prepareDatabase(database, modules);
    process.stdout.write('ready\n');
    const actor = systemActor('lifecycle-write-loop');
    const until = Date.now() + Number(process.env.WRITE_LOOP_MAX_MS ?? 60_000);
    for (let n = 1; Date.now() < until; n++) {
      const id = `${runId}:${n}`;
      await database.db.transaction(async (tx) => {
        await recordAudit(tx, actor, {
          action: 'platform.lifecycle.write',
          entityType: ENTITY_TYPE,
          entityId: id,
          after: { n, at: new Date().toISOString() },
        });
      });
      process.stdout.write(`committed ${id}\n`);
    }
  } finally {
    await database.close();
    lock?.release();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`write-loop: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
