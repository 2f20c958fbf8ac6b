import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError, conflict, type FieldError, forbidden, notFound, unprocessable } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import { type ClassContext, classContext, enrolledInClass, subjectsOfClass, teachesSubject } from '../../registry/public.ts';
import { ENTER, sheetAbilities } from '../access.ts';
import { type CellValue, cellText, EMPTY, parseCell, slotsOf } from '../cells.ts';
import * as repo from '../repo.ts';

export interface SheetKey {
  classId: string;
  subjectCode: string;
  termId: string;
}

export interface MarkChange {
  studentId: string;
  slot: string;
  /** What the teacher typed ("7,5", "Đạt", "M"); null or "" clears the cell. */
  value: string | null;
  /** The version the teacher saw (0 for an empty cell): a newer one means someone saved first. */
  expectedVersion: number;
}

/** The class, term and subject of a sheet key, or 404 — the same answer as for a class out of reach. */
export async function resolveSheetKey(q: Tx, key: SheetKey) {
  const ctx = await classContext(q, key.classId);
  if (!ctx) throw notFound();
  const term = ctx.terms.find((t) => t.id === key.termId);
  const subject = (await subjectsOfClass(q, ctx)).find((s) => s.code === key.subjectCode);
  if (!term || !subject) throw notFound();
  return { ctx, term, subject };
}

/** The caller must be the subject's teacher (403 when they can see the sheet otherwise, 404 when not). */
export async function requireEnter(q: Tx, actor: Actor, ctx: ClassContext, subjectCode: string, termId: string): Promise<void> {
  // The common case is one statement (every save passes here); the rest only decides 403 or 404.
  if (await teachesSubject(q, actor.userId, ENTER, ctx.id, subjectCode, termId)) return;
  const can = await sheetAbilities(q, actor, ctx, subjectCode, termId);
  throw can.read || can.lock ? forbidden('gradebook.notYourSubject') : notFound();
}

/**
 * Saves a batch of cells (one typed value, or a column pasted from Excel) all or nothing. Each
 * value is parsed by the rules (a score of 11, 7.25 or text is refused, never rounded; "7,5" is
 * 7.5); each cell is written only if it still has the version the teacher saw, so of two
 * teachers saving one cell the second gets 409 naming the value that is there now. After the
 * lock no cell changes here: that is a correction request.
 */
export async function saveMarks(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  key: SheetKey,
  changes: readonly MarkChange[],
  /** Another module writing through public.ts names where the marks come from (the audit's reason). */
  source?: string,
) {
  const { ctx, term, subject } = await resolveSheetKey(tx, key);
  await requireEnter(tx, actor, ctx, subject.code, term.id);
  const sheet = await repo.ensureSheet(tx, ctx, subject, term, actor.userId);
  if (sheet.status === 'locked') throw conflict('gradebook.sheet.locked');

  const slots = slotsOf(sheet.assessment, sheet.requiredRegular, sheet);
  const roster = await enrolledInClass(tx, ctx.id, [...new Set(changes.map((c) => c.studentId))]);
  const errors: FieldError[] = [];
  const parsed = changes.map((c, i) => {
    if (!roster.has(c.studentId)) {
      errors.push({ path: `body.changes.${i}.studentId`, code: 'gradebook.studentNotInClass' });
      return EMPTY;
    }
    if (c.value === null || c.value.trim() === '') {
      if (!slots.includes(c.slot))
        errors.push({ path: `body.changes.${i}.slot`, code: 'gradebook.slot.invalid', params: { slot: c.slot } });
      return EMPTY;
    }
    const p = parseCell(sheet.assessment, slots, c.slot, c.value);
    if (!p.ok) {
      errors.push({ path: `body.changes.${i}.value`, code: p.error.code, params: p.error.params });
      return EMPTY;
    }
    return p.value;
  });
  const seen = new Set<string>();
  changes.forEach((c, i) => {
    const k = `${c.studentId}:${c.slot}`;
    if (seen.has(k)) errors.push({ path: `body.changes.${i}`, code: 'gradebook.cellTwice' });
    seen.add(k);
  });
  if (errors.length) throw unprocessable('gradebook.marks.invalid', { count: errors.length }, errors);

  const conflicts: FieldError[] = [];
  const saved: Array<{ studentId: string; slot: string; value: string | null; version: number }> = [];
  const before: Array<{ studentId: string; slot: string; value: string | null }> = [];
  for (const [i, c] of changes.entries()) {
    const next = parsed[i]!;
    const current = await repo.markForUpdate(tx, sheet.id, c.studentId, c.slot);
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== c.expectedVersion) {
      const now = cellText(current);
      conflicts.push({
        path: `body.changes.${i}`,
        code: 'gradebook.cellChanged',
        params: { current: now ?? '—', version: currentVersion },
      });
      continue;
    }
    const oldText = cellText(current);
    const newText = cellText(next);
    if (oldText === newText) {
      saved.push({ studentId: c.studentId, slot: c.slot, value: newText, version: currentVersion });
      continue;
    }
    const version = await writeCell(tx, sheet.id, c.studentId, c.slot, next, c.expectedVersion, actor.userId);
    if (version === null) {
      // Inserted by someone else after our read (the cell was empty): their value wins.
      const now = await repo.markForUpdate(tx, sheet.id, c.studentId, c.slot);
      conflicts.push({
        path: `body.changes.${i}`,
        code: 'gradebook.cellChanged',
        params: { current: cellText(now) ?? '—', version: now?.version ?? 0 },
      });
      continue;
    }
    await tx.execute(sql`INSERT INTO gradebook.mark_changes (sheet_id, student_id, slot, old_value, new_value, changed_by)
      VALUES (${sheet.id}, ${c.studentId}, ${c.slot}, ${oldText}, ${newText}, ${actor.userId})`);
    before.push({ studentId: c.studentId, slot: c.slot, value: oldText });
    saved.push({ studentId: c.studentId, slot: c.slot, value: newText, version });
  }
  if (conflicts.length) throw new AppError('gradebook.marks.conflict', 409, { count: conflicts.length }, conflicts);

  const written = saved.filter((s) => before.some((b) => b.studentId === s.studentId && b.slot === s.slot));
  if (written.length) {
    await recordAudit(tx, audit, {
      action: 'gradebook.marks.save',
      entityType: 'gradebook.sheet',
      entityId: sheet.id,
      orgUnitId: ctx.schoolId,
      before,
      after: written.map(({ studentId, slot, value }) => ({ studentId, slot, value })),
      reason: source ?? null,
    });
  }
  return { sheetId: sheet.id, saved };
}

/**
 * Writes one cell guarded by the version the teacher saw: an UPDATE … WHERE version = seen, an
 * INSERT that yields to a concurrent insert (ON CONFLICT … WHERE version = 0 never matches a
 * stored row), or a DELETE for an emptied cell. Returns the new version (0 when emptied), or
 * null when another transaction won the race.
 */
export async function writeCell(
  tx: Tx,
  sheetId: string,
  studentId: string,
  slot: string,
  v: CellValue,
  expected: number,
  userId: string,
): Promise<number | null> {
  if (v === EMPTY || (v.score === null && v.level === null && !v.missed)) {
    const { rows } = await tx.execute<{ version: number }>(sql`DELETE FROM gradebook.marks
      WHERE sheet_id = ${sheetId} AND student_id = ${studentId} AND slot = ${slot} AND version = ${expected} RETURNING version`);
    return rows.length ? 0 : null;
  }
  const { rows } =
    expected === 0
      ? await tx.execute<{ version: number }>(sql`
        INSERT INTO gradebook.marks (sheet_id, student_id, slot, score, level, missed, version, updated_by)
        VALUES (${sheetId}, ${studentId}, ${slot}, ${v.score}::numeric, ${v.level}, ${v.missed}, 1, ${userId})
        ON CONFLICT (sheet_id, student_id, slot) DO UPDATE SET version = gradebook.marks.version
        WHERE gradebook.marks.version = 0
        RETURNING version`)
      : await tx.execute<{ version: number }>(sql`
        UPDATE gradebook.marks SET score = ${v.score}::numeric, level = ${v.level}, missed = ${v.missed},
          version = version + 1, updated_at = now(), updated_by = ${userId}
        WHERE sheet_id = ${sheetId} AND student_id = ${studentId} AND slot = ${slot} AND version = ${expected}
        RETURNING version`);
  return rows[0]?.version ?? null;
}

export interface RemarkChange {
  studentId: string;
  text: string;
  expectedVersion: number;
}

/** Comments (nhận xét) per student, with the same version guard as the cells; "" removes one. */
export async function saveRemarks(tx: Tx, actor: Actor, audit: AuditActor, key: SheetKey, changes: readonly RemarkChange[]) {
  const { ctx, term, subject } = await resolveSheetKey(tx, key);
  await requireEnter(tx, actor, ctx, subject.code, term.id);
  const sheet = await repo.ensureSheet(tx, ctx, subject, term, actor.userId);
  if (sheet.status === 'locked') throw conflict('gradebook.sheet.locked');
  const roster = await enrolledInClass(tx, ctx.id, [...new Set(changes.map((c) => c.studentId))]);
  const bad = changes.flatMap((c, i) =>
    roster.has(c.studentId) ? [] : [{ path: `body.changes.${i}.studentId`, code: 'gradebook.studentNotInClass' }],
  );
  if (bad.length) throw unprocessable('gradebook.marks.invalid', { count: bad.length }, bad);

  const conflicts: FieldError[] = [];
  const saved: Array<{ studentId: string; text: string; version: number }> = [];
  for (const [i, c] of changes.entries()) {
    const text = c.text.trim();
    if (c.expectedVersion === 0 && text === '') continue;
    const { rows } =
      c.expectedVersion === 0
        ? await tx.execute<{ version: number }>(sql`
          INSERT INTO gradebook.remarks (sheet_id, student_id, text, updated_by) VALUES (${sheet.id}, ${c.studentId}, ${text}, ${actor.userId})
          ON CONFLICT (sheet_id, student_id) DO NOTHING RETURNING version`)
        : text === ''
          ? await tx.execute<{ version: number }>(sql`DELETE FROM gradebook.remarks
            WHERE sheet_id = ${sheet.id} AND student_id = ${c.studentId} AND version = ${c.expectedVersion} RETURNING 0 AS version`)
          : await tx.execute<{
              version: number;
            }>(sql`UPDATE gradebook.remarks SET text = ${text}, version = version + 1, updated_at = now(), updated_by = ${actor.userId}
            WHERE sheet_id = ${sheet.id} AND student_id = ${c.studentId} AND version = ${c.expectedVersion} RETURNING version`);
    if (!rows[0]) conflicts.push({ path: `body.changes.${i}`, code: 'gradebook.remarkChanged' });
    else saved.push({ studentId: c.studentId, text, version: rows[0].version });
  }
  if (conflicts.length) throw new AppError('gradebook.marks.conflict', 409, { count: conflicts.length }, conflicts);
  if (saved.length) {
    await recordAudit(tx, audit, {
      action: 'gradebook.remarks.save',
      entityType: 'gradebook.sheet',
      entityId: sheet.id,
      orgUnitId: ctx.schoolId,
      after: saved,
    });
  }
  return { sheetId: sheet.id, saved };
}
