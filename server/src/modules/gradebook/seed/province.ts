import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { classContext, subjectsOfClass } from '../../registry/public.ts';
import * as repo from '../repo.ts';
import { storeTermResults } from '../results/term-results.ts';
import { rulesetById } from '../rules/rulesets.ts';
import { rulesetOfSheet } from '../sheet-ruleset.ts';

/**
 * `--size province`: a school year of grade-book data for the synthetic province (≈ 400,000
 * students), written set-based in SQL, school batch by school batch. What is generated at which
 * level — honestly:
 *
 * - TERM LEVEL for every school: a LOCKED sheet for every class × subject of its grade × term
 *   (both terms), the stored `term_results` of every enrolled student (TT 22 score subjects: an
 *   ĐTBmhk around the student's own level, ≈ N(7.0, 1.1) plus a subject/term spread; comment
 *   subjects Đạt, ≈ 3 % Chưa đạt; TT 27 primary subjects HTT/HT/CHT, closer to the pupil's level), and the homeroom record
 *   `student_terms` (rèn luyện mostly Tốt, absences). For primary (TT 27) classes also what the
 *   year needs besides the subject levels: the end-of-term qualities and competences of both terms
 *   (`tt27_qualities`, mostly Tốt, ≈ 1 % Cần cố gắng) and the end-of-term test scores of the
 *   grade's tested subjects (integer `test` cells, consistent with the subject's level). NO other
 *   cells: 400,000 students × 12 subjects ×
 *   2 terms × 5–6 slots ≈ 57 M mark rows is too heavy for this machine; the year-end computation
 *   reads term_results, which is what a locked sheet stores.
 * - CELL LEVEL for ONE school (the first lower-secondary school by code): every slot of every
 *   sheet (tx1…txN, gk, ck; Đ/CĐ for comment subjects), the term results then restated from the
 *   cells by storeTermResults (as the lock does), so the grid has province-size neighbours.
 * - Not generated: year results (that is the year-end job, results/province-year.ts, timed by the
 *   `gradebook-year-end` benchmark), remarks, change history, transcripts.
 *
 * Deterministic: the values come from hashtext() of the ids and the seed (the ids themselves are
 * random UUIDs made by the registry's generator). Idempotent: a class that already has sheets for
 * the year is skipped; rows are inserted with ON CONFLICT DO NOTHING.
 */
export interface ProvinceGradebookCounts {
  schools: number;
  sheets: number;
  termResults: number;
  studentTerms: number;
  tt27Qualities: number;
  tt27Tests: number;
  cells: number;
  cellSchool: string | null;
  ms: number;
}

/** Runs an INSERT (a plain one, or a WITH … INSERT) and answers how many rows it wrote. */
async function count(tx: Tx, insert: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`WITH written AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM written`);
  return rows[0]?.n ?? 0;
}

/** A uniform draw in [0, 1) from the hash of a text (SQL). */
const u = (expr: ReturnType<typeof sql>) => sql`((hashtext(${expr}) & 2147483647)::float8 / 2147483648.0)`;

/** The subjects of each grade (catalogue periods, the same for every school here: generated schools set none of their own). */
async function subjectPlan(tx: Tx, startYear: number) {
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT DISTINCT ON (c.grade_no) c.id FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id
    WHERE y.start_year = ${startYear} ORDER BY c.grade_no, c.id`);
  const plan: Array<{ grade_no: number; subject_code: string; assessment: string; ruleset: string; required_regular: number | null }> = [];
  for (const { id } of rows) {
    const ctx = (await classContext(tx, id))!;
    for (const s of await subjectsOfClass(tx, ctx)) {
      plan.push({
        grade_no: ctx.gradeNo,
        subject_code: s.code,
        assessment: s.assessment,
        ruleset: rulesetOfSheet(startYear, ctx.gradeNo),
        required_regular: s.requiredRegular,
      });
    }
  }
  return plan;
}

/** A PostgreSQL text-array literal of plain codes (letters, digits, underscores). */
const pgTextArray = (codes: readonly string[]) => `{${codes.join(',')}}`;

/** The TT 27 items of the year's primary classes: quality and competence codes, tested subjects per grade. */
function tt27Plan(plan: ReadonlyArray<{ grade_no: number; subject_code: string; assessment: string; ruleset: string }>) {
  const primary = plan.filter((p) => p.assessment === 'TT27');
  const id = primary[0]?.ruleset;
  if (!id) return null;
  const ruleset = rulesetById(id);
  if (ruleset.circular !== 'tt27') return null;
  const taught = new Set(primary.map((p) => `${p.grade_no}|${p.subject_code}`));
  const tests = Object.entries(ruleset.tests).flatMap(([grade, t]) =>
    t.endOfTerm.filter((code) => taught.has(`${grade}|${code}`)).map((code) => ({ grade_no: Number(grade), subject_code: code })),
  );
  return { qualities: Object.keys(ruleset.qualities), competences: Object.keys(ruleset.competences), tests };
}

export async function seedProvinceGradebook(
  tx: Tx,
  options: { seed: number; startYear?: number; schoolIds?: string[]; batch?: number; log?: (c: ProvinceGradebookCounts) => void },
): Promise<ProvinceGradebookCounts> {
  const started = performance.now();
  const startYear = options.startYear ?? 2026;
  const seed = String(options.seed);
  const plan = JSON.stringify(await subjectPlan(tx, startYear));
  const { rows: schools } = await tx.execute<{ id: string; level: string; code: string }>(sql`
    SELECT DISTINCT u.id::text, u.school_level AS level, u.code FROM org.units u JOIN registry.school_years y ON y.school_id = u.id AND y.start_year = ${startYear}
    WHERE u.type = 'school' ${options.schoolIds ? sql`AND u.id = ANY(${`{${options.schoolIds.join(',')}}`}::uuid[])` : sql``} ORDER BY u.code`);
  const counts: ProvinceGradebookCounts = {
    schools: 0,
    sheets: 0,
    termResults: 0,
    studentTerms: 0,
    tt27Qualities: 0,
    tt27Tests: 0,
    cells: 0,
    cellSchool: null,
    ms: 0,
  };
  const primary = tt27Plan(JSON.parse(plan) as Array<{ grade_no: number; subject_code: string; assessment: string; ruleset: string }>);
  const size = options.batch ?? 20;
  for (let i = 0; i < schools.length; i += size) {
    const ids = `{${schools
      .slice(i, i + size)
      .map((s) => s.id)
      .join(',')}}`;
    // Sheets: every class × subject of its grade × term, locked (skipped for a class that has sheets of the year).
    const sheets = await count(
      tx,
      sql`
      INSERT INTO gradebook.sheets (province_id, school_id, school_year_id, class_id, term_id, term_no, subject_code, grade_no, assessment, ruleset,
        required_regular, status, published_at, locked_at)
      SELECT c.province_id, c.school_id, c.school_year_id, c.id, t.id, t.no, p.subject_code, c.grade_no, p.assessment, p.ruleset, p.required_regular,
        'locked', t.ends_on::timestamptz, t.ends_on::timestamptz
      FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id AND y.start_year = ${startYear}
      JOIN registry.terms t ON t.school_year_id = c.school_year_id
      JOIN jsonb_to_recordset(${plan}::jsonb) AS p(grade_no smallint, subject_code text, assessment text, ruleset text, required_regular smallint) ON p.grade_no = c.grade_no
      WHERE c.school_id = ANY(${ids}::uuid[]) AND c.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM gradebook.sheets x WHERE x.class_id = c.id AND x.school_year_id = c.school_year_id)
      ON CONFLICT DO NOTHING`,
    );
    counts.sheets += sheets;
    // Term results: the student's level (sum of three uniforms ≈ normal) plus a subject-and-term spread, in tenths.
    const results = await count(
      tx,
      sql`
      WITH st AS (
        SELECT e.student_id, e.class_id,
          70 + 22 * (${u(sql`e.student_id::text || ${seed} || 'a'`)} + ${u(sql`e.student_id::text || ${seed} || 'b'`)} + ${u(sql`e.student_id::text || ${seed} || 'c'`)} - 1.5) AS ability
        FROM registry.enrolments e
        WHERE e.school_id = ANY(${ids}::uuid[]) AND e.start_year = ${startYear} AND e.status = 'enrolled'),
      v AS (
        SELECT s.id AS sheet_id, st.student_id, s.assessment,
          greatest(0, least(100, round(st.ability + 14 * (${u(sql`st.student_id::text || s.id::text`)} + ${u(sql`s.id::text || st.student_id::text`)} - 1))))::int AS t,
          -- a primary teacher's levels follow the pupil more closely than one secondary score does
          round(st.ability + 10 * (${u(sql`st.student_id::text || s.id::text`)} - 0.5))::int AS p,
          ${u(sql`s.id::text || ${seed} || st.student_id::text`)} AS x
        FROM st JOIN gradebook.sheets s ON s.class_id = st.class_id AND s.status = 'locked'
        WHERE NOT EXISTS (SELECT 1 FROM gradebook.term_results r WHERE r.sheet_id = s.id))
      INSERT INTO gradebook.term_results (sheet_id, student_id, result, tenths)
      SELECT sheet_id, student_id,
        CASE assessment
          WHEN 'NXDS' THEN (t / 10)::text || '.' || (t % 10)::text
          WHEN 'NX' THEN CASE WHEN x < 0.03 + greatest(0, 50 - t) / 100.0 THEN 'CD' ELSE 'D' END
          ELSE CASE WHEN p >= 75 THEN 'HTT' WHEN p >= 48 THEN 'HT' ELSE 'CHT' END END,
        CASE WHEN assessment = 'NXDS' THEN t END
      FROM v
      ON CONFLICT DO NOTHING`,
    );
    counts.termResults += results;
    // The homeroom record of each term: rèn luyện (≈ 70 % Tốt, 22 % Khá, 7 % Đạt, 1 % Chưa đạt), absences.
    const records = await count(
      tx,
      sql`
      INSERT INTO gradebook.student_terms (class_id, student_id, term_no, conduct, absences_excused, absences_unexcused)
      SELECT e.class_id, e.student_id, t.no,
        CASE WHEN x < 0.70 THEN 'T' WHEN x < 0.92 THEN 'K' WHEN x < 0.99 THEN 'D' ELSE 'CD' END,
        CASE WHEN y < 0.55 THEN 0 ELSE 1 + floor(y * 100)::int % 6 END,
        CASE WHEN y2 < 0.9 THEN 0 ELSE 1 + floor(y2 * 100)::int % 3 END
      FROM registry.enrolments e CROSS JOIN (VALUES (1), (2)) AS t(no)
      CROSS JOIN LATERAL (SELECT ${u(sql`e.student_id::text || ${seed} || t.no::text`)} AS x, ${u(sql`${seed} || e.student_id::text || t.no::text`)} AS y,
        ${u(sql`t.no::text || e.student_id::text || ${seed}`)} AS y2) r
      WHERE e.school_id = ANY(${ids}::uuid[]) AND e.start_year = ${startYear} AND e.status = 'enrolled'
      ON CONFLICT DO NOTHING`,
    );
    counts.studentTerms += records;
    if (primary) {
      // Qualities and competences at the end of each term (TT 27 Art. 6), one level per item around the pupil's own level.
      const items = (
        codes: readonly string[],
      ) => sql`(SELECT jsonb_object_agg(z.code, CASE WHEN z.v >= 66 THEN 'T' WHEN z.v >= 32 THEN 'D' ELSE 'C' END)
        FROM (SELECT code, st.ability + 30 * (${u(sql`st.student_id::text || t.no::text || code`)} - 0.5) AS v
          FROM unnest(${pgTextArray(codes)}::text[]) AS code) z)`;
      counts.tt27Qualities += await count(
        tx,
        sql`
        WITH st AS (
          SELECT e.student_id, e.class_id,
            70 + 22 * (${u(sql`e.student_id::text || ${seed} || 'a'`)} + ${u(sql`e.student_id::text || ${seed} || 'b'`)} + ${u(sql`e.student_id::text || ${seed} || 'c'`)} - 1.5) AS ability
          FROM registry.enrolments e
          WHERE e.school_id = ANY(${ids}::uuid[]) AND e.start_year = ${startYear} AND e.status = 'enrolled'
            AND EXISTS (SELECT 1 FROM gradebook.sheets s WHERE s.class_id = e.class_id AND s.assessment = 'TT27'))
        INSERT INTO gradebook.tt27_qualities (class_id, student_id, term_no, point, qualities, competences)
        SELECT st.class_id, st.student_id, t.no, 'ck', ${items(primary.qualities)}, ${items(primary.competences)}
        FROM st CROSS JOIN (VALUES (1), (2)) AS t(no)
        ON CONFLICT DO NOTHING`,
      );
      // End-of-term tests (Art. 7): an integer score within what the subject's level implies (HTT 7–10, HT 5–7, CHT 3–4).
      counts.tt27Tests += await count(
        tx,
        sql`
        INSERT INTO gradebook.marks (sheet_id, student_id, slot, score)
        SELECT r.sheet_id, r.student_id, 'test',
          greatest(1, least(10, CASE r.result WHEN 'HTT' THEN 7 WHEN 'HT' THEN 5 ELSE 3 END
            + floor(${u(sql`r.sheet_id::text || r.student_id::text || ${seed}`)} * CASE r.result WHEN 'HTT' THEN 4 WHEN 'HT' THEN 3 ELSE 2 END)))::numeric(3, 1)
        FROM gradebook.sheets s JOIN gradebook.term_results r ON r.sheet_id = s.id
        JOIN jsonb_to_recordset(${JSON.stringify(primary.tests)}::jsonb) AS x(grade_no smallint, subject_code text)
          ON x.grade_no = s.grade_no AND x.subject_code = s.subject_code
        JOIN registry.school_years y ON y.id = s.school_year_id AND y.start_year = ${startYear}
        WHERE s.school_id = ANY(${ids}::uuid[]) AND s.assessment = 'TT27' AND r.result IS NOT NULL
        ON CONFLICT DO NOTHING`,
      );
    }
    counts.schools += Math.min(size, schools.length - i);
    options.log?.({ ...counts, ms: Math.round(performance.now() - started) });
  }
  const cellSchool = schools.find((s) => s.level === 'thcs') ?? schools[0];
  if (cellSchool) {
    counts.cellSchool = cellSchool.code;
    counts.cells = await seedCells(tx, cellSchool.id, startYear, seed);
  }
  counts.ms = Math.round(performance.now() - started);
  return counts;
}

/**
 * Every cell of every sheet of one school, consistent with a student's level, then the term
 * results restated from the cells (as the lock does). Skipped when the school already has cells.
 */
async function seedCells(tx: Tx, schoolId: string, startYear: number, seed: string): Promise<number> {
  const { rows: has } = await tx.execute(
    sql`SELECT 1 FROM gradebook.marks m JOIN gradebook.sheets s ON s.id = m.sheet_id WHERE s.school_id = ${schoolId} LIMIT 1`,
  );
  if (has.length) return 0;
  const made = await count(
    tx,
    sql`
    WITH slots AS (
      SELECT s.id AS sheet_id, s.class_id, s.assessment, slot, CASE WHEN slot LIKE 'tx%' THEN 5 ELSE 1 END AS step
      FROM gradebook.sheets s JOIN registry.school_years y ON y.id = s.school_year_id AND y.start_year = ${startYear}
      CROSS JOIN LATERAL (SELECT 'tx' || n AS slot FROM generate_series(1, CASE WHEN s.assessment = 'NX' THEN 2 ELSE coalesce(s.required_regular, 2) END) n
        UNION ALL SELECT 'gk' UNION ALL SELECT 'ck') sl
      WHERE s.school_id = ${schoolId} AND s.assessment IN ('NXDS', 'NX')),
    st AS (
      SELECT e.student_id, e.class_id,
        70 + 22 * (${u(sql`e.student_id::text || ${seed} || 'a'`)} + ${u(sql`e.student_id::text || ${seed} || 'b'`)} + ${u(sql`e.student_id::text || ${seed} || 'c'`)} - 1.5) AS ability
      FROM registry.enrolments e WHERE e.school_id = ${schoolId} AND e.start_year = ${startYear} AND e.status = 'enrolled')
    INSERT INTO gradebook.marks (sheet_id, student_id, slot, score, level)
    SELECT sl.sheet_id, st.student_id, sl.slot,
      CASE WHEN sl.assessment = 'NXDS' THEN (greatest(0, least(100, round((st.ability + 18 * (
        ${u(sql`sl.sheet_id::text || st.student_id::text || sl.slot`)} + ${u(sql`sl.slot || st.student_id::text || sl.sheet_id::text`)} - 1))
        / sl.step) * sl.step)) / 10.0)::numeric(3, 1) END,
      CASE WHEN sl.assessment = 'NX' THEN CASE WHEN ${u(sql`sl.slot || sl.sheet_id::text || st.student_id::text`)} < 0.015 THEN 'CD' ELSE 'D' END END
    FROM slots sl JOIN st ON st.class_id = sl.class_id
    ON CONFLICT DO NOTHING`,
  );
  const { rows: sheetIds } = await tx.execute<{ id: string }>(
    sql`SELECT id FROM gradebook.sheets WHERE school_id = ${schoolId} AND assessment IN ('NXDS', 'NX')`,
  );
  for (const { id } of sheetIds) await storeTermResults(tx, (await repo.findSheetById(tx, id))!);
  return made;
}

export const provinceGradebookStep: SeedStep = {
  id: 'gradebook.province',
  // 2: primary qualities, competences and end-of-term tests (the TT 27 year-end)
  version: 2,
  phase: 30,
  async run({ tx, size, seed, log }) {
    if (size !== 'province') return;
    const counts = await seedProvinceGradebook(tx, { seed, log: (c) => log.info(c, 'gradebook province seed: progress') });
    const { schools: _, cellSchool: __, ms: ___, ...written } = counts;
    const rows = Object.values(written).reduce((a, b) => a + b, 0);
    await recordAudit(tx, systemActor('seed'), {
      action: 'gradebook.seed',
      entityType: 'gradebook.sheet',
      bulk: { counts: written, source: `seed:${size}:${seed}` },
    });
    log.info({ ...counts, rows, rowsPerSecond: Math.round(rows / (counts.ms / 1000)) }, 'gradebook province data seeded');
  },
};
