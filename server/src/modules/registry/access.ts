import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { isUuid, uuidArray } from '../../platform/db/uuid.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { type Actor, grantPaths, inScope, pathInScope, registerRecordKind, type Scope, scopeOf } from '../identity/public.ts';
import { findUnit, type UnitRow } from '../org/public.ts';
import { accountStudents } from './accounts/access.ts';

/** Relationship-only capability: held by teachers, it opens only their classes (never a subtree). */
export const TEACH = 'registry.class.teach';

export { isUuid, uuidArray };

const readPermissions = new Set(['registry.class.read', 'registry.student.read']);
const writePermissions = new Set(['registry.class.write', 'registry.student.write']);
export const openStatuses = sql`('enrolled', 'transferred_in', 'repeating', 'graduated')`;

/**
 * Classes the user reaches by relationship for a permission: for reading, the classes they teach
 * (teaching assignments) or are homeroom teacher of; for writing, their homeroom classes only.
 * Only while they hold `registry.class.teach` somewhere (an ended teaching role ends the reach).
 */
export function relatedClasses(userId: string, permission: string): SQL {
  const read = readPermissions.has(permission);
  if (!read && !writePermissions.has(permission)) return sql`SELECT NULL::uuid AS id WHERE false`;
  const taught = read
    ? sql` OR EXISTS (SELECT 1 FROM registry.teaching_assignments ta WHERE ta.class_id = c.id AND ta.teacher_id = ${userId})`
    : sql``;
  return sql`SELECT c.id FROM registry.classes c
    WHERE c.status = 'active' AND (c.homeroom_teacher_id = ${userId}${taught})
      AND EXISTS (${grantPaths(userId, TEACH)})`;
}

let registered = false;
export function registerRegistryRecordKinds(): void {
  if (registered) return;
  registered = true;
  registerRecordKind('registry.class', {
    unitOf: (ids) => sql`SELECT id::text AS id, school_id AS unit_id FROM registry.classes WHERE id = ANY(${uuidArray(ids)})`,
    related: (userId, permission, ids) =>
      sql`SELECT r.id::text AS id FROM (${relatedClasses(userId, permission)}) r WHERE r.id = ANY(${uuidArray(ids)})`,
  });
  registerRecordKind('registry.student', {
    // The school of the current enrolment: kept on the student row by every enrolment change.
    // A merged duplicate (tombstone) is reached by no one: its links resolve to the survivor.
    unitOf: (ids) =>
      sql`SELECT id::text AS id, school_id AS unit_id FROM registry.students WHERE id = ANY(${uuidArray(ids)}) AND status <> 'merged'`,
    // Teachers: the students of their classes. Guardian and student accounts: their children, themselves.
    related: (userId, permission, ids) => sql`
      SELECT DISTINCT e.student_id::text AS id FROM registry.enrolments e
      WHERE e.student_id = ANY(${uuidArray(ids)}) AND e.status IN ${openStatuses}
        AND e.class_id IN (${relatedClasses(userId, permission)})
      UNION SELECT acc.id::text FROM (${accountStudents(userId, permission, ids)}) acc`,
  });
  /**
   * A student's past at a school (chuyển trường): every school the student was enrolled at reaches
   * this kind, so the sending school keeps its own past years after a transfer. It opens only the
   * limited view (the enrolments at the schools the caller reaches and the identity as of the
   * transfer), never the current record: that stays with `registry.student` (the current school).
   */
  registerRecordKind(STUDENT_PAST, {
    unitOf: (ids) => sql`SELECT DISTINCT e.student_id::text AS id, e.school_id AS unit_id FROM registry.enrolments e
      JOIN registry.students s ON s.id = e.student_id AND s.status <> 'merged'
      WHERE e.student_id = ANY(${uuidArray(ids)})`,
  });
  /** A transfer belongs to both schools: the sending and the receiving one reach it. */
  registerRecordKind('registry.transfer', {
    unitOf: (ids) => sql`SELECT t.id::text AS id, x.unit_id FROM registry.transfers t
      CROSS JOIN LATERAL (VALUES (t.from_school_id), (t.to_school_id)) x(unit_id)
      WHERE t.id = ANY(${uuidArray(ids)}) AND x.unit_id IS NOT NULL`,
  });
}

/** Record kind of a student's past years at a school (the view a sending school keeps). */
export const STUDENT_PAST = 'registry.student.past';

/** SQL: the student row `s` is visible — its school in scope, or enrolled in a related class. */
export function studentVisible(scope: Scope, userId: string, permission = 'registry.student.read'): SQL {
  return sql`(s.status <> 'merged' AND (s.school_id IN (SELECT u.id FROM org.units u WHERE ${inScope(sql`u.path`, scope)})
    OR EXISTS (SELECT 1 FROM registry.enrolments ve WHERE ve.student_id = s.id AND ve.status IN ${openStatuses}
      AND ve.class_id IN (${relatedClasses(userId, permission)}))))`;
}

/** SQL: the class row `c` is visible. */
export function classVisible(scope: Scope, userId: string, permission = 'registry.class.read'): SQL {
  return sql`(c.school_id IN (SELECT u.id FROM org.units u WHERE ${inScope(sql`u.path`, scope)})
    OR c.id IN (${relatedClasses(userId, permission)}))`;
}

export { pathInScope };

/**
 * A school the caller reaches for `permission` (404 otherwise). Reading a school's structure
 * (years, grades, classes, periods) is also open to its teachers.
 */
export async function requireSchool(q: Queryable, actor: Actor, schoolId: string, permission: string): Promise<UnitRow> {
  if (!isUuid(schoolId)) throw notFound();
  const unit = await findUnit(q, schoolId);
  if (unit?.type !== 'school') throw notFound();
  const scopes = [await scopeOf(q, actor, permission)];
  if (readPermissions.has(permission)) scopes.push(await scopeOf(q, actor, TEACH));
  if (!scopes.some((s) => pathInScope(unit.path, s))) {
    // Visible but not writable → 403; not visible at all → 404.
    const read = await scopeOf(q, actor, 'registry.class.read');
    const teach = await scopeOf(q, actor, TEACH);
    if (pathInScope(unit.path, read) || pathInScope(unit.path, teach)) throw forbidden();
    throw notFound();
  }
  return unit;
}

/** The province (tenant) of a unit: the root of its tree path. */
export const provinceOf = (unit: Pick<UnitRow, 'path'>): string => unit.path.split('/').filter(Boolean)[0]!;
