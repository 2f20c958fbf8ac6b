import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { orderSeedSteps, runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { createRng } from '../../../platform/seed/names.ts';
import { demoAccountsStep } from '../../identity/seed/demo-accounts.ts';
import { orgTreeStep } from '../../org/seed/steps.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { checkFacilities, checkProfile, facilitiesTotals, normalisePhone } from '../rules/school.ts';
import { demoRegistryStep } from '../seed/demo.ts';
import { generateFacilities, schoolProfileSeedStep } from '../seed/school.ts';

describe('generated facilities', () => {
  it('always pass the facilities rules, and difficult areas have more temporary rooms and less equipment', () => {
    const rng = createRng(11);
    const sums = { none: { temp: 0, rooms: 0, missing: 0, water: 0 }, dac_biet_kho_khan: { temp: 0, rooms: 0, missing: 0, water: 0 } };
    for (let i = 0; i < 2000; i++) {
      const level = rng.pick(['mam_non', 'tieu_hoc', 'thcs', 'thpt', 'lien_cap', 'gdtx', 'lien_cap_thpt']);
      const area = i % 2 ? 'none' : 'dac_biet_kho_khan';
      const f = generateFacilities(rng, level, 5 + rng.int(30), area);
      expect(checkFacilities(f, gradesOfLevel(level))).toEqual([]);
      const t = facilitiesTotals(f);
      const s = sums[area];
      s.temp += f.classroomsTemporary;
      s.rooms += t.classrooms;
      s.missing += t.equipmentMissing;
      s.water += f.cleanWater ? 1 : 0;
    }
    expect(sums.dac_biet_kho_khan.temp / sums.dac_biet_kho_khan.rooms).toBeGreaterThan(3 * (sums.none.temp / sums.none.rooms));
    expect(sums.dac_biet_kho_khan.missing).toBeGreaterThan(sums.none.missing);
    expect(sums.dac_biet_kho_khan.water).toBeLessThan(sums.none.water);
  });
});

describe('school profile seed', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());
  const log = createLogger({ logLevel: 'silent' });
  const one = async <T>(q: string) => (await database.db.execute(sql.raw(q))).rows[0] as T;

  it('gives every school a valid profile and 2026 facilities, the demo principal linked; idempotent', { timeout: 180_000 }, async () => {
    const steps = orderSeedSteps([orgTreeStep, demoAccountsStep, demoRegistryStep, schoolProfileSeedStep]);
    await runSeedPipeline(database, steps, { size: 'demo', log });
    const counts = await one<{ schools: number; profiles: number; facilities: number; sites: number; difficult: number }>(`SELECT
      (SELECT count(*)::int FROM org.units WHERE type = 'school' AND status = 'active') AS schools,
      (SELECT count(*)::int FROM registry.school_profiles) AS profiles,
      (SELECT count(*)::int FROM registry.school_facilities WHERE start_year = 2026) AS facilities,
      (SELECT count(*)::int FROM registry.school_sites) AS sites,
      (SELECT count(*)::int FROM registry.school_profiles WHERE difficult_area <> 'none') AS difficult`);
    expect(counts.schools).toBeGreaterThan(0);
    expect(counts.profiles).toBe(counts.schools);
    expect(counts.facilities).toBe(counts.schools);
    expect(counts.sites).toBeGreaterThan(0);
    expect(counts.difficult).toBeGreaterThan(0);
    const linked = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM registry.school_profiles p JOIN identity.users u ON u.id = p.principal_user_id WHERE u.username = 'hieutruong'`,
    );
    expect(linked.n).toBe(1);
    const sample = (
      await database.db.execute(sql`SELECT national_standard AS "nationalStandard", national_standard_on::text AS "nationalStandardOn",
      accreditation_level AS "accreditationLevel", accredited_on::text AS "accreditedOn", principal_user_id AS "principalUserId", principal_name AS "principalName",
      phone, email, website, founded_year AS "foundedYear" FROM registry.school_profiles ORDER BY school_id LIMIT 300`)
    ).rows as unknown as Parameters<typeof checkProfile>[0][];
    for (const p of sample) {
      expect(checkProfile(p, '2026-11-28')).toEqual([]);
      expect(normalisePhone(p.phone!)).toBe(p.phone);
    }
    // Classrooms follow the registry's classes where it has them.
    const demo = await one<{ classes: number; rooms: number }>(`SELECT
      (SELECT count(*)::int FROM registry.classes c JOIN org.units u ON u.id = c.school_id JOIN identity.grants g ON g.unit_id = u.id JOIN identity.users us ON us.id = g.user_id WHERE us.username = 'hieutruong') AS classes,
      (SELECT classrooms_solid + classrooms_semi_solid + classrooms_temporary FROM registry.school_facilities f JOIN identity.grants g ON g.unit_id = f.school_id JOIN identity.users us ON us.id = g.user_id WHERE us.username = 'hieutruong') AS rooms`);
    expect(demo.rooms).toBeGreaterThanOrEqual(demo.classes);
    expect(demo.rooms).toBeLessThanOrEqual(Math.ceil(demo.classes * 1.1) + 1);
    await runSeedPipeline(database, [{ ...schoolProfileSeedStep, version: 2 }], { size: 'demo', log });
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM registry.school_sites')).n).toBe(counts.sites);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM registry.school_facilities')).n).toBe(counts.facilities);
  });
});
