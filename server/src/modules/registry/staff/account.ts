import { eq } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Settings } from '../../../platform/config.ts';
import type { Database, Db, Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import { conflict, forbidden } from '../../../platform/errors.ts';
import type { Mailer } from '../../../platform/mail/mailer.ts';
import { accountFacts, type Actor, createGrant, createUser, requireAccess, roleIdByKey } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { checkVersion, RegistryRuleError } from '../commands/common.ts';
import type { StaffAccountInput } from '../routes/staff.schemas.ts';
import { staff } from '../schema.ts';
import { requireStaffAccess, STAFF_MANAGE } from './access.ts';
import { asStaffErrors } from './commands.ts';
import * as repo from './repo.ts';

/** What the one running the action must hold at the school, besides managing staff records. */
export const ACCOUNT_PERMISSIONS = ['identity.user.write', 'identity.grant.write'] as const;

export interface AccountServices {
  database: Database;
  settings: Settings;
  mailer: Mailer;
}

/**
 * Ties a staff record to the person's login: an existing account of the school, or a new one
 * made by identity's own commands (its checks and audit events: the caller must be allowed to
 * create accounts and grant the role there) with the role at the school. The account, the grant
 * and the link commit together: identity's transactions run as savepoints of this one.
 */
export async function linkStaffAccount(
  tx: Tx,
  services: AccountServices,
  actor: Actor,
  audit: AuditActor,
  staffId: string,
  input: StaffAccountInput,
) {
  return asStaffErrors(async () => {
    await requireStaffAccess(tx, actor, staffId, STAFF_MANAGE);
    const row = (await repo.findStaff(tx, staffId, true))!;
    checkVersion(row, input.version);
    if (row.userId) throw conflict('registry.staff.alreadyLinked');
    for (const permission of ACCOUNT_PERMISSIONS) {
      try {
        await requireAccess(tx, actor, permission, { kind: 'org.unit', ids: [row.schoolId] });
      } catch {
        throw forbidden();
      }
    }
    let userId: string;
    let reset: { mailed: boolean; token: string | null; resetUrl: string | null } | null = null;
    if ('create' in input) {
      const nested: Database = { ...services.database, db: tx as unknown as Db };
      const created = await createUser(nested, services.settings, services.mailer, actor, audit, {
        username: input.create.username.toLowerCase(),
        displayName: row.fullName,
        homeUnitId: row.schoolId,
        ...(input.create.email ? { email: input.create.email } : {}),
        ...(input.create.phone ? { phone: input.create.phone } : {}),
      });
      const roleId = await roleIdByKey(tx, input.create.roleKey);
      if (!roleId) throw new RegistryRuleError('registry.staff.roleUnknown', 'create.roleKey');
      await createGrant(nested, actor, audit, { userId: created.id, roleId, unitId: row.schoolId });
      userId = created.id;
      reset = created.reset;
    } else {
      if (!isUuid(input.userId)) throw new RegistryRuleError('registry.staff.accountUnknown', 'userId');
      const account = await accountFacts(tx, input.userId);
      const school = await findUnit(tx, row.schoolId);
      // Only an active account whose home is this school (or a site under it).
      if (!account?.homePath || !school || !account.homePath.startsWith(school.path) || account.status !== 'active') {
        throw new RegistryRuleError('registry.staff.accountUnknown', 'userId');
      }
      userId = account.id;
    }
    const [next] = await tx
      .update(staff)
      .set({ userId, version: row.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(staff.id, staffId))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.staff.linkAccount',
      entityType: 'registry.staff',
      entityId: staffId,
      orgUnitId: row.schoolId,
      before: { userId: null },
      after: { userId, created: 'create' in input, ...('create' in input ? { roleKey: input.create.roleKey } : {}) },
    });
    return { row: next!, userId, created: 'create' in input, reset };
  });
}
