import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, allowedIds, type Scope, scopeOf, scopesOf } from '../identity/public.ts';
import { unitPaths } from '../org/public.ts';
import { pathInScope } from './access.ts';
import { maskCccd } from './identifiers.ts';
import type { ClassListRow, StudentListRow } from './repo.ts';
import type { ClassDto } from './routes/classes.schemas.ts';

export async function presentClasses(q: Queryable, actor: Actor, rows: ClassListRow[]): Promise<ClassDto[]> {
  if (rows.length === 0) return [];
  const [paths, { 'registry.class.write': classWrite, 'registry.student.write': studentWrite }, editable] = await Promise.all([
    unitPaths(
      q,
      rows.map((r) => r.schoolId),
    ),
    scopesOf(q, actor, ['registry.class.write', 'registry.student.write']),
    allowedIds(
      q,
      actor,
      'registry.class.write',
      'registry.class',
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => {
    const path = paths.get(r.schoolId) ?? '';
    const staff = pathInScope(path, classWrite);
    return {
      id: r.id,
      schoolId: r.schoolId,
      schoolYearId: r.schoolYearId,
      gradeNo: r.gradeNo,
      name: r.name,
      homeroomTeacher: r.homeroomTeacherId ? { id: r.homeroomTeacherId, displayName: r.homeroomName ?? '' } : null,
      twoSessions: r.twoSessions,
      combinedGrades: r.combinedGrades ?? [],
      specialisedSubject: r.specialisedSubject,
      subjectCombination: r.subjectCombination,
      foreignLanguage: r.foreignLanguage,
      status: r.status,
      studentCount: r.studentCount,
      version: r.version,
      abilities: { update: editable.has(r.id), assignHomeroom: staff, assignTeachers: staff, enrol: pathInScope(path, studentWrite) },
    };
  });
}

/**
 * List rows with abilities; the CCCD is masked unless the caller may edit the record. `studentWrite`:
 * the caller's write scope when the route has read it already (with its read scope, in one query).
 */
export async function presentStudents(q: Queryable, actor: Actor, rows: StudentListRow[], studentWrite?: Scope) {
  if (rows.length === 0) return [];
  const [writeScope, editable] = await Promise.all([
    studentWrite ?? scopeOf(q, actor, 'registry.student.write'),
    allowedIds(
      q,
      actor,
      'registry.student.write',
      'registry.student',
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => {
    const canEdit = editable.has(r.id);
    return {
      id: r.id,
      schoolId: r.schoolId,
      fullName: r.fullName,
      sex: r.sex,
      dateOfBirth: r.dateOfBirth,
      cccd: canEdit ? r.cccd : maskCccd(r.cccd),
      moetCode: r.moetCode,
      schoolCode: r.schoolCode,
      ethnicityCode: r.ethnicityCode,
      status: r.status,
      currentClass: r.classId ? { id: r.classId, name: r.className ?? '', gradeNo: r.gradeNo ?? 0 } : null,
      abilities: { update: canEdit, enrol: pathInScope(r.schoolPath, writeScope), editGuardians: canEdit },
    };
  });
}
