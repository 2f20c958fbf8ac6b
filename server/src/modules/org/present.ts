import { type Actor, scopeOf } from '../identity/public.ts';
import { usersUnder } from './users.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { pathInScope } from './access.ts';
import * as repo from './repo.ts';
import type { UnitDto } from './routes/units.schemas.ts';

/** Abilities, counts and names for a list of units, in a fixed number of queries. */
export async function presentUnits(q: Queryable, actor: Actor, rows: repo.UnitRow[]): Promise<UnitDto[]> {
  if (rows.length === 0) return [];
  const [write, close, withChildren, counts, names, users] = await Promise.all([
    scopeOf(q, actor, 'org.unit.write'),
    scopeOf(q, actor, 'org.unit.close'),
    repo.childFlags(
      q,
      rows.map((r) => r.id),
    ),
    repo.schoolCounts(q, rows),
    repo.adminUnitNames(
      q,
      rows.map((r) => r.adminUnitCode ?? ''),
    ),
    usersUnder(
      q,
      rows.map((r) => r.path),
    ),
  ]);
  return rows.map((r) => {
    const c = counts.get(r.id) ?? { schools: 0, byLevel: repo.emptyByLevel() };
    return toUnitDto(r, {
      adminUnitName: r.adminUnitCode ? (names.get(r.adminUnitCode) ?? null) : null,
      hasChildren: withChildren.has(r.id),
      schools: c.schools,
      byLevel: c.byLevel,
      users: users?.get(r.path),
      inWrite: pathInScope(r.path, write),
      inClose: pathInScope(r.path, close),
    });
  });
}

/** The columns of a unit a response shows, whatever query loaded them. */
export type UnitFields = Pick<
  repo.UnitRow,
  'id' | 'parentId' | 'type' | 'code' | 'name' | 'schoolLevel' | 'ownership' | 'adminUnitCode' | 'status' | 'depth' | 'version'
> & { closedAt: Date | string | null };

/** What `presentUnits` and the one-statement children query compute for each unit. */
export interface UnitFacts {
  adminUnitName: string | null;
  hasChildren: boolean;
  schools: number;
  byLevel: repo.ByLevel;
  users: number | undefined;
  /** The caller holds org.unit.write / org.unit.close over the unit. */
  inWrite: boolean;
  inClose: boolean;
}

/** One unit as the API answers it, with the caller's abilities on it. */
export function toUnitDto(r: UnitFields, f: UnitFacts): UnitDto {
  const open = r.status === 'active';
  const canWrite = open && f.inWrite;
  return {
    id: r.id,
    parentId: r.parentId,
    type: r.type,
    code: r.code,
    name: r.name,
    schoolLevel: (r.schoolLevel as UnitDto['schoolLevel']) ?? null,
    ownership: (r.ownership as UnitDto['ownership']) ?? null,
    adminUnitCode: r.adminUnitCode,
    adminUnitName: r.adminUnitCode ? f.adminUnitName : null,
    status: r.status,
    closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
    depth: r.depth,
    version: r.version,
    hasChildren: f.hasChildren,
    counts: { schools: f.schools, byLevel: f.byLevel, ...(f.users === undefined ? {} : { users: f.users }) },
    abilities: {
      update: canWrite,
      move: canWrite && r.parentId !== null,
      close: open && r.parentId !== null && f.inClose,
      createChild: canWrite && r.type !== 'site',
    },
  };
}
