import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { publishEvent } from '../../../platform/events/events.ts';
import type { Actor } from '../../identity/public.ts';
import type { ClassContext } from '../../registry/public.ts';
import { sheetAbilities } from '../access.ts';
import * as repo from '../repo.ts';
import { storeTermResults } from '../results/term-results.ts';
import type { SheetEvent } from '../events.ts';
import { requireEnter, resolveSheetKey, type SheetKey } from './marks.ts';

const sheetEvent = (sheetId: string, ctx: ClassContext, subjectCode: string, term: { id: string; no: number }): SheetEvent => ({
  sheetId,
  classId: ctx.id,
  subjectCode,
  termId: term.id,
  termNo: term.no,
  schoolId: ctx.schoolId,
  schoolYearId: ctx.schoolYearId,
});

/**
 * Open → published: the subject teacher makes the column visible to the student and the parents.
 * Publishing twice is harmless (the second answers the published sheet unchanged).
 */
export async function publishSheet(tx: Tx, actor: Actor, audit: AuditActor, key: SheetKey) {
  const { ctx, term, subject } = await resolveSheetKey(tx, key);
  await requireEnter(tx, actor, ctx, subject.code, term.id);
  const sheet = await repo.ensureSheet(tx, ctx, subject, term, actor.userId);
  if (sheet.status !== 'open') return sheet;
  await tx.execute(sql`UPDATE gradebook.sheets SET status = 'published', published_at = now(), published_by = ${actor.userId}, version = version + 1
    WHERE id = ${sheet.id}`);
  await recordAudit(tx, audit, {
    action: 'gradebook.sheet.publish',
    entityType: 'gradebook.sheet',
    entityId: sheet.id,
    orgUnitId: ctx.schoolId,
    before: { status: 'open' },
    after: { status: 'published' },
  });
  await publishEvent(tx, 'gradebook.sheet.published', sheetEvent(sheet.id, ctx, subject.code, term), ctx.schoolId);
  return (await repo.findSheetById(tx, sheet.id))!;
}

/**
 * Locks a sheet at term end (the principal): from now on a change is a correction request. Locking
 * publishes too — a locked result is final and visible. Locking a locked sheet is a no-op.
 */
export async function lockSheet(tx: Tx, actor: Actor, audit: AuditActor, key: SheetKey) {
  const { ctx, term, subject } = await resolveSheetKey(tx, key);
  const can = await sheetAbilities(tx, actor, ctx, subject.code, term.id);
  if (!can.lock) throw can.read ? forbidden() : notFound();
  const sheet = await repo.ensureSheet(tx, ctx, subject, term, actor.userId);
  const locked = await repo.findSheetById(tx, sheet.id, 'update');
  if (locked!.status === 'locked') return locked!;
  await tx.execute(sql`UPDATE gradebook.sheets SET status = 'locked', locked_at = now(), locked_by = ${actor.userId},
      published_at = coalesce(published_at, now()), published_by = coalesce(published_by, ${actor.userId}), version = version + 1
    WHERE id = ${sheet.id}`);
  const after = (await repo.findSheetById(tx, sheet.id))!;
  await storeTermResults(tx, after);
  await recordAudit(tx, audit, {
    action: 'gradebook.sheet.lock',
    entityType: 'gradebook.sheet',
    entityId: sheet.id,
    orgUnitId: ctx.schoolId,
    before: { status: locked!.status },
    after: { status: 'locked' },
  });
  await publishEvent(tx, 'gradebook.sheet.locked', sheetEvent(sheet.id, ctx, subject.code, term), ctx.schoolId);
  return after;
}
