import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../../platform/db/database.ts';
import { allowedIdsSql, grantPaths } from '../identity/public.ts';
import { type ByLevel, emptyByLevel } from './repo.ts';
import { toUnitDto } from './present.ts';
import type { UnitDto } from './routes/units.schemas.ts';
import { type SchoolLevel, schoolLevels } from './rules/levels.ts';

/**
 * GET /units/:id/children in one statement: the access check on the parent (identity's
 * `allowedIds` rule for `org.unit`), the visible children (`visibleUnitCondition`), and for each
 * child what `presentUnits` adds — administrative unit name, whether it has children, active
 * schools by level in its subtree (and, for a commune, those standing in it), active accounts in
 * its subtree, and the write/close abilities. One round trip instead of eleven, and every
 * subtree test is a byte range on `path` (`p <= path < p with its last byte + 1`, the
 * text_pattern_ops operators ~>=~ / ~<~ of units_path_prefix_idx): a `LIKE c.path || '%'`
 * against a column is never indexable.
 *
 * The text is the same for every call (values are parameters), so on PostgreSQL it runs as a
 * named prepared statement: parsed and planned once per pooled connection. The benchmark's
 * baseline runs this very statement (`bench/scenarios/org.ts`).
 */
export interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

/** A prefix test on `col` against the path `prefix` as an indexable byte range. */
const under = (col: SQL, prefix: SQL) =>
  sql`(${col} ~>=~ ${prefix} AND ${col} ~<~ (left(${prefix}, -1) || chr(ascii(right(${prefix}, 1)) + 1)))`;

const typeOrder = (t: SQL) =>
  sql`CASE ${t} WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'division' THEN 2 WHEN 'district' THEN 3 WHEN 'commune' THEN 4 WHEN 'school' THEN 5 ELSE 6 END`;

const levelColumns = sql.join(
  schoolLevels.map((l) => sql`count(*) FILTER (WHERE s.school_level = ${sql.raw(`'${l}'`)})::int AS ${sql.identifier(`n_${l}`)}`),
  sql`, `,
);

function childrenSql(parentId: string, userId: string, status: 'active' | 'all'): SQL {
  const actor = { userId };
  return sql`
    WITH rd AS MATERIALIZED (${grantPaths(userId, 'org.unit.read')}),
    wr AS MATERIALIZED (${grantPaths(userId, 'org.unit.write')}),
    cl AS MATERIALIZED (${grantPaths(userId, 'org.unit.close')}),
    ok AS (SELECT EXISTS (${allowedIdsSql(actor, 'org.unit.read', 'org.unit', [parentId])}) AS ok),
    k AS MATERIALIZED (
      SELECT u.id, u.parent_id, u.path, u.depth, u.type, u.code, u.name, u.admin_unit_code, u.school_level,
        u.ownership, u.status, u.closed_at, u.version,
        row_number() OVER (ORDER BY ${typeOrder(sql`u.type`)}, u.status, platform.fold(u.name), u.code) AS rn
      FROM org.units u, ok
      WHERE ok.ok AND u.parent_id = ${parentId}::uuid AND (${status}::text = 'all' OR u.status = 'active')
        AND (EXISTS (SELECT 1 FROM rd WHERE starts_with(u.path, rd.path))
          OR (u.type = 'school' AND u.admin_unit_code IN (
            SELECT cu.admin_unit_code FROM org.units cu
            WHERE cu.type = 'commune' AND EXISTS (SELECT 1 FROM rd WHERE starts_with(cu.path, rd.path)))))
      ORDER BY rn LIMIT 5000)
    SELECT ok.ok, k.id, k.parent_id AS "parentId", k.path, k.depth, k.type, k.code, k.name,
      k.admin_unit_code AS "adminUnitCode", au.full_name AS "adminUnitName", k.school_level AS "schoolLevel",
      k.ownership, k.status, k.closed_at AS "closedAt", k.version,
      EXISTS (SELECT 1 FROM org.units ch WHERE ch.parent_id = k.id) AS "hasChildren",
      EXISTS (SELECT 1 FROM wr WHERE starts_with(k.path, wr.path)) AS "inWrite",
      EXISTS (SELECT 1 FROM cl WHERE starts_with(k.path, cl.path)) AS "inClose",
      sc.*,
      (SELECT count(*)::int FROM org.units d
         JOIN identity.users us ON us.home_unit_id = d.id AND us.status = 'active'
         WHERE ${under(sql`d.path`, sql`k.path`)}) AS users
    FROM ok
    LEFT JOIN k ON true
    LEFT JOIN org.admin_units au ON au.code = k.admin_unit_code
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n_schools, ${levelColumns}
      FROM org.units s
      WHERE s.type = 'school' AND s.status = 'active'
        AND (${under(sql`s.path`, sql`k.path`)}
          OR s.admin_unit_code = CASE WHEN k.type = 'commune' THEN k.admin_unit_code END)
    ) sc ON k.id IS NOT NULL
    ORDER BY k.rn`;
}

/**
 * Built once with stand-in values, then only the values change: `text` is the same on every call,
 * and a request does not rebuild the SQL tree. A parameter equal to a stand-in takes the caller's
 * value (the stand-ins are valid uuids that are never issued, and a status no unit has).
 */
const stand = { parent: '00000000-0000-4000-8000-00000000c0de', user: '00000000-0000-4000-8000-00000000beef', status: '<status>' };
type Slot = keyof typeof stand | null;
let built: { text: string; params: unknown[]; slots: Slot[] } | undefined;

/** Built on first use: the access layer knows `org.unit` once the org module has registered it. */
function build() {
  const { sql: text, params } = new PgDialect().sqlToQuery(childrenSql(stand.parent, stand.user, stand.status as 'active'));
  const slots = params.map((p): Slot => (p === stand.parent ? 'parent' : p === stand.user ? 'user' : p === stand.status ? 'status' : null));
  if (!slots.includes('parent') || !slots.includes('user') || !slots.includes('status')) {
    throw new Error('org children statement: a value did not become a parameter');
  }
  return { text, params, slots };
}

/** The statement with its values; `name` and `text` are the same on every call. */
export function childrenStatement(parentId: string, userId: string, status: 'active' | 'all'): Statement {
  built ??= build();
  const { text, params, slots } = built;
  const given = { parent: parentId, user: userId, status };
  return { name: 'org_unit_children_v1', text, values: slots.map((slot, i) => (slot ? given[slot] : params[i])) };
}

/** Runs a fixed-text statement: named (prepared once per connection) on a server, plain on PGlite. */
export async function runStatement<T>(database: Database, s: Statement): Promise<T[]> {
  if (database.pool) return (await database.pool.query({ name: s.name, text: s.text, values: s.values })).rows as T[];
  return database.query<T>(s.text, s.values);
}

interface ChildRow {
  ok: boolean;
  id: string | null;
  parentId: string | null;
  path: string;
  depth: number;
  type: UnitDto['type'];
  code: string;
  name: string;
  adminUnitCode: string | null;
  adminUnitName: string | null;
  schoolLevel: string | null;
  ownership: string | null;
  status: UnitDto['status'];
  closedAt: Date | string | null;
  version: number;
  hasChildren: boolean;
  inWrite: boolean;
  inClose: boolean;
  n_schools: number | null;
  users: number | null;
  [level: `n_${string}`]: number | null;
}

/** The children of a unit as `presentUnits` shows them, or `null` when the caller may not read the unit. */
export async function childrenWithCounts(
  database: Database,
  userId: string,
  parentId: string,
  status: 'active' | 'all',
): Promise<UnitDto[] | null> {
  const rows = await runStatement<ChildRow>(database, childrenStatement(parentId, userId, status));
  if (rows[0]?.ok !== true) return null;
  const out: UnitDto[] = [];
  for (const r of rows) {
    if (r.id === null) continue;
    const byLevel: ByLevel = emptyByLevel();
    for (const l of schoolLevels) byLevel[l as SchoolLevel] = r[`n_${l}`] ?? 0;
    out.push(
      toUnitDto(r as ChildRow & { id: string }, {
        adminUnitName: r.adminUnitName,
        hasChildren: r.hasChildren,
        schools: r.n_schools ?? 0,
        byLevel,
        users: r.users ?? 0,
        inWrite: r.inWrite,
        inClose: r.inClose,
      }),
    );
  }
  return out;
}
