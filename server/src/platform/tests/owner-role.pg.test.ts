import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../../modules.ts';
import { verifyChains } from '../audit-chain.ts';
import { chainsOf } from '../audit-chains.ts';
import { recordAudit, systemActor } from '../audit.ts';
import { prepareDatabase } from '../boot.ts';
import { type Database, openPostgres } from '../db/database.ts';
import { startJobs } from '../jobs/jobs.ts';
import { createLogger } from '../logger.ts';

/**
 * PostgreSQL only (collected when DATABASE_URL is set, as in CI's server run): the app runs as a
 * role that owns no table (MIGRATION_DATABASE_URL migrates as the owner), and that role cannot
 * switch the append-only and chain triggers off by any of the ways an owner or superuser can.
 */
const serverUrl = process.env.DATABASE_URL!;
const tag = randomBytes(5).toString('hex');
const appRole = `gds_app_${tag}`;
const dbName = `gds_owner_${tag}`;
const password = randomBytes(16).toString('hex');
let admin: pg.Client;
let app: Database;

const urlFor = (user: string | undefined, pass: string | undefined) => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  if (user) {
    u.username = user;
    u.password = pass ?? '';
  }
  return u.toString();
};

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE ROLE ${appRole} LOGIN PASSWORD '${password}'`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  app = openPostgres(urlFor(appRole, password), 3);
  await prepareDatabase(app, modules, urlFor(undefined, undefined));
});

afterAll(async () => {
  await app?.close();
  // FORCE ends the app role's last connections (pg-boss closes its own lazily): as a member of it.
  await admin.query(`GRANT ${appRole} TO CURRENT_USER`);
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`DROP ROLE IF EXISTS ${appRole}`);
  await admin.end();
});

describe('the app as a role that owns no table (MIGRATION_DATABASE_URL)', () => {
  it('cannot disable a trigger, drop it, replace its function, or set session_replication_role', async () => {
    const refused = [
      'ALTER TABLE platform.audit_events DISABLE TRIGGER audit_events_append_only',
      'ALTER TABLE platform.audit_events DISABLE TRIGGER USER',
      'ALTER TABLE gradebook.mark_changes DISABLE TRIGGER mark_changes_chain',
      'DROP TRIGGER audit_events_chain ON platform.audit_events',
      "CREATE OR REPLACE FUNCTION platform.chain_link(prev text, seq bigint, stream text, payload text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$",
      'SET session_replication_role = replica',
      'UPDATE platform.audit_events SET reason = $$x$$',
      'DELETE FROM gradebook.mark_changes',
      'TRUNCATE platform.audit_events',
    ];
    for (const statement of refused) {
      await expect(app.query(statement), statement).rejects.toMatchObject({ code: '42501' });
    }
    const [owner] = await app.query<{ owner: string }>(
      "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'platform' AND tablename = 'audit_events'",
    );
    expect(owner!.owner).not.toBe(appRole);
  });

  it('still writes chained audit entries and runs jobs (pg-boss installed by the owner)', async () => {
    await app.db.transaction(async (tx) =>
      recordAudit(tx as never, systemActor('owner-role-test'), { action: 'test.owner.write', entityType: 'test', orgUnitId: null }),
    );
    expect((await verifyChains(app, chainsOf(modules))).ok).toBe(true);
    const jobs = await startJobs(app, createLogger({ logLevel: 'silent' }));
    try {
      // A new queue is a partition table: made through the owner's create_queue.
      expect(await jobs.send(`test.owner.${tag}`, { n: 1 })).toBeTruthy();
    } finally {
      await jobs.stop();
    }
  });
});
