import type { Assessment, CellValue } from './cells.ts';
import { rulesetById } from './rules/rulesets.ts';
import { commentSubjectSemester, scoreSubjectSemester } from './rules/tt22-averages.ts';
import { type CommentCell, MISSED, type ScoreCell } from './rules/types.ts';

interface StoredCell extends CellValue {
  slot: string;
}

/**
 * The term result a sheet row shows: ĐTBmhk of a score subject, Đạt/Chưa đạt of a comment
 * subject (TT 22 Art. 9), the TT 27 level as entered — or null while a required cell is missing
 * or a missed assessment waits for its make-up (after the lock a missed cell counts as the
 * ruleset says).
 */
export function sheetResult(
  ruleset: string,
  assessment: Assessment,
  slots: readonly string[],
  cells: readonly StoredCell[],
  locked: boolean,
): string | null {
  const by = new Map(cells.map((c) => [c.slot, c]));
  if (assessment === 'TT27') return by.get('lvl')?.level ?? null;
  const rules = rulesetById(ruleset);
  if (rules.circular !== 'tt22') return null;
  const regularSlots = slots.filter((s) => s.startsWith('tx'));
  const options = { requiredRegular: regularSlots.length, makeUpClosed: locked };
  if (assessment === 'NXDS') {
    const cell = (slot: string): ScoreCell | null => {
      const c = by.get(slot);
      return c ? (c.missed ? MISSED : c.score) : null;
    };
    const r = scoreSubjectSemester({ regular: regularSlots.map(cell), midterm: cell('gk'), endterm: cell('ck') }, options, rules);
    return r.status === 'final' ? r.value : null;
  }
  const cell = (slot: string): CommentCell | null => {
    const c = by.get(slot);
    return c ? (c.missed ? MISSED : (c.level as CommentCell | null)) : null;
  };
  const r = commentSubjectSemester({ regular: regularSlots.map(cell), midterm: cell('gk'), endterm: cell('ck') }, options, rules);
  return r.status === 'final' ? r.value : null;
}
