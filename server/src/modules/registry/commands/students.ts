import { and, eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { type Actor, requireAccess } from '../../identity/public.ts';
import { isUuid, provinceOf, requireSchool } from '../access.ts';
import { cccdProblem, cccdShapeProblem } from '../identifiers.ts';
import * as repo from '../repo.ts';
import type { CreateStudentInput, UpdateStudentInput } from '../routes/students.schemas.ts';
import { ethnicGroupByCode } from '../rules/ethnicity.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { enrolmentEvents, enrolments, type EnrolmentStatus, guardians, studentGuardians, students } from '../schema.ts';
import { asDomainErrors, checkVersion, RegistryRuleError } from './common.ts';

const normaliseName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

/** What the audit trail keeps of a student (the whole record: it is the record's history). */
export function studentSnapshot(s: repo.StudentRow) {
  const { nameFold: _f, sortKey: _k, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = s;
  return rest;
}

function checkPerson(
  p: {
    fullName: string;
    dateOfBirth: string;
    sex: 'male' | 'female';
    cccd?: string | null | undefined;
    ethnicityCode?: string | undefined;
  },
  today: string,
): void {
  if (p.ethnicityCode && !ethnicGroupByCode(p.ethnicityCode, { allowExtra: true }))
    throw new RegistryRuleError('registry.ethnicity.unknown', 'ethnicityCode', { value: p.ethnicityCode });
  if (p.dateOfBirth >= today || p.dateOfBirth < '1950-01-01') throw new RegistryRuleError('registry.dateOfBirthInvalid', 'dateOfBirth');
  if (p.cccd) {
    const problem = cccdProblem(p.cccd, p, Number(today.slice(0, 4)));
    if (problem) throw new RegistryRuleError(problem, 'cccd');
  }
}

const blankToNull = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === '' ? null : v])) as T;

export async function createStudent(tx: Tx, actor: Actor, audit: AuditActor, input: CreateStudentInput, today: string) {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, input.schoolId, 'registry.student.write');
    const { schoolId: _s, ...fields } = blankToNull(input);
    const fullName = normaliseName(fields.fullName);
    checkPerson({ ...fields, fullName }, today);
    const [row] = await tx
      .insert(students)
      .values({
        ...fields,
        fullName,
        sortKey: vietnameseSortKey(fullName),
        provinceId: provinceOf(school),
        schoolId: school.id,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.student.create',
      entityType: 'registry.student',
      entityId: row!.id,
      orgUnitId: school.id,
      after: studentSnapshot(row!),
    });
    return row!;
  });
}

/** Read access first (404 when out of reach), then write (403 when visible but not editable). */
export async function requireStudent(
  tx: Tx,
  actor: Actor,
  id: string,
  permission: 'registry.student.read' | 'registry.student.write',
  lock = false,
) {
  if (!isUuid(id)) throw notFound();
  await requireAccess(tx, actor, 'registry.student.read', { kind: 'registry.student', ids: [id] });
  if (permission === 'registry.student.write') {
    try {
      await requireAccess(tx, actor, permission, { kind: 'registry.student', ids: [id] });
    } catch {
      throw forbidden();
    }
  }
  const row = await repo.findStudent(tx, id, lock);
  if (!row) throw notFound();
  return row;
}

export async function updateStudent(tx: Tx, actor: Actor, audit: AuditActor, id: string, input: UpdateStudentInput, today: string) {
  return asDomainErrors(async () => {
    const row = await requireStudent(tx, actor, id, 'registry.student.write', true);
    checkVersion(row, input.version);
    const { version: _v, ...fields } = blankToNull(input);
    const fullName = fields.fullName ? normaliseName(fields.fullName) : row.fullName;
    const merged = {
      fullName,
      dateOfBirth: fields.dateOfBirth ?? row.dateOfBirth,
      sex: fields.sex ?? row.sex,
      cccd: fields.cccd === undefined ? row.cccd : fields.cccd,
    };
    // An unchanged, already stored number is not re-judged (records imported before the check).
    checkPerson(
      {
        ...merged,
        ethnicityCode: fields.ethnicityCode,
        cccd: merged.cccd !== row.cccd || fields.dateOfBirth || fields.sex ? merged.cccd : null,
      },
      today,
    );
    const [next] = await tx
      .update(students)
      .set({
        ...fields,
        fullName,
        sortKey: vietnameseSortKey(fullName),
        version: row.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(students.id, id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.student.update',
      entityType: 'registry.student',
      entityId: id,
      orgUnitId: row.schoolId,
      before: studentSnapshot(row),
      after: studentSnapshot(next!),
    });
    return next!;
  });
}

type GuardianFields = {
  fullName: string;
  birthYear?: number | null | undefined;
  occupation?: string | null | undefined;
  cccd?: string | null | undefined;
  workplace?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
};

export async function addGuardian(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  studentId: string,
  input: {
    relation: (typeof studentGuardians.$inferInsert)['relation'];
    primaryContact?: boolean | undefined;
    guardianId?: string | undefined;
    guardian?: GuardianFields | undefined;
  },
) {
  return asDomainErrors(async () => {
    const student = await requireStudent(tx, actor, studentId, 'registry.student.write');
    let guardianId = input.guardianId;
    if (guardianId) {
      // Linking an existing guardian: only one the caller can already see through another child.
      if (!isUuid(guardianId)) throw new RegistryRuleError('registry.guardianUnknown', 'guardianId');
      const linked = await tx.execute(
        sql`SELECT sg.student_id::text AS id FROM registry.student_guardians sg WHERE sg.guardian_id = ${guardianId}`,
      );
      const children = (linked.rows as { id: string }[]).map((r) => r.id);
      const g = await repo.findGuardian(tx, guardianId);
      if (!g || g.provinceId !== student.provinceId || children.length === 0)
        throw new RegistryRuleError('registry.guardianUnknown', 'guardianId');
      try {
        await requireAccess(tx, actor, 'registry.student.read', { kind: 'registry.student', ids: children.slice(0, 1) });
      } catch {
        throw new RegistryRuleError('registry.guardianUnknown', 'guardianId');
      }
    } else {
      if (!input.guardian) throw new RegistryRuleError('registry.guardianRequired', 'guardian');
      const fields = blankToNull(input.guardian);
      if (fields.cccd) {
        const problem = cccdShapeProblem(fields.cccd, new Date().getFullYear());
        if (problem) throw new RegistryRuleError(problem, 'guardian.cccd');
      }
      const [g] = await tx
        .insert(guardians)
        .values({
          ...fields,
          fullName: normaliseName(fields.fullName),
          provinceId: student.provinceId,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        })
        .returning();
      guardianId = g!.id;
      await recordAudit(tx, audit, {
        action: 'registry.guardian.create',
        entityType: 'registry.guardian',
        entityId: g!.id,
        orgUnitId: student.schoolId,
        after: fields,
      });
    }
    if (input.primaryContact) {
      await tx.update(studentGuardians).set({ primaryContact: false }).where(eq(studentGuardians.studentId, studentId));
    }
    await tx.insert(studentGuardians).values({
      provinceId: student.provinceId,
      studentId,
      guardianId,
      relation: input.relation,
      primaryContact: input.primaryContact ?? false,
      createdBy: actor.userId,
    });
    await recordAudit(tx, audit, {
      action: 'registry.guardian.link',
      entityType: 'registry.student',
      entityId: studentId,
      orgUnitId: student.schoolId,
      after: { guardianId, relation: input.relation, primaryContact: input.primaryContact ?? false },
    });
    return guardianId;
  });
}

export async function updateGuardian(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  studentId: string,
  guardianId: string,
  input: Partial<GuardianFields> & { version: number },
) {
  return asDomainErrors(async () => {
    const student = await requireStudent(tx, actor, studentId, 'registry.student.write');
    if (!isUuid(guardianId)) throw notFound();
    const [link] = await tx
      .select()
      .from(studentGuardians)
      .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)));
    const g = link ? await repo.findGuardian(tx, guardianId) : undefined;
    if (!g) throw notFound();
    checkVersion(g, input.version);
    const { version: _v, ...fields } = blankToNull(input);
    if (fields.cccd) {
      const problem = cccdShapeProblem(fields.cccd, new Date().getFullYear());
      if (problem) throw new RegistryRuleError(problem, 'cccd');
    }
    const [next] = await tx
      .update(guardians)
      .set({
        ...fields,
        ...(fields.fullName ? { fullName: normaliseName(fields.fullName) } : {}),
        version: g.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(guardians.id, guardianId))
      .returning();
    const { nameFold: _a, ...before } = g;
    const { nameFold: _b, ...after } = next!;
    await recordAudit(tx, audit, {
      action: 'registry.guardian.update',
      entityType: 'registry.guardian',
      entityId: guardianId,
      orgUnitId: student.schoolId,
      before,
      after,
    });
  });
}

export async function unlinkGuardian(tx: Tx, actor: Actor, audit: AuditActor, studentId: string, guardianId: string) {
  const student = await requireStudent(tx, actor, studentId, 'registry.student.write');
  if (!isUuid(guardianId)) throw notFound();
  const deleted = await tx
    .delete(studentGuardians)
    .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)))
    .returning();
  if (deleted.length === 0) throw notFound();
  await recordAudit(tx, audit, {
    action: 'registry.guardian.unlink',
    entityType: 'registry.student',
    entityId: studentId,
    orgUnitId: student.schoolId,
    before: deleted[0],
  });
}

/**
 * Enrols a student in a class of the school that holds the record. One open enrolment per
 * student and school year: the unique index answers 409 for a second class of the same year.
 */
export async function enrol(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  studentId: string,
  input: { classId: string; status: 'enrolled' | 'transferred_in' | 'repeating'; startedOn: string },
) {
  return asDomainErrors(async () => {
    const student = await requireStudent(tx, actor, studentId, 'registry.student.read', true);
    if (!isUuid(input.classId)) throw new RegistryRuleError('registry.classUnknown', 'classId');
    const cls = await repo.findClass(tx, input.classId);
    if (cls?.status !== 'active') throw new RegistryRuleError('registry.classUnknown', 'classId');
    // Writing at the class's school (a grant, not a homeroom relationship): 404 on another school.
    await requireSchool(tx, actor, cls.schoolId, 'registry.student.write');
    if (cls.schoolId !== student.schoolId) throw new RegistryRuleError('registry.otherSchoolNeedsTransfer', 'classId');
    const year = await repo.findYear(tx, cls.schoolYearId);
    if (!year) throw notFound();
    if (input.startedOn < year.startsOn || input.startedOn > year.endsOn)
      throw new RegistryRuleError('registry.enrolDateOutsideYear', 'startedOn');
    const [e] = await tx
      .insert(enrolments)
      .values({
        provinceId: student.provinceId,
        schoolId: cls.schoolId,
        studentId,
        classId: cls.id,
        schoolYearId: year.id,
        startYear: year.startYear,
        gradeNo: cls.gradeNo,
        status: input.status,
        startedOn: input.startedOn,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await tx.insert(enrolmentEvents).values({
      provinceId: student.provinceId,
      schoolId: cls.schoolId,
      enrolmentId: e!.id,
      studentId,
      status: input.status,
      on: input.startedOn,
      createdBy: actor.userId,
    });
    await refreshStudentStatus(tx, studentId);
    await recordAudit(tx, audit, {
      action: 'registry.enrolment.create',
      entityType: 'registry.student',
      entityId: studentId,
      orgUnitId: cls.schoolId,
      after: { enrolmentId: e!.id, classId: cls.id, startYear: year.startYear, status: input.status, startedOn: input.startedOn },
    });
    return e!;
  });
}

const ending: readonly EnrolmentStatus[] = ['transferred_out', 'dropped_out'];

export async function changeEnrolmentStatus(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  input: { status: EnrolmentStatus; on: string; reason?: string | undefined },
) {
  return asDomainErrors(async () => {
    if (!isUuid(id)) throw notFound();
    const [e] = await tx.select().from(enrolments).where(eq(enrolments.id, id)).for('update');
    if (!e) throw notFound();
    await requireStudent(tx, actor, e.studentId, 'registry.student.read');
    await requireSchool(tx, actor, e.schoolId, 'registry.student.write');
    if (ending.includes(e.status)) throw new RegistryRuleError('registry.enrolmentEnded', 'status');
    if (input.status === e.status) throw new RegistryRuleError('registry.statusUnchanged', 'status');
    if (input.on < e.startedOn) throw new RegistryRuleError('registry.statusBeforeStart', 'on');
    // Dropping out is a decision the record must explain (the class page's dialog asks for it).
    if (input.status === 'dropped_out' && !input.reason?.trim()) throw new RegistryRuleError('registry.reasonRequired', 'reason');
    const [next] = await tx
      .update(enrolments)
      .set({
        status: input.status,
        endedOn: ending.includes(input.status) ? input.on : null,
        version: e.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(enrolments.id, id))
      .returning();
    await tx.insert(enrolmentEvents).values({
      provinceId: e.provinceId,
      schoolId: e.schoolId,
      enrolmentId: id,
      studentId: e.studentId,
      status: input.status,
      on: input.on,
      reason: input.reason ?? null,
      createdBy: actor.userId,
    });
    await refreshStudentStatus(tx, e.studentId);
    await recordAudit(tx, audit, {
      action: 'registry.enrolment.status',
      entityType: 'registry.student',
      entityId: e.studentId,
      orgUnitId: e.schoolId,
      before: { enrolmentId: id, status: e.status },
      after: { enrolmentId: id, status: input.status, on: input.on },
      reason: input.reason ?? null,
    });
    return next!;
  });
}

/** The student's status and school follow the latest enrolment (one cancelled before it began does not count). */
export async function refreshStudentStatus(tx: Tx, studentId: string): Promise<void> {
  await tx.execute(sql`UPDATE registry.students s SET status = coalesce(l.status, 'none'), school_id = coalesce(l.school_id, s.school_id)
    FROM (SELECT NULL) x LEFT JOIN LATERAL (
      SELECT e.status, e.school_id FROM registry.enrolments e WHERE e.student_id = ${studentId}
      ORDER BY (e.ended_on IS NOT NULL AND e.ended_on < e.started_on), e.start_year DESC, (e.status IN ('transferred_out', 'dropped_out')), e.started_on DESC
      LIMIT 1) l ON true
    WHERE s.id = ${studentId}`);
}
