import type { Tt27Ruleset } from './rulesets.ts';
import { parseIntegerScore } from './score-input.ts';
import {
  GradebookRuleError,
  type IntegerScore,
  MISSED,
  type Missed,
  type RuleError,
  type SubjectCode,
  TT27_QC_LEVELS,
  TT27_SUBJECT_LEVELS,
  type Tt27Award,
  type Tt27Overall,
  type Tt27QcLevel,
  type Tt27SubjectLevel,
} from './types.ts';

/**
 * TT 27/2020 — primary students (regulations.md §2): periodic tests per grade (Art. 7, §2.3),
 * end-of-year overall result (Art. 9.2, §2.4), completion, promotion and awards (Art. 11, 13, §2.5).
 */

/** Which periodic tests a grade has (§2.3): end of HKI and end of year, and mid-term (grades 4–5). */
export function tt27Tests(grade: number, ruleset: Tt27Ruleset): { endOfTerm: SubjectCode[]; midTerm: SubjectCode[] } {
  const t = ruleset.tests[grade];
  if (!t) throw new GradebookRuleError('gradebook.ruleset.badGrade', { grade });
  return { endOfTerm: [...t.endOfTerm], midTerm: [...t.midTerm] };
}

export interface Tt27Assessment {
  /** End-of-year level of every subject and educational activity. */
  subjects: Readonly<Record<SubjectCode, Tt27SubjectLevel>>;
  /** The five key qualities, by the ruleset's codes (YEU_NUOC, …). */
  qualities: Readonly<Record<string, Tt27QcLevel>>;
  /** The ten core competences, by the ruleset's codes (TU_CHU_TU_HOC, …, THE_CHAT). */
  competences: Readonly<Record<string, Tt27QcLevel>>;
  /** End-of-year test scores of the grade's tested subjects ("9"), or the missed marker. */
  tests: Readonly<Record<SubjectCode, IntegerScore | Missed>>;
}

export interface Tt27YearInput extends Tt27Assessment {
  grade: number;
  /** Recognised by the class (Art. 13): outstanding in ≥ 1 subject, or clear progress in ≥ 1 quality/competence. */
  recognition?: { outstandingSubject?: boolean; clearProgress?: boolean };
  /** Re-assessment after the support plan, for a student who did not complete: the changed items only. */
  afterSupport?: Partial<Tt27Assessment> | null;
  /** The principal's decision for a student still not completing after the support plan (§2.5 [P]). */
  principalDecision?: 'LL' | 'OLL' | null;
}

/** LL promoted; KTL support plan and re-assessment pending; QD principal's decision pending; OLL repeats. */
export type Tt27Outcome = 'LL' | 'KTL' | 'QD' | 'OLL';

export type Tt27YearResult =
  | { status: 'pending'; reasons: RuleError[] }
  | {
      status: 'final';
      rulesetId: Tt27Ruleset['id'];
      overall: Tt27Overall;
      award: Tt27Award | null;
      /** Overall after the support plan (null when not needed or not done yet). */
      afterSupport: Tt27Overall | null;
      /** Hoàn thành chương trình lớp học (after support, if any). */
      completed: boolean;
      /** Grade 5 completed: Hoàn thành chương trình tiểu học. */
      completedPrimary: boolean;
      outcome: Tt27Outcome;
    };

/** Missing or invalid parts of an assessment (empty = complete). */
function check(a: Tt27Assessment, grade: number, ruleset: Tt27Ruleset): RuleError[] {
  const reasons: RuleError[] = [];
  const subjects = Object.entries(a.subjects);
  if (subjects.length === 0) reasons.push({ code: 'gradebook.tt27.subjectsMissing' });
  for (const [s, l] of subjects)
    if (!TT27_SUBJECT_LEVELS.includes(l)) throw new GradebookRuleError('gradebook.level.invalid', { subject: s, level: l });
  for (const [what, expected, given, code] of [
    ['qualities', ruleset.qualities, a.qualities, 'gradebook.tt27.qualitiesMissing'],
    ['competences', ruleset.competences, a.competences, 'gradebook.tt27.competencesMissing'],
  ] as const) {
    for (const k of Object.keys(given)) {
      if (!(k in expected)) throw new GradebookRuleError('gradebook.tt27.unknownItem', { what, item: k });
      if (!TT27_QC_LEVELS.includes(given[k] as Tt27QcLevel))
        throw new GradebookRuleError('gradebook.level.invalid', { item: k, level: given[k] });
    }
    const missing = Object.keys(expected).filter((k) => !(k in given));
    if (missing.length > 0) reasons.push({ code, params: { items: missing } });
  }
  const tested = tt27Tests(grade, ruleset).endOfTerm;
  for (const k of Object.keys(a.tests))
    if (!tested.includes(k)) throw new GradebookRuleError('gradebook.tt27.noTest', { subject: k, grade });
  const missing = tested.filter((s) => a.tests[s] === undefined);
  if (missing.length > 0) reasons.push({ code: 'gradebook.tt27.testsMissing', params: { subjects: missing } });
  const missed = tested.filter((s) => a.tests[s] === MISSED);
  if (missed.length > 0) reasons.push({ code: 'gradebook.average.makeUpPending', params: { cells: missed } });
  for (const s of tested) {
    const v = a.tests[s];
    if (v !== undefined && v !== MISSED) {
      const p = parseIntegerScore(v, { min: ruleset.testScoreMin });
      if (!p.ok || p.value !== v)
        throw new GradebookRuleError(p.ok ? 'gradebook.score.notCanonical' : p.error.code, { subject: s, input: v });
    }
  }
  return reasons;
}

/**
 * End-of-year overall result, Art. 9.2 (§2.4): HTXS — every subject/activity HTT, every quality and
 * competence Tốt, every end-of-year test ≥ 9; HTT — the same with tests ≥ 7; HT — every subject HTT
 * or HT, every quality/competence Tốt or Đạt, every test ≥ 5; otherwise CHT. Assumes a complete
 * assessment (see tt27Year for the checks).
 */
export function tt27Overall(a: Tt27Assessment, ruleset: Tt27Ruleset): Tt27Overall {
  const subjects = Object.values(a.subjects);
  const qc = [...Object.values(a.qualities), ...Object.values(a.competences)];
  const tests = Object.values(a.tests).map((v) => (v === MISSED ? 0 : Number(v)));
  const minTest = tests.length === 0 ? 10 : Math.min(...tests);
  const allHtt = subjects.every((s) => s === 'HTT');
  const allT = qc.every((q) => q === 'T');
  if (allHtt && allT && minTest >= ruleset.overallTestMin.HTXS) return 'HTXS';
  if (allHtt && allT && minTest >= ruleset.overallTestMin.HTT) return 'HTT';
  if (subjects.every((s) => s !== 'CHT') && qc.every((q) => q !== 'C') && minTest >= ruleset.overallTestMin.HT) return 'HT';
  return 'CHT';
}

/**
 * Awards, Art. 13 (§2.5): "Học sinh Xuất sắc" for HTXS; "Học sinh Tiêu biểu hoàn thành tốt trong học
 * tập và rèn luyện" for HTT with an outstanding subject or clear progress recognised by the class.
 */
export function tt27Award(overall: Tt27Overall, recognition: Tt27YearInput['recognition'] = {}): Tt27Award | null {
  if (overall === 'HTXS') return 'XS';
  if (overall === 'HTT' && (recognition.outstandingSubject || recognition.clearProgress)) return 'TB';
  return null;
}

/** A primary student's year: overall result, award, completion, support plan and promotion. */
export function tt27Year(input: Tt27YearInput, ruleset: Tt27Ruleset): Tt27YearResult {
  const reasons = check(input, input.grade, ruleset);
  if (reasons.length > 0) return { status: 'pending', reasons };
  const overall = tt27Overall(input, ruleset);
  const base = {
    status: 'final' as const,
    rulesetId: ruleset.id,
    overall,
    award: tt27Award(overall, input.recognition),
    afterSupport: null as Tt27Overall | null,
  };
  const done = (completed: boolean, outcome: Tt27Outcome, afterSupport: Tt27Overall | null = null) => ({
    ...base,
    afterSupport,
    completed,
    completedPrimary: completed && input.grade === 5,
    outcome,
  });
  if (overall !== 'CHT') {
    if (input.afterSupport || input.principalDecision)
      throw new GradebookRuleError('gradebook.summer.notRequired', { what: 'afterSupport' });
    return done(true, 'LL');
  }
  if (!input.afterSupport) {
    if (input.principalDecision) throw new GradebookRuleError('gradebook.summer.trainingFirst');
    return done(false, 'KTL');
  }
  const again: Tt27Assessment = {
    subjects: { ...input.subjects, ...input.afterSupport.subjects },
    qualities: { ...input.qualities, ...input.afterSupport.qualities },
    competences: { ...input.competences, ...input.afterSupport.competences },
    tests: { ...input.tests, ...input.afterSupport.tests },
  };
  const againReasons = check(again, input.grade, ruleset);
  if (againReasons.length > 0) return { status: 'pending', reasons: againReasons };
  const after = tt27Overall(again, ruleset);
  if (after !== 'CHT') {
    if (input.principalDecision) throw new GradebookRuleError('gradebook.summer.notRequired', { what: 'principalDecision' });
    return done(true, 'LL', after);
  }
  if (!input.principalDecision) return done(false, 'QD', after);
  return done(false, input.principalDecision, after);
}
