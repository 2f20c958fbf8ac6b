import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { units } from '../org/schema.ts';
import { grants, permissions, rolePermissions, roles, users } from './schema.ts';

/** Administrators, principals and bulk exporters must use a second factor (issue 3, point 4). */
export async function userRequiresMfa(q: Queryable, userId: string): Promise<boolean> {
  const result = await q.execute(sql`
    SELECT EXISTS (
      SELECT 1 FROM identity.grants g JOIN identity.roles r ON r.id = g.role_id
      WHERE g.user_id = ${userId} AND g.revoked_at IS NULL
        AND (r.requires_mfa OR EXISTS (
          SELECT 1 FROM identity.role_permissions rp JOIN identity.permissions p ON p.id = rp.permission_id
          WHERE rp.role_id = r.id AND p.bulk_export))
    ) AS required`);
  return (result.rows[0] as { required: boolean }).required === true;
}

export async function permissionsHeld(q: Queryable, userId: string): Promise<string[]> {
  const result = await q.execute(sql`
    SELECT DISTINCT rp.permission_id AS id FROM identity.grants g
    JOIN identity.role_permissions rp ON rp.role_id = g.role_id
    WHERE g.user_id = ${userId} AND g.revoked_at IS NULL ORDER BY 1`);
  return (result.rows as { id: string }[]).map((r) => r.id);
}

export async function activeGrantsOf(q: Queryable, userId: string) {
  return q
    .select({
      id: grants.id,
      grantedAt: grants.grantedAt,
      role: { id: roles.id, key: roles.key, nameVi: roles.nameVi, nameEn: roles.nameEn },
      unit: { id: units.id, name: units.name, type: units.type, code: units.code, status: units.status },
    })
    .from(grants)
    .innerJoin(roles, eq(roles.id, grants.roleId))
    .innerJoin(units, eq(units.id, grants.unitId))
    .where(and(eq(grants.userId, userId), isNull(grants.revokedAt)))
    .orderBy(asc(units.path), asc(roles.key));
}

export async function findUser(q: Queryable, id: string) {
  const [row] = await q
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      phone: users.phone,
      displayName: users.displayName,
      kind: users.kind,
      status: users.status,
      homeUnitId: users.homeUnitId,
      homeUnitPath: units.path,
      homeUnitName: units.name,
      mfaEnabledAt: users.mfaEnabledAt,
      mustChangePassword: users.mustChangePassword,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
      version: users.version,
      passwordHash: users.passwordHash,
      mfaSecret: users.mfaSecret,
      mfaLastStep: users.mfaLastStep,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.homeUnitId))
    .where(eq(users.id, id));
  return row;
}

export async function listPermissions(q: Queryable) {
  return q.select().from(permissions).orderBy(asc(permissions.module), asc(permissions.id));
}

export async function listRolesWithPermissions(q: Queryable) {
  const rows = await q
    .select({
      id: roles.id,
      key: roles.key,
      nameVi: roles.nameVi,
      nameEn: roles.nameEn,
      builtin: roles.builtin,
      requiresMfa: roles.requiresMfa,
      permissionId: rolePermissions.permissionId,
    })
    .from(roles)
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .orderBy(asc(roles.builtin), asc(roles.key));
  const byId = new Map<
    string,
    { id: string; key: string; nameVi: string; nameEn: string; builtin: boolean; requiresMfa: boolean; permissions: string[] }
  >();
  for (const r of rows) {
    const role = byId.get(r.id) ?? {
      id: r.id,
      key: r.key,
      nameVi: r.nameVi,
      nameEn: r.nameEn,
      builtin: r.builtin,
      requiresMfa: r.requiresMfa,
      permissions: [],
    };
    if (r.permissionId) role.permissions.push(r.permissionId);
    byId.set(r.id, role);
  }
  return [...byId.values()].map((r) => ({ ...r, permissions: r.permissions.sort() }));
}

export async function roleByKey(q: Queryable, key: string) {
  const [row] = await q.select().from(roles).where(eq(roles.key, key));
  return row;
}

/**
 * Permissions of `roleId` that the actor does NOT hold at (or above) the unit: an administrator
 * delegates only what they have, only inside their scope. Empty = allowed.
 */
export async function permissionsMissingAt(q: Queryable, actorUserId: string, roleId: string, unitPath: string): Promise<string[]> {
  const result = await q.execute(sql`
    SELECT rp.permission_id AS id FROM identity.role_permissions rp
    WHERE rp.role_id = ${roleId} AND NOT EXISTS (
      SELECT 1 FROM identity.grants g
      JOIN identity.role_permissions mine ON mine.role_id = g.role_id AND mine.permission_id = rp.permission_id
      JOIN org.units gu ON gu.id = g.unit_id
      WHERE g.user_id = ${actorUserId} AND g.revoked_at IS NULL AND starts_with(${unitPath}, gu.path))
    ORDER BY 1`);
  return (result.rows as { id: string }[]).map((r) => r.id);
}

/** Permissions among `ids` the actor holds nowhere (for defining roles). */
export async function permissionsNotHeld(q: Queryable, actorUserId: string, ids: string[]): Promise<string[]> {
  const held = new Set(await permissionsHeld(q, actorUserId));
  return ids.filter((id) => !held.has(id));
}

/**
 * Who is told when an account's second factor locks: the account holders of `identity.user.write`
 * over the account's home unit (its own unit and those above), nearest first.
 */
export async function accountAdministratorEmails(q: Queryable, userId: string, limit = 20): Promise<string[]> {
  const result = await q.execute(sql`
    SELECT adm.email, max(gu.depth) AS depth FROM identity.users target
    JOIN org.units home ON home.id = target.home_unit_id
    JOIN org.units gu ON home.path LIKE gu.path || '%'
    JOIN identity.grants g ON g.unit_id = gu.id AND g.revoked_at IS NULL
    JOIN identity.role_permissions rp ON rp.role_id = g.role_id AND rp.permission_id = 'identity.user.write'
    JOIN identity.users adm ON adm.id = g.user_id AND adm.status = 'active' AND adm.email IS NOT NULL
    WHERE target.id = ${userId} AND adm.id <> target.id
    GROUP BY adm.email ORDER BY depth DESC, adm.email LIMIT ${limit}`);
  return (result.rows as { email: string }[]).map((r) => r.email);
}
