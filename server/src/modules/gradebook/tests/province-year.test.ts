import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { orgTreeStep } from '../../org/seed/steps.ts';
import { classContext } from '../../registry/public.ts';
import { seedProvinceStudents } from '../../registry/seed/province.ts';
import { loadClassResults, studentYear } from '../results/class-results.ts';
import { computeProvinceYear } from '../results/province-year.ts';
import { loadTt27, tt27StudentYear } from '../results/tt27-results.ts';
import { seedProvinceGradebook } from '../seed/province.ts';

let database: Database;
let schools: { id: string; level: string }[];
const rows = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[];

beforeAll(async () => {
  database = await createTestDatabase();
  await runSeedPipeline(database, [orgTreeStep], { size: 'demo', log: createLogger({ logLevel: 'silent' }) });
  schools = await rows(sql`SELECT DISTINCT ON (school_level) id::text, school_level AS level FROM org.units
    WHERE type = 'school' AND school_level IN ('tieu_hoc', 'thcs') ORDER BY school_level, code`);
  await database.db.transaction((tx) => seedProvinceStudents(tx as unknown as Tx, { seed: 7, schoolIds: schools.map((s) => s.id) }));
}, 240_000);
afterAll(async () => database.close());

describe('province grade-book generator and year-end computation', () => {
  it('writes locked sheets, term results and homeroom records for every class, cells for one school; idempotent', {
    timeout: 240_000,
  }, async () => {
    const ids = schools.map((s) => s.id);
    const counts = await database.db.transaction((tx) => seedProvinceGradebook(tx as unknown as Tx, { seed: 7, schoolIds: ids }));
    const [facts] = await rows<{
      enrolled: number;
      classes: number;
      sheets: number;
      open: number;
      results: number;
      records: number;
      avg: string;
      sd: string;
      cd: number;
      nx: number;
    }>(sql`SELECT
      (SELECT count(*)::int FROM registry.enrolments WHERE status = 'enrolled') AS enrolled,
      (SELECT count(*)::int FROM registry.classes) AS classes,
      (SELECT count(*)::int FROM gradebook.sheets) AS sheets,
      (SELECT count(*)::int FROM gradebook.sheets WHERE status <> 'locked') AS open,
      (SELECT count(*)::int FROM gradebook.term_results) AS results,
      (SELECT count(*)::int FROM gradebook.student_terms WHERE conduct IS NOT NULL) AS records,
      (SELECT round(avg(tenths) / 10, 1)::text FROM gradebook.term_results WHERE tenths IS NOT NULL) AS avg,
      (SELECT round(stddev(tenths) / 10, 1)::text FROM gradebook.term_results WHERE tenths IS NOT NULL) AS sd,
      (SELECT count(*)::int FROM gradebook.term_results r JOIN gradebook.sheets s ON s.id = r.sheet_id WHERE s.assessment = 'NX' AND r.result = 'CD') AS cd,
      (SELECT count(*)::int FROM gradebook.term_results r JOIN gradebook.sheets s ON s.id = r.sheet_id WHERE s.assessment = 'NX') AS nx`);
    expect(counts.sheets).toBe(facts!.sheets);
    expect(facts!.open).toBe(0);
    expect(facts!.records).toBe(facts!.enrolled * 2);
    expect(counts.termResults).toBe(facts!.results);
    expect(Number(facts!.avg)).toBeGreaterThan(6.5);
    expect(Number(facts!.avg)).toBeLessThan(7.5);
    expect(Number(facts!.sd)).toBeGreaterThan(0.8);
    expect(facts!.cd / facts!.nx).toBeLessThan(0.1);
    expect(facts!.cd).toBeGreaterThan(0);
    // Every sheet has one result per enrolled student of its class.
    const short = await rows(sql`SELECT s.id FROM gradebook.sheets s
      WHERE (SELECT count(*) FROM gradebook.term_results r WHERE r.sheet_id = s.id) <> (SELECT count(*) FROM registry.enrolments e WHERE e.class_id = s.class_id AND e.status = 'enrolled')`);
    expect(short).toEqual([]);
    // The cell-level school: its term results are what the cells give (restated by storeTermResults).
    expect(counts.cells).toBeGreaterThan(0);
    const [cellFacts] = await rows<{ withCells: number; pending: number }>(sql`SELECT count(DISTINCT s.school_id)::int AS "withCells",
      (SELECT count(*)::int FROM gradebook.term_results r JOIN gradebook.sheets x ON x.id = r.sheet_id WHERE x.assessment <> 'TT27' AND r.result IS NULL) AS pending
      FROM gradebook.marks m JOIN gradebook.sheets s ON s.id = m.sheet_id WHERE s.assessment <> 'TT27'`);
    expect(cellFacts).toEqual({ withCells: 1, pending: 0 });
    // Primary classes: end-of-term qualities and competences of both terms for every pupil, every item
    // of the ruleset; an integer test cell for every result of a tested subject, within its level's range.
    const [primary] = await rows<{
      pupils: number;
      qc: number;
      items: number;
      c: number;
      tested: number;
      tests: number;
      outOfRange: number;
    }>(sql`SELECT
      (SELECT count(*)::int FROM registry.enrolments WHERE status = 'enrolled' AND grade_no <= 5) AS pupils,
      (SELECT count(*)::int FROM gradebook.tt27_qualities WHERE point = 'ck') AS qc,
      (SELECT min((SELECT count(*) FROM jsonb_object_keys(qualities)) + (SELECT count(*) FROM jsonb_object_keys(competences)))::int FROM gradebook.tt27_qualities) AS items,
      (SELECT count(*)::int FROM gradebook.tt27_qualities q, jsonb_each_text(q.qualities || q.competences) e WHERE e.value = 'C') AS c,
      (SELECT count(*)::int FROM gradebook.term_results r JOIN gradebook.sheets s ON s.id = r.sheet_id
        WHERE s.assessment = 'TT27' AND s.subject_code IN ('TOAN', 'TIENG_VIET')) AS tested,
      (SELECT count(*)::int FROM gradebook.marks m JOIN gradebook.sheets s ON s.id = m.sheet_id
        WHERE s.assessment = 'TT27' AND m.slot = 'test' AND s.subject_code IN ('TOAN', 'TIENG_VIET')) AS tests,
      (SELECT count(*)::int FROM gradebook.marks m JOIN gradebook.term_results r ON r.sheet_id = m.sheet_id AND r.student_id = m.student_id
        WHERE m.slot = 'test' AND (m.score <> trunc(m.score) OR (r.result = 'HTT' AND m.score < 7) OR (r.result = 'HT' AND (m.score < 5 OR m.score > 7)) OR (r.result = 'CHT' AND m.score > 4))) AS "outOfRange"`);
    expect(primary!.pupils).toBeGreaterThan(0);
    expect(primary!.qc).toBe(primary!.pupils * 2);
    expect(counts.tt27Qualities).toBe(primary!.qc);
    expect(primary!.items).toBe(15);
    expect(primary!.c).toBeGreaterThan(0);
    expect(primary!.c / (primary!.qc * 15)).toBeLessThan(0.01);
    expect(primary!.tests).toBe(primary!.tested);
    expect(primary!.outOfRange).toBe(0);
    const again = await database.db.transaction((tx) => seedProvinceGradebook(tx as unknown as Tx, { seed: 7, schoolIds: ids }));
    expect(again).toMatchObject({ sheets: 0, termResults: 0, studentTerms: 0, tt27Qualities: 0, tt27Tests: 0, cells: 0 });
  });

  it('computes the year of every student from term results, the same as the class summary, TT 22 and TT 27 alike', {
    timeout: 240_000,
  }, async () => {
    const counts = await computeProvinceYear(database, { startYear: 2026, schoolsPerBatch: 1 });
    const [enrolled] = await rows<{ tt22: number; tt27: number }>(sql`SELECT count(*) FILTER (WHERE grade_no >= 6)::int AS tt22,
      count(*) FILTER (WHERE grade_no <= 5)::int AS tt27 FROM registry.enrolments WHERE status = 'enrolled'`);
    const all = enrolled!.tt22 + enrolled!.tt27;
    expect(counts).toMatchObject({ schools: 2, students: all, written: all, skipped: 0, pending: 0, errors: 0 });
    const [stored] = await rows<{
      n: number;
      draft: number;
      tt27: number;
    }>(sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'draft')::int AS draft,
      count(*) FILTER (WHERE circular = 'tt27')::int AS tt27 FROM gradebook.year_results`);
    expect(stored).toEqual({ n: all, draft: all, tt27: enrolled!.tt27 });
    // A primary class: the same year as its class summary (what the homeroom teacher finalises).
    const [primaryClass] = await rows<{ id: string }>(
      sql`SELECT c.id FROM registry.classes c WHERE c.grade_no = 4 ORDER BY c.name LIMIT 1`,
    );
    const pInput = await loadClassResults(database.db, (await classContext(database.db, primaryClass!.id))!);
    const pData = await loadTt27(database.db, pInput);
    const pStored = new Map(
      (
        await rows<{ studentId: string; detail: unknown; level: string; outcome: string; title: string | null }>(sql`
      SELECT student_id AS "studentId", detail, level, outcome, title FROM gradebook.year_results WHERE class_id = ${primaryClass!.id}`)
      ).map((r) => [r.studentId, r]),
    );
    expect(pInput.roster.length).toBeGreaterThan(20);
    expect(pStored.size).toBe(pInput.roster.length);
    for (const s of pInput.roster) {
      const expected = tt27StudentYear(pInput, pData, s.id, null).result!;
      expect(pStored.get(s.id)).toEqual({
        studentId: s.id,
        detail: JSON.parse(JSON.stringify(expected)),
        level: expected.overall,
        outcome: expected.outcome,
        title: expected.award,
      });
    }
    const levels = await rows<{ level: string; n: number }>(
      sql`SELECT level, count(*)::int AS n FROM gradebook.year_results WHERE circular = 'tt27' GROUP BY level`,
    );
    // a plausible spread: most pupils Hoàn thành, some Hoàn thành tốt or xuất sắc, few Chưa hoàn thành
    const share = (l: string) => (levels.find((x) => x.level === l)?.n ?? 0) / enrolled!.tt27;
    expect(share('HT')).toBeGreaterThan(0.5);
    expect(share('HTT') + share('HTXS')).toBeGreaterThan(0.1);
    expect(share('CHT')).toBeGreaterThan(0);
    expect(share('CHT')).toBeLessThan(0.08);
    // The same result as the homeroom teacher's class summary for a whole class.
    const [cls] = await rows<{ id: string }>(sql`SELECT c.id FROM registry.classes c WHERE c.grade_no = 7 ORDER BY c.name LIMIT 1`);
    const input = await loadClassResults(database.db, (await classContext(database.db, cls!.id))!);
    const byStudent = new Map(
      (
        await rows<{ studentId: string; detail: unknown }>(
          sql`SELECT student_id AS "studentId", detail FROM gradebook.year_results WHERE class_id = ${cls!.id}`,
        )
      ).map((r) => [r.studentId, r.detail]),
    );
    expect(byStudent.size).toBe(input.roster.length);
    for (const s of input.roster) expect(byStudent.get(s.id)).toEqual(JSON.parse(JSON.stringify(studentYear(input, s.id, null).result)));
    // A finalised row is never overwritten by the province job.
    const one = input.roster[0]!.id;
    await database.db.execute(sql`UPDATE gradebook.year_results SET status = 'final', outcome = 'X' WHERE student_id = ${one}`);
    await computeProvinceYear(database, { startYear: 2026 });
    expect((await rows<{ outcome: string }>(sql`SELECT outcome FROM gradebook.year_results WHERE student_id = ${one}`))[0]!.outcome).toBe(
      'X',
    );
  });
});
