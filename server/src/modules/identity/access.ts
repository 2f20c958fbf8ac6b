import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';

/** Who is calling: set on every non-public request by the identity plugin. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'student' | 'guardian';
  sessionId: string;
  ip: string;
  userAgent: string | undefined;
}

/**
 * How a kind of record reaches the organisation tree and which relationships open it without a
 * grant. Modules register theirs (registry: a class → its school, "a teacher reaches the classes
 * they are assigned to"); the org module registers `org.unit`.
 *
 * `unitOf` selects (id text, unit_id uuid) for the given ids; `related`, when present, selects the
 * ids of those records the actor reaches by relationship for the permission.
 */
export interface RecordKind {
  unitOf(ids: string[]): SQL;
  related?(actorUserId: string, permission: string, ids: string[]): SQL;
}

/** Filled by the modules at import time (org registers `org.unit`). */
const recordKinds = new Map<string, RecordKind>();

export function registerRecordKind(name: string, kind: RecordKind): void {
  if (recordKinds.has(name)) throw new Error(`record kind registered twice: ${name}`);
  recordKinds.set(name, kind);
}

/**
 * Grant units (their tree paths) where the user holds the permission; a subquery for other rules.
 * The user id may also be a column or a placeholder (the session guard correlates it with the
 * session's user in the same statement).
 */
export const grantPaths = (userId: string | SQLWrapper, permission: string | SQLWrapper) => sql`
  SELECT gu.path FROM identity.grants g
  JOIN identity.role_permissions rp ON rp.role_id = g.role_id AND rp.permission_id = ${permission}
  JOIN org.units gu ON gu.id = g.unit_id
  JOIN identity.users usr ON usr.id = g.user_id AND usr.status = 'active'
  WHERE g.user_id = ${userId} AND g.revoked_at IS NULL`;

/**
 * The caller's reach for one permission: the subtrees (by path prefix) where they hold it.
 * Lists filter with `inScope(units.path, scope)`; an empty scope reaches nothing.
 */
export interface Scope {
  permission: string;
  paths: string[];
}

export async function scopeOf(q: Queryable, actor: Pick<Actor, 'userId'>, permission: string): Promise<Scope> {
  const result = await q.execute(grantPaths(actor.userId, permission));
  return scopeFrom(
    permission,
    (result.rows as { path: string }[]).map((r) => r.path),
  );
}

/** A path under another granted path adds nothing. */
function scopeFrom(permission: string, granted: string[]): Scope {
  const all = [...granted].sort();
  return { permission, paths: all.filter((p, i) => !all.slice(0, i).some((q2) => p.startsWith(q2))) };
}

/** The caller's reach for several permissions in one query (a list that filters by one and shows abilities of another). */
export async function scopesOf<P extends string>(
  q: Queryable,
  actor: Pick<Actor, 'userId'>,
  permissions: readonly P[],
): Promise<Record<P, Scope>> {
  const result = await q.execute(
    sql.join(
      permissions.map((p) => sql`SELECT ${p}::text AS permission, x.path FROM (${grantPaths(actor.userId, p)}) x`),
      sql` UNION ALL `,
    ),
  );
  const rows = result.rows as Array<{ permission: string; path: string }>;
  return Object.fromEntries(
    permissions.map((p) => [
      p,
      scopeFrom(
        p,
        rows.filter((r) => r.permission === p).map((r) => r.path),
      ),
    ]),
  ) as Record<P, Scope>;
}

/** SQL condition: the unit path column lies inside the scope. */
export function inScope(pathColumn: SQL | unknown, scope: Scope): SQL {
  if (scope.paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    scope.paths.map((p) => sql`${pathColumn} LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;
}

/** The same test over one unit already loaded (abilities, single reads): its path lies inside the scope. */
export function pathInScope(path: string, scope: Scope): boolean {
  return scope.paths.some((p) => path.startsWith(p));
}

export async function holdsAnywhere(q: Queryable, actor: Pick<Actor, 'userId'>, permission: string): Promise<boolean> {
  const result = await q.execute(sql`SELECT EXISTS (${grantPaths(actor.userId, permission)}) AS ok`);
  return (result.rows[0] as { ok: boolean }).ok === true;
}

/**
 * The one entry point of the access layer: every record must be reachable, through a grant on an
 * ancestor of its unit or through a registered relationship, in one query for the whole set.
 * Otherwise 404 — exactly what a missing record answers, so nothing leaks about what exists.
 */
export async function requireAccess(
  q: Queryable,
  actor: Pick<Actor, 'userId'>,
  permission: string,
  records: { kind: string; ids: readonly string[] },
): Promise<void> {
  const ids = [...new Set(records.ids)];
  if (ids.length === 0) return;
  const allowed = await allowedIds(q, actor, permission, records.kind, ids);
  if (ids.some((id) => !allowed.has(id))) throw notFound();
}

/** The subset of ids the actor reaches; for lists that show only what may be seen. */
export async function allowedIds(
  q: Queryable,
  actor: Pick<Actor, 'userId'>,
  permission: string,
  kindName: string,
  ids: string[],
): Promise<Set<string>> {
  const result = await q.execute(allowedIdsSql(actor, permission, kindName, ids));
  return new Set((result.rows as { id: string }[]).map((r) => r.id));
}

/**
 * The statement behind `allowedIds` (selects `id`), for a module that folds the access check
 * into the statement that reads the records (`EXISTS (…)`): one rule, one round trip.
 */
export function allowedIdsSql(actor: Pick<Actor, 'userId'>, permission: string, kindName: string, ids: readonly string[]): SQL {
  const kind = recordKinds.get(kindName);
  if (!kind) throw new Error(`unknown record kind: ${kindName}`);
  const list = [...ids];
  const related = kind.related ? sql` UNION SELECT id::text FROM (${kind.related(actor.userId, permission, list)}) rel` : sql``;
  return sql`
    SELECT r.id FROM (${kind.unitOf(list)}) r
    JOIN org.units ru ON ru.id = r.unit_id
    WHERE EXISTS (SELECT 1 FROM (${grantPaths(actor.userId, permission)}) gp WHERE starts_with(ru.path, gp.path))
    ${related}`;
}
