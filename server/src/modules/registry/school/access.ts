import type { Queryable } from '../../../platform/db/database.ts';
import { conflict, forbidden, notFound } from '../../../platform/errors.ts';
import { type Actor, scopeOf } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { isUuid, pathInScope } from '../access.ts';

export const SCHOOL_READ = 'registry.school.read';
export const SCHOOL_WRITE = 'registry.school.write';

/**
 * A school unit the caller reaches for the profile and facilities. Reading: `registry.school.read`
 * or `.write` over the school; writing: `.write`. Out of reach → 404 (indistinguishable from a
 * missing school); readable but not writable → 403; a closed school → 409 on writes.
 */
export async function requireSchoolUnit(
  q: Queryable,
  actor: Actor,
  unitId: string,
  mode: 'read' | 'write',
): Promise<{ unit: UnitRow; canWrite: boolean }> {
  if (!isUuid(unitId)) throw notFound();
  const unit = await findUnit(q, unitId);
  if (unit?.type !== 'school') throw notFound();
  const [read, write] = await Promise.all([scopeOf(q, actor, SCHOOL_READ), scopeOf(q, actor, SCHOOL_WRITE)]);
  const canWrite = pathInScope(unit.path, write);
  const canRead = canWrite || pathInScope(unit.path, read);
  if (!canRead) throw notFound();
  if (mode === 'write' && !canWrite) throw forbidden();
  // A closed school's records stay readable but no longer change.
  if (mode === 'write' && unit.status !== 'active') throw conflict('registry.school.unitClosed');
  return { unit, canWrite: canWrite && unit.status === 'active' };
}
