import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { TT27_TEST_SLOTS } from '../cells.ts';
import { rulesetById, type Tt27Ruleset } from '../rules/rulesets.ts';
import { type Tt27Assessment, type Tt27YearInput, type Tt27YearResult, tt27Tests, tt27Year } from '../rules/tt27.ts';
import { type IntegerScore, MISSED, type Missed, type Tt27QcLevel, type Tt27SubjectLevel } from '../rules/types.ts';
import type { ClassResultsInput } from './class-results.ts';

/**
 * TT 27 (primary) class results: the homeroom teacher's qualities and competences per term
 * (mid-term and end of term), the periodic test scores, and the year (overall result, award,
 * completion, support plan and promotion) computed by rules/tt27.ts from the end-of-year levels
 * (the HKII sheets), the end-of-year tests and the end-of-HKII qualities/competences.
 */

export type Tt27Point = 'gk' | 'ck';

export type Tt27QcRow = {
  studentId: string;
  termNo: number;
  point: Tt27Point;
  qualities: Record<string, Tt27QcLevel>;
  competences: Record<string, Tt27QcLevel>;
  version: number;
};

/** What the homeroom teacher records after the first computation (stored in year_results.summer). */
export interface Tt27Steps {
  recognition?: { outstandingSubject?: boolean; clearProgress?: boolean } | null;
  afterSupport?: Partial<Tt27Assessment> | null;
  principalDecision?: 'LL' | 'OLL' | null;
}

export interface Tt27ClassData {
  ruleset: Tt27Ruleset;
  /** studentId → rows. */
  qc: Map<string, Tt27QcRow[]>;
  /** studentId → subject → "HK1:gkt" / "HK2:test" → "9" or "M". */
  tests: Map<string, Record<string, Record<string, string>>>;
}

export function isTt27(input: Pick<ClassResultsInput, 'ruleset'>): boolean {
  return rulesetById(input.ruleset).circular === 'tt27';
}

export async function loadTt27(q: Queryable, input: ClassResultsInput): Promise<Tt27ClassData> {
  const ruleset = rulesetById(input.ruleset);
  if (ruleset.circular !== 'tt27') throw new Error(`not a TT 27 ruleset: ${input.ruleset}`);
  const [qcRows, testRows] = await Promise.all([
    q.execute<Tt27QcRow>(sql`SELECT student_id AS "studentId", term_no AS "termNo", point, qualities, competences, version
      FROM gradebook.tt27_qualities WHERE class_id = ${input.ctx.id} ORDER BY term_no, point`),
    q.execute<{ studentId: string; termNo: number; subjectCode: string; slot: string; score: string | null; missed: boolean }>(sql`
      SELECT m.student_id AS "studentId", s.term_no AS "termNo", s.subject_code AS "subjectCode", m.slot, trunc(m.score)::text AS score, m.missed
      FROM gradebook.marks m JOIN gradebook.sheets s ON s.id = m.sheet_id
      WHERE s.class_id = ${input.ctx.id} AND s.assessment = 'TT27' AND m.slot IN ('gkt', 'test')`),
  ]);
  const qc = new Map<string, Tt27QcRow[]>();
  for (const r of qcRows.rows) qc.set(r.studentId, [...(qc.get(r.studentId) ?? []), r]);
  const tests = new Map<string, Record<string, Record<string, string>>>();
  for (const r of testRows.rows) {
    if (!TT27_TEST_SLOTS.includes(r.slot)) continue;
    const value = r.missed ? MISSED : r.score;
    if (value === null) continue;
    const bySubject = tests.get(r.studentId) ?? {};
    bySubject[r.subjectCode] = { ...bySubject[r.subjectCode], [`HK${r.termNo}:${r.slot}`]: value };
    tests.set(r.studentId, bySubject);
  }
  return { ruleset, qc, tests };
}

export const qcOf = (data: Tt27ClassData, studentId: string, termNo: number, point: Tt27Point) =>
  data.qc.get(studentId)?.find((r) => r.termNo === termNo && r.point === point);

/** What one primary student's year is computed from: the end-of-year (HKII) parts. */
export interface Tt27YearParts {
  grade: number;
  /** The subjects taught to the class, each with its HKII level (null: not there yet). */
  levels: ReadonlyArray<readonly [code: string, level: string | null]>;
  /** Subject → end-of-year test score ("9") or the missed marker; absent when not entered. */
  tests: Readonly<Record<string, IntegerScore | Missed | undefined>>;
  /** The homeroom teacher's end-of-year (HKII, cuối học kì) qualities and competences. */
  end: Pick<Tt27QcRow, 'qualities' | 'competences'> | undefined;
  steps: Tt27Steps | null;
}

/**
 * One primary student's year once the end-of-year parts are there; otherwise what is missing
 * ("HK2:TOAN" a subject level, "HK2:test:TOAN" an end-of-year test, "HK2:qualities:YEU_NUOC").
 * Pure: the class summary and the province's year-end job both call it.
 */
export function tt27YearFromParts(
  parts: Tt27YearParts,
  ruleset: Tt27Ruleset,
): { result: Extract<Tt27YearResult, { status: 'final' }> | null; missing: string[] } {
  const missing: string[] = [];
  const subjects: Record<string, Tt27SubjectLevel> = {};
  for (const [code, level] of parts.levels) {
    if (level === null) missing.push(`HK2:${code}`);
    else subjects[code] = level as Tt27SubjectLevel;
  }
  const taught = new Set(parts.levels.map(([code]) => code));
  const tests: Record<string, IntegerScore | Missed> = {};
  for (const code of tt27Tests(parts.grade, ruleset).endOfTerm) {
    const v = parts.tests[code];
    if (v === undefined || v === MISSED) missing.push(`HK2:test:${code}${v === MISSED ? ':missed' : ''}`);
    else tests[code] = v;
    if (!taught.has(code)) missing.push(`subject:${code}`);
  }
  for (const [what, expected, given] of [
    ['qualities', ruleset.qualities, parts.end?.qualities ?? {}],
    ['competences', ruleset.competences, parts.end?.competences ?? {}],
  ] as const) {
    for (const k of Object.keys(expected)) if (!(k in given)) missing.push(`HK2:${what}:${k}`);
  }
  if (missing.length) return { result: null, missing };
  const yearInput: Tt27YearInput = {
    grade: parts.grade,
    subjects,
    qualities: parts.end!.qualities,
    competences: parts.end!.competences,
    tests,
    recognition: parts.steps?.recognition ?? {},
    afterSupport: parts.steps?.afterSupport ?? null,
    principalDecision: parts.steps?.principalDecision ?? null,
  };
  const result = tt27Year(yearInput, ruleset);
  if (result.status === 'pending') return { result: null, missing: result.reasons.map((r) => r.code) };
  return { result, missing: [] };
}

/** One student of a loaded class: `tt27YearFromParts` over the class data. */
export function tt27StudentYear(
  input: ClassResultsInput,
  data: Tt27ClassData,
  studentId: string,
  steps: Tt27Steps | null,
): { result: Extract<Tt27YearResult, { status: 'final' }> | null; missing: string[] } {
  const hk2 = input.terms.get(2) ?? new Map();
  const tests: Record<string, IntegerScore | Missed | undefined> = {};
  for (const [code, byKey] of Object.entries(data.tests.get(studentId) ?? {}))
    tests[code] = byKey['HK2:test'] as IntegerScore | Missed | undefined;
  return tt27YearFromParts(
    {
      grade: input.ctx.gradeNo,
      levels: input.subjects.map((s) => [s.code, (hk2.get(s.code)?.get(studentId) ?? null) as string | null] as const),
      tests,
      end: qcOf(data, studentId, 2, 'ck'),
      steps,
    },
    data.ruleset,
  );
}

/** The TT 27 part of one student's row in the class summary. */
export function tt27StudentView(
  input: ClassResultsInput,
  data: Tt27ClassData,
  studentId: string,
  steps: Tt27Steps | null,
  status: string | undefined,
) {
  const y = tt27StudentYear(input, data, studentId, steps);
  const assessments = (data.qc.get(studentId) ?? []).map((r) => ({
    termNo: r.termNo,
    point: r.point,
    qualities: r.qualities,
    competences: r.competences,
    version: r.version,
  }));
  return {
    missing: y.missing,
    tt27: {
      assessments,
      tests: data.tests.get(studentId) ?? {},
      steps: steps ?? null,
      year: y.result
        ? {
            overall: y.result.overall,
            award: y.result.award,
            afterSupport: y.result.afterSupport,
            completed: y.result.completed,
            completedPrimary: y.result.completedPrimary,
            outcome: y.result.outcome,
            status: status === 'final' ? ('final' as const) : ('computed' as const),
          }
        : null,
    },
  };
}

/** The class-level TT 27 part of the summary: item lists and which subjects have tests. */
export function tt27ClassView(input: ClassResultsInput, data: Tt27ClassData) {
  const tests = tt27Tests(input.ctx.gradeNo, data.ruleset);
  return {
    qualities: Object.entries(data.ruleset.qualities).map(([code, name]) => ({ code, name })),
    competences: Object.entries(data.ruleset.competences).map(([code, name]) => ({ code, name })),
    testSubjects: { midTerm: tests.midTerm, endOfTerm: tests.endOfTerm },
  };
}
