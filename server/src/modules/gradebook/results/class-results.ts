import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { type ClassContext, type ClassSubject, classRoster, type RosterEntry, subjectsOfClass } from '../../registry/public.ts';
import { slotsOf } from '../cells.ts';
import * as repo from '../repo.ts';
import { rulesetById } from '../rules/rulesets.ts';
import { classifyLearning, type LearningLevel } from '../rules/tt22-classification.ts';
import { computeTt22Year, type Tt22YearResult } from '../rules/tt22-year.ts';
import type { CommentResult, Tt22Level } from '../rules/types.ts';
import { sheetResult } from '../sheet-result.ts';
import { rulesetOfSheet } from '../sheet-ruleset.ts';

/** A subject's term result per student: stored at the lock, computed from the cells before it. */
export type TermSubjectResults = Map<string, Map<string, string | null>>;

export type StudentTermRow = {
  studentId: string;
  termNo: number;
  conduct: Tt22Level | null;
  absencesExcused: number;
  absencesUnexcused: number;
  comment: string | null;
  version: number;
};

export interface ClassResultsInput {
  ctx: ClassContext;
  subjects: ClassSubject[];
  roster: RosterEntry[];
  /** termNo → subject → student → result. */
  terms: Map<number, TermSubjectResults>;
  /** termNo → student → homeroom record. */
  records: Map<number, Map<string, StudentTermRow>>;
  /** Sheets not yet locked, by term. */
  unlocked: Map<number, string[]>;
  ruleset: string;
}

/** Everything the class summary needs, read in a handful of statements. */
export async function loadClassResults(q: Queryable, ctx: ClassContext): Promise<ClassResultsInput> {
  const [subjects, roster, sheets, recordRows] = await Promise.all([
    subjectsOfClass(q, ctx),
    classRoster(q, ctx.id),
    repo.sheetsOfClass(q, ctx.id),
    q.execute<StudentTermRow>(sql`SELECT student_id AS "studentId", term_no AS "termNo", conduct, absences_excused AS "absencesExcused",
      absences_unexcused AS "absencesUnexcused", comment, version FROM gradebook.student_terms WHERE class_id = ${ctx.id}`),
  ]);
  const ruleset = rulesetOfSheet(ctx.startYear, ctx.gradeNo);
  const terms = new Map<number, TermSubjectResults>();
  const unlocked = new Map<number, string[]>();
  for (const term of ctx.terms) {
    const bySubject: TermSubjectResults = new Map();
    for (const subject of subjects) {
      const sheet = sheets.find((s) => s.termId === term.id && s.subjectCode === subject.code);
      const results = new Map<string, string | null>();
      if (sheet?.status === 'locked') {
        const { rows } = await q.execute<{ studentId: string; result: string | null }>(sql`
          SELECT student_id AS "studentId", result FROM gradebook.term_results WHERE sheet_id = ${sheet.id}`);
        for (const r of rows) results.set(r.studentId, r.result);
      } else {
        unlocked.set(term.no, [...(unlocked.get(term.no) ?? []), subject.code]);
        if (sheet) {
          const marks = await repo.marksOf(q, sheet.id);
          const slots = slotsOf(sheet.assessment, sheet.requiredRegular, sheet);
          for (const s of roster)
            results.set(
              s.id,
              sheetResult(
                sheet.ruleset,
                sheet.assessment,
                slots,
                marks.filter((m) => m.studentId === s.id),
                false,
              ),
            );
        }
      }
      bySubject.set(subject.code, results);
    }
    terms.set(term.no, bySubject);
  }
  const records = new Map<number, Map<string, StudentTermRow>>();
  for (const r of recordRows.rows) {
    if (!records.has(r.termNo)) records.set(r.termNo, new Map());
    records.get(r.termNo)!.set(r.studentId, r);
  }
  return { ctx, subjects, roster, terms, records, unlocked, ruleset };
}

export interface StudentTermSummary {
  subjects: Record<string, string | null>;
  conduct: Tt22Level | null;
  absences: number;
  /** The term học tập level once every subject has its result (TT 22 Art. 9). */
  level: LearningLevel | null;
  missing: string[];
}

/** One student's term in the class summary (bảng tổng hợp): subject results, conduct, absences, level. */
export function studentTerm(input: ClassResultsInput, studentId: string, termNo: number): StudentTermSummary {
  const bySubject = input.terms.get(termNo) ?? new Map();
  const record = input.records.get(termNo)?.get(studentId);
  const subjects: Record<string, string | null> = {};
  const missing: string[] = [];
  const scored: Record<string, string> = {};
  const comment: Record<string, CommentResult> = {};
  for (const s of input.subjects) {
    const r = bySubject.get(s.code)?.get(studentId) ?? null;
    subjects[s.code] = r;
    if (r === null) missing.push(s.code);
    else if (s.assessment === 'NXDS') scored[s.code] = r;
    else if (s.assessment === 'NX') comment[s.code] = r as CommentResult;
  }
  const rules = rulesetById(input.ruleset);
  const level = missing.length === 0 && rules.circular === 'tt22' ? classifyLearning(scored, comment, rules) : null;
  return {
    subjects,
    conduct: record?.conduct ?? null,
    absences: (record?.absencesExcused ?? 0) + (record?.absencesUnexcused ?? 0),
    level,
    missing,
  };
}

/** Absence sessions (buổi) of the year, excused and not: promotion counts both (TT 22 Art. 12). */
export function yearAbsences(input: ClassResultsInput, studentId: string): number {
  return [1, 2].reduce((n, t) => {
    const r = input.records.get(t)?.get(studentId);
    return n + (r?.absencesExcused ?? 0) + (r?.absencesUnexcused ?? 0);
  }, 0);
}

export type Summer = {
  summerConduct?: Tt22Level | null;
  reassessment?: { scored?: Record<string, string>; comment?: Record<string, CommentResult> } | null;
};

/**
 * One student's TT 22 year (ĐTBmcn, levels, conduct, promotion, summer steps, titles) once both
 * terms are complete; otherwise what is missing ("HK1:TOAN", "HK2:conduct").
 */
export function studentYear(
  input: ClassResultsInput,
  studentId: string,
  summer: Summer | null,
): { result: Tt22YearResult | null; missing: string[] } {
  const rules = rulesetById(input.ruleset);
  if (rules.circular !== 'tt22') return { result: null, missing: [`ruleset:${input.ruleset}`] };
  const t1 = studentTerm(input, studentId, 1);
  const t2 = studentTerm(input, studentId, 2);
  const missing = [...t1.missing.map((c) => `HK1:${c}`), ...t2.missing.map((c) => `HK2:${c}`)];
  if (!t1.conduct) missing.push('HK1:conduct');
  if (!t2.conduct) missing.push('HK2:conduct');
  if (missing.length) return { result: null, missing };
  const scored: Record<string, { hk1: string; hk2: string }> = {};
  const comment: Record<string, { hk1: CommentResult; hk2: CommentResult }> = {};
  for (const s of input.subjects) {
    if (s.assessment === 'NXDS') scored[s.code] = { hk1: t1.subjects[s.code]!, hk2: t2.subjects[s.code]! };
    else if (s.assessment === 'NX')
      comment[s.code] = { hk1: t1.subjects[s.code] as CommentResult, hk2: t2.subjects[s.code] as CommentResult };
  }
  const result = computeTt22Year(
    {
      scored,
      comment,
      conduct: { hk1: t1.conduct!, hk2: t2.conduct! },
      absenceSessions: yearAbsences(input, studentId),
      summerConduct: summer?.summerConduct ?? null,
      reassessment: summer?.reassessment ?? null,
    },
    rules,
  );
  return { result, missing: [] };
}
