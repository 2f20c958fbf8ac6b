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
    repo.childFlags(q, rows.map((r) => r.id)),
    repo.schoolCounts(q, rows),
    repo.adminUnitNames(q, rows.map((r) => r.adminUnitCode ?? '')),
    usersUnder(q, rows.map((r) => r.path)),
  ]);
  return rows.map((r) => {
    const open = r.status === 'active';
    const canWrite = open && pathInScope(r.path, write);
    const c = counts.get(r.id) ?? { schools: 0, byLevel: repo.emptyByLevel() };
    const userCount = users?.get(r.path);
    return {
      id: r.id,
      parentId: r.parentId,
      type: r.type,
      code: r.code,
      name: r.name,
      schoolLevel: (r.schoolLevel as UnitDto['schoolLevel']) ?? null,
      ownership: (r.ownership as UnitDto['ownership']) ?? null,
      adminUnitCode: r.adminUnitCode,
      adminUnitName: r.adminUnitCode ? (names.get(r.adminUnitCode) ?? null) : null,
      status: r.status,
      closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
      depth: r.depth,
      version: r.version,
      hasChildren: withChildren.has(r.id),
      counts: { schools: c.schools, byLevel: c.byLevel, ...(userCount === undefined ? {} : { users: userCount }) },
      abilities: {
        update: canWrite,
        move: canWrite && r.parentId !== null,
        close: open && r.parentId !== null && pathInScope(r.path, close),
        createChild: canWrite && r.type !== 'site',
      },
    };
  });
}

