import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { rulesetById } from '../rules/rulesets.ts';
import type { Tenths } from '../rules/tenths.ts';
import { computeTt22YearCore, type Tt22YearResult } from '../rules/tt22-year.ts';
import {
  type CommentResult,
  GradebookRuleError,
  type IntegerScore,
  type Missed,
  type Tt22Level,
  type Tt27QcLevel,
} from '../rules/types.ts';
import { tt27YearFromParts } from './tt27-results.ts';

/**
 * The year-end computation of a whole province (or some schools): for every student with term
 * results of locked sheets in the school year, the TT 22 year (ĐTBmcn, học tập and rèn luyện
 * levels, titles, promotion) by the class's ruleset, from the stored `term_results` and the
 * homeroom records `student_terms` — never from the cells; the same result as the class summary
 * (results/class-results.ts studentYear), subjects in the catalogue's order. Streams school batch by school batch
 * (one read statement, the pure rules in memory, multi-row writes of 2,000 students, two at a
 * time), reading the next batch while the current one is computed and written.
 *
 * Primary (TT 27) classes the same way: the HKII subject levels from `term_results`, the
 * end-of-year test scores (the `test` cells of the HKII sheets) and the end-of-year qualities and
 * competences (`tt27_qualities`, HKII cuối kì) → the overall result, award, completion and outcome
 * by `tt27YearFromParts`, the function the class summary uses.
 *
 * Results are written as `draft` (the province-wide preview and statistics before the homeroom
 * teachers finalise); a `final` row (finalised by the homeroom teacher, maybe after summer steps
 * or the support plan) is never overwritten. A student with a term result, a rèn luyện level, a
 * test or a quality missing is `pending` and gets no row.
 */
export interface ProvinceYearOptions {
  startYear: number;
  /** Restrict to these schools (default: every school with locked sheets of the year). */
  schoolIds?: readonly string[];
  provinceId?: string;
  /** Schools read per batch. */
  schoolsPerBatch?: number;
  /** Write statements in flight at once (separate connections on a server; PGlite serialises them). */
  writeConcurrency?: number;
  onProgress?: (p: ProvinceYearCounts) => void;
}

export interface ProvinceYearCounts {
  schools: number;
  students: number;
  written: number;
  pending: number;
  skipped: number;
  errors: number;
  readMs: number;
  computeMs: number;
  writeMs: number;
}

type StudentRow = {
  studentId: string;
  classId: string;
  schoolId: string;
  provinceId: string;
  schoolYearId: string;
  gradeNo: number;
  ruleset: string;
  /** "term|assessment|code|value;…" with value = tenths for scores, the result otherwise, '' when pending. */
  cells: string;
  c1: Tt22Level | null;
  c2: Tt22Level | null;
  absences: number;
};

const WRITE_CHUNK = 2000;

async function readBatch(
  database: Database,
  schoolIds: readonly string[],
  startYear: number,
): Promise<{ rows: StudentRow[]; primary: Tt27StudentRow[] }> {
  return database.db.transaction(async (tx) => {
    // The per-student aggregation sorts ≈ 24 rows per student: give it memory instead of temp files.
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    // Compiling the plan (JIT) cost more than running it on a batch of eight schools.
    if (database.kind === 'postgres') await tx.execute(sql`SET LOCAL jit = off`);
    const ids = `{${schoolIds.join(',')}}`;
    return { rows: await readStudents(tx, ids, startYear), primary: await readPrimaryStudents(tx, ids, startYear) };
  });
}

async function readStudents(q: Queryable, ids: string, startYear: number): Promise<StudentRow[]> {
  // Written so the plan is index lookups per sheet and per student (LATERAL with OFFSET 0, which the
  // planner may not flatten): joined plainly, it scanned all of term_results and student_terms for
  // every batch of eight schools (1.2 s a batch, measured).
  const { rows } = await q.execute<StudentRow>(sql`
    WITH sh AS MATERIALIZED (
      SELECT s.id, s.class_id, s.term_no, s.assessment, s.subject_code, s.ruleset
      FROM gradebook.sheets s JOIN registry.school_years y ON y.id = s.school_year_id AND y.start_year = ${startYear}
      WHERE s.school_id = ANY(${ids}::uuid[]) AND s.status = 'locked' AND s.assessment <> 'TT27'),
    r AS (
      SELECT tr.student_id, sh.class_id, min(sh.ruleset) AS ruleset,
        string_agg(sh.term_no::text || '|' || sh.assessment || '|' || sh.subject_code || '|' || coalesce(tr.tenths::text, tr.result, ''), ';') AS cells
      FROM sh CROSS JOIN LATERAL (SELECT t.student_id, t.tenths, t.result FROM gradebook.term_results t WHERE t.sheet_id = sh.id OFFSET 0) tr
      GROUP BY tr.student_id, sh.class_id)
    SELECT r.student_id AS "studentId", r.class_id AS "classId", c.school_id AS "schoolId", c.province_id AS "provinceId",
      c.school_year_id AS "schoolYearId", c.grade_no AS "gradeNo", r.ruleset, r.cells,
      t1.conduct AS c1, t2.conduct AS c2,
      (coalesce(t1.absences_excused + t1.absences_unexcused, 0) + coalesce(t2.absences_excused + t2.absences_unexcused, 0))::int AS absences
    FROM r JOIN registry.classes c ON c.id = r.class_id
    LEFT JOIN LATERAL (SELECT conduct, absences_excused, absences_unexcused FROM gradebook.student_terms t
      WHERE t.class_id = r.class_id AND t.student_id = r.student_id AND t.term_no = 1 OFFSET 0) t1 ON true
    LEFT JOIN LATERAL (SELECT conduct, absences_excused, absences_unexcused FROM gradebook.student_terms t
      WHERE t.class_id = r.class_id AND t.student_id = r.student_id AND t.term_no = 2 OFFSET 0) t2 ON true`);
  return rows;
}

/** A primary student's end-of-year parts, packed by the read statement. */
type Tt27StudentRow = Omit<StudentRow, 'cells' | 'c1' | 'c2'> & {
  /** HKII sheets of the class (one per subject) and the student's levels: "code|HTT;…" (empty level: not there). */
  sheets: number;
  levels: string;
  /** End-of-year tests: "code|9;…" ("M" missed). */
  tests: string | null;
  qualities: Record<string, Tt27QcLevel> | null;
  competences: Record<string, Tt27QcLevel> | null;
};

async function readPrimaryStudents(q: Queryable, ids: string, startYear: number): Promise<Tt27StudentRow[]> {
  // The same shape as readStudents: index lookups per HKII sheet (term results, test cells) and per student.
  const { rows } = await q.execute<Tt27StudentRow>(sql`
    WITH sh AS MATERIALIZED (
      SELECT s.id, s.class_id, s.subject_code, s.ruleset
      FROM gradebook.sheets s JOIN registry.school_years y ON y.id = s.school_year_id AND y.start_year = ${startYear}
      WHERE s.school_id = ANY(${ids}::uuid[]) AND s.status = 'locked' AND s.assessment = 'TT27' AND s.term_no = 2),
    n AS (SELECT class_id, count(*)::int AS sheets FROM sh GROUP BY class_id),
    r AS (
      SELECT tr.student_id, sh.class_id, min(sh.ruleset) AS ruleset, string_agg(sh.subject_code || '|' || coalesce(tr.result, ''), ';') AS levels
      FROM sh CROSS JOIN LATERAL (SELECT t.student_id, t.result FROM gradebook.term_results t WHERE t.sheet_id = sh.id OFFSET 0) tr
      GROUP BY tr.student_id, sh.class_id),
    tm AS (
      SELECT m.student_id, sh.class_id, string_agg(sh.subject_code || '|' || CASE WHEN m.missed THEN 'M' ELSE trunc(m.score)::text END, ';') AS tests
      FROM sh CROSS JOIN LATERAL (SELECT x.student_id, x.score, x.missed FROM gradebook.marks x WHERE x.sheet_id = sh.id AND x.slot = 'test' OFFSET 0) m
      GROUP BY m.student_id, sh.class_id)
    SELECT r.student_id AS "studentId", r.class_id AS "classId", c.school_id AS "schoolId", c.province_id AS "provinceId",
      c.school_year_id AS "schoolYearId", c.grade_no AS "gradeNo", r.ruleset, n.sheets, r.levels, tm.tests, qc.qualities, qc.competences,
      (SELECT coalesce(sum(t.absences_excused + t.absences_unexcused), 0)::int FROM gradebook.student_terms t
        WHERE t.class_id = r.class_id AND t.student_id = r.student_id) AS absences
    FROM r JOIN n ON n.class_id = r.class_id JOIN registry.classes c ON c.id = r.class_id
    LEFT JOIN tm ON tm.student_id = r.student_id AND tm.class_id = r.class_id
    LEFT JOIN LATERAL (SELECT q.qualities, q.competences FROM gradebook.tt27_qualities q
      WHERE q.class_id = r.class_id AND q.student_id = r.student_id AND q.term_no = 2 AND q.point = 'ck' OFFSET 0) qc ON true`);
  return rows;
}

/** A primary student's draft year from the packed parts (pure); null when something is missing. */
export function primaryYearFromParts(
  row: Pick<Tt27StudentRow, 'ruleset' | 'gradeNo' | 'sheets' | 'levels' | 'tests' | 'qualities' | 'competences'>,
) {
  const rules = rulesetById(row.ruleset);
  if (rules.circular !== 'tt27') return null;
  const levels = row.levels.split(';').map((part) => {
    const [code, level] = part.split('|') as [string, string];
    return [code, level === '' ? null : level] as const;
  });
  if (levels.length < row.sheets) return null;
  const tests: Record<string, IntegerScore | Missed> = {};
  for (const part of row.tests ? row.tests.split(';') : []) {
    const [code, value] = part.split('|') as [string, string];
    tests[code] = value as IntegerScore | Missed;
  }
  const end = row.qualities && row.competences ? { qualities: row.qualities, competences: row.competences } : undefined;
  return tt27YearFromParts({ grade: row.gradeNo, levels, tests, end, steps: null }, rules).result;
}

/** What is written to year_results, whichever circular. */
type Computed = {
  row: Pick<StudentRow, 'studentId' | 'schoolYearId' | 'classId' | 'schoolId' | 'provinceId' | 'gradeNo' | 'ruleset' | 'absences'>;
  circular: 'tt22' | 'tt27';
  level: string;
  conduct: string | null;
  finalLevel: string;
  finalConduct: string | null;
  outcome: string;
  title: string | null;
  detail: unknown;
};

const tt22Computed = (row: StudentRow, result: Tt22YearResult): Computed => ({
  row,
  circular: 'tt22',
  level: result.learning.year.level,
  conduct: result.conduct.year,
  finalLevel: result.final.learning,
  finalConduct: result.final.conduct,
  outcome: result.outcome,
  title: result.titles[0] ?? null,
  detail: result,
});

/** As the class finalisation writes a TT 27 year (commands/tt27.ts). */
const tt27Computed = (row: Tt27StudentRow, result: NonNullable<ReturnType<typeof primaryYearFromParts>>): Computed => ({
  row,
  circular: 'tt27',
  level: result.overall,
  conduct: null,
  finalLevel: result.afterSupport ?? result.overall,
  finalConduct: null,
  outcome: result.outcome,
  title: result.award,
  detail: result,
});

/** One student's year from the packed term results (pure); null when something is missing. */
export function studentYearFromTermResults(
  row: Pick<StudentRow, 'ruleset' | 'cells' | 'c1' | 'c2' | 'absences'>,
  order?: ReadonlyMap<string, number>,
): Tt22YearResult | null | 'skipped' {
  const rules = rulesetById(row.ruleset);
  if (rules.circular !== 'tt22') return 'skipped';
  if (!row.c1 || !row.c2) return null;
  const scored = new Map<string, [Tenths | null, Tenths | null]>();
  const comment = new Map<string, [CommentResult | null, CommentResult | null]>();
  for (const part of row.cells.split(';')) {
    const [term, assessment, code, value] = part.split('|') as [string, string, string, string];
    const i = term === '1' ? 0 : 1;
    if (assessment === 'NXDS') {
      const pair = scored.get(code) ?? [null, null];
      pair[i] = value === '' ? null : Number.parseInt(value, 10);
      scored.set(code, pair);
    } else if (assessment === 'NX') {
      const pair = comment.get(code) ?? [null, null];
      pair[i] = value === 'D' || value === 'CD' ? value : null;
      comment.set(code, pair);
    }
  }
  // In the catalogue's order (`order`: code → position for the student's level), as the class summary lists them: the
  // adjustment rule names subjects in that order.
  const byCatalogue = (a: string, b: string) => (order?.get(a) ?? 0) - (order?.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  const scoredCodes = [...scored.keys()].sort(byCatalogue);
  const commentCodes = [...comment.keys()].sort(byCatalogue);
  const hk1: Tenths[] = [];
  const hk2: Tenths[] = [];
  for (const c of scoredCodes) {
    const [a, b] = scored.get(c)!;
    if (a === null || b === null) return null;
    hk1.push(a);
    hk2.push(b);
  }
  const c1: CommentResult[] = [];
  const c2: CommentResult[] = [];
  for (const c of commentCodes) {
    const [a, b] = comment.get(c)!;
    if (a === null || b === null) return null;
    c1.push(a);
    c2.push(b);
  }
  return computeTt22YearCore(
    {
      scoredCodes,
      hk1,
      hk2,
      commentCodes,
      c1,
      c2,
      conduct: { hk1: row.c1, hk2: row.c2 },
      absenceSessions: row.absences,
      summerConduct: null,
      reassessment: null,
    },
    rules,
  );
}

async function writeResults(database: Database, startYear: number, done: Computed[], concurrency: number): Promise<void> {
  const chunks: Computed[][] = [];
  for (let i = 0; i < done.length; i += WRITE_CHUNK) chunks.push(done.slice(i, i + WRITE_CHUNK));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, chunks.length) }, async () => {
      while (next < chunks.length) await writeChunk(database, startYear, chunks[next++]!);
    }),
  );
}

/** A PostgreSQL array literal of texts (NULL for null): one parameter per column for unnest(). */
function arrayLiteral(values: ReadonlyArray<string | number | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null || v === undefined ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${out}}`;
}

async function writeChunk(database: Database, startYear: number, chunk: Computed[]): Promise<void> {
  const col = (f: (c: Computed) => string | number | null) => arrayLiteral(chunk.map(f));
  await database.db.execute(sql`
    INSERT INTO gradebook.year_results (student_id, school_year_id, class_id, school_id, province_id, start_year, grade_no, ruleset, circular,
      level, conduct, final_level, final_conduct, outcome, title, absences, detail, status)
    SELECT s, y, c, sc, p, ${startYear}, g, rs, ci, l, co, fl, fc, o, t, a, d::jsonb, 'draft'
    FROM unnest(${col((x) => x.row.studentId)}::uuid[], ${col((x) => x.row.schoolYearId)}::uuid[], ${col((x) => x.row.classId)}::uuid[],
      ${col((x) => x.row.schoolId)}::uuid[], ${col((x) => x.row.provinceId)}::uuid[], ${col((x) => x.row.gradeNo)}::smallint[], ${col((x) => x.row.ruleset)}::text[],
      ${col((x) => x.circular)}::text[], ${col((x) => x.level)}::text[], ${col((x) => x.conduct)}::text[], ${col((x) => x.finalLevel)}::text[],
      ${col((x) => x.finalConduct)}::text[], ${col((x) => x.outcome)}::text[], ${col((x) => x.title)}::text[],
      ${col((x) => x.row.absences)}::smallint[], ${col((x) => JSON.stringify(x.detail))}::text[]) AS r(s, y, c, sc, p, g, rs, ci, l, co, fl, fc, o, t, a, d)
    ON CONFLICT (student_id, school_year_id) DO UPDATE SET class_id = excluded.class_id, level = excluded.level, conduct = excluded.conduct,
      final_level = excluded.final_level, final_conduct = excluded.final_conduct, outcome = excluded.outcome, title = excluded.title,
      absences = excluded.absences, detail = excluded.detail, ruleset = excluded.ruleset, circular = excluded.circular, computed_at = now(),
      version = gradebook.year_results.version + 1
    WHERE gradebook.year_results.status = 'draft'`);
}

export async function computeProvinceYear(database: Database, options: ProvinceYearOptions): Promise<ProvinceYearCounts> {
  const schoolIds =
    options.schoolIds ??
    (
      await database.db.execute<{ id: string }>(sql`
    SELECT DISTINCT s.school_id AS id FROM gradebook.sheets s JOIN registry.school_years y ON y.id = s.school_year_id AND y.start_year = ${options.startYear}
    WHERE s.status = 'locked' ${options.provinceId ? sql`AND s.province_id = ${options.provinceId}` : sql``} ORDER BY 1`)
    ).rows.map((r) => r.id);
  const per = options.schoolsPerBatch ?? 8;
  const batches: string[][] = [];
  for (let i = 0; i < schoolIds.length; i += per) batches.push(schoolIds.slice(i, i + per));
  const counts: ProvinceYearCounts = {
    schools: 0,
    students: 0,
    written: 0,
    pending: 0,
    skipped: 0,
    errors: 0,
    readMs: 0,
    computeMs: 0,
    writeMs: 0,
  };
  const orderRows = (
    await database.db.execute<{ level: string; code: string; sort: number }>(sql`SELECT level, code, sort FROM registry.subjects`)
  ).rows;
  const orders = new Map<string, Map<string, number>>();
  for (const r of orderRows) orders.set(r.level, (orders.get(r.level) ?? new Map()).set(r.code, r.sort));
  const levelOf = (grade: number) => (grade <= 5 ? 'tieu_hoc' : grade <= 9 ? 'thcs' : 'thpt');
  const read = async (b: string[]) => {
    const t = performance.now();
    const batch = await readBatch(database, b, options.startYear);
    counts.readMs += performance.now() - t;
    return batch;
  };
  let next = batches.length ? read(batches[0]!) : undefined;
  for (let i = 0; i < batches.length; i++) {
    const { rows, primary } = await next!;
    next = i + 1 < batches.length ? read(batches[i + 1]!) : undefined;
    const t = performance.now();
    const done: Computed[] = [];
    const tally = (work: () => Computed | null | 'skipped') => {
      try {
        const c = work();
        if (c === 'skipped') counts.skipped++;
        else if (c === null) counts.pending++;
        else done.push(c);
      } catch (err) {
        if (!(err instanceof GradebookRuleError)) throw err;
        counts.errors++;
      }
    };
    for (const row of rows) {
      tally(() => {
        const result = studentYearFromTermResults(row, orders.get(levelOf(row.gradeNo)));
        return result === 'skipped' || result === null ? result : tt22Computed(row, result);
      });
    }
    for (const row of primary) {
      tally(() => {
        const result = primaryYearFromParts(row);
        return result === null ? null : tt27Computed(row, result);
      });
    }
    counts.computeMs += performance.now() - t;
    const w = performance.now();
    await writeResults(database, options.startYear, done, options.writeConcurrency ?? 2);
    counts.writeMs += performance.now() - w;
    counts.schools += batches[i]!.length;
    counts.students += rows.length + primary.length;
    counts.written += done.length;
    options.onProgress?.(counts);
  }
  counts.readMs = Math.round(counts.readMs);
  counts.computeMs = Math.round(counts.computeMs);
  counts.writeMs = Math.round(counts.writeMs);
  return counts;
}
