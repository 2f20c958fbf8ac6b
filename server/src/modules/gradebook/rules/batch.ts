import { rulesetById, type Tt22Ruleset, type Tt27Ruleset, type Tt58Ruleset } from './rulesets.ts';
import type { Tenths } from './tenths.ts';
import { type CommentSemester, commentSubjectSemester, type SemesterScores, scoreSubjectSemesterTenths } from './tt22-averages.ts';
import { computeTt22YearCore, type Tt22YearInput, type Tt22YearResult, tt22Core } from './tt22-year.ts';
import { type Tt27YearInput, type Tt27YearResult, tt27Year } from './tt27.ts';
import { type Tt58YearInput, type Tt58YearResult, tt58Year } from './tt58.ts';
import { type CommentResult, GradebookRuleError, type RuleError, type SubjectCode } from './types.ts';

/**
 * Year-end computation for many students in one call (the province-wide job reads students in
 * chunks, calls this, writes the results). Pure and synchronous; one bad student never stops the
 * batch: it comes back as `error` with its rule code. Measured: see rules/README.md.
 */

/** A TT 22 student's grade-book rows for the year (what the database holds). */
export interface Tt22SheetYear {
  /** Per scored subject: ĐĐGtx required per semester (regularScoresRequired) and both semesters' cells. */
  scored: Readonly<Record<SubjectCode, { requiredRegular: number; hk1: SemesterScores; hk2: SemesterScores }>>;
  comment: Readonly<Record<SubjectCode, { hk1: CommentSemester; hk2: CommentSemester }>>;
  conduct: Tt22YearInput['conduct'];
  absenceSessions: number;
  summerConduct?: Tt22YearInput['summerConduct'];
  reassessment?: Tt22YearInput['reassessment'];
  /** The make-up window of the year has closed (missed cells count as 0 / Chưa đạt). */
  makeUpClosed: boolean;
}

export type YearInput =
  | { studentId: string; rulesetId: Tt22Ruleset['id']; tt22: Tt22SheetYear }
  | { studentId: string; rulesetId: Tt27Ruleset['id']; tt27: Tt27YearInput }
  | { studentId: string; rulesetId: Tt58Ruleset['id']; tt58: Tt58YearInput };

/** A pending reason, located: which subject and semester. */
export type LocatedReason = RuleError & { subject?: SubjectCode; term?: 'hk1' | 'hk2' };

export type YearOutput =
  | { studentId: string; status: 'final'; circular: 'tt22'; result: Tt22YearResult }
  | { studentId: string; status: 'final'; circular: 'tt27'; result: Extract<Tt27YearResult, { status: 'final' }> }
  | { studentId: string; status: 'final'; circular: 'tt58'; result: Tt58YearResult }
  | { studentId: string; status: 'pending'; reasons: LocatedReason[] }
  | { studentId: string; status: 'error'; error: RuleError };

const TERMS = ['hk1', 'hk2'] as const;

function tt22FromSheets(studentId: string, s: Tt22SheetYear, ruleset: Tt22Ruleset): YearOutput {
  const reasons: LocatedReason[] = [];
  const scoredCodes = Object.keys(s.scored);
  const hk1: Tenths[] = [];
  const hk2: Tenths[] = [];
  for (const code of scoredCodes) {
    const row = s.scored[code]!;
    for (const term of TERMS) {
      const r = scoreSubjectSemesterTenths(row[term], { requiredRegular: row.requiredRegular, makeUpClosed: s.makeUpClosed }, ruleset);
      if (r.status === 'pending') for (const reason of r.reasons) reasons.push({ ...reason, subject: code, term });
      else (term === 'hk1' ? hk1 : hk2).push(r.value);
    }
  }
  const commentCodes = Object.keys(s.comment);
  const c1: CommentResult[] = [];
  const c2: CommentResult[] = [];
  for (const code of commentCodes) {
    for (const term of TERMS) {
      const r = commentSubjectSemester(s.comment[code]![term], { makeUpClosed: s.makeUpClosed }, ruleset);
      if (r.status === 'pending') for (const reason of r.reasons) reasons.push({ ...reason, subject: code, term });
      else (term === 'hk1' ? c1 : c2).push(r.value);
    }
  }
  if (reasons.length > 0) return { studentId, status: 'pending', reasons };
  // the core validates the conduct, absences and summer inputs the same way as computeTt22Year
  const core = tt22Core({
    scored: {},
    comment: {},
    conduct: s.conduct,
    absenceSessions: s.absenceSessions,
    summerConduct: s.summerConduct,
    reassessment: s.reassessment,
  });
  for (const c of commentCodes) if (c in s.scored) throw new GradebookRuleError('gradebook.subject.twice', { subject: c });
  const result = computeTt22YearCore({ ...core, scoredCodes, hk1, hk2, commentCodes, c1, c2 }, ruleset);
  return { studentId, status: 'final', circular: 'tt22', result };
}

function one(input: YearInput): YearOutput {
  const ruleset = rulesetById(input.rulesetId);
  if ('tt22' in input && ruleset.circular === 'tt22') return tt22FromSheets(input.studentId, input.tt22, ruleset);
  if ('tt27' in input && ruleset.circular === 'tt27') {
    const r = tt27Year(input.tt27, ruleset);
    return r.status === 'pending'
      ? { studentId: input.studentId, status: 'pending', reasons: r.reasons }
      : { studentId: input.studentId, status: 'final', circular: 'tt27', result: r };
  }
  if ('tt58' in input && ruleset.circular === 'tt58')
    return { studentId: input.studentId, status: 'final', circular: 'tt58', result: tt58Year(input.tt58, ruleset) };
  throw new GradebookRuleError('gradebook.ruleset.mismatch', { rulesetId: input.rulesetId });
}

/** Year results of many students, in input order. */
export function computeYearResults(students: readonly YearInput[]): YearOutput[] {
  const out: YearOutput[] = new Array(students.length);
  for (let i = 0; i < students.length; i++) {
    const s = students[i]!;
    try {
      out[i] = one(s);
    } catch (e) {
      if (!(e instanceof GradebookRuleError)) throw e;
      out[i] = { studentId: s.studentId, status: 'error', error: { code: e.code, params: e.params } };
    }
  }
  return out;
}
