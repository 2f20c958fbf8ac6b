import { requiredRegular } from '../../registry/public.ts';
import type { Tt22Ruleset } from './rulesets.ts';
import { divHalfUp, formatTenths, type Tenths, tenthsOf } from './tenths.ts';
import {
  type CommentCell,
  type CommentResult,
  GradebookRuleError,
  MISSED,
  type RuleError,
  type Score,
  type ScoreCell,
  type ScoreValue,
} from './types.ts';

/**
 * TT 22/2021 subject averages and per-term subject results (regulations.md §1.3–§1.6). Also used
 * by the TT 58/26 legacy rules, whose formulas TT 26 made identical (§3.1).
 */

/** Art. 9 in tenths: (TĐĐGtx + 2×ĐĐGgk + 3×ĐĐGck) / (Số ĐĐGtx + 5), rounded half up once. */
export function semesterAverageTenths(regular: readonly Tenths[], midterm: Tenths, endterm: Tenths): Tenths {
  let sum = 2 * midterm + 3 * endterm;
  for (const r of regular) sum += r;
  return divHalfUp(sum, regular.length + 5);
}

/** Art. 9 in tenths: (ĐTBmhkI + 2 × ĐTBmhkII) / 3 over the recorded (rounded) semester averages. */
export function yearAverageTenths(hk1: Tenths, hk2: Tenths): Tenths {
  return divHalfUp(hk1 + 2 * hk2, 3);
}

function inScale(t: Tenths, what: string): Tenths {
  if (t < 0 || t > 100) throw new GradebookRuleError('gradebook.score.outOfRange', { value: formatTenths(t), what });
  return t;
}

/**
 * ĐTBmhk — semester subject average, TT 22 Art. 9 (§1.5): e.g. TX 8, 7, 9, 8.5; GK 7.5; CK 8 → "7.9";
 * TX 7, 6.5, 8; GK 6.8; CK 7.1 → 56.4/8 = 7.05 → "7.1". Needs at least one regular score.
 */
export function semesterAverage(regular: readonly ScoreValue[], midterm: ScoreValue, endterm: ScoreValue): Score {
  if (regular.length === 0) throw new GradebookRuleError('gradebook.average.regularMissing', { required: 1, present: 0 });
  return formatTenths(
    semesterAverageTenths(
      regular.map((r) => inScale(tenthsOf(r), 'TX')),
      inScale(tenthsOf(midterm), 'GK'),
      inScale(tenthsOf(endterm), 'CK'),
    ),
  );
}

/** ĐTBmcn — year subject average (ĐTBmhkI + 2 × ĐTBmhkII) / 3 (§1.5): 7.9, 8.4 → "8.2". */
export function yearAverage(hk1: ScoreValue, hk2: ScoreValue): Score {
  return formatTenths(yearAverageTenths(inScale(tenthsOf(hk1), 'HKI'), inScale(tenthsOf(hk2), 'HKII')));
}

/**
 * Số ĐĐGtx per semester from periods per school year (Art. 6, §1.4): the registry's rule, reused.
 * A THPT study-topic cluster is not counted in the periods; its result is one more regular score
 * when the ruleset says clusterCountsAsOneRegular (§1.3 [U]): pass `withCluster`.
 */
export function regularScoresRequired(periodsPerYear: number, ruleset: Tt22Ruleset, withCluster = false): number {
  const n = requiredRegular('NXDS', periodsPerYear);
  if (n === null) throw new GradebookRuleError('gradebook.average.badPeriods', { periodsPerYear });
  return n + (withCluster && ruleset.clusterCountsAsOneRegular ? 1 : 0);
}

/** A term result: final, or pending with the reasons the grade book must show. */
export type TermResult<T> = { status: 'final'; value: T; madeZero: string[] } | { status: 'pending'; reasons: RuleError[] };

/** The cells of one score subject in one semester (null: not entered yet). */
export interface SemesterScores {
  regular: readonly (ScoreCell | null)[];
  midterm: ScoreCell | null;
  endterm: ScoreCell | null;
}

/** The cells of one comment subject in one semester. */
export interface CommentSemester {
  regular: readonly (CommentCell | null)[];
  midterm: CommentCell | null;
  endterm: CommentCell | null;
}

export interface TermOptions {
  /** Required ĐĐGtx (regularScoresRequired). */
  requiredRegular: number;
  /** The make-up window has closed: a missed cell then counts as ruleset.missedAfterMakeUp. */
  makeUpClosed: boolean;
}

function add(list: string[] | null, name: string): string[] {
  if (list === null) return [name];
  list.push(name);
  return list;
}

function label(i: number): string {
  return `TX${i + 1}`;
}

/**
 * ĐTBmhk of a grade-book row, or why it cannot be finalised yet (§1.4: exactly the required number
 * of ĐĐGtx, GK and CK present; a missed cell stays pending until the make-up window closes, then
 * counts as 0 [U]). `madeZero` lists the cells that were counted as 0 that way.
 */
export function scoreSubjectSemester(cells: SemesterScores, options: TermOptions, ruleset: Tt22Ruleset): TermResult<Score> {
  const r = scoreSubjectSemesterTenths(cells, options, ruleset);
  return r.status === 'final' ? { status: 'final', value: formatTenths(r.value), madeZero: r.madeZero } : r;
}

export function scoreSubjectSemesterTenths(cells: SemesterScores, options: TermOptions, ruleset: Tt22Ruleset): TermResult<Tenths> {
  // hot path of the year-end batch: plain loops, no per-call closures
  let madeZero: string[] | null = null;
  let missed: string[] | null = null;
  let sum = 0;
  let count = 0;
  const cellsRegular = cells.regular;
  for (let i = 0; i < cellsRegular.length; i++) {
    const c = cellsRegular[i];
    if (c === null || c === undefined) continue;
    count++;
    if (c !== MISSED) sum += inScale(tenthsOf(c), 'TX');
    else {
      sum += ruleset.missedAfterMakeUp.score;
      if (options.makeUpClosed) madeZero = add(madeZero, label(i));
      else missed = add(missed, label(i));
    }
  }
  let gk: Tenths | null = null;
  let ck: Tenths | null = null;
  if (cells.midterm !== null) {
    if (cells.midterm !== MISSED) gk = inScale(tenthsOf(cells.midterm), 'GK');
    else {
      gk = ruleset.missedAfterMakeUp.score;
      if (options.makeUpClosed) madeZero = add(madeZero, 'GK');
      else missed = add(missed, 'GK');
    }
  }
  if (cells.endterm !== null) {
    if (cells.endterm !== MISSED) ck = inScale(tenthsOf(cells.endterm), 'CK');
    else {
      ck = ruleset.missedAfterMakeUp.score;
      if (options.makeUpClosed) madeZero = add(madeZero, 'CK');
      else missed = add(missed, 'CK');
    }
  }
  if (count === options.requiredRegular && gk !== null && ck !== null && missed === null)
    return { status: 'final', value: divHalfUp(sum + 2 * gk + 3 * ck, count + 5), madeZero: madeZero ?? [] };
  const reasons: RuleError[] = [];
  if (count < options.requiredRegular)
    reasons.push({ code: 'gradebook.average.regularMissing', params: { required: options.requiredRegular, present: count } });
  if (count > options.requiredRegular)
    reasons.push({ code: 'gradebook.average.tooManyRegular', params: { required: options.requiredRegular, present: count } });
  if (gk === null) reasons.push({ code: 'gradebook.average.midtermMissing' });
  if (ck === null) reasons.push({ code: 'gradebook.average.endtermMissing' });
  if (missed !== null) reasons.push({ code: 'gradebook.average.makeUpPending', params: { cells: missed } });
  return { status: 'pending', reasons };
}

/**
 * A comment subject's semester result (§1.5, Art. 9.1): Đạt iff the assessments are all there
 * (at least ruleset.commentRegularPerSemester regular, GK and CK) and all of them Đạt; a missed
 * assessment is pending until the make-up window closes, then Chưa đạt [U].
 */
export function commentSubjectSemester(
  cells: CommentSemester,
  options: Pick<TermOptions, 'makeUpClosed'>,
  ruleset: Tt22Ruleset,
): TermResult<CommentResult> {
  const reasons: RuleError[] = [];
  const madeZero: string[] = [];
  const missed: string[] = [];
  let allPass = true;
  const see = (cell: CommentCell, name: string) => {
    if (cell === MISSED) {
      if (options.makeUpClosed) madeZero.push(name);
      else missed.push(name);
      allPass = false; // ruleset.missedAfterMakeUp.comment is Chưa đạt
    } else if (cell !== 'D') allPass = false;
  };
  let present = 0;
  cells.regular.forEach((c, i) => {
    if (c !== null) {
      present++;
      see(c, label(i));
    }
  });
  if (present < ruleset.commentRegularPerSemester)
    reasons.push({ code: 'gradebook.average.regularMissing', params: { required: ruleset.commentRegularPerSemester, present } });
  if (cells.midterm === null) reasons.push({ code: 'gradebook.average.midtermMissing' });
  else see(cells.midterm, 'GK');
  if (cells.endterm === null) reasons.push({ code: 'gradebook.average.endtermMissing' });
  else see(cells.endterm, 'CK');
  if (missed.length > 0) reasons.push({ code: 'gradebook.average.makeUpPending', params: { cells: missed } });
  if (reasons.length > 0) return { status: 'pending', reasons };
  return { status: 'final', value: allPass ? 'D' : 'CD', madeZero };
}

/** A comment subject's year result: its HKII result (§1.5, ruleset.commentYearRule). */
export function commentSubjectYear(_hk1: CommentResult, hk2: CommentResult, _ruleset: Tt22Ruleset): CommentResult {
  return hk2;
}
