/**
 * What other modules may use of identity. Everything else in this folder is private to it.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { users, grants, roles } from './schema.ts';

export {
  type Actor,
  allowedIds,
  allowedIdsSql,
  grantPaths,
  holdsAnywhere,
  inScope,
  pathInScope,
  registerRecordKind,
  requireAccess,
  type RecordKind,
  type Scope,
  scopeOf,
  scopesOf,
} from './access.ts';
export { actorOf } from './guard.ts';
export { hashPassword } from './crypto.ts';
export { createUser } from './commands/users.ts';
export { createGrant } from './commands/grants.ts';

/** A built-in or custom role's id by its key (for modules that grant a role with an account). */
export async function roleIdByKey(q: Queryable, key: string): Promise<string | undefined> {
  const [row] = await q.select({ id: roles.id }).from(roles).where(sql`${roles.key} = ${key}`);
  return row?.id;
}

/** An account's home unit path and status (for modules that link records to accounts). */
export async function accountFacts(
  q: Queryable,
  userId: string,
): Promise<{ id: string; username: string; status: string; homePath: string | null } | undefined> {
  const result = await q.execute(sql`SELECT u.id, u.username, u.status, hu.path AS "homePath"
    FROM identity.users u LEFT JOIN org.units hu ON hu.id = u.home_unit_id WHERE u.id = ${userId}`);
  return result.rows[0] as { id: string; username: string; status: string; homePath: string | null } | undefined;
}
export { checkAccountPassword, existingUsernames, insertPersonalAccount, type PersonalAccount } from './personal-accounts.ts';
export { checkPassword } from './rules/password-policy.ts';

export interface StaffAccount {
  username: string;
  displayName: string;
  homeUnitId: string;
  roleKey: string;
  passwordHash: string;
}

/**
 * Bulk creation for generators and imports: accounts and their grant at the home unit, skipping
 * usernames that exist (re-runnable). Returns how many were created.
 */
export async function insertStaffAccounts(q: Queryable, accounts: readonly StaffAccount[]): Promise<number> {
  if (accounts.length === 0) return 0;
  const roleRows = await q.select({ id: roles.id, key: roles.key }).from(roles);
  const roleId = new Map(roleRows.map((r) => [r.key, r.id]));
  let created = 0;
  for (let i = 0; i < accounts.length; i += 1000) {
    const chunk = accounts.slice(i, i + 1000);
    const inserted = await q
      .insert(users)
      .values(
        chunk.map((a) => ({ username: a.username, displayName: a.displayName, homeUnitId: a.homeUnitId, passwordHash: a.passwordHash })),
      )
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id, username: users.username });
    const byName = new Map(chunk.map((a) => [a.username, a]));
    const grantRows = inserted.flatMap((u) => {
      const a = byName.get(u.username)!;
      const rid = roleId.get(a.roleKey);
      return rid ? [{ userId: u.id, roleId: rid, unitId: a.homeUnitId }] : [];
    });
    if (grantRows.length) await q.insert(grants).values(grantRows).onConflictDoNothing();
    created += inserted.length;
  }
  return created;
}

/**
 * Accounts whose home unit lies under each given unit path (for the organisation overview).
 * "Under" is a prefix test written as a byte range, `p <= path < p with its last byte + 1`
 * (text_pattern_ops operators, the units_path_prefix_idx index): a join on `LIKE p.path || '%'`
 * cannot use an index and compared every path with every unit.
 */
export async function countUsersUnder(q: Queryable, paths: readonly string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const result = await q.execute(sql`
    SELECT p.path, count(u.id)::int AS n
    FROM jsonb_array_elements_text(${JSON.stringify(paths)}::jsonb) AS p(path)
    LEFT JOIN org.units hu ON hu.path ~>=~ p.path AND hu.path ~<~ (left(p.path, -1) || chr(ascii(right(p.path, 1)) + 1))
    LEFT JOIN identity.users u ON u.home_unit_id = hu.id AND u.status = 'active'
    GROUP BY p.path`);
  return new Map((result.rows as { path: string; n: number }[]).map((r) => [r.path, r.n]));
}
export { apiClientOf, type ApiClientCaller } from './api-clients.ts';
