import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../src/modules.ts';
import { demoAccounts } from '../src/modules/identity/seed/demo-accounts.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { orderSeedSteps, runSeedPipeline } from '../src/platform/seed/pipeline.ts';
import { createTestDatabase } from './support/test-db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const steps = orderSeedSteps(modules.flatMap((m) => m.seedSteps ?? []));
const log = createLogger({ logLevel: 'silent' });
const count = async (sql: string) => (await database.query<{ n: number }>(sql))[0]?.n ?? 0;

describe('the demo province seeded by npm start', () => {
  it('creates the tree before the accounts, one account per role with its grant', async () => {
    const report = await runSeedPipeline(database, steps, { size: 'demo', log });
    expect(report.applied.indexOf('identity.demo-accounts')).toBeGreaterThan(report.applied.indexOf('org.tree'));
    expect(report.applied.indexOf('org.tree')).toBeGreaterThanOrEqual(0);
    const users = await database.query<{ username: string; role: string; mfa: boolean }>(
      `SELECT u.username, r.key AS role, u.mfa_enabled_at IS NOT NULL AS mfa FROM identity.users u
       JOIN identity.grants g ON g.user_id = u.id JOIN identity.roles r ON r.id = g.role_id ORDER BY u.username`,
    );
    expect(users.map((u) => u.username).sort()).toEqual(demoAccounts.map((a) => a.username).sort());
    for (const a of demoAccounts) {
      expect(users.find((u) => u.username === a.username)).toMatchObject({ role: a.roleKey, mfa: !!a.totpSecret });
    }
    // The whole demo province: tree, accounts, school records, a term of marks, test certificates.
  }, 300_000);

  it('is idempotent: a second start changes nothing', async () => {
    const before =
      (await count('SELECT count(*)::int AS n FROM identity.users')) + (await count('SELECT count(*)::int AS n FROM org.units'));
    const report = await runSeedPipeline(database, steps, { size: 'demo', log });
    expect(report.applied).toEqual([]);
    const after =
      (await count('SELECT count(*)::int AS n FROM identity.users')) + (await count('SELECT count(*)::int AS n FROM org.units'));
    expect(after).toBe(before);
  }, 120_000);

  it('blocks a non-demo start while a published demo password remains', async () => {
    const checks = modules.flatMap((m) => m.startupChecks ?? []);
    const reasons = (await Promise.all(checks.map((c) => c(database)))).flat();
    expect(reasons.join('\n')).toMatch(/published demo password/);
    await database.exec('UPDATE identity.users SET demo_password = false');
    expect((await Promise.all(checks.map((c) => c(database)))).flat()).toEqual([]);
  });
});
