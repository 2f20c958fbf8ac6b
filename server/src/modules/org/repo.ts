import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { adminUnits, units } from './schema.ts';
import { schoolLevels, type SchoolLevel } from './rules/levels.ts';

export type UnitRow = typeof units.$inferSelect;
export type ByLevel = Record<SchoolLevel, number>;

export const emptyByLevel = (): ByLevel => Object.fromEntries(schoolLevels.map((l) => [l, 0])) as ByLevel;

const rowsOf = <T>(result: { rows: unknown[] }): T[] => result.rows as T[];

export async function findUnit(q: Queryable, id: string): Promise<UnitRow | undefined> {
  const [row] = await q.select().from(units).where(eq(units.id, id));
  return row;
}

/** The tree paths of a set of units, in one query (a page of search results spans many schools). */
export async function unitPaths(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, unique));
  return new Map(rows.map((r) => [r.id, r.path]));
}

export async function findUnitForUpdate(q: Queryable, id: string): Promise<UnitRow | undefined> {
  const [row] = await q.select().from(units).where(eq(units.id, id)).for('update');
  return row;
}

export async function findUnitByCode(q: Queryable, code: string): Promise<UnitRow | undefined> {
  const [row] = await q.select().from(units).where(eq(units.code, code));
  return row;
}

export async function communeExists(q: Queryable, code: string | null | undefined): Promise<boolean> {
  if (!code) return false;
  const [row] = await q
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), eq(adminUnits.level, 'commune')));
  return row !== undefined;
}

/** Units matching a condition over alias `u`, ordered for a tree: type, then name. */
export async function listUnits(q: Queryable, where: SQL, limit = 1000): Promise<UnitRow[]> {
  const typeOrder = sql`CASE u.type WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'division' THEN 2 WHEN 'district' THEN 3 WHEN 'commune' THEN 4 WHEN 'school' THEN 5 ELSE 6 END`;
  const result = await q.execute(sql`
    SELECT u.id, u.parent_id AS "parentId", u.path, u.depth, u.type, u.code, u.name,
      u.admin_unit_code AS "adminUnitCode", u.school_level AS "schoolLevel", u.ownership, u.status,
      u.closed_at AS "closedAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt", u.version
    FROM org.units u WHERE ${where}
    ORDER BY ${typeOrder}, u.status, platform.fold(u.name), u.code LIMIT ${limit}`);
  return rowsOf<UnitRow>(result).map((r) => ({
    ...r,
    closedAt: r.closedAt ? new Date(r.closedAt) : null,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  }));
}

/** Whether each unit has children (any status), for lazy tree loading. */
export async function childFlags(q: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await q.execute(sql`
    SELECT DISTINCT parent_id::text AS id FROM org.units WHERE parent_id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}

/**
 * Active schools by level for each unit: those in its subtree, and for a commune also the schools
 * that stand in it but are managed by the department (commune statistics include all of them).
 * "In its subtree" is the byte range `path <= s.path < path with its last byte + 1` (indexable
 * with units_path_prefix_idx), the same prefix test as `LIKE path || '%'`, which is not.
 */
export async function schoolCounts(q: Queryable, list: Pick<UnitRow, 'id' | 'path' | 'type' | 'adminUnitCode'>[]) {
  const out = new Map<string, { schools: number; byLevel: ByLevel }>();
  for (const u of list) out.set(u.id, { schools: 0, byLevel: emptyByLevel() });
  if (list.length === 0) return out;
  const values = sql.join(
    list.map((u) => sql`(${u.id}::uuid, ${u.path}, ${u.type === 'commune' ? u.adminUnitCode : null})`),
    sql`, `,
  );
  const result = await q.execute(sql`
    WITH n(id, path, commune) AS (VALUES ${values})
    SELECT n.id::text AS id, s.school_level AS level, count(*)::int AS n
    FROM n JOIN org.units s ON s.type = 'school' AND s.status = 'active'
      AND ((s.path ~>=~ n.path AND s.path ~<~ (left(n.path, -1) || chr(ascii(right(n.path, 1)) + 1)))
        OR s.admin_unit_code = n.commune)
    GROUP BY n.id, s.school_level`);
  for (const r of rowsOf<{ id: string; level: SchoolLevel; n: number }>(result)) {
    const c = out.get(r.id);
    if (!c) continue;
    c.byLevel[r.level] = (c.byLevel[r.level] ?? 0) + r.n;
    c.schools += r.n;
  }
  return out;
}

export async function activeChildCount(q: Queryable, id: string): Promise<number> {
  const result = await q.execute(sql`SELECT count(*)::int AS n FROM org.units WHERE parent_id = ${id} AND status = 'active'`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

export async function adminUnitNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const result = await q.execute(
    sql`SELECT code, full_name AS name FROM org.admin_units WHERE code = ANY(${`{${unique.join(',')}}`}::text[])`,
  );
  return new Map(rowsOf<{ code: string; name: string }>(result).map((r) => [r.code, r.name]));
}

/** Rewrites the paths and depths of a subtree in one statement (the unit itself included). */
export async function moveSubtree(q: Queryable, oldPath: string, newPath: string): Promise<number> {
  const delta = newPath.split('/').length - oldPath.split('/').length;
  const result = await q.execute(sql`
    UPDATE org.units SET path = ${newPath} || substr(path, ${oldPath.length + 1}), depth = depth + ${delta}
    WHERE path LIKE ${`${oldPath}%`} RETURNING id`);
  return result.rows.length;
}

export async function communesOfProvince(q: Queryable, provinceCode: string) {
  const result = await q.execute(sql`
    SELECT code, kind, name, full_name AS "fullName" FROM org.admin_units
    WHERE level = 'commune' AND province_code = ${provinceCode} ORDER BY platform.fold(name), code`);
  return rowsOf<{ code: string; kind: string; name: string; fullName: string }>(result);
}

export async function provinces(q: Queryable) {
  const result = await q.execute(sql`
    SELECT code, kind, name, full_name AS "fullName" FROM org.admin_units WHERE level = 'province' ORDER BY code`);
  return rowsOf<{ code: string; kind: string; name: string; fullName: string }>(result);
}

/** The province the deployment serves: the administrative unit of the tree's root. */
export async function deploymentProvince(q: Queryable): Promise<string> {
  const result = await q.execute(sql`
    SELECT au.code FROM org.units u JOIN org.admin_units au ON au.code = u.admin_unit_code AND au.level = 'province'
    WHERE u.parent_id IS NULL ORDER BY u.created_at LIMIT 1`);
  return rowsOf<{ code: string }>(result)[0]?.code ?? '24';
}

/** Per commune of a province: active schools standing in it, by level, among the visible ones. */
export async function schoolsByCommune(q: Queryable, provinceCode: string, visible: SQL) {
  const result = await q.execute(sql`
    SELECT u.admin_unit_code AS code, u.school_level AS level, count(*)::int AS n
    FROM org.units u JOIN org.admin_units au ON au.code = u.admin_unit_code AND au.province_code = ${provinceCode}
    WHERE u.type = 'school' AND u.status = 'active' AND ${visible}
    GROUP BY 1, 2`);
  return rowsOf<{ code: string; level: SchoolLevel; n: number }>(result);
}

export async function unitsByType(q: Queryable, visible: SQL) {
  const result = await q.execute(sql`
    SELECT u.type, u.school_level AS level, count(*)::int AS n FROM org.units u
    WHERE u.status = 'active' AND ${visible} GROUP BY 1, 2`);
  return rowsOf<{ type: string; level: string | null; n: number }>(result);
}
