/**
 * A child process for the killed-import test (server/tests/import-kill.test.ts). It opens the
 * database exactly as the server does (data-folder lock on the embedded database, open, migrate)
 * and prints one JSON line:
 *
 *   prepare <name>
 *             a province tree and a principal of its school A with a session:
 *             `fixture {"schoolId", "headers"}`; the test then drives the real server over HTTP.
 *             And a hold: inserting a student called <name> sleeps for ten minutes, so a commit
 *             that reaches that row stays in the middle of its transaction until it is killed.
 *   release   drops the hold.
 *   count <tag>
 *             what the database holds of the rows whose names carry <tag>, read directly (not
 *             through the server under test): `count {"students", "enrolments", "guardians", "audits"}`.
 *
 * Settings come from the environment (loadSettings), like the server's.
 */
import { modules } from '../../src/modules.ts';
import { createTestTree, signIn } from '../../src/modules/identity/tests/factories.ts';
import { openDatabase, prepareDatabase } from '../../src/platform/boot.ts';
import { loadSettings } from '../../src/platform/config.ts';
import { acquireDataDirLock } from '../../src/platform/data-lock.ts';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function main(): Promise<void> {
  const [mode, tag] = process.argv.slice(2);
  if (!(mode === 'prepare' && tag) && !(mode === 'count' && tag) && mode !== 'release') {
    throw new Error('usage: import-fixture.ts prepare <name> | count <tag> | release');
  }
  const settings = loadSettings();
  const lock = settings.databaseUrl ? undefined : acquireDataDirLock(settings.dataDir);
  const database = await openDatabase(settings);
  try {
    if (mode === 'prepare') {
      await prepareDatabase(database, modules);
      const tree = await createTestTree(database);
      const principal = await signIn(undefined, database, { roleKey: 'principal', unitId: tree.schoolA });
      // A killed server leaves its backend in the hold's sleep, holding the transaction open; like
      // a production server should, the database checks for a client gone mid-query and rolls back.
      if (settings.databaseUrl)
        await database.query(
          `ALTER DATABASE ${new URL(settings.databaseUrl).pathname.slice(1)} SET client_connection_check_interval = '200ms'`,
        );
      await database.query(`CREATE FUNCTION registry.test_hold() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.full_name = ${quote(tag!)} THEN PERFORM pg_sleep(600); END IF; RETURN NEW; END $$`);
      await database.query(
        'CREATE TRIGGER test_hold BEFORE INSERT ON registry.students FOR EACH ROW EXECUTE FUNCTION registry.test_hold()',
      );
      process.stdout.write(`fixture ${JSON.stringify({ schoolId: tree.schoolA, headers: principal.headers })}\n`);
      return;
    }
    if (mode === 'release') {
      // waits for the killed commit's transaction to end (it holds a lock on the table)
      await database.query("SET lock_timeout = '30s'");
      await database.query('DROP TRIGGER test_hold ON registry.students');
      await database.query('DROP FUNCTION registry.test_hold()');
      process.stdout.write('released {}\n');
      return;
    }
    const like = `%${tag}%`;
    const [counts] = await database.query<{ students: number; enrolments: number; guardians: number; audits: number }>(
      `SELECT (SELECT count(*)::int FROM registry.students WHERE full_name LIKE $1) AS students,
        (SELECT count(*)::int FROM registry.enrolments e JOIN registry.students s ON s.id = e.student_id WHERE s.full_name LIKE $1) AS enrolments,
        (SELECT count(*)::int FROM registry.guardians WHERE full_name LIKE $1) AS guardians,
        (SELECT count(*)::int FROM platform.audit_events WHERE action = 'registry.student.import') AS audits`,
      [like],
    );
    process.stdout.write(`count ${JSON.stringify(counts)}\n`);
  } finally {
    await database.close();
    lock?.release();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
