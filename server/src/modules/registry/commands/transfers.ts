import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { conflict, forbidden, notFound, tooManyRequests } from '../../../platform/errors.ts';
import { type Actor, requireAccess, scopeOf } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { isUuid, pathInScope, provinceOf, requireSchool } from '../access.ts';
import { maskCccd } from '../identifiers.ts';
import * as repo from '../repo.ts';
import { findDuplicates } from '../rules/dedup.ts';
import { normaliseCccd } from '../rules/cccd.ts';
import { normaliseStudentCode } from '../rules/student-code.ts';
import {
  identityProven,
  laterEnrolmentsToEnd,
  mayAct,
  secondClassInYear,
  sendingEnrolment,
  type TransferAction,
  type TransferSide,
  transferDateProblem,
} from '../rules/transfers.ts';
import { enrolmentEvents, enrolments, students, transfers } from '../schema.ts';
import type { CreateStudentInput } from '../routes/students.schemas.ts';
import { asDomainErrors, RegistryRuleError } from './common.ts';
import { createStudent, refreshStudentStatus, requireStudent } from './students.ts';

export type TransferRow = typeof transfers.$inferSelect;

/** The identity the sending school keeps seeing after the student left (as of the transfer). */
export interface StudentSnapshot {
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  cccd: string | null;
  moetCode: string | null;
  schoolCode: string | null;
  ethnicityCode: string;
  birthplace: string | null;
}
const snapshotOf = (s: repo.StudentRow): StudentSnapshot => ({
  fullName: s.fullName,
  sex: s.sex,
  dateOfBirth: s.dateOfBirth,
  cccd: s.cccd,
  moetCode: s.moetCode,
  schoolCode: s.schoolCode,
  ethnicityCode: s.ethnicityCode,
  birthplace: s.birthplace,
});

const rule = (code: string | undefined, field: string) => {
  if (code) throw new RegistryRuleError(code, field);
};

async function studentEnrolments(q: Queryable, studentId: string) {
  return q.select().from(enrolments).where(eq(enrolments.studentId, studentId));
}

/**
 * The student's pending transfer. One whose sending enrolment has ended meanwhile (dropped out,
 * left for another province) can no longer be accepted: it is closed as cancelled here, audited,
 * so it never blocks a new transfer.
 */
async function pendingOf(tx: Tx, actor: Actor, audit: AuditActor, studentId: string): Promise<TransferRow | undefined> {
  const [row] = await tx
    .select()
    .from(transfers)
    .where(sql`${transfers.studentId} = ${studentId} AND ${transfers.status} = 'pending'`)
    .for('update');
  if (!row) return undefined;
  const [from] = row.fromEnrolmentId ? await tx.select().from(enrolments).where(eq(enrolments.id, row.fromEnrolmentId)) : [];
  if (from && (from.status === 'transferred_out' || from.status === 'dropped_out')) {
    const now = new Date();
    const [closed] = await tx
      .update(transfers)
      .set({
        status: 'cancelled',
        decisionNote: 'Tự huỷ: lớp học ở trường chuyển đi đã kết thúc',
        decidedAt: now,
        decidedBy: actor.userId,
        version: row.version + 1,
        updatedAt: now,
        updatedBy: actor.userId,
      })
      .where(eq(transfers.id, row.id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.transfer.cancel',
      entityType: 'registry.transfer',
      entityId: row.id,
      orgUnitId: row.fromSchoolId,
      before: auditView(row),
      after: auditView(closed!),
      reason: 'registry.transfer.enrolmentChanged',
    });
    return undefined;
  }
  return row;
}

/** A school of the province that can receive students (any active school other than `except`). */
async function destinationSchool(q: Queryable, id: string, provinceId: string, except: string): Promise<UnitRow> {
  const unit = isUuid(id) ? await findUnit(q, id) : undefined;
  if (unit?.type !== 'school' || unit.status !== 'active' || provinceOf(unit) !== provinceId) {
    throw new RegistryRuleError('registry.transfer.destinationUnknown', 'toSchoolId');
  }
  if (unit.id === except) throw new RegistryRuleError('registry.transfer.sameSchool', 'toSchoolId');
  return unit;
}

/** An active class of the school, and its year. */
async function receivingClass(q: Queryable, classId: string, schoolId: string) {
  const cls = isUuid(classId) ? await repo.findClass(q, classId) : undefined;
  if (cls?.status !== 'active' || cls.schoolId !== schoolId) throw new RegistryRuleError('registry.classUnknown', 'classId');
  const year = await repo.findYear(q, cls.schoolYearId);
  if (!year) throw notFound();
  return { cls, year };
}

/** Ends the sending enrolment, and the sending school's enrolments of later years, as transferred_out. */
async function endSendingEnrolments(
  tx: Tx,
  actor: Actor,
  all: Array<typeof enrolments.$inferSelect>,
  sending: typeof enrolments.$inferSelect,
  on: string,
  reason: string,
) {
  await endEnrolment(tx, actor, sending, on, reason);
  for (const later of laterEnrolmentsToEnd(all, sending)) await endEnrolment(tx, actor, later, on, reason);
}

/** Ends one enrolment as transferred_out on the transfer date (with its history event). */
async function endEnrolment(tx: Tx, actor: Actor, e: typeof enrolments.$inferSelect, on: string, reason: string) {
  await tx
    .update(enrolments)
    .set({ status: 'transferred_out', endedOn: on, version: e.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(enrolments.id, e.id));
  await tx.insert(enrolmentEvents).values({
    provinceId: e.provinceId,
    schoolId: e.schoolId,
    enrolmentId: e.id,
    studentId: e.studentId,
    status: 'transferred_out',
    on,
    reason,
    createdBy: actor.userId,
  });
}

/** Starts a transferred_in enrolment in the receiving class. */
async function startEnrolment(
  tx: Tx,
  actor: Actor,
  studentId: string,
  provinceId: string,
  cls: repo.ClassRow,
  year: repo.YearRow,
  on: string,
  reason: string,
) {
  const startedOn = on < year.startsOn ? year.startsOn : on;
  const [e] = await tx
    .insert(enrolments)
    .values({
      provinceId,
      schoolId: cls.schoolId,
      studentId,
      classId: cls.id,
      schoolYearId: year.id,
      startYear: year.startYear,
      gradeNo: cls.gradeNo,
      status: 'transferred_in',
      startedOn,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .returning();
  await tx.insert(enrolmentEvents).values({
    provinceId,
    schoolId: cls.schoolId,
    enrolmentId: e!.id,
    studentId,
    status: 'transferred_in',
    on: startedOn,
    reason,
    createdBy: actor.userId,
  });
  return e!;
}

const auditView = (t: TransferRow) => ({
  id: t.id,
  kind: t.kind,
  status: t.status,
  initiatedBy: t.initiatedBy,
  studentId: t.studentId,
  fromSchoolId: t.fromSchoolId,
  toSchoolId: t.toSchoolId,
  toClassId: t.toClassId,
  fromEnrolmentId: t.fromEnrolmentId,
  toEnrolmentId: t.toEnrolmentId,
  transferOn: t.transferOn,
  reason: t.reason,
  documentsNote: t.documentsNote,
  otherProvince: t.otherProvince,
  otherSchoolName: t.otherSchoolName,
  decisionNote: t.decisionNote,
});

export interface StartTransferInput {
  studentId: string;
  toSchoolId: string;
  transferOn: string;
  reason?: string | undefined;
  documentsNote?: string | undefined;
}

/** The sending school starts a transfer to another school of the province; the receiver decides. */
export async function startTransfer(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: StartTransferInput,
  today: string,
): Promise<TransferRow> {
  return asDomainErrors(async () => {
    const student = await requireStudent(tx, actor, input.studentId, 'registry.student.read', true);
    await requireSchool(tx, actor, student.schoolId, 'registry.student.write');
    const to = await destinationSchool(tx, input.toSchoolId, student.provinceId, student.schoolId);
    if (await pendingOf(tx, actor, audit, student.id)) throw new RegistryRuleError('registry.transfer.pendingExists', 'studentId');
    const sending = sendingEnrolment(await studentEnrolments(tx, student.id), today);
    if (sending?.schoolId !== student.schoolId) throw new RegistryRuleError('registry.transfer.notEnrolled', 'studentId');
    rule(transferDateProblem({ transferOn: input.transferOn, today, sending }), 'transferOn');
    const [row] = await tx
      .insert(transfers)
      .values({
        provinceId: student.provinceId,
        kind: 'in_province',
        status: 'pending',
        initiatedBy: 'sender',
        studentId: student.id,
        fromSchoolId: student.schoolId,
        fromEnrolmentId: sending.id,
        toSchoolId: to.id,
        transferOn: input.transferOn,
        reason: input.reason || null,
        documentsNote: input.documentsNote || null,
        studentSnapshot: snapshotOf(student),
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.transfer.start',
      entityType: 'registry.transfer',
      entityId: row!.id,
      orgUnitId: student.schoolId,
      after: auditView(row!),
    });
    return row!;
  });
}

export interface RequestTransferInput {
  schoolId: string;
  classId: string;
  cccd?: string | undefined;
  moetCode?: string | undefined;
  /** What proves the receiving school knows the pupil, with the identifier ('yyyy-mm-dd'). */
  dateOfBirth: string;
  transferOn: string;
  reason?: string | undefined;
  documentsNote?: string | undefined;
}

/** Finds a student of the province by CCCD or MOET code (not a merged tombstone). */
async function findByIdentifier(q: Queryable, provinceId: string, cccd?: string, moetCode?: string) {
  const c = cccd ? normaliseCccd(cccd) : '';
  const m = moetCode ? normaliseStudentCode(moetCode) : '';
  if (!c && !m) return undefined;
  const [row] = await q
    .select()
    .from(students)
    .where(sql`${students.provinceId} = ${provinceId} AND ${students.status} <> 'merged'
    AND (${c ? sql`${students.cccd} = ${c}` : sql`false`} OR ${m ? sql`upper(${students.moetCode}) = ${m}` : sql`false`})`)
    .orderBy(sql`(${students.cccd} = ${c || null}) DESC NULLS LAST`)
    .limit(1)
    .for('update');
  return row;
}

export const LOOKUP_ACTION = 'registry.transfer.lookup';

/**
 * Counts the caller's pupil lookups of the last hour and refuses one past the limit. The audit
 * log is the counter, so the limit holds across API nodes and restarts; an advisory lock per user
 * makes two lookups sent at once count one after the other.
 */
async function checkLookupLimit(tx: Tx, userId: string | null, limit: number): Promise<void> {
  const key = userId ?? 'anonymous';
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${LOOKUP_ACTION}), hashtext(${key}))`);
  const { rows } = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM platform.audit_events
    WHERE actor_user_id ${userId ? sql`= ${userId}` : sql`IS NULL`} AND action = ${LOOKUP_ACTION}
      AND occurred_at > now() - interval '1 hour'`);
  if ((rows[0]?.n ?? 0) >= limit) throw tooManyRequests('registry.transfer.lookupLimit', { limit });
}

/** The one answer for "no such pupil" and "the details do not match": a lookup cannot tell them apart. */
export function noMatchError(input: Pick<RequestTransferInput, 'cccd'>): RegistryRuleError {
  return new RegistryRuleError('registry.transfer.studentNotFound', input.cccd ? 'cccd' : 'moetCode');
}

export type RequestTransferOutcome = { transfer: TransferRow } | { transfer: undefined; noMatch: true };

/**
 * The receiving school asks for a student into one of its classes. It must prove it knows the
 * pupil: the CCCD or MOET code and the date of birth must both match. Every lookup is audited
 * and counted (`lookupsPerHour` per user); a lookup that finds no pupil, or one whose details do
 * not match, returns `noMatch` so that the caller commits its audit entry before answering with
 * `noMatchError` — the same answer in both cases.
 */
export async function requestTransfer(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: RequestTransferInput,
  today: string,
  lookupsPerHour: number,
): Promise<RequestTransferOutcome> {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, input.schoolId, 'registry.student.write');
    if (!input.cccd && !input.moetCode) throw new RegistryRuleError('registry.transfer.identifierRequired', 'cccd');
    const field = input.cccd ? 'cccd' : 'moetCode';
    await checkLookupLimit(tx, actor.userId, lookupsPerHour);
    const found = await findByIdentifier(tx, provinceOf(school), input.cccd, input.moetCode);
    const student = found && identityProven(found, input) ? found : undefined;
    await recordAudit(tx, audit, {
      action: LOOKUP_ACTION,
      entityType: 'registry.student',
      // A failed lookup names no pupil: the audit readers of the asking school must not learn one exists.
      entityId: student?.id ?? null,
      orgUnitId: school.id,
      after: {
        by: field,
        value: input.cccd ? maskCccd(normaliseCccd(input.cccd)) : normaliseStudentCode(input.moetCode!),
        matched: student !== undefined,
      },
    });
    if (!student) return { transfer: undefined, noMatch: true } as const;
    if (student.schoolId === school.id) throw new RegistryRuleError('registry.transfer.sameSchool', field);
    const { cls, year } = await receivingClass(tx, input.classId, school.id);
    if (await pendingOf(tx, actor, audit, student.id)) throw new RegistryRuleError('registry.transfer.pendingExists', field);
    const all = await studentEnrolments(tx, student.id);
    const sending = sendingEnrolment(all, today);
    if (!sending) throw new RegistryRuleError('registry.transfer.notEnrolled', field);
    rule(
      transferDateProblem({
        transferOn: input.transferOn,
        today,
        sending,
        sendingYear: await repo.findYear(tx, sending.schoolYearId),
        receivingYear: year,
      }),
      'transferOn',
    );
    if (secondClassInYear(all, year.startYear, sending.id)) throw new RegistryRuleError('registry.transfer.twoClassesInYear', 'classId');
    const [row] = await tx
      .insert(transfers)
      .values({
        provinceId: student.provinceId,
        kind: 'in_province',
        status: 'pending',
        initiatedBy: 'receiver',
        studentId: student.id,
        fromSchoolId: sending.schoolId,
        fromEnrolmentId: sending.id,
        toSchoolId: school.id,
        toClassId: cls.id,
        transferOn: input.transferOn,
        reason: input.reason || null,
        documentsNote: input.documentsNote || null,
        studentSnapshot: snapshotOf(student),
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.transfer.request',
      entityType: 'registry.transfer',
      entityId: row!.id,
      orgUnitId: school.id,
      after: auditView(row!),
    });
    return { transfer: row! };
  });
}

/** The sides of a transfer the caller may act for (holds the write permission at that school). */
export async function sidesOf(q: Queryable, actor: Actor, t: Pick<TransferRow, 'fromSchoolId' | 'toSchoolId'>): Promise<TransferSide[]> {
  const scope = await scopeOf(q, actor, 'registry.student.write');
  const sides: TransferSide[] = [];
  for (const [side, id] of [
    ['sender', t.fromSchoolId],
    ['receiver', t.toSchoolId],
  ] as const) {
    if (!id) continue;
    const unit = await findUnit(q, id);
    if (unit && pathInScope(unit.path, scope)) sides.push(side);
  }
  return sides;
}

export async function requireTransfer(tx: Tx, actor: Actor, id: string, lock = false): Promise<TransferRow> {
  if (!isUuid(id)) throw notFound();
  await requireAccess(tx, actor, 'registry.student.read', { kind: 'registry.transfer', ids: [id] });
  const base = tx.select().from(transfers).where(eq(transfers.id, id));
  const [row] = lock ? await base.for('update') : await base;
  if (!row) throw notFound();
  return row;
}

/**
 * Accept, reject or cancel. Accepting ends the sending enrolment (transferred_out) and starts the
 * receiving one (transferred_in) in the same transaction; the transfer row is locked first, so
 * two accepts in a row (a double click) make one enrolment: the second sees 'accepted' and
 * returns it unchanged.
 */
export async function decideTransfer(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  action: TransferAction,
  input: { classId?: string | undefined; note?: string | undefined },
  today: string,
): Promise<TransferRow> {
  return asDomainErrors(async () => {
    const t = await requireTransfer(tx, actor, id, true);
    if (t.kind !== 'in_province') throw conflict('registry.transfer.alreadyDecided');
    const sides = await sidesOf(tx, actor, t);
    if (sides.length === 0) throw forbidden();
    const decisions = sides.map((side) => ({ side, d: mayAct(t.status, t.initiatedBy, side, action) }));
    const chosen = decisions.find((x) => x.d.ok);
    if (!chosen) {
      const code = decisions.some((x) => !x.d.ok && x.d.code === 'registry.transfer.alreadyDecided')
        ? 'registry.transfer.alreadyDecided'
        : 'registry.transfer.notYourSide';
      if (code === 'registry.transfer.notYourSide') throw forbidden(code);
      throw conflict(code);
    }
    if (chosen.d.ok && chosen.d.repeat) return t;
    const now = new Date();
    if (action !== 'accept') {
      if (action === 'reject' && !input.note) throw new RegistryRuleError('registry.transfer.reasonRequired', 'reason');
      const [next] = await tx
        .update(transfers)
        .set({
          status: action === 'reject' ? 'rejected' : 'cancelled',
          decisionNote: input.note || null,
          decidedAt: now,
          decidedBy: actor.userId,
          version: t.version + 1,
          updatedAt: now,
          updatedBy: actor.userId,
        })
        .where(eq(transfers.id, t.id))
        .returning();
      await recordAudit(tx, audit, {
        action: `registry.transfer.${action}`,
        entityType: 'registry.transfer',
        entityId: t.id,
        orgUnitId: chosen.side === 'sender' ? t.fromSchoolId : t.toSchoolId,
        before: auditView(t),
        after: auditView(next!),
        reason: input.note ?? null,
      });
      return next!;
    }
    // Accept: the receiver picks the class (or picked it with its request).
    const classId = t.initiatedBy === 'sender' ? input.classId : t.toClassId;
    if (!classId) throw new RegistryRuleError('registry.transfer.classRequired', 'classId');
    const student = await repo.findStudent(tx, t.studentId, true);
    if (!student) throw notFound();
    const all = await studentEnrolments(tx, student.id);
    const sending = all.find((e) => e.id === t.fromEnrolmentId);
    if (!sending || sending.status === 'transferred_out' || sending.status === 'dropped_out' || sending.schoolId !== t.fromSchoolId) {
      throw conflict('registry.transfer.enrolmentChanged');
    }
    const { cls, year } = await receivingClass(tx, classId, t.toSchoolId!);
    rule(
      transferDateProblem({
        transferOn: t.transferOn,
        today,
        sending,
        sendingYear: await repo.findYear(tx, sending.schoolYearId),
        receivingYear: year,
      }),
      'transferOn',
    );
    if (secondClassInYear(all, year.startYear, sending.id)) throw new RegistryRuleError('registry.transfer.twoClassesInYear', 'classId');
    const [toName, fromName] = await Promise.all([findUnit(tx, t.toSchoolId!), findUnit(tx, t.fromSchoolId!)]);
    await endSendingEnrolments(tx, actor, all, sending, t.transferOn, `Chuyển đến ${toName?.name ?? ''}`.trim());
    const received = await startEnrolment(
      tx,
      actor,
      student.id,
      student.provinceId,
      cls,
      year,
      t.transferOn,
      `Chuyển từ ${fromName?.name ?? ''}`.trim(),
    );
    await refreshStudentStatus(tx, student.id);
    const [next] = await tx
      .update(transfers)
      .set({
        status: 'accepted',
        toClassId: cls.id,
        toEnrolmentId: received.id,
        decisionNote: input.note || null,
        decidedAt: now,
        decidedBy: actor.userId,
        studentSnapshot: snapshotOf(student),
        version: t.version + 1,
        updatedAt: now,
        updatedBy: actor.userId,
      })
      .where(eq(transfers.id, t.id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.transfer.accept',
      entityType: 'registry.transfer',
      entityId: t.id,
      orgUnitId: t.toSchoolId,
      before: auditView(t),
      after: auditView(next!),
    });
    return next!;
  });
}

export interface OutOfProvinceInput {
  studentId: string;
  transferOn: string;
  otherProvince: string;
  otherSchoolName?: string | undefined;
  reason?: string | undefined;
  documentsNote?: string | undefined;
}

/** A student leaves for another province: the enrolment ends, the destination is recorded. */
export async function transferOutOfProvince(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: OutOfProvinceInput,
  today: string,
): Promise<TransferRow> {
  return asDomainErrors(async () => {
    const student = await requireStudent(tx, actor, input.studentId, 'registry.student.read', true);
    await requireSchool(tx, actor, student.schoolId, 'registry.student.write');
    if (await pendingOf(tx, actor, audit, student.id)) throw new RegistryRuleError('registry.transfer.pendingExists', 'studentId');
    const all = await studentEnrolments(tx, student.id);
    const sending = sendingEnrolment(all, today);
    if (sending?.schoolId !== student.schoolId) throw new RegistryRuleError('registry.transfer.notEnrolled', 'studentId');
    rule(transferDateProblem({ transferOn: input.transferOn, today, sending }), 'transferOn');
    const where = [input.otherSchoolName, input.otherProvince].filter(Boolean).join(', ');
    await endSendingEnrolments(tx, actor, all, sending, input.transferOn, `Chuyển đến ${where}`);
    await refreshStudentStatus(tx, student.id);
    const now = new Date();
    const [row] = await tx
      .insert(transfers)
      .values({
        provinceId: student.provinceId,
        kind: 'out_of_province',
        status: 'accepted',
        initiatedBy: 'sender',
        studentId: student.id,
        fromSchoolId: student.schoolId,
        fromEnrolmentId: sending.id,
        transferOn: input.transferOn,
        reason: input.reason || null,
        documentsNote: input.documentsNote || null,
        otherProvince: input.otherProvince,
        otherSchoolName: input.otherSchoolName || null,
        studentSnapshot: snapshotOf(student),
        decidedAt: now,
        decidedBy: actor.userId,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.transfer.outOfProvince',
      entityType: 'registry.transfer',
      entityId: row!.id,
      orgUnitId: student.schoolId,
      after: auditView(row!),
    });
    return row!;
  });
}

export interface FromOtherProvinceInput {
  schoolId: string;
  classId: string;
  transferOn: string;
  otherProvince: string;
  otherSchoolName?: string | undefined;
  reason?: string | undefined;
  documentsNote?: string | undefined;
  student: Omit<CreateStudentInput, 'schoolId'>;
}

/**
 * A student arrives from another province. The record is found by CCCD or MOET code (one person
 * across schools and years: a student who once left the province comes back to the same record)
 * or created, then enrolled as transferred_in in the chosen class.
 */
export async function transferFromOtherProvince(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: FromOtherProvinceInput,
  today: string,
): Promise<{ transfer: TransferRow; studentId: string; created: boolean }> {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, input.schoolId, 'registry.student.write');
    const { cls, year } = await receivingClass(tx, input.classId, school.id);
    rule(transferDateProblem({ transferOn: input.transferOn, today, receivingYear: year }), 'transferOn');
    const provinceId = provinceOf(school);
    const existing = await findByIdentifier(tx, provinceId, input.student.cccd ?? undefined, input.student.moetCode ?? undefined);
    let student: repo.StudentRow;
    let created = false;
    if (existing) {
      // Same identifier, another person's name or birth date: the clerk must look before we link.
      const [pair] = findDuplicates([{ id: 'new', ...input.student }], [existing]);
      if (pair?.conflicts.some((c) => c === 'fullName' || c === 'dateOfBirth')) {
        throw new RegistryRuleError('registry.transfer.identityMismatch', input.student.cccd ? 'student.cccd' : 'student.moetCode', {
          fields: pair.conflicts.join(', '),
        });
      }
      const all = await studentEnrolments(tx, existing.id);
      const open = sendingEnrolment(all, today);
      if (open && open.schoolId !== school.id)
        throw new RegistryRuleError('registry.transfer.studentInProvince', input.student.cccd ? 'student.cccd' : 'student.moetCode');
      if (secondClassInYear(all, year.startYear)) throw new RegistryRuleError('registry.transfer.twoClassesInYear', 'classId');
      student = existing;
    } else {
      student = await createStudent(tx, actor, audit, { ...input.student, schoolId: school.id }, today);
      created = true;
    }
    const where = [input.otherSchoolName, input.otherProvince].filter(Boolean).join(', ');
    const received = await startEnrolment(tx, actor, student.id, provinceId, cls, year, input.transferOn, `Chuyển từ ${where}`);
    await refreshStudentStatus(tx, student.id);
    const now = new Date();
    const [row] = await tx
      .insert(transfers)
      .values({
        provinceId,
        kind: 'from_other_province',
        status: 'accepted',
        initiatedBy: 'receiver',
        studentId: student.id,
        toSchoolId: school.id,
        toClassId: cls.id,
        toEnrolmentId: received.id,
        transferOn: input.transferOn,
        reason: input.reason || null,
        documentsNote: input.documentsNote || null,
        otherProvince: input.otherProvince,
        otherSchoolName: input.otherSchoolName || null,
        studentSnapshot: snapshotOf(student),
        decidedAt: now,
        decidedBy: actor.userId,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.transfer.fromOtherProvince',
      entityType: 'registry.transfer',
      entityId: row!.id,
      orgUnitId: school.id,
      after: { ...auditView(row!), studentCreated: created },
    });
    return { transfer: row!, studentId: student.id, created };
  });
}
