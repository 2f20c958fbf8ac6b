import type { Tt58Ruleset } from './rulesets.ts';
import { divHalfUp, formatTenths, type Tenths, tenthsOf } from './tenths.ts';
import { yearAverageTenths } from './tt22-averages.ts';
import {
  type CommentResult,
  GradebookRuleError,
  type Score,
  type ScoreValue,
  type SubjectCode,
  TT58_HANH_KIEM,
  TT58_HOC_LUC,
  type Tt58HanhKiem,
  type Tt58HocLuc,
  type Tt58Outcome,
  type Tt58Title,
} from './types.ts';

/**
 * Legacy TT 58/2011 as amended by TT 26/2020 (regulations.md §3) — for historic THCS/THPT records.
 * Its own enumerations (Giỏi…Kém, conduct Tốt…Yếu, titles Giỏi / Tiên tiến), never converted to
 * TT 22 (§3.5). The subject averages use the TT 22 formulas, which TT 26 made identical (§3.1).
 */

const hlRank = (l: Tt58HocLuc) => TT58_HOC_LUC.indexOf(l);
const hkRank = (l: Tt58HanhKiem) => TT58_HANH_KIEM.indexOf(l);

/** ĐTBhk / ĐTBcn in tenths: the arithmetic mean of the scored subjects' averages, rounded once (§3.1). */
export function overallAverageTenths(averages: readonly Tenths[]): Tenths {
  if (averages.length === 0) throw new GradebookRuleError('gradebook.tt58.noScoredSubject');
  let sum = 0;
  for (const a of averages) sum += a;
  return divHalfUp(sum, averages.length);
}

/**
 * ĐTBhk (semester) or ĐTBcn (year) — the mean of the subjects' ĐTBmhk or ĐTBmcn, no coefficients,
 * rounded once at the end (§3.1); never (ĐTBhkI + 2 × ĐTBhkII) / 3.
 */
export function tt58OverallAverage(subjectAverages: readonly ScoreValue[]): Score {
  return formatTenths(overallAverageTenths(subjectAverages.map((v) => tenthsOf(v))));
}

export interface HocLucResult {
  /** Học lực recorded. */
  level: Tt58HocLuc;
  /** Học lực the conditions give before the downgrade adjustment. */
  actual: Tt58HocLuc;
  /** ĐTBhk / ĐTBcn. */
  average: Score;
  /** Set when TT 58 Art. 13.5 adjusted the level: the one subject, the level it kept the student from. */
  adjustment: null | { subject: SubjectCode; reached: Tt58HocLuc };
}

interface Core {
  codes: SubjectCode[];
  values: Tenths[];
  commentCodes: SubjectCode[];
  commentPass: boolean[];
  specialised: SubjectCode | null;
}

function meets(level: Exclude<Tt58HocLuc, 'KEM'>, avg: Tenths, x: Core, r: Tt58Ruleset, ignore: number, ignoreComment: number): boolean {
  const rule = r.hocLuc[level];
  if (avg < rule.average) return false;
  if (rule.core !== null) {
    // one of Toán, Ngữ văn, Ngoại ngữ at least `core` (real values: never neutralised); môn chuyên too
    const core = rule.core;
    if (!x.codes.some((c, i) => r.coreSubjects.includes(c) && (x.values[i] as number) >= core)) return false;
    if (x.specialised !== null && (x.values[x.codes.indexOf(x.specialised)] as number) < core) return false;
  }
  for (let i = 0; i < x.values.length; i++) if (i !== ignore && (x.values[i] as number) < rule.floor) return false;
  if (rule.commentsAllPass) for (let i = 0; i < x.commentPass.length; i++) if (i !== ignoreComment && !x.commentPass[i]) return false;
  return true;
}

const LEVELS_DESC = ['G', 'K', 'TB', 'Y'] as const;

function classify(avg: Tenths, x: Core, r: Tt58Ruleset, ignore: number, ignoreComment: number): Tt58HocLuc {
  for (const l of LEVELS_DESC) if (meets(l, avg, x, r, ignore, ignoreComment)) return l;
  return 'KEM';
}

function classifyCore(x: Core, r: Tt58Ruleset): HocLucResult {
  const avg = overallAverageTenths(x.values);
  const actual = classify(avg, x, r, -1, -1);
  let best: HocLucResult['adjustment'] = null;
  let adjusted: Tt58HocLuc = actual;
  const n = x.values.length + x.commentPass.length;
  for (let k = 0; k < n; k++) {
    const scored = k < x.values.length;
    const reached = scored ? classify(avg, x, r, k, -1) : classify(avg, x, r, -1, k - x.values.length);
    const to = r.downgrade[reached]?.[actual];
    if (to && hlRank(to) > hlRank(adjusted)) {
      adjusted = to;
      best = { subject: (scored ? x.codes[k] : x.commentCodes[k - x.values.length]) as string, reached };
    }
  }
  return { level: adjusted, actual, average: formatTenths(avg), adjustment: best };
}

function toCore(
  scored: Readonly<Record<SubjectCode, ScoreValue>>,
  comment: Readonly<Record<SubjectCode, CommentResult>>,
  specialised?: SubjectCode | null,
): Core {
  const codes = Object.keys(scored);
  const commentCodes = Object.keys(comment);
  for (const c of commentCodes) {
    if (c in scored) throw new GradebookRuleError('gradebook.subject.twice', { subject: c });
    if (comment[c] !== 'D' && comment[c] !== 'CD') throw new GradebookRuleError('gradebook.comment.invalid', { subject: c });
  }
  if (specialised != null && !codes.includes(specialised))
    throw new GradebookRuleError('gradebook.tt58.specialisedMissing', { subject: specialised });
  return {
    codes,
    values: codes.map((c) => {
      const t = tenthsOf(scored[c] as ScoreValue);
      if (t < 0 || t > 100) throw new GradebookRuleError('gradebook.score.outOfRange', { subject: c });
      return t;
    }),
    commentCodes,
    commentPass: commentCodes.map((c) => comment[c] === 'D'),
    specialised: specialised ?? null,
  };
}

/**
 * Học lực of a semester or year, TT 58 Art. 13 as amended by TT 26 (§3.2), with the downgrade
 * adjustment of Art. 13.5: if the average reaches Giỏi (Khá) but ONE subject — scored or comment —
 * keeps the level down (the level ignoring that subject's floor is the reached level), Giỏi→TB
 * becomes Khá, Giỏi→Yếu TB, Khá→Yếu TB, Khá→Kém Yếu (ruleset.downgrade). The core-subject
 * condition (one of Toán, Ngữ văn, Ngoại ngữ) is never neutralised.
 * §3.4: ten subjects ≥ 8.0 and Công nghệ 4.5 → ĐTB 8.1, actual TB → Khá.
 */
export function classifyHocLuc(
  scored: Readonly<Record<SubjectCode, ScoreValue>>,
  comment: Readonly<Record<SubjectCode, CommentResult>>,
  ruleset: Tt58Ruleset,
  specialisedSubject?: SubjectCode | null,
): HocLucResult {
  return classifyCore(toCore(scored, comment, specialisedSubject), ruleset);
}

export interface Tt58YearInput {
  /** Semester averages (ĐTBmhk) of every scored subject. */
  scored: Readonly<Record<SubjectCode, { hk1: ScoreValue; hk2: ScoreValue }>>;
  comment: Readonly<Record<SubjectCode, { hk1: CommentResult; hk2: CommentResult }>>;
  /** Semester conduct; `year` when the homeroom teacher set it, otherwise ruleset.yearConductRule [U]. */
  conduct: { hk1: Tt58HanhKiem; hk2: Tt58HanhKiem; year?: Tt58HanhKiem | null };
  absenceSessions: number;
  /** Môn chuyên of a specialised class. */
  specialisedSubject?: SubjectCode | null;
  /** Re-exam (kiểm tra lại, Art. 16) results of the subjects the student chose among the candidates. */
  reexam?: { scored?: Readonly<Record<SubjectCode, ScoreValue>>; comment?: Readonly<Record<SubjectCode, CommentResult>> } | null;
  /** Conduct after summer training (year conduct Yếu) [U]. */
  summerConduct?: Tt58HanhKiem | null;
}

export interface Tt58YearResult {
  rulesetId: Tt58Ruleset['id'];
  subjects: {
    scored: Record<SubjectCode, { hk1: Score; hk2: Score; year: Score }>;
    comment: Record<SubjectCode, { hk1: CommentResult; hk2: CommentResult; year: CommentResult }>;
  };
  hocLuc: { hk1: HocLucResult; hk2: HocLucResult; year: HocLucResult };
  hanhKiem: { hk1: Tt58HanhKiem; hk2: Tt58HanhKiem; year: Tt58HanhKiem };
  title: Tt58Title | null;
  summerTraining: null | { result: Tt58HanhKiem | null };
  reexam: null | {
    candidates: { scored: SubjectCode[]; comment: SubjectCode[] };
    results: null | Record<SubjectCode, Score | CommentResult>;
    hocLuc: HocLucResult | null;
  };
  final: { hanhKiem: Tt58HanhKiem; hocLuc: Tt58HocLuc };
  outcome: Tt58Outcome;
  reason: null | 'gradebook.outcome.absences' | 'gradebook.outcome.conduct' | 'gradebook.outcome.learning';
}

/** A legacy student's year: ĐTBcn, học lực with adjustment, conduct, titles, promotion, re-exam [U parts configurable]. */
export function tt58Year(input: Tt58YearInput, ruleset: Tt58Ruleset): Tt58YearResult {
  const codes = Object.keys(input.scored);
  const commentCodes = Object.keys(input.comment);
  const hk = (k: 'hk1' | 'hk2') =>
    toCore(
      Object.fromEntries(codes.map((c) => [c, input.scored[c]![k]])),
      Object.fromEntries(commentCodes.map((c) => [c, input.comment[c]![k]])),
      input.specialisedSubject,
    );
  const c1 = hk('hk1');
  const c2 = hk('hk2');
  const yearCore: Core = { ...c2, values: c1.values.map((v, i) => yearAverageTenths(v, c2.values[i]!)) }; // comment year = HKII
  for (const l of [input.conduct.hk1, input.conduct.hk2, input.conduct.year, input.summerConduct])
    if (l != null && !TT58_HANH_KIEM.includes(l)) throw new GradebookRuleError('gradebook.level.invalid', { what: 'hanhKiem', level: l });
  if (!Number.isInteger(input.absenceSessions) || input.absenceSessions < 0)
    throw new GradebookRuleError('gradebook.absences.invalid', { value: input.absenceSessions });

  const hocLuc = { hk1: classifyCore(c1, ruleset), hk2: classifyCore(c2, ruleset), year: classifyCore(yearCore, ruleset) };
  const conductYear = input.conduct.year ?? input.conduct.hk2;
  const title: Tt58Title | null =
    conductYear === 'T' && hocLuc.year.level === 'G'
      ? 'G'
      : hkRank(conductYear) >= hkRank('K') && hlRank(hocLuc.year.level) >= hlRank('K')
        ? 'TT'
        : null;
  const result: Tt58YearResult = {
    rulesetId: ruleset.id,
    subjects: {
      scored: Object.fromEntries(
        codes.map((c, i) => [
          c,
          { hk1: formatTenths(c1.values[i]!), hk2: formatTenths(c2.values[i]!), year: formatTenths(yearCore.values[i]!) },
        ]),
      ),
      comment: Object.fromEntries(
        commentCodes.map((c, i) => [c, { hk1: input.comment[c]!.hk1, hk2: input.comment[c]!.hk2, year: c2.commentPass[i] ? 'D' : 'CD' }]),
      ),
    },
    hocLuc,
    hanhKiem: { hk1: input.conduct.hk1, hk2: input.conduct.hk2, year: conductYear },
    title,
    summerTraining: null,
    reexam: null,
    final: { hanhKiem: conductYear, hocLuc: hocLuc.year.level },
    outcome: 'LL',
    reason: null,
  };
  const end = (outcome: Tt58Outcome, reason: Tt58YearResult['reason'] = null) => Object.assign(result, { outcome, reason });
  const minHk = hkRank(ruleset.promotionMin.hanhKiem);
  const minHl = hlRank(ruleset.promotionMin.hocLuc);
  const re = input.reexam ?? null;
  const summer = input.summerConduct ?? null;

  if (input.absenceSessions > ruleset.maxAbsenceSessions) return end('OLL', 'gradebook.outcome.absences');
  const hl = hocLuc.year.level;
  // Art. 15 [U]: Kém, or both Yếu, repeats without re-exam or summer training
  if (hl === 'KEM') return end('OLL', 'gradebook.outcome.learning');
  if (hkRank(conductYear) < minHk && hlRank(hl) < minHl) return end('OLL', 'gradebook.outcome.learning');
  if (hkRank(conductYear) < minHk) {
    result.summerTraining = { result: summer };
    if (summer === null) return end('RLH');
    result.final.hanhKiem = summer;
    return hkRank(summer) >= minHk ? end('LL') : end('OLL', 'gradebook.outcome.conduct');
  }
  if (summer !== null) throw new GradebookRuleError('gradebook.summer.notRequired', { what: 'summerConduct' });
  if (hlRank(hl) >= minHl) {
    if (re !== null) throw new GradebookRuleError('gradebook.summer.notRequired', { what: 'reexam' });
    return end('LL');
  }
  // Art. 16: re-exam of subjects the student chooses among ĐTBcn < 5.0 and CĐ
  const candidates = {
    scored: codes.filter((_, i) => yearCore.values[i]! < ruleset.reexamScoredBelow),
    comment: commentCodes.filter((_, i) => !yearCore.commentPass[i]),
  };
  result.reexam = { candidates, results: null, hocLuc: null };
  if (re === null) return end('KTL');
  const scoredRe = Object.entries(re.scored ?? {});
  const commentRe = Object.entries(re.comment ?? {});
  for (const [c] of scoredRe)
    if (!candidates.scored.includes(c)) throw new GradebookRuleError('gradebook.reassessment.notRequired', { subject: c });
  for (const [c, v] of commentRe) {
    if (!candidates.comment.includes(c)) throw new GradebookRuleError('gradebook.reassessment.notRequired', { subject: c });
    if (v !== 'D' && v !== 'CD') throw new GradebookRuleError('gradebook.comment.invalid', { subject: c });
  }
  const after: Core = { ...yearCore, values: [...yearCore.values], commentPass: [...yearCore.commentPass] };
  for (const [c, v] of scoredRe) after.values[codes.indexOf(c)] = tenthsOf(v);
  for (const [c, v] of commentRe) after.commentPass[commentCodes.indexOf(c)] = v === 'D';
  const hlAfter = classifyCore(after, ruleset);
  result.reexam.results = Object.fromEntries([...scoredRe.map(([c, v]) => [c, formatTenths(tenthsOf(v))]), ...commentRe]);
  result.reexam.hocLuc = hlAfter;
  result.final.hocLuc = hlAfter.level;
  return hlRank(hlAfter.level) >= minHl ? end('LL') : end('OLL', 'gradebook.outcome.learning');
}
