import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { orderSeedSteps, runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { demoAccountsStep } from '../../identity/seed/demo-accounts.ts';
import { provinceMix } from '../../org/seed/plan.ts';
import { orgTreeStep } from '../../org/seed/steps.ts';
import { demoRegistryStep } from '../seed/demo.ts';
import { learnersPerTeacher, sexOfName, staffPlanOf, staffSeedStep, typicalLearners } from '../seed/staff.ts';
import { staffProblem } from '../staff/commands.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());
const log = createLogger({ logLevel: 'silent' });
const rows = async <T>(q: string) => (await database.db.execute(sql.raw(q))).rows as T[];

describe('staff seed', () => {
  it('staffs every demo school in proportion to its learners, with valid records, and ties the demo accounts to them', {
    timeout: 180_000,
  }, async () => {
    await runSeedPipeline(database, orderSeedSteps([orgTreeStep, demoAccountsStep, demoRegistryStep, staffSeedStep]), {
      size: 'demo',
      log,
    });
    const perSchool = await rows<{ level: string; learners: number; teachers: number; principals: number; total: number }>(`
      SELECT u.school_level AS level,
        (SELECT count(*)::int FROM registry.students s WHERE s.school_id = u.id) AS learners,
        count(*) FILTER (WHERE st.position IN ('teacher', 'head_of_group', 'deputy_head_of_group'))::int AS teachers,
        count(*) FILTER (WHERE st.position = 'principal')::int AS principals, count(st.id)::int AS total
      FROM org.units u LEFT JOIN registry.staff st ON st.school_id = u.id WHERE u.type = 'school' GROUP BY u.id`);
    expect(perSchool.length).toBeGreaterThan(20);
    for (const s of perSchool) {
      expect(s.principals).toBe(1);
      if (s.learners > 0) expect(Math.abs(s.learners / s.teachers - learnersPerTeacher[s.level]!)).toBeLessThan(3);
    }
    const all = await rows<{
      cccd: string;
      fullName: string;
      sex: 'male' | 'female';
      dateOfBirth: string;
      joinedSectorOn: string;
      joinedSchoolOn: string;
      partyMember: boolean;
      partyJoinedOn: string | null;
      staffCode: string;
    }>(`
      SELECT cccd, full_name AS "fullName", sex, date_of_birth::text AS "dateOfBirth", joined_sector_on::text AS "joinedSectorOn",
        joined_school_on::text AS "joinedSchoolOn", party_member AS "partyMember", party_joined_on::text AS "partyJoinedOn", staff_code AS "staffCode"
      FROM registry.staff`);
    const today = new Date().toISOString().slice(0, 10);
    for (const s of all) expect(staffProblem(s, today), JSON.stringify(s)).toBeNull();
    const linked = await rows<{
      username: string;
      position: string;
      fullName: string;
      displayName: string;
      subjects: string[];
      schoolId: string;
      homeId: string;
    }>(`
      SELECT u.username, st.position, st.full_name AS "fullName", u.display_name AS "displayName", st.subjects, st.school_id::text AS "schoolId", u.home_unit_id::text AS "homeId"
      FROM registry.staff st JOIN identity.users u ON u.id = st.user_id ORDER BY u.username`);
    const by = Object.fromEntries(linked.map((l) => [l.username, l]));
    expect(by.hieutruong).toMatchObject({ position: 'principal', fullName: 'Phạm Thị Lan' });
    expect(by.vanphong).toMatchObject({ position: 'staff', fullName: 'Hoàng Thị Hương' });
    expect(by.giaovien).toMatchObject({ position: expect.stringMatching(/^(teacher|head_of_group|deputy_head_of_group)$/) });
    expect(by.gvcn).toMatchObject({ position: expect.stringMatching(/^(teacher|head_of_group|deputy_head_of_group)$/) });
    expect(by.giaovien?.subjects).toContain('TOAN');
    expect(by.gvcn?.subjects).toContain('NGU_VAN');
    expect(by.giaovien2).toBeDefined();
    for (const l of linked) expect(l.schoolId).toBe(l.homeId);
    // Re-running the step leaves staffed schools alone.
    const before = all.length;
    await database.db.transaction(async (tx) => staffSeedStep.run({ tx: tx as unknown as Tx, size: 'demo', seed: 20250701, log }));
    expect((await rows<{ n: number }>('SELECT count(*)::int AS n FROM registry.staff'))[0]!.n).toBe(before);
  });

  it('plans about 25,000 staff for a province of typical schools', () => {
    let total = 0;
    for (const [level, schools] of Object.entries(provinceMix)) {
      const p = staffPlanOf(level, typicalLearners[level]!);
      total += schools * (1 + p.vice + p.office + p.teachers);
    }
    expect(total).toBeGreaterThan(22_000);
    expect(total).toBeLessThan(28_000);
  });

  it('reads the sex a Vietnamese name suggests', () => {
    expect(sexOfName('Phạm Thị Lan')).toBe('female');
    expect(sexOfName('Vũ Minh Tuấn')).toBe('male');
    expect(sexOfName('Bùi Quang Huy')).toBe('male');
    expect(sexOfName('Đặng Thu Hà')).toBe('female');
  });
});
