import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { isUuid, uuidArray } from '../../../platform/db/uuid.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { type Actor, inScope, registerRecordKind, requireAccess, type Scope, scopeOf } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { pathInScope } from '../access.ts';

export const STAFF_READ = 'registry.staff.read';
export const STAFF_MANAGE = 'registry.staff.manage';

let registered = false;
/**
 * `registry.staff`: a staff record belongs to the school that employs the person. Grants only (no
 * relationship): school staff reach their school, commune officers their commune's schools, the
 * department all of them.
 */
export function registerStaffRecordKind(): void {
  if (registered) return;
  registered = true;
  registerRecordKind('registry.staff', {
    unitOf: (ids) => sql`SELECT id::text AS id, school_id AS unit_id FROM registry.staff WHERE id = ANY(${uuidArray(ids)})`,
  });
}

/** SQL: the staff row `st` lies in the scope. */
export function staffVisible(scope: Scope): SQL {
  return sql`st.school_id IN (SELECT u.id FROM org.units u WHERE u.type = 'school' AND ${inScope(sql`u.path`, scope)})`;
}

/** Read first (404 when out of reach), then manage (403 when visible but not editable). */
export async function requireStaffAccess(
  q: Queryable,
  actor: Actor,
  id: string,
  permission: typeof STAFF_READ | typeof STAFF_MANAGE,
): Promise<void> {
  if (!isUuid(id)) throw notFound();
  await requireAccess(q, actor, STAFF_READ, { kind: 'registry.staff', ids: [id] });
  if (permission === STAFF_MANAGE) {
    try {
      await requireAccess(q, actor, STAFF_MANAGE, { kind: 'registry.staff', ids: [id] });
    } catch {
      throw forbidden();
    }
  }
}

/** A school where the caller manages staff: 404 when they cannot even see it, 403 when read-only. */
export async function requireStaffSchool(q: Queryable, actor: Actor, schoolId: string): Promise<UnitRow> {
  if (!isUuid(schoolId)) throw notFound();
  const unit = await findUnit(q, schoolId);
  if (unit?.type !== 'school') throw notFound();
  if (pathInScope(unit.path, await scopeOf(q, actor, STAFF_MANAGE))) return unit;
  if (pathInScope(unit.path, await scopeOf(q, actor, STAFF_READ))) throw forbidden();
  throw notFound();
}
