import { parseCommentCell, parseIntegerScoreCell, parseScoreCell, parseTt27SubjectLevel } from './rules/score-input.ts';
import { rulesetById, type Tt27Ruleset } from './rules/rulesets.ts';
import { MISSED, type Parsed } from './rules/types.ts';

/**
 * The cells of a sheet and what each accepts (pure). TT 22 score subjects (NXDS): the required
 * number of ĐĐGtx (2–4, Art. 6), one ĐĐGgk, one ĐĐGck. TT 22 comment subjects (NX): two regular
 * assessments [P], mid-term and end-of-term, each Đạt / Chưa đạt. TT 27 (primary): the subject
 * level of the term (lvl) and, where the subject has one, the periodic test score (test, integer).
 */
export type Assessment = 'NXDS' | 'NX' | 'TT27';

/** Regular comment assessments per term of a comment subject (regulations.md §1.3 [P]). */
export const COMMENT_REGULAR = 2;

/** The TT 27 slots of a subject in a grade: levels always, tests only where the ruleset has them. */
export function tt27Slots(subjectCode: string, gradeNo: number, ruleset: Pick<Tt27Ruleset, 'tests'>): string[] {
  const tests = ruleset.tests[gradeNo] ?? { endOfTerm: [], midTerm: [] };
  return ['gk', ...(tests.midTerm.includes(subjectCode) ? ['gkt'] : []), 'lvl', ...(tests.endOfTerm.includes(subjectCode) ? ['test'] : [])];
}

/** Numeric (integer test score) slots of a TT 27 sheet. */
export const TT27_TEST_SLOTS: readonly string[] = ['gkt', 'test'];

/**
 * The slots of a sheet. A TT 27 sheet needs its subject, grade and ruleset (`tt27`): without them
 * it falls back to every TT 27 slot (only for callers that read stored cells).
 */
export function slotsOf(
  assessment: Assessment,
  requiredRegular: number | null,
  tt27?: { subjectCode: string; gradeNo: number; ruleset: string },
): string[] {
  if (assessment === 'TT27') {
    const rules = tt27 ? rulesetById(tt27.ruleset) : null;
    if (!tt27 || !rules || rules.circular !== 'tt27') return ['gk', 'gkt', 'lvl', 'test'];
    return tt27Slots(tt27.subjectCode, tt27.gradeNo, rules);
  }
  const regular = assessment === 'NX' ? COMMENT_REGULAR : (requiredRegular ?? 2);
  return [...Array.from({ length: regular }, (_, i) => `tx${i + 1}`), 'gk', 'ck'];
}

/** What a cell stores: exactly one of a score, a level, or the missed marker. */
export type CellValue = {
  score: string | null;
  level: string | null;
  missed: boolean;
};

export const EMPTY: CellValue = { score: null, level: null, missed: false };

/** Parses what a teacher typed into a slot; `slot.invalid` when the slot is not one of the sheet's. */
export function parseCell(assessment: Assessment, slots: readonly string[], slot: string, input: string): Parsed<CellValue> {
  if (!slots.includes(slot)) return { ok: false, error: { code: 'gradebook.slot.invalid', params: { slot } } };
  const parsed =
    assessment === 'NXDS'
      ? parseScoreCell(input)
      : assessment === 'NX'
        ? parseCommentCell(input)
        : TT27_TEST_SLOTS.includes(slot)
          ? parseIntegerScoreCell(input)
          : parseTt27SubjectLevel(input);
  if (!parsed.ok) return parsed;
  if (parsed.value === MISSED) return { ok: true, value: { score: null, level: null, missed: true } };
  const numeric = assessment === 'NXDS' || TT27_TEST_SLOTS.includes(slot);
  return {
    ok: true,
    value: numeric ? { score: parsed.value, level: null, missed: false } : { score: null, level: parsed.value, missed: false },
  };
}

/** One canonical text for history and corrections: "7.5", "D", "HTT", "M", or null for empty. */
export function cellText(v: CellValue | null | undefined): string | null {
  if (!v) return null;
  if (v.missed) return MISSED;
  return v.score ?? v.level ?? null;
}

/** The stored form of a canonical text (the inverse of cellText for the sheet's assessment). */
export function cellFromText(assessment: Assessment, slot: string, text: string | null): CellValue {
  if (text === null) return EMPTY;
  if (text === MISSED) return { score: null, level: null, missed: true };
  const numeric = assessment === 'NXDS' || (assessment === 'TT27' && TT27_TEST_SLOTS.includes(slot));
  return numeric ? { score: text, level: null, missed: false } : { score: null, level: text, missed: false };
}
