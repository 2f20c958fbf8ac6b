import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { orderSeedSteps, runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { demoAccountsStep } from '../../identity/seed/demo-accounts.ts';
import { orgTreeStep } from '../../org/seed/steps.ts';
import { validateCccd } from '../rules/cccd.ts';
import { demoRegistryStep } from '../seed/demo.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());
const log = createLogger({ logLevel: 'silent' });
const one = async <T>(q: string) => (await database.db.execute(sql.raw(q))).rows[0] as T;

describe('registry demo seed', () => {
  it('gives every demo school a year, classes and students with valid CCCDs; the demo teachers get classes; idempotent', {
    timeout: 120_000,
  }, async () => {
    const steps = orderSeedSteps([orgTreeStep, demoAccountsStep, demoRegistryStep]);
    await runSeedPipeline(database, steps, { size: 'demo', log });
    const counts = await one<{ schools: number; years: number; classes: number; students: number }>(`SELECT
      (SELECT count(*)::int FROM org.units WHERE type = 'school' AND school_level <> 'mam_non') AS schools,
      (SELECT count(*)::int FROM registry.school_years WHERE start_year = 2026 AND status = 'current') AS years,
      (SELECT count(*)::int FROM registry.classes) AS classes,
      (SELECT count(*)::int FROM registry.students) AS students`);
    expect(counts.years).toBe(counts.schools);
    expect(counts.students / counts.classes).toBeGreaterThan(21);
    const sample = (
      await database.db.execute(sql`SELECT cccd, date_of_birth::text AS dob, sex FROM registry.students ORDER BY id LIMIT 200`)
    ).rows as { cccd: string; dob: string; sex: 'male' }[];
    for (const s of sample) expect(validateCccd(s.cccd, { dateOfBirth: s.dob, sex: s.sex, currentYear: 2026 }).ok, s.cccd).toBe(true);
    const siblings = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT guardian_id FROM registry.student_guardians GROUP BY guardian_id HAVING count(*) > 1) x`,
    );
    expect(siblings.n).toBeGreaterThan(0);
    const teachers = await one<{ taught: number; homeroom: number }>(`SELECT
      (SELECT count(*)::int FROM registry.teaching_assignments ta JOIN identity.users u ON u.id = ta.teacher_id WHERE u.username = 'giaovien') AS taught,
      (SELECT count(*)::int FROM registry.classes c JOIN identity.users u ON u.id = c.homeroom_teacher_id WHERE u.username = 'gvcn') AS homeroom`);
    expect(teachers).toEqual({ taught: 2, homeroom: 1 });
    await runSeedPipeline(database, steps, { size: 'demo', log });
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM registry.students')).n).toBe(counts.students);
  });
});
