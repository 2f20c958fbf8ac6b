import { type Actor, requireAccess, scopeOf } from '../../identity/public.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { pgErrorOf } from '../../../platform/db/database.ts';
import { AppError, conflict, forbidden, unprocessable } from '../../../platform/errors.ts';
import { pathInScope } from '../access.ts';
import type { UnitRow } from '../repo.ts';
import { OrgRuleError } from '../rules/placement.ts';

/** What the audit trail keeps of a unit. */
export function snapshot(u: UnitRow) {
  return {
    parentId: u.parentId,
    path: u.path,
    type: u.type,
    code: u.code,
    name: u.name,
    adminUnitCode: u.adminUnitCode,
    schoolLevel: u.schoolLevel,
    ownership: u.ownership,
    status: u.status,
    version: u.version,
  };
}

/** The unit must be visible (else 404, like a missing one) and writable (else 403). */
export async function requireUnit(q: Queryable, actor: Actor, permission: string, unit: UnitRow | undefined, id: string) {
  await requireAccess(q, actor, 'org.unit.read', { kind: 'org.unit', ids: [id] });
  if (!unit) throw new AppError('platform.notFound', 404);
  if (permission !== 'org.unit.read') {
    const scope = await scopeOf(q, actor, permission);
    if (!pathInScope(unit.path, scope)) throw forbidden();
  }
  return unit;
}

export function checkVersion(unit: UnitRow, version: number): void {
  if (unit.version !== version) throw conflict('org.versionConflict', { current: unit.version });
}

/** Rule violations → 422 naming the field; a duplicate code → 409. */
export async function asDomainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof OrgRuleError) {
      throw unprocessable(err.code, err.params, err.field ? [{ path: `body.${err.field}`, code: err.code, params: err.params }] : []);
    }
    const pg = pgErrorOf(err);
    if (pg?.code === '23505' && (pg.constraint === 'units_code_uq' || pg.message.includes('units_code_uq'))) {
      throw conflict('org.codeTaken');
    }
    throw err;
  }
}
