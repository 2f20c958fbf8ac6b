import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Actor, grantPaths, requireAccess } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { isUuid, provinceOf, requireSchool, TEACH } from '../access.ts';
import { catalogue, levelOfGrade } from '../catalogue.ts';
import * as repo from '../repo.ts';
import { classes, grades, teachingAssignments } from '../schema.ts';
import { asDomainErrors, checkVersion, RegistryRuleError } from './common.ts';
import { ensureGrades } from './structure.ts';

/** A homeroom or subject teacher must teach at the school (hold the teaching role over it). */
async function checkTeacher(q: Queryable, school: UnitRow, teacherId: string, field: string): Promise<void> {
  if (!isUuid(teacherId)) throw new RegistryRuleError('registry.notATeacher', field);
  const result = await q.execute(
    sql`SELECT EXISTS (SELECT 1 FROM (${grantPaths(teacherId, TEACH)}) gp WHERE starts_with(${school.path}, gp.path)) AS ok`,
  );
  if (!(result.rows[0] as { ok: boolean }).ok) throw new RegistryRuleError('registry.notATeacher', field);
}

export const classSnapshot = (c: repo.ClassRow) => ({
  schoolYearId: c.schoolYearId,
  gradeNo: c.gradeNo,
  name: c.name,
  homeroomTeacherId: c.homeroomTeacherId,
  twoSessions: c.twoSessions,
  combinedGrades: c.combinedGrades,
  specialisedSubject: c.specialisedSubject,
  subjectCombination: c.subjectCombination,
  foreignLanguage: c.foreignLanguage,
  status: c.status,
  version: c.version,
});

interface ClassFields {
  name?: string | undefined;
  twoSessions?: boolean | undefined;
  combinedGrades?: number[] | undefined;
  specialisedSubject?: string | null | undefined;
  subjectCombination?: string | null | undefined;
  foreignLanguage?: string | null | undefined;
}

function checkFields(gradeNo: number, f: ClassFields): void {
  if (f.subjectCombination && gradeNo < 10) throw new RegistryRuleError('registry.combinationOnlyThpt', 'subjectCombination');
  if (f.combinedGrades?.includes(gradeNo)) throw new RegistryRuleError('registry.combinedSameGrade', 'combinedGrades');
}

export async function createClass(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  schoolId: string,
  input: ClassFields & { name: string; schoolYearId: string; gradeNo: number; homeroomTeacherId?: string | null | undefined },
) {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, schoolId, 'registry.class.write');
    if (!isUuid(input.schoolYearId)) throw new RegistryRuleError('registry.yearUnknown', 'schoolYearId');
    const years = await repo.yearsOfSchool(tx, schoolId, provinceOf(school));
    const year = years.find((y) => y.id === input.schoolYearId);
    if (!year) throw new RegistryRuleError('registry.yearUnknown', 'schoolYearId');
    if (year.status === 'closed') throw new RegistryRuleError('registry.yearClosed', 'schoolYearId');
    await ensureGrades(tx, school, actor.userId);
    const [grade] = await tx.select().from(grades).where(sql`${grades.schoolId} = ${schoolId} AND ${grades.gradeNo} = ${input.gradeNo}`);
    if (!grade) throw new RegistryRuleError('registry.gradeNotTaught', 'gradeNo', { gradeNo: input.gradeNo });
    checkFields(input.gradeNo, input);
    if (input.homeroomTeacherId) await checkTeacher(tx, school, input.homeroomTeacherId, 'homeroomTeacherId');
    const [row] = await tx
      .insert(classes)
      .values({
        provinceId: provinceOf(school),
        schoolId,
        schoolYearId: year.id,
        gradeId: grade.id,
        gradeNo: input.gradeNo,
        name: input.name.trim(),
        homeroomTeacherId: input.homeroomTeacherId ?? null,
        twoSessions: input.twoSessions ?? false,
        combinedGrades: input.combinedGrades ?? null,
        specialisedSubject: input.specialisedSubject ?? null,
        subjectCombination: input.subjectCombination ?? null,
        foreignLanguage: input.foreignLanguage ?? null,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.class.create',
      entityType: 'registry.class',
      entityId: row!.id,
      orgUnitId: schoolId,
      after: classSnapshot(row!),
    });
    return row!;
  });
}

async function loadForWrite(tx: Tx, actor: Actor, id: string, permission: string) {
  if (!isUuid(id)) throw notFound();
  await requireAccess(tx, actor, 'registry.class.read', { kind: 'registry.class', ids: [id] });
  await requireAccess(tx, actor, permission, { kind: 'registry.class', ids: [id] });
  const row = await repo.findClass(tx, id, true);
  if (!row) throw notFound();
  return row;
}

/** Edit a class: staff holding registry.class.write at the school, or its homeroom teacher. */
export async function updateClass(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  input: ClassFields & { version: number; status?: 'active' | 'closed' | undefined },
) {
  return asDomainErrors(async () => {
    const row = await loadForWrite(tx, actor, id, 'registry.class.write');
    checkVersion(row, input.version);
    const { version: _v, ...fields } = input;
    checkFields(row.gradeNo, fields);
    const [next] = await tx
      .update(classes)
      .set({
        ...fields,
        ...(fields.name ? { name: fields.name.trim() } : {}),
        version: row.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(classes.id, id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.class.update',
      entityType: 'registry.class',
      entityId: id,
      orgUnitId: row.schoolId,
      before: classSnapshot(row),
      after: classSnapshot(next!),
    });
    return next!;
  });
}

/** Homeroom assignment is the school's decision: a grant at the school, never the relationship. */
export async function setHomeroom(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  input: { version: number; teacherId: string | null },
) {
  return asDomainErrors(async () => {
    if (!isUuid(id)) throw notFound();
    const row = await repo.findClass(tx, id, true);
    if (!row) throw notFound();
    const school = await requireSchool(tx, actor, row.schoolId, 'registry.class.write');
    checkVersion(row, input.version);
    if (input.teacherId) await checkTeacher(tx, school, input.teacherId, 'teacherId');
    const [next] = await tx
      .update(classes)
      .set({ homeroomTeacherId: input.teacherId, version: row.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(classes.id, id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.class.homeroom',
      entityType: 'registry.class',
      entityId: id,
      orgUnitId: row.schoolId,
      before: { homeroomTeacherId: row.homeroomTeacherId },
      after: { homeroomTeacherId: input.teacherId },
    });
    return next!;
  });
}

export async function addAssignment(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  classId: string,
  input: { subjectCode: string; teacherId: string; termId?: string | null | undefined },
) {
  return asDomainErrors(async () => {
    if (!isUuid(classId)) throw notFound();
    const row = await repo.findClass(tx, classId);
    if (!row) throw notFound();
    const school = await requireSchool(tx, actor, row.schoolId, 'registry.class.write');
    if (!catalogue[levelOfGrade(row.gradeNo)].some((s) => s.code === input.subjectCode && s.periods[row.gradeNo] !== undefined)) {
      throw new RegistryRuleError('registry.subjectNotInGrade', 'subjectCode', { subjectCode: input.subjectCode, gradeNo: row.gradeNo });
    }
    await checkTeacher(tx, school, input.teacherId, 'teacherId');
    if (input.termId) {
      const ok = isUuid(input.termId) && (await repo.termsOf(tx, [row.schoolYearId])).some((t) => t.id === input.termId);
      if (!ok) throw new RegistryRuleError('registry.termUnknown', 'termId');
    }
    const [a] = await tx
      .insert(teachingAssignments)
      .values({
        provinceId: row.provinceId,
        schoolId: row.schoolId,
        schoolYearId: row.schoolYearId,
        classId,
        termId: input.termId ?? null,
        subjectCode: input.subjectCode,
        teacherId: input.teacherId,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.assignment.create',
      entityType: 'registry.assignment',
      entityId: a!.id,
      orgUnitId: row.schoolId,
      after: { classId, ...input },
    });
    return a!;
  });
}

export async function removeAssignment(tx: Tx, actor: Actor, audit: AuditActor, id: string) {
  if (!isUuid(id)) throw notFound();
  const [a] = await tx.select().from(teachingAssignments).where(eq(teachingAssignments.id, id));
  if (!a) throw notFound();
  await requireSchool(tx, actor, a.schoolId, 'registry.class.write');
  await tx.delete(teachingAssignments).where(eq(teachingAssignments.id, id));
  await recordAudit(tx, audit, {
    action: 'registry.assignment.delete',
    entityType: 'registry.assignment',
    entityId: id,
    orgUnitId: a.schoolId,
    before: a,
  });
}

export async function schoolOf(q: Queryable, id: string): Promise<UnitRow> {
  const u = await findUnit(q, id);
  if (!u) throw notFound();
  return u;
}
