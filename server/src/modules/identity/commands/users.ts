import { sql } from 'drizzle-orm';
import type { Settings } from '../../../platform/config.ts';
import { type Database, pgErrorOf } from '../../../platform/db/database.ts';
import { conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Mailer } from '../../../platform/mail/mailer.ts';
import { type Actor, requireAccess } from '../access.ts';
import { hashPassword } from '../crypto.ts';
import { findUser } from '../repo.ts';
import { checkPassword } from '../rules/password-policy.ts';
import { users } from '../schema.ts';
import { revokeUserSessions } from '../sessions.ts';
import { issueResetToken } from './passwords.ts';

const uniqueFields: Record<string, string> = {
  users_username_uq: 'username',
  users_email_uq: 'email',
  users_phone_uq: 'phone',
};

function duplicateError(err: unknown): never {
  const pg = pgErrorOf(err);
  const field = pg?.code === '23505' ? uniqueFields[pg.constraint ?? ''] : undefined;
  if (field) throw conflict('identity.userDuplicate', { field });
  throw err;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  homeUnitId: string;
  password?: string;
}

export async function createUser(
  database: Database,
  settings: Settings,
  mailer: Mailer,
  actor: Actor,
  audit: AuditActor,
  input: CreateUserInput,
) {
  if (input.password) {
    const problem = checkPassword(input.password, { username: input.username });
    if (problem) throw unprocessable(problem, {}, [{ path: 'body.password', code: problem }]);
  }
  const passwordHash = input.password ? await hashPassword(input.password, settings.argon2) : null;
  return database.db
    .transaction(async (tx) => {
      await requireAccess(tx, actor, 'identity.user.write', { kind: 'org.unit', ids: [input.homeUnitId] });
      const [row] = await tx
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          email: input.email ?? null,
          phone: input.phone ?? null,
          homeUnitId: input.homeUnitId,
          passwordHash,
          passwordChangedAt: passwordHash ? new Date() : null,
          // An administrator-chosen password is known to two people: the owner changes it first.
          mustChangePassword: !!passwordHash,
        })
        .returning({ id: users.id });
      const id = row!.id;
      await recordAudit(tx, audit, {
        action: 'identity.user.create',
        entityType: 'identity.user',
        entityId: id,
        orgUnitId: input.homeUnitId,
        after: { username: input.username, displayName: input.displayName, email: input.email ?? null, phone: input.phone ?? null },
      });
      const reset = passwordHash
        ? null
        : await issueResetToken(tx, mailer, settings, {
            userId: id,
            email: input.email ?? null,
            displayName: input.displayName,
            createdBy: actor.userId,
            now: new Date(),
          });
      return { id, reset };
    })
    .catch(duplicateError);
}

export interface UpdateUserInput {
  version: number;
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  status?: 'active' | 'disabled';
  reason?: string;
}

export async function updateUser(database: Database, actor: Actor, audit: AuditActor, id: string, input: UpdateUserInput): Promise<void> {
  await database.db
    .transaction(async (tx) => {
      const before = await findUser(tx, id);
      if (!before?.homeUnitId) throw notFound();
      await requireAccess(tx, actor, 'identity.user.write', { kind: 'org.unit', ids: [before.homeUnitId] });
      if (before.version !== input.version) throw conflict('platform.conflict');
      const { version, reason, ...changes } = input;
      const rows = await tx
        .update(users)
        .set({ ...changes, updatedAt: new Date(), version: sql`${users.version} + 1` })
        .where(sql`${users.id} = ${id} AND ${users.version} = ${version}`)
        .returning({ id: users.id });
      if (rows.length === 0) throw conflict('platform.conflict');
      if (changes.status === 'disabled') await revokeUserSessions(tx, id, new Date());
      const pick = (u: Record<string, unknown>) => Object.fromEntries(Object.keys(changes).map((k) => [k, u[k] ?? null]));
      await recordAudit(tx, audit, {
        action:
          changes.status && changes.status !== before.status
            ? `identity.user.${changes.status === 'disabled' ? 'disable' : 'enable'}`
            : 'identity.user.update',
        entityType: 'identity.user',
        entityId: id,
        orgUnitId: before.homeUnitId,
        before: pick(before),
        after: pick(changes),
        reason: reason ?? null,
      });
    })
    .catch(duplicateError);
}

export async function adminResetPassword(
  database: Database,
  settings: Settings,
  mailer: Mailer,
  actor: Actor,
  audit: AuditActor,
  id: string,
) {
  const result = await database.db.transaction(async (tx) => {
    const user = await findUser(tx, id);
    if (!user?.homeUnitId) throw notFound();
    await requireAccess(tx, actor, 'identity.user.write', { kind: 'org.unit', ids: [user.homeUnitId] });
    const issued = await issueResetToken(tx, mailer, settings, {
      userId: id,
      email: user.email,
      displayName: user.displayName,
      createdBy: actor.userId,
      now: new Date(),
    });
    await recordAudit(tx, audit, {
      action: 'identity.password.resetIssued',
      entityType: 'identity.user',
      entityId: id,
      orgUnitId: user.homeUnitId,
      after: { mailed: issued.mailed },
    });
    return issued;
  });
  if (result.mailed) await mailer.deliverPending();
  return result;
}

export async function adminRevokeSessions(database: Database, actor: Actor, audit: AuditActor, id: string): Promise<number> {
  return database.db.transaction(async (tx) => {
    const user = await findUser(tx, id);
    if (!user?.homeUnitId) throw notFound();
    await requireAccess(tx, actor, 'identity.session.revoke', { kind: 'org.unit', ids: [user.homeUnitId] });
    const ended = await revokeUserSessions(tx, id, new Date());
    await recordAudit(tx, audit, {
      action: 'identity.session.revokeAll',
      entityType: 'identity.user',
      entityId: id,
      orgUnitId: user.homeUnitId,
      after: { ended },
    });
    return ended;
  });
}
