/**
 * npm run audit:verify [-- --anchor]
 *
 * Recomputes every hash of the audit trail and of the grade-book cell history, checks the chain
 * heads, and compares them with the newest signed anchor under DATA_DIR/audit-anchors. Prints
 * what it found (and writes it where the status page reads it); exits 0 when every chain holds,
 * 1 when one is broken. `--anchor` also signs a new anchor, as the nightly job does (without the
 * e-mail). The embedded database is one process's: stop the server first, or read the nightly
 * result on the status page.
 */
import { parseArgs } from 'node:util';
import { checkChains, writeAnchor } from './platform/audit-anchor.ts';
import { chainsOf } from './platform/audit-chains.ts';
import { openDatabase } from './platform/boot.ts';
import { ConfigError, loadSettings } from './platform/config.ts';
import { acquireDataDirLock, DataDirLockedError } from './platform/data-lock.ts';
import { modules } from './modules.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { anchor: { type: 'boolean', default: false } } });
  const settings = loadSettings({ LOG_LEVEL: 'warn', DEMO: '0', SESSION_SECRET: 'x'.repeat(32), ...process.env });
  const lock = settings.databaseUrl ? undefined : acquireDataDirLock(settings.dataDir);
  const database = await openDatabase(settings);
  try {
    const chains = chainsOf(modules);
    const check = values.anchor
      ? (await writeAnchor(database, chains, settings.dataDir)).check
      : await checkChains(database, chains, settings.dataDir);
    const out = process.stdout;
    for (const c of check.chains) out.write(`${c.chain}: ${c.entries} entries in ${c.streams} streams, ${c.problems} problem(s)\n`);
    out.write(
      check.anchor
        ? `anchor ${check.anchor.file} of ${check.anchor.createdAt}: signature ${check.anchor.valid ? 'valid' : 'INVALID'}\n`
        : 'no signed anchor yet (the nightly job writes one)\n',
    );
    for (const p of check.problems) {
      out.write(
        `  BROKEN ${p.chain} stream ${p.stream}: ${p.kind}${p.seq === undefined ? '' : ` at #${p.seq}`}${p.id ? ` (entry ${p.id})` : ''}\n`,
      );
    }
    out.write(check.ok ? 'OK: every chain holds.\n' : 'FAILED: a chain is broken (see above).\n');
    return check.ok ? 0 : 1;
  } finally {
    await database.close();
    lock?.release();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof DataDirLockedError) {
      process.stderr.write(`\n${err.message}\n\n`);
      process.exit(2);
    }
    process.stderr.write(`\naudit:verify failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n\n`);
    process.exit(2);
  },
);
