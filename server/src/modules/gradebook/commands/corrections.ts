import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { pgErrorOf, type Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import { classContext, enrolledInClass } from '../../registry/public.ts';
import { sheetAbilities } from '../access.ts';
import { cellFromText, cellText, parseCell, slotsOf } from '../cells.ts';
import * as repo from '../repo.ts';
import { storeTermResults } from '../results/term-results.ts';
import type { CorrectionStatus } from '../schema.ts';
import { writeCell } from './marks.ts';
import { markTranscriptStale } from './transcripts.ts';

export type CorrectionRow = {
  id: string;
  schoolId: string;
  sheetId: string;
  studentId: string;
  slot: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  status: CorrectionStatus;
  requestedAt: Date;
  requestedBy: string;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
};

const columns = sql`id, school_id AS "schoolId", sheet_id AS "sheetId", student_id AS "studentId", slot, old_value AS "oldValue",
  new_value AS "newValue", reason, status, requested_at AS "requestedAt", requested_by AS "requestedBy", decided_at AS "decidedAt",
  decided_by AS "decidedBy", decision_note AS "decisionNote"`;

export async function findCorrection(tx: Tx, id: string, lock = false): Promise<CorrectionRow | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await tx.execute<CorrectionRow>(
    sql`SELECT ${columns} FROM gradebook.corrections WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  return rows[0];
}

async function sheetWithContext(tx: Tx, actor: Actor, sheetId: string) {
  const sheet = isUuid(sheetId) ? await repo.findSheetById(tx, sheetId) : undefined;
  if (!sheet) throw notFound();
  const ctx = (await classContext(tx, sheet.classId))!;
  const can = await sheetAbilities(tx, actor, ctx, sheet.subjectCode, sheet.termId);
  if (!can.read && !can.lock && !can.decide) throw notFound();
  return { sheet, ctx, can };
}

/**
 * After the lock the subject teacher asks for a change with a reason (yêu cầu điều chỉnh); the
 * value is validated now, so the principal decides on a value that can be stored. One pending
 * request per cell: a double submit answers 409.
 */
export async function requestCorrection(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: { sheetId: string; studentId: string; slot: string; value: string | null; reason: string },
): Promise<CorrectionRow> {
  const { sheet, ctx, can } = await sheetWithContext(tx, actor, input.sheetId);
  if (!can.enter) throw forbidden('gradebook.notYourSubject');
  if (sheet.status !== 'locked') throw conflict('gradebook.correction.notLocked');
  if (!(await enrolledInClass(tx, ctx.id, [input.studentId])).has(input.studentId)) {
    throw unprocessable('gradebook.studentNotInClass', {}, [{ path: 'body.studentId', code: 'gradebook.studentNotInClass' }]);
  }
  const slots = slotsOf(sheet.assessment, sheet.requiredRegular, sheet);
  let newValue: string | null = null;
  if (input.value !== null && input.value.trim() !== '') {
    const p = parseCell(sheet.assessment, slots, input.slot, input.value);
    if (!p.ok) throw unprocessable(p.error.code, p.error.params, [{ path: 'body.value', code: p.error.code, params: p.error.params }]);
    newValue = cellText(p.value);
  } else if (!slots.includes(input.slot)) {
    throw unprocessable('gradebook.slot.invalid', { slot: input.slot }, [
      { path: 'body.slot', code: 'gradebook.slot.invalid', params: { slot: input.slot } },
    ]);
  }
  const current = cellText(await repo.markForUpdate(tx, sheet.id, input.studentId, input.slot));
  if (current === newValue)
    throw unprocessable('gradebook.correction.sameValue', {}, [{ path: 'body.value', code: 'gradebook.correction.sameValue' }]);
  try {
    const { rows } = await tx.execute<CorrectionRow>(sql`
      INSERT INTO gradebook.corrections (school_id, sheet_id, student_id, slot, old_value, new_value, reason, requested_by)
      VALUES (${ctx.schoolId}, ${sheet.id}, ${input.studentId}, ${input.slot}, ${current}, ${newValue}, ${input.reason.trim()}, ${actor.userId})
      RETURNING ${columns}`);
    await recordAudit(tx, audit, {
      action: 'gradebook.correction.request',
      entityType: 'gradebook.correction',
      entityId: rows[0]!.id,
      orgUnitId: ctx.schoolId,
      before: { value: current },
      after: { studentId: input.studentId, slot: input.slot, value: newValue },
      reason: input.reason,
    });
    return rows[0]!;
  } catch (err) {
    if (pgErrorOf(err)?.code === '23505') throw conflict('gradebook.correction.pendingExists');
    throw err;
  }
}

/**
 * The principal approves (the cell takes the requested value, its history records the reason and
 * the request) or rejects with a note. A decided request cannot be decided again. If the cell
 * changed since the request (another approved correction), approval is refused: the teacher asks again.
 */
export async function decideCorrection(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  decision: 'approve' | 'reject',
  note: string | undefined,
): Promise<CorrectionRow> {
  const found = await findCorrection(tx, id, true);
  if (!found) throw notFound();
  const { sheet, ctx, can } = await sheetWithContext(tx, actor, found.sheetId);
  if (!can.decide) throw forbidden();
  if (found.status !== 'pending') throw conflict('gradebook.correction.decided', { status: found.status });
  if (decision === 'approve') {
    const current = await repo.markForUpdate(tx, sheet.id, found.studentId, found.slot);
    if (cellText(current) !== found.oldValue) throw conflict('gradebook.correction.stale');
    const version = await writeCell(
      tx,
      sheet.id,
      found.studentId,
      found.slot,
      cellFromText(sheet.assessment, found.slot, found.newValue),
      current?.version ?? 0,
      actor.userId,
    );
    if (version === null) throw conflict('gradebook.correction.stale');
    await tx.execute(sql`INSERT INTO gradebook.mark_changes (sheet_id, student_id, slot, old_value, new_value, reason, correction_id, changed_by)
      VALUES (${sheet.id}, ${found.studentId}, ${found.slot}, ${found.oldValue}, ${found.newValue}, ${found.reason}, ${found.id}, ${actor.userId})`);
    await storeTermResults(tx, sheet, [found.studentId]);
    await markTranscriptStale(tx, audit, {
      studentId: found.studentId,
      schoolYearId: ctx.schoolYearId,
      correctionId: found.id,
      reason: found.reason,
    });
  }
  const status: CorrectionStatus = decision === 'approve' ? 'approved' : 'rejected';
  const { rows } = await tx.execute<CorrectionRow>(sql`UPDATE gradebook.corrections
    SET status = ${status}, decided_at = now(), decided_by = ${actor.userId}, decision_note = ${note?.trim() || null}
    WHERE id = ${found.id} RETURNING ${columns}`);
  await recordAudit(tx, audit, {
    action: `gradebook.correction.${decision}`,
    entityType: 'gradebook.correction',
    entityId: found.id,
    orgUnitId: ctx.schoolId,
    before: { status: 'pending', value: found.oldValue },
    after: { status, value: decision === 'approve' ? found.newValue : found.oldValue },
    reason: note ?? found.reason,
  });
  return rows[0]!;
}

/** The requester withdraws a pending request. */
export async function withdrawCorrection(tx: Tx, actor: Actor, audit: AuditActor, id: string): Promise<CorrectionRow> {
  const found = await findCorrection(tx, id, true);
  if (!found) throw notFound();
  await sheetWithContext(tx, actor, found.sheetId);
  if (found.requestedBy !== actor.userId) throw forbidden();
  if (found.status !== 'pending') throw conflict('gradebook.correction.decided', { status: found.status });
  const { rows } =
    await tx.execute<CorrectionRow>(sql`UPDATE gradebook.corrections SET status = 'withdrawn', decided_at = now(), decided_by = ${actor.userId}
    WHERE id = ${found.id} RETURNING ${columns}`);
  await recordAudit(tx, audit, {
    action: 'gradebook.correction.withdraw',
    entityType: 'gradebook.correction',
    entityId: found.id,
    orgUnitId: found.schoolId,
    before: { status: 'pending' },
    after: { status: 'withdrawn' },
  });
  return rows[0]!;
}
