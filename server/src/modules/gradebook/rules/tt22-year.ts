import type { Tt22Ruleset } from './rulesets.ts';
import { formatTenths, type Tenths, tenthsOf } from './tenths.ts';
import { yearAverageTenths } from './tt22-averages.ts';
import { classifyLearningTenths, type LearningLevel, yearConduct } from './tt22-classification.ts';
import {
  type CommentResult,
  GradebookRuleError,
  type Score,
  type ScoreValue,
  type SubjectCode,
  TT22_LEVELS,
  type Tt22Level,
  type Tt22Outcome,
  type Tt22Title,
} from './types.ts';

/**
 * A TT 22/2021 student's school year (regulations.md §1.5–§1.10): year subject averages, semester
 * and year learning levels, year rèn luyện, titles (Art. 15), promotion (Art. 12), summer training
 * (Art. 13) and re-assessment (Art. 14) — keeping both the original year results and the results
 * after the summer steps (class summary column "Mức đánh giá sau khi rèn luyện trong kì nghỉ hè;
 * kiểm tra, đánh giá lại").
 */

export interface Tt22YearInput {
  /** Semester averages (ĐTBmhk) of every scored subject. */
  scored: Readonly<Record<SubjectCode, { hk1: ScoreValue; hk2: ScoreValue }>>;
  /** Semester results of every comment subject. */
  comment: Readonly<Record<SubjectCode, { hk1: CommentResult; hk2: CommentResult }>>;
  conduct: { hk1: Tt22Level; hk2: Tt22Level };
  /** Absence sessions (buổi) in the year, excused and unexcused. */
  absenceSessions: number;
  /** Rèn luyện re-evaluated after summer training (only when the year rèn luyện is Chưa đạt). */
  summerConduct?: Tt22Level | null;
  /** Summer re-assessment results of the subjects listed in `reassessment.subjects` of the result. */
  reassessment?: { scored?: Readonly<Record<SubjectCode, ScoreValue>>; comment?: Readonly<Record<SubjectCode, CommentResult>> } | null;
}

export interface Tt22YearResult {
  rulesetId: Tt22Ruleset['id'];
  subjects: {
    scored: Record<SubjectCode, { hk1: Score; hk2: Score; year: Score }>;
    comment: Record<SubjectCode, { hk1: CommentResult; hk2: CommentResult; year: CommentResult }>;
  };
  /** Original levels (ket_qua_ca_nam). */
  learning: { hk1: LearningLevel; hk2: LearningLevel; year: LearningLevel };
  conduct: { hk1: Tt22Level; hk2: Tt22Level; year: Tt22Level };
  /** Học sinh Xuất sắc / Giỏi from the original year results (at most one when ruleset.titleExclusive). */
  titles: Tt22Title[];
  /** Summer training (year rèn luyện Chưa đạt): its re-evaluation, null while pending. */
  summerTraining: null | { result: Tt22Level | null };
  /** Re-assessment (rèn luyện ≥ Đạt, học tập Chưa đạt): the subjects, and once done the new results and level. */
  reassessment: null | {
    subjects: { scored: SubjectCode[]; comment: SubjectCode[] };
    results: null | { scored: Record<SubjectCode, Score>; comment: Record<SubjectCode, CommentResult> };
    learning: LearningLevel | null;
  };
  /** Levels after the summer steps (ket_qua_sau_danh_gia_lai); equal to the original when there were none. */
  final: { conduct: Tt22Level; learning: Tt22Level };
  /** LL promoted; RLH / KTL summer step pending; OLL repeats. */
  outcome: Tt22Outcome;
  /** Why OLL. */
  reason: null | 'gradebook.outcome.absences' | 'gradebook.outcome.conduct' | 'gradebook.outcome.learning';
}

/** The year input with every value in tenths, subjects in a fixed order (the batch builds it directly). */
export interface Tt22YearCore {
  scoredCodes: SubjectCode[];
  hk1: Tenths[];
  hk2: Tenths[];
  commentCodes: SubjectCode[];
  c1: CommentResult[];
  c2: CommentResult[];
  conduct: { hk1: Tt22Level; hk2: Tt22Level };
  absenceSessions: number;
  summerConduct: Tt22Level | null;
  reassessment: null | { scored: Map<SubjectCode, Tenths>; comment: Map<SubjectCode, CommentResult> };
}

const atLeastDat = (l: Tt22Level) => TT22_LEVELS.indexOf(l) >= TT22_LEVELS.indexOf('D');
const isLevel = (l: unknown): l is Tt22Level => TT22_LEVELS.includes(l as Tt22Level);
const isComment = (c: unknown): c is CommentResult => c === 'D' || c === 'CD';

function scale(v: ScoreValue, subject: string): Tenths {
  const t = tenthsOf(v);
  if (t < 0 || t > 100) throw new GradebookRuleError('gradebook.score.outOfRange', { subject, value: formatTenths(t) });
  return t;
}

/** Validates and converts a Tt22YearInput. */
export function tt22Core(input: Tt22YearInput): Tt22YearCore {
  const scoredCodes = Object.keys(input.scored);
  const commentCodes = Object.keys(input.comment);
  for (const c of commentCodes) {
    if (c in input.scored) throw new GradebookRuleError('gradebook.subject.twice', { subject: c });
    const r = input.comment[c]!;
    if (!isComment(r.hk1) || !isComment(r.hk2)) throw new GradebookRuleError('gradebook.comment.invalid', { subject: c });
  }
  if (!isLevel(input.conduct.hk1) || !isLevel(input.conduct.hk2) || (input.summerConduct != null && !isLevel(input.summerConduct)))
    throw new GradebookRuleError('gradebook.level.invalid', { what: 'conduct' });
  if (!Number.isInteger(input.absenceSessions) || input.absenceSessions < 0)
    throw new GradebookRuleError('gradebook.absences.invalid', { value: input.absenceSessions });
  const re = input.reassessment;
  return {
    scoredCodes,
    hk1: scoredCodes.map((c) => scale(input.scored[c]!.hk1, c)),
    hk2: scoredCodes.map((c) => scale(input.scored[c]!.hk2, c)),
    commentCodes,
    c1: commentCodes.map((c) => input.comment[c]!.hk1),
    c2: commentCodes.map((c) => input.comment[c]!.hk2),
    conduct: input.conduct,
    absenceSessions: input.absenceSessions,
    summerConduct: input.summerConduct ?? null,
    reassessment: re
      ? {
          scored: new Map(Object.entries(re.scored ?? {}).map(([c, v]) => [c, scale(v, c)])),
          comment: new Map(
            Object.entries(re.comment ?? {}).map(([c, v]) => {
              if (!isComment(v)) throw new GradebookRuleError('gradebook.comment.invalid', { subject: c });
              return [c, v];
            }),
          ),
        }
      : null,
  };
}

function levelOf(x: Tt22YearCore, scored: Tenths[], comment: CommentResult[], ruleset: Tt22Ruleset): LearningLevel {
  const commentPass = new Array<boolean>(comment.length);
  for (let i = 0; i < comment.length; i++) commentPass[i] = comment[i] === 'D';
  return classifyLearningTenths({ scoredCodes: x.scoredCodes, scored, commentCodes: x.commentCodes, commentPass }, ruleset);
}

function end(result: Tt22YearResult, outcome: Tt22Outcome, reason: Tt22YearResult['reason'] = null): Tt22YearResult {
  result.outcome = outcome;
  result.reason = reason;
  return result;
}

/** The whole year of one TT 22 student (see Tt22YearResult). */
export function computeTt22Year(input: Tt22YearInput, ruleset: Tt22Ruleset): Tt22YearResult {
  return computeTt22YearCore(tt22Core(input), ruleset);
}

export function computeTt22YearCore(x: Tt22YearCore, ruleset: Tt22Ruleset): Tt22YearResult {
  const year = x.hk1.map((h1, i) => yearAverageTenths(h1, x.hk2[i] as Tenths));
  const cYear = x.c2; // commentYearRule 'hk2' (§1.5)
  const learning = { hk1: levelOf(x, x.hk1, x.c1, ruleset), hk2: levelOf(x, x.hk2, x.c2, ruleset), year: levelOf(x, year, cYear, ruleset) };
  const conductYear = yearConduct(x.conduct.hk1, x.conduct.hk2, ruleset);

  const scored: Tt22YearResult['subjects']['scored'] = {};
  x.scoredCodes.forEach((c, i) => {
    scored[c] = { hk1: formatTenths(x.hk1[i]!), hk2: formatTenths(x.hk2[i]!), year: formatTenths(year[i]!) };
  });
  const comment: Tt22YearResult['subjects']['comment'] = {};
  x.commentCodes.forEach((c, i) => {
    comment[c] = { hk1: x.c1[i]!, hk2: x.c2[i]!, year: cYear[i]! };
  });

  const titles: Tt22Title[] = [];
  if (conductYear === 'T' && learning.year.level === 'T') {
    const excellent = year.filter((v) => v >= ruleset.excellentTitle.atLeast).length >= ruleset.excellentTitle.count;
    if (excellent) titles.push('XS');
    if (!excellent || !ruleset.titleExclusive) titles.push('G');
  }

  const result: Tt22YearResult = {
    rulesetId: ruleset.id,
    subjects: { scored, comment },
    learning,
    conduct: { ...x.conduct, year: conductYear },
    titles,
    summerTraining: null,
    reassessment: null,
    final: { conduct: conductYear, learning: learning.year.level },
    outcome: 'LL',
    reason: null,
  };

  if (x.absenceSessions > ruleset.maxAbsenceSessions) {
    if (x.summerConduct !== null || x.reassessment !== null)
      throw new GradebookRuleError('gradebook.summer.notAllowed', { reason: 'absences' });
    return end(result, 'OLL', 'gradebook.outcome.absences');
  }
  if (conductYear === 'CD') {
    result.summerTraining = { result: x.summerConduct };
    if (x.summerConduct === null) {
      if (x.reassessment !== null) throw new GradebookRuleError('gradebook.summer.trainingFirst');
      return end(result, 'RLH');
    }
    result.final.conduct = x.summerConduct;
    if (!atLeastDat(x.summerConduct)) {
      if (x.reassessment !== null) throw new GradebookRuleError('gradebook.summer.notAllowed', { reason: 'conduct' });
      return end(result, 'OLL', 'gradebook.outcome.conduct');
    }
  } else if (x.summerConduct !== null) throw new GradebookRuleError('gradebook.summer.notRequired', { what: 'summerConduct' });

  if (learning.year.level !== 'CD') {
    if (x.reassessment !== null) throw new GradebookRuleError('gradebook.summer.notRequired', { what: 'reassessment' });
    return end(result, 'LL');
  }
  return reassess(x, year, cYear, result, ruleset);
}

function reassess(x: Tt22YearCore, year: Tenths[], cYear: CommentResult[], result: Tt22YearResult, ruleset: Tt22Ruleset): Tt22YearResult {
  const scoredList = x.scoredCodes.filter((_, i) => year[i]! < ruleset.reassessScoredBelow);
  const commentList = x.commentCodes.filter((_, i) => cYear[i] === 'CD');
  const r: NonNullable<Tt22YearResult['reassessment']> = {
    subjects: { scored: scoredList, comment: commentList },
    results: null,
    learning: null,
  };
  result.reassessment = r;
  const given = x.reassessment;
  if (given === null) return Object.assign(result, { outcome: 'KTL' as const });
  for (const c of given.scored.keys())
    if (!scoredList.includes(c)) throw new GradebookRuleError('gradebook.reassessment.notRequired', { subject: c });
  for (const c of given.comment.keys())
    if (!commentList.includes(c)) throw new GradebookRuleError('gradebook.reassessment.notRequired', { subject: c });
  if (scoredList.some((c) => !given.scored.has(c)) || commentList.some((c) => !given.comment.has(c)))
    return Object.assign(result, { outcome: 'KTL' as const });
  // the re-assessment result replaces the subject's year result; the level is recomputed (Art. 14)
  const newYear = x.scoredCodes.map((c, i) => given.scored.get(c) ?? year[i]!);
  const newComment = x.commentCodes.map((c, i) => given.comment.get(c) ?? cYear[i]!);
  r.results = {
    scored: Object.fromEntries(scoredList.map((c) => [c, formatTenths(given.scored.get(c)!)])),
    comment: Object.fromEntries(commentList.map((c) => [c, given.comment.get(c)!])),
  };
  r.learning = levelOf(x, newYear, newComment, ruleset);
  result.final.learning = r.learning.level;
  return Object.assign(
    result,
    r.learning.level === 'CD' ? { outcome: 'OLL', reason: 'gradebook.outcome.learning' } : { outcome: 'LL', reason: null },
  );
}
