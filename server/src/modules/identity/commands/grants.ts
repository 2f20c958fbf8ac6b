import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../../platform/errors.ts';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { pgErrorOf } from '../../../platform/db/database.ts';
import { units } from '../../org/schema.ts';
import { type Actor, requireAccess } from '../access.ts';
import { findUser, permissionsMissingAt } from '../repo.ts';
import { grants, roles } from '../schema.ts';

/**
 * Grant a role at a unit. The granter needs `identity.grant.write` over the unit and over the
 * user's home unit, and must themself hold every permission of the role at that unit: nobody
 * hands out more than they have, or outside where they have it.
 */
export async function createGrant(
  database: Database,
  actor: Actor,
  audit: AuditActor,
  input: { userId: string; roleId: string; unitId: string },
): Promise<string> {
  return database.db
    .transaction(async (tx) => {
      const user = await findUser(tx, input.userId);
      if (!user?.homeUnitId) throw notFound();
      await requireAccess(tx, actor, 'identity.grant.write', { kind: 'org.unit', ids: [input.unitId, user.homeUnitId] });
      const [unit] = await tx.select({ path: units.path, status: units.status }).from(units).where(eq(units.id, input.unitId));
      if (!unit) throw notFound();
      if (unit.status !== 'active') throw unprocessable('identity.grantUnitClosed');
      const [role] = await tx.select({ id: roles.id, key: roles.key }).from(roles).where(eq(roles.id, input.roleId));
      if (!role) throw unprocessable('identity.roleUnknown');
      const missing = await permissionsMissingAt(tx, actor.userId, role.id, unit.path);
      if (missing.length > 0) throw forbidden('identity.grantBeyondOwnRights', { permissions: missing.join(', ') });
      const [row] = await tx
        .insert(grants)
        .values({ userId: input.userId, roleId: role.id, unitId: input.unitId, grantedBy: actor.userId })
        .returning({ id: grants.id });
      await recordAudit(tx, audit, {
        action: 'identity.grant.create',
        entityType: 'identity.grant',
        entityId: row!.id,
        orgUnitId: input.unitId,
        after: { userId: input.userId, role: role.key, unitId: input.unitId },
      });
      return row!.id;
    })
    .catch((err) => {
      if (pgErrorOf(err)?.code === '23505') throw conflict('identity.grantExists');
      throw err;
    });
}

export async function revokeGrant(database: Database, actor: Actor, audit: AuditActor, grantId: string, reason?: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [g] = await tx
      .select({ id: grants.id, userId: grants.userId, unitId: grants.unitId, roleId: grants.roleId, path: units.path })
      .from(grants)
      .innerJoin(units, eq(units.id, grants.unitId))
      .where(and(eq(grants.id, grantId), isNull(grants.revokedAt)));
    if (!g) throw notFound();
    await requireAccess(tx, actor, 'identity.grant.write', { kind: 'org.unit', ids: [g.unitId] });
    const missing = await permissionsMissingAt(tx, actor.userId, g.roleId, g.path);
    if (missing.length > 0) throw forbidden('identity.grantBeyondOwnRights', { permissions: missing.join(', ') });
    await tx.update(grants).set({ revokedAt: new Date() }).where(eq(grants.id, grantId));
    await recordAudit(tx, audit, {
      action: 'identity.grant.revoke',
      entityType: 'identity.grant',
      entityId: grantId,
      orgUnitId: g.unitId,
      before: { userId: g.userId, roleId: g.roleId, unitId: g.unitId },
      reason: reason ?? null,
    });
  });
}
