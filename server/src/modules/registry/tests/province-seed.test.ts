import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { orgTreeStep } from '../../org/seed/steps.ts';
import { validateCccd } from '../rules/cccd.ts';
import { seedProvinceStudents } from '../seed/province.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await runSeedPipeline(database, [orgTreeStep], { size: 'demo', log: createLogger({ logLevel: 'silent' }) });
});
afterAll(async () => database.close());
const rows = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[];

describe('registry province generator', () => {
  it('builds classes by level and size, students with ages by grade, valid CCCDs, the sex ratio and shared guardians; idempotent', {
    timeout: 120_000,
  }, async () => {
    const schools = await rows<{
      id: string;
      level: string;
    }>(sql`SELECT DISTINCT ON (school_level) id::text, school_level AS level FROM org.units
      WHERE type = 'school' AND school_level IN ('tieu_hoc', 'thcs') ORDER BY school_level, code`);
    expect(schools.map((s) => s.level).sort()).toEqual(['thcs', 'tieu_hoc']);
    const ids = schools.map((s) => s.id);
    const counts = await database.db.transaction((tx) => seedProvinceStudents(tx as unknown as Tx, { seed: 7, schoolIds: ids }));
    expect(counts.schools).toBe(2);

    const classes = await rows<{
      grade: number;
      n: number;
      min: number;
      max: number;
    }>(sql`SELECT c.grade_no AS grade, count(DISTINCT c.id)::int AS n,
        min(k.size)::int AS min, max(k.size)::int AS max
      FROM registry.classes c JOIN (SELECT class_id, count(*) AS size FROM registry.enrolments GROUP BY class_id) k ON k.class_id = c.id
      WHERE c.school_id = ANY(${`{${ids.join(',')}}`}::uuid[]) GROUP BY c.grade_no ORDER BY c.grade_no`);
    expect(classes.map((c) => c.grade)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const c of classes) {
      expect(c.n).toBeGreaterThanOrEqual(c.grade <= 5 ? 3 : 4);
      expect(c.min).toBeGreaterThanOrEqual(c.grade <= 5 ? 31 : 36);
      expect(c.max).toBeLessThanOrEqual(c.grade <= 5 ? 36 : 44);
    }

    const [facts] = await rows<{
      students: number;
      enrolled: number;
      boys: number;
      kinh: number;
      codes: string[];
      events: number;
    }>(sql`SELECT count(*)::int AS students,
        (SELECT count(*)::int FROM registry.enrolments e WHERE e.school_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND e.start_year = 2026 AND e.status = 'enrolled') AS enrolled,
        (SELECT count(*)::int FROM registry.enrolment_events e WHERE e.school_id = ANY(${`{${ids.join(',')}}`}::uuid[])) AS events,
        count(*) FILTER (WHERE sex = 'male')::int AS boys, count(*) FILTER (WHERE ethnicity_code = '01')::int AS kinh,
        array_agg(DISTINCT ethnicity_code ORDER BY ethnicity_code) AS codes
      FROM registry.students WHERE school_id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
    expect(facts!.students).toBe(counts.students);
    expect(facts!.enrolled).toBe(counts.students);
    expect(facts!.events).toBe(counts.students);
    expect(facts!.boys / facts!.students).toBeGreaterThan(0.47);
    expect(facts!.boys / facts!.students).toBeLessThan(0.55);
    expect(facts!.kinh / facts!.students).toBeGreaterThan(0.84);
    expect(facts!.kinh / facts!.students).toBeLessThan(0.93);
    expect(facts!.codes.length).toBeGreaterThan(3);

    // ages by grade: born in 2020 for grade 1 of 2026–2027 (a few a year older), 2012 for grade 9
    const ages = await rows<{
      grade: number;
      year: number;
      n: number;
    }>(sql`SELECT e.grade_no AS grade, extract(year FROM s.date_of_birth)::int AS year, count(*)::int AS n
      FROM registry.students s JOIN registry.enrolments e ON e.student_id = s.id WHERE s.school_id = ANY(${`{${ids.join(',')}}`}::uuid[]) GROUP BY 1, 2`);
    for (const a of ages) expect([2026 - 5 - a.grade, 2026 - 6 - a.grade]).toContain(a.year);

    const people = await rows<{
      cccd: string;
      dob: string;
      sex: 'male' | 'female';
    }>(sql`SELECT cccd, date_of_birth::text AS dob, sex FROM registry.students
      WHERE school_id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
    for (const p of people) expect(validateCccd(p.cccd, { dateOfBirth: p.dob, sex: p.sex, currentYear: 2026 }).ok, p.cccd).toBe(true);
    expect(new Set(people.map((p) => p.cccd)).size).toBe(people.length);

    // siblings: guardians shared by several children, every child has two guardians
    const [g] = await rows<{ shared: number; without: number }>(sql`SELECT
      (SELECT count(*)::int FROM (SELECT guardian_id FROM registry.student_guardians GROUP BY guardian_id HAVING count(*) > 1) x) AS shared,
      (SELECT count(*)::int FROM registry.students s WHERE s.school_id = ANY(${`{${ids.join(',')}}`}::uuid[])
        AND (SELECT count(*) FROM registry.student_guardians sg WHERE sg.student_id = s.id) <> 2) AS without`);
    expect(g!.shared).toBeGreaterThan(counts.students * 0.05);
    expect(g!.without).toBe(0);

    const again = await database.db.transaction((tx) => seedProvinceStudents(tx as unknown as Tx, { seed: 7, schoolIds: ids }));
    expect(again.students).toBe(0);
  });
});
