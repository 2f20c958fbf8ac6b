import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { classRoster } from '../../registry/public.ts';
import { slotsOf } from '../cells.ts';
import * as repo from '../repo.ts';
import { sheetResult } from '../sheet-result.ts';

/** "7.9" → 79; levels and pending results have no tenths. */
export const tenthsOfResult = (r: string | null): number | null =>
  r !== null && /^\d{1,2}\.\d$/.test(r) ? Math.round(Number(r) * 10) : null;

/**
 * States the term results of a locked sheet (every student on the class list, or only `studentIds`
 * after a correction): the value the year-end computation reads. Pending rows (a required cell
 * still missing) are stored as null so the class summary can name them.
 */
export async function storeTermResults(q: Queryable, sheet: repo.SheetRow, studentIds?: readonly string[]): Promise<number> {
  const slots = slotsOf(sheet.assessment, sheet.requiredRegular, sheet);
  const marks = await repo.marksOf(q, sheet.id);
  const roster = (await classRoster(q, sheet.classId)).map((s) => s.id).filter((id) => !studentIds || studentIds.includes(id));
  const rows = roster.map((studentId) => {
    const result = sheetResult(
      sheet.ruleset,
      sheet.assessment,
      slots,
      marks.filter((m) => m.studentId === studentId),
      true,
    );
    return { studentId, result, tenths: sheet.assessment === 'NXDS' ? tenthsOfResult(result) : null };
  });
  if (rows.length === 0) return 0;
  await q.execute(sql`
    INSERT INTO gradebook.term_results (sheet_id, student_id, result, tenths)
    SELECT ${sheet.id}::uuid, r.student_id, r.result, r.tenths
    FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ student_id: r.studentId, result: r.result, tenths: r.tenths })))}::jsonb)
      AS r(student_id uuid, result text, tenths smallint)
    ON CONFLICT (sheet_id, student_id) DO UPDATE SET result = excluded.result, tenths = excluded.tenths, computed_at = now()`);
  return rows.length;
}
