/**
 * What other modules may use of the grade book. Assessment and learning send confirmed scores
 * "through the grade book's own save" (the same parsing, version guard, lock and audit as a
 * teacher's typing); attendance fills the term's absence counts. Both act as the person who
 * confirmed them (a subject teacher for marks, the homeroom teacher for absences), so the grade
 * book's own rules decide who may write where. Its events (published, locked, finalised) are
 * declared in events.ts; subscribe to them through the platform's event bus.
 */
import type { AuditActor } from '../../platform/audit.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Actor } from '../identity/public.ts';
import { type MarkChange, type SheetKey, saveMarks } from './commands/marks.ts';
import { type AbsenceCount, saveAbsences } from './commands/results.ts';

export type { SheetEvent, YearFinalisedEvent } from './events.ts';
export type { AbsenceCount, MarkChange, SheetKey };

/**
 * Confirmed marks into one sheet (class × subject × term), all or nothing: a locked sheet answers
 * 409 `gradebook.sheet.locked` (a change after the lock is a correction request), a cell saved by
 * someone else since `expectedVersion` answers 409 `gradebook.marks.conflict`. `source` names the
 * sender in the audit trail (e.g. `assessment.test:<id>`).
 */
export function writeConfirmedMarks(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  key: SheetKey,
  marks: readonly MarkChange[],
  source: string,
): Promise<{ sheetId: string; saved: Array<{ studentId: string; slot: string; value: string | null; version: number }> }> {
  return saveMarks(tx, actor, audit, key, marks, source);
}

/** The term's absence counts (buổi) of students of a class; refused once the year is finalised. */
export function writeAbsenceCounts(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  classId: string,
  termNo: number,
  counts: readonly AbsenceCount[],
  source: string,
): Promise<Array<{ studentId: string; version: number }>> {
  return saveAbsences(tx, actor, audit, classId, termNo, counts, source);
}
