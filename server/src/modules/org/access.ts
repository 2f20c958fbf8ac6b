import { type SQL, sql } from 'drizzle-orm';
import { uuidArray, validUuids } from '../../platform/db/uuid.ts';
import { grantPaths, inScope, pathInScope, registerRecordKind, type Scope } from '../identity/public.ts';

export { actorOf } from '../identity/public.ts';

export { isUuid } from '../../platform/db/uuid.ts';
/**
 * `col` is one of the ids. A single valid id is an equality, not `= ANY(array)`: a prepared
 * statement's generic plan cannot see the array's length and would scan every unit first.
 */
const idIn = (col: SQL, ids: readonly string[]) => {
  const valid = validUuids(ids);
  return valid.length === 1 ? sql`${col} = ${valid[0]}::uuid` : sql`${col} = ANY(${uuidArray(valid)})`;
};

/**
 * "A commune officer also sees the schools that stand in their commune even when the department
 * manages them" (THPT, GDTX, liên cấp with THPT grades): a school is reached through the commune
 * units inside the scope whose administrative unit it stands in.
 */
export function visibleUnitCondition(
  scope: Scope,
  cols: { path: unknown; type: unknown; adminUnitCode: unknown } = {
    path: sql`u.path`,
    type: sql`u.type`,
    adminUnitCode: sql`u.admin_unit_code`,
  },
): SQL {
  if (scope.paths.length === 0) return sql`false`;
  return sql`(${inScope(cols.path, scope)} OR (${cols.type} = 'school' AND ${cols.adminUnitCode} IN (
    SELECT cu.admin_unit_code FROM org.units cu WHERE cu.type = 'commune' AND ${inScope(sql`cu.path`, scope)})))`;
}

/** A scope as a predicate over one unit already loaded (abilities, single reads). */
export { pathInScope };

let registered = false;
/** Registers `org.unit` with the access layer (idempotent: the module file may load twice in tests). */
export function registerOrgRecordKind(): void {
  if (registered) return;
  registered = true;
  registerRecordKind('org.unit', {
    unitOf: (ids) => sql`SELECT id::text AS id, id AS unit_id FROM org.units WHERE ${idIn(sql`id`, ids)}`,
    // Standing in a commune opens a school for reading only; writes need a grant above it.
    related: (actorUserId, permission, ids) =>
      permission !== 'org.unit.read'
        ? sql`SELECT NULL::text AS id WHERE false`
        : sql`
      SELECT s.id::text AS id FROM org.units s
      WHERE ${idIn(sql`s.id`, ids)} AND s.type = 'school' AND s.admin_unit_code IN (
        SELECT cu.admin_unit_code FROM org.units cu
        WHERE cu.type = 'commune'
          AND EXISTS (SELECT 1 FROM (${grantPaths(actorUserId, permission)}) gp WHERE starts_with(cu.path, gp.path)))`,
  });
}
