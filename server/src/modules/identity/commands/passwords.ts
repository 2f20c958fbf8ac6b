import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Settings } from '../../../platform/config.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { badRequest, unprocessable } from '../../../platform/errors.ts';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Mailer } from '../../../platform/mail/mailer.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from '../crypto.ts';
import { checkPassword } from '../rules/password-policy.ts';
import { passwordResetTokens, users } from '../schema.ts';
import { revokeUserSessions } from '../sessions.ts';

const RESET_TOKEN_HOURS = 24;

function assertAcceptable(password: string, username: string): void {
  const problem = checkPassword(password, { username });
  if (problem) throw unprocessable(problem, {}, [{ path: 'body.newPassword', code: problem }]);
}

export async function setPassword(q: Queryable, settings: Settings, userId: string, plain: string, now: Date): Promise<void> {
  await q
    .update(users)
    .set({
      passwordHash: await hashPassword(plain, settings.argon2),
      passwordChangedAt: now,
      mustChangePassword: false,
      demoPassword: false,
      updatedAt: now,
    })
    .where(eq(users.id, userId));
}

export async function changePassword(
  database: Database,
  settings: Settings,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; actor: AuditActor },
): Promise<void> {
  const [u] = await database.db
    .select({ hash: users.passwordHash, username: users.username })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!u?.hash || !(await verifyPassword(u.hash, input.currentPassword))) {
    throw unprocessable('identity.currentPasswordWrong', {}, [{ path: 'body.currentPassword', code: 'identity.currentPasswordWrong' }]);
  }
  assertAcceptable(input.newPassword, u.username);
  const now = new Date();
  await database.db.transaction(async (tx) => {
    await setPassword(tx, settings, input.userId, input.newPassword, now);
    const ended = await revokeUserSessions(tx, input.userId, now, input.sessionId);
    await recordAudit(tx, input.actor, {
      action: 'identity.password.change',
      entityType: 'identity.user',
      entityId: input.userId,
      after: { otherSessionsEnded: ended },
    });
  });
}

/**
 * An administrator's reset: a one-time token valid 24 hours. Mailed when SMTP is configured and
 * the user has an address; otherwise returned to be shown to the administrator exactly once.
 */
export async function issueResetToken(
  q: Queryable,
  mailer: Mailer,
  settings: Settings,
  input: { userId: string; email: string | null; displayName: string; createdBy: string; now: Date },
): Promise<{ token: string | null; resetUrl: string | null; mailed: boolean }> {
  const token = randomToken();
  await q.insert(passwordResetTokens).values({
    tokenHash: sha256(token),
    userId: input.userId,
    createdBy: input.createdBy,
    expiresAt: new Date(input.now.getTime() + RESET_TOKEN_HOURS * 3_600_000),
  });
  const resetUrl = `${settings.publicUrl}/reset-password#token=${token}`;
  if (mailer.transport === 'smtp' && input.email) {
    await mailer.enqueue(q, {
      to: input.email,
      subject: 'Đặt lại mật khẩu Giáo Dục Số',
      body: `Xin chào ${input.displayName},\n\nQuản trị viên đã yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Mở liên kết sau trong vòng ${RESET_TOKEN_HOURS} giờ để đặt mật khẩu mới:\n\n${resetUrl}\n\nNếu bạn không mong đợi thư này, hãy báo ngay cho quản trị viên.\n`,
    });
    return { token: null, resetUrl: null, mailed: true };
  }
  return { token, resetUrl, mailed: false };
}

export async function resetPasswordWithToken(
  database: Database,
  settings: Settings,
  input: { token: string; newPassword: string; ip: string; userAgent: string | undefined; now: Date },
): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ userId: passwordResetTokens.userId, username: users.username })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(
        and(
          eq(passwordResetTokens.tokenHash, sha256(input.token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, input.now),
        ),
      )
      .for('update');
    if (!row) throw badRequest('identity.resetTokenInvalid');
    assertAcceptable(input.newPassword, row.username);
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: input.now })
      .where(eq(passwordResetTokens.tokenHash, sha256(input.token)));
    await setPassword(tx, settings, row.userId, input.newPassword, input.now);
    await revokeUserSessions(tx, row.userId, input.now);
    await recordAudit(
      tx,
      { userId: row.userId, label: row.username, ip: input.ip, userAgent: input.userAgent },
      { action: 'identity.password.reset', entityType: 'identity.user', entityId: row.userId },
    );
  });
}
