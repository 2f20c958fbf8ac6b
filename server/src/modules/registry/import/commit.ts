import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { Actor } from '../../identity/public.ts';
import type { UnitRow } from '../../org/public.ts';
import { provinceOf } from '../access.ts';
import { refreshStudentStatus } from '../commands/students.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { enrolmentEvents, enrolments, guardians, studentGuardians, students } from '../schema.ts';
import type { Analysis } from './analyse.ts';
import type { StoredImport } from './store.ts';

export interface ImportCounts {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  enrolled: number;
  guardiansCreated: number;
}

/** Writes an analysed, error-free import inside the caller's transaction; one audit event. */
export async function applyStudentImport(tx: Tx, actor: Actor, audit: AuditActor, school: UnitRow, stored: StoredImport, analysis: Analysis, today: string): Promise<ImportCounts> {
  const year = analysis.year!;
  const provinceId = provinceOf(school);
  const startedOn = today < year.startsOn ? year.startsOn : today > year.endsOn ? year.endsOn : today;
  const counts: ImportCounts = { total: analysis.rows.length, created: 0, updated: 0, unchanged: 0, enrolled: 0, guardiansCreated: 0 };
  const gradeOf = new Map(((await tx.execute(sql`SELECT id::text, grade_no AS "gradeNo" FROM registry.classes WHERE school_year_id = ${year.id}`)).rows as Array<{ id: string; gradeNo: number }>).map((c) => [c.id, c.gradeNo]));
  for (const r of analysis.rows) {
    if (r.action === 'unchanged') {
      counts.unchanged += 1;
      continue;
    }
    let studentId = r.studentId;
    if (!studentId) {
      const [row] = await tx.insert(students).values({
        provinceId, schoolId: school.id, fullName: r.fullName, sortKey: vietnameseSortKey(r.fullName), sex: r.sex, dateOfBirth: r.dateOfBirth,
        cccd: r.cccd, moetCode: r.moetCode, ethnicityCode: r.ethnicityCode ?? '01', createdBy: actor.userId, updatedBy: actor.userId,
      }).returning({ id: students.id });
      studentId = row!.id;
      counts.created += 1;
    } else {
      counts.updated += 1;
      if (Object.keys(r.changes).length > 0) {
        await tx.update(students).set({
          ...r.changes, ...(r.changes.fullName ? { sortKey: vietnameseSortKey(r.fullName) } : {}),
          version: sql`${students.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId,
        }).where(eq(students.id, studentId));
      }
    }
    if (r.enrol) {
      const [e] = await tx.insert(enrolments).values({
        provinceId, schoolId: school.id, studentId, classId: r.classId, schoolYearId: year.id, startYear: year.startYear,
        gradeNo: gradeOf.get(r.classId)!, status: 'enrolled', startedOn, createdBy: actor.userId, updatedBy: actor.userId,
      }).returning({ id: enrolments.id });
      await tx.insert(enrolmentEvents).values({ provinceId, schoolId: school.id, enrolmentId: e!.id, studentId, status: 'enrolled', on: startedOn, createdBy: actor.userId });
      await refreshStudentStatus(tx, studentId);
      counts.enrolled += 1;
    }
    if (r.guardian.kind === 'create') {
      const [g] = await tx.insert(guardians).values({ provinceId, fullName: r.guardianName!, phone: r.guardianPhone, createdBy: actor.userId, updatedBy: actor.userId }).returning({ id: guardians.id });
      const linked = await tx.execute(sql`SELECT 1 FROM registry.student_guardians WHERE student_id = ${studentId} LIMIT 1`);
      await tx.insert(studentGuardians).values({ provinceId, studentId, guardianId: g!.id, relation: 'guardian', primaryContact: linked.rows.length === 0, createdBy: actor.userId });
      counts.guardiansCreated += 1;
    } else if (r.guardian.kind === 'update') {
      await tx.update(guardians).set({ phone: r.guardianPhone, version: sql`${guardians.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId }).where(eq(guardians.id, r.guardian.id));
    }
  }
  await recordAudit(tx, audit, {
    action: 'registry.student.import', entityType: 'registry.import', entityId: stored.id, orgUnitId: school.id,
    after: { kind: stored.kind, uploadedAt: stored.uploadedAt },
    bulk: { counts: { ...counts }, source: stored.file },
  });
  return counts;
}
