import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { VIETNAM_TIME_ZONE } from '../../../platform/calendar.ts';
import type { Settings } from '../../../platform/config.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import { conflict, tooManyRequests, unauthenticated, unprocessable } from '../../../platform/errors.ts';
import type { Mailer } from '../../../platform/mail/mailer.ts';
import { decryptSecret, encryptSecret, sha256 } from '../crypto.ts';
import { accountAdministratorEmails, findUser } from '../repo.ts';
import { afterFailure, isLocked, retryAfterSeconds, type ThrottleState } from '../rules/login-throttle.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpUri } from '../rules/totp.ts';
import { recoveryCodes, sessions, users } from '../schema.ts';
import { createSession, type NewSession, revokeSession } from '../sessions.ts';
import { clearThrottle, readThrottle, secondFactorKey, writeThrottle } from '../throttle-repo.ts';

type SecondFactorOutcome =
  | { kind: 'ok'; session: NewSession }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'signInEnded' }
  | { kind: 'locked'; retryAfter: number };

/**
 * Second step of sign-in: a TOTP code (never the same step twice) or an unused recovery code.
 * Rows are locked so two simultaneous submissions of one code cannot both pass. Wrong codes are
 * counted on the pending sign-in (it ends after `mfaSignInMaxFailures`) and on the account
 * (`mfaMaxFailures` in the lock window locks its second factor like a password, and the user and
 * the account's administrators are mailed). Success ends the pending session and issues a new
 * one, so a token seen before the second factor is worth nothing after it.
 */
export async function completeSecondFactor(
  database: Database,
  settings: Settings,
  mailer: Mailer,
  input: { userId: string; sessionId: string; code: string; now: Date; actor: AuditActor },
): Promise<NewSession> {
  const outcome = await database.db.transaction(async (tx): Promise<SecondFactorOutcome> => {
    const [u] = await tx
      .select({ mfaSecret: users.mfaSecret, mfaLastStep: users.mfaLastStep })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update');
    if (!u?.mfaSecret) throw unprocessable('identity.mfaNotEnrolled');
    const key = secondFactorKey(input.userId);
    const throttle = (await readThrottle(tx, [key])).get(key);
    // Locked: not even the right code passes until the lock ends.
    if (isLocked(throttle, input.now)) return { kind: 'locked', retryAfter: retryAfterSeconds(throttle!, input.now) };
    const code = input.code.replace(/\s/g, '');
    const step = checkTotp(decryptSecret(u.mfaSecret, settings.sessionSecret), code, input.now.getTime(), u.mfaLastStep);
    if (step !== undefined) {
      await tx.update(users).set({ mfaLastStep: step }).where(eq(users.id, input.userId));
    } else {
      const used = await tx
        .update(recoveryCodes)
        .set({ usedAt: input.now })
        .where(
          and(
            eq(recoveryCodes.userId, input.userId),
            eq(recoveryCodes.codeHash, sha256(normaliseRecoveryCode(code))),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ userId: recoveryCodes.userId });
      if (used.length === 0) return countWrongCode(tx, settings, mailer, input, throttle);
      await recordAudit(tx, input.actor, { action: 'identity.mfa.recoveryCodeUsed', entityType: 'identity.user', entityId: input.userId });
    }
    await clearThrottle(tx, key);
    return { kind: 'ok', session: await rotateSession(tx, settings, input) };
  });
  switch (outcome.kind) {
    case 'ok':
      return outcome.session;
    case 'locked':
      throw tooManyRequests('identity.mfaLocked', { retryAfter: outcome.retryAfter });
    case 'signInEnded':
      throw unauthenticated('identity.mfaSignInEnded');
    case 'wrong':
      throw unprocessable('identity.mfaCodeInvalid', { attemptsLeft: outcome.attemptsLeft }, [
        { path: 'body.code', code: 'identity.mfaCodeInvalid', params: { attemptsLeft: outcome.attemptsLeft } },
      ]);
  }
}

async function countWrongCode(
  tx: Tx,
  settings: Settings,
  mailer: Mailer,
  input: { userId: string; sessionId: string; now: Date; actor: AuditActor },
  throttle: ThrottleState | undefined,
): Promise<SecondFactorOutcome> {
  const next = afterFailure(throttle, { maxFailures: settings.login.mfaMaxFailures, lockMinutes: settings.login.lockMinutes }, input.now);
  await writeThrottle(tx, secondFactorKey(input.userId), next);
  const [session] = await tx
    .update(sessions)
    .set({ mfaFailures: sql`${sessions.mfaFailures} + 1` })
    .where(eq(sessions.id, input.sessionId))
    .returning({ failures: sessions.mfaFailures });
  if (isLocked(next, input.now)) {
    await revokeSession(tx, input.sessionId, input.now);
    await recordAudit(tx, input.actor, {
      action: 'identity.mfa.lockout',
      entityType: 'identity.user',
      entityId: input.userId,
      after: { failures: next.failures, lockedUntil: next.lockedUntil!.toISOString() },
    });
    await tellSecondFactorLocked(tx, mailer, input.userId, input.now, next.lockedUntil!, input.actor.ip);
    return { kind: 'locked', retryAfter: retryAfterSeconds(next, input.now) };
  }
  const left = settings.login.mfaSignInMaxFailures - (session?.failures ?? 0);
  if (left <= 0) {
    await revokeSession(tx, input.sessionId, input.now);
    return { kind: 'signInEnded' };
  }
  return { kind: 'wrong', attemptsLeft: left };
}

/** The pending session ends; a new token (and CSRF token) carries the finished sign-in. */
async function rotateSession(
  tx: Tx,
  settings: Settings,
  input: { userId: string; sessionId: string; now: Date; actor: AuditActor },
): Promise<NewSession> {
  await revokeSession(tx, input.sessionId, input.now);
  return createSession(
    tx,
    { userId: input.userId, mfaPending: false, ip: input.actor.ip ?? '', userAgent: input.actor.userAgent, now: input.now },
    settings,
  );
}

const vietnamTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Through the mail outbox, in the same transaction as the lock: the user and their administrators. */
async function tellSecondFactorLocked(tx: Tx, mailer: Mailer, userId: string, now: Date, until: Date, ip: string | null | undefined) {
  const [u] = await tx
    .select({ username: users.username, displayName: users.displayName, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) return;
  const when = vietnamTime.format(now);
  const end = vietnamTime.format(until);
  if (u.email) {
    await mailer.enqueue(tx, {
      to: u.email,
      subject: 'Xác thực hai lớp của tài khoản đã bị tạm khoá',
      body: `Xin chào ${u.displayName},\n\nLúc ${when}, mã xác thực hai lớp của tài khoản ${u.username} bị nhập sai nhiều lần liên tiếp${ip ? ` (từ địa chỉ ${ip})` : ''}, nên bước xác thực hai lớp đã bị tạm khoá đến ${end}.\n\nNếu không phải bạn, mật khẩu của bạn có thể đã bị lộ: hãy đổi mật khẩu ngay và báo cho quản trị viên.\n`,
    });
  }
  for (const to of await accountAdministratorEmails(tx, userId)) {
    await mailer.enqueue(tx, {
      to,
      subject: `Tài khoản ${u.username}: xác thực hai lớp bị tạm khoá`,
      body: `Lúc ${when}, mã xác thực hai lớp của tài khoản ${u.username} (${u.displayName}) bị nhập sai nhiều lần liên tiếp${ip ? ` từ địa chỉ ${ip}` : ''}. Bước xác thực hai lớp của tài khoản bị tạm khoá đến ${end}.\n\nNgười nhập đã biết mật khẩu của tài khoản. Nếu chủ tài khoản xác nhận không phải họ, hãy đặt lại mật khẩu và thu hồi các phiên đăng nhập của tài khoản.\n`,
    });
  }
}

/** Starts enrolment: a fresh secret, stored encrypted but not yet enabled. */
export async function startEnrolment(database: Database, settings: Settings, userId: string) {
  const user = await findUser(database.db, userId);
  if (!user) throw unprocessable('platform.notFound');
  if (user.mfaEnabledAt) throw conflict('identity.mfaAlreadyEnabled');
  const secret = newTotpSecret();
  await database.db
    .update(users)
    .set({ mfaSecret: encryptSecret(secret, settings.sessionSecret), mfaLastStep: null })
    .where(eq(users.id, userId));
  return { secret, otpauthUrl: totpUri(secret, user.username) };
}

/** Confirms enrolment with a first valid code; returns the recovery codes, shown only now. */
export async function confirmEnrolment(
  database: Database,
  settings: Settings,
  input: { userId: string; sessionId: string; code: string; now: Date; actor: AuditActor },
): Promise<{ codes: string[]; session: NewSession }> {
  return database.db.transaction(async (tx) => {
    const [u] = await tx
      .select({ mfaSecret: users.mfaSecret, mfaEnabledAt: users.mfaEnabledAt, mfaLastStep: users.mfaLastStep })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update');
    if (!u?.mfaSecret) throw unprocessable('identity.mfaNotStarted');
    if (u.mfaEnabledAt) throw conflict('identity.mfaAlreadyEnabled');
    const step = checkTotp(
      decryptSecret(u.mfaSecret, settings.sessionSecret),
      input.code.replace(/\s/g, ''),
      input.now.getTime(),
      u.mfaLastStep,
    );
    if (step === undefined) throw unprocessable('identity.mfaCodeInvalid');
    const codes = newRecoveryCodes(randomBytes);
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, input.userId));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: input.userId, codeHash: sha256(normaliseRecoveryCode(c)) })));
    await tx.update(users).set({ mfaEnabledAt: input.now, mfaLastStep: step }).where(eq(users.id, input.userId));
    await recordAudit(tx, input.actor, { action: 'identity.mfa.enable', entityType: 'identity.user', entityId: input.userId });
    // Enrolment during sign-in finishes it: a new session, as after a code (completeSecondFactor).
    return { codes, session: await rotateSession(tx, settings, input) };
  });
}
