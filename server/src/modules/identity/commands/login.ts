import { eq, or, sql } from 'drizzle-orm';
import type { Settings } from '../../../platform/config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { AppError, tooManyRequests, unauthenticated } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { hashNeedsUpgrade, hashPassword, verifyPassword } from '../crypto.ts';
import { afterFailure, isLocked, retryAfterSeconds } from '../rules/login-throttle.ts';
import { users } from '../schema.ts';
import { createSession, type NewSession } from '../sessions.ts';
import { accountKey, addressKey, clearThrottle, readThrottle, unknownNameKey, writeThrottle } from '../throttle-repo.ts';
import { userRequiresMfa } from '../repo.ts';

export type LoginOutcome = 'ok' | 'mfa_required' | 'mfa_enrolment_required';

export interface LoginResult {
  outcome: LoginOutcome;
  session: NewSession;
  userId: string;
}

// Verifying against a real hash of the same cost makes an unknown username take as long as a
// wrong password: response time tells nothing about which accounts exist.
let dummyHash: Promise<string> | undefined;
const dummyHashFor = (settings: Settings) => (dummyHash ??= hashPassword('not-a-real-password-🙂', settings.argon2));

export async function login(
  database: Database,
  settings: Settings,
  input: { login: string; password: string; ip: string; userAgent: string | undefined; now: Date },
): Promise<LoginResult> {
  const name = input.login.trim().toLowerCase();
  // The account first, so its failures are counted once whichever identifier names it; an
  // unknown identifier is counted under its own key. Both paths run the same two reads and one
  // argon2 verification, so neither the answer nor its time tells them apart.
  const [user] = await database.db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      status: users.status,
      mfaEnabledAt: users.mfaEnabledAt,
    })
    .from(users)
    .where(or(eq(users.username, name), eq(sql`lower(${users.email})`, name), eq(users.phone, name)))
    .limit(1);
  const keys = { account: user ? accountKey(user.id) : unknownNameKey(name), address: addressKey(input.ip) };
  const state = await readThrottle(database.db, [keys.account, keys.address]);
  const accountState = state.get(keys.account);
  const addressState = state.get(keys.address);
  if (isLocked(accountState, input.now)) {
    throw tooManyRequests('identity.accountLocked', { retryAfter: retryAfterSeconds(accountState!, input.now) });
  }
  if (isLocked(addressState, input.now)) {
    throw tooManyRequests('identity.tooManyAttempts', { retryAfter: retryAfterSeconds(addressState!, input.now) });
  }

  let ok = false;
  if (user?.passwordHash) ok = await verifyPassword(user.passwordHash, input.password);
  else await verifyPassword(await dummyHashFor(settings), input.password); // same time, never true

  if (!ok || !user || user.status !== 'active') {
    await database.db.transaction(async (tx) => {
      const rule = { maxFailures: settings.login.maxFailures, lockMinutes: settings.login.lockMinutes };
      const nextAccount = afterFailure(accountState, rule, input.now);
      const nextAddress = afterFailure(addressState, { ...rule, maxFailures: settings.login.ipMaxFailures }, input.now);
      await writeThrottle(tx, keys.account, nextAccount);
      await writeThrottle(tx, keys.address, nextAddress);
      if (nextAccount.lockedUntil && !accountState?.lockedUntil) {
        await recordAudit(
          tx,
          { userId: null, label: 'anonymous', ip: input.ip, userAgent: input.userAgent },
          {
            action: 'identity.login.lockout',
            entityType: 'identity.user',
            entityId: user?.id ?? null,
            after: { login: name, failures: nextAccount.failures, lockedUntil: nextAccount.lockedUntil.toISOString() },
          },
        );
      }
    });
    // A disabled account with the right password is told so: that reveals nothing to a guesser.
    if (ok && user && user.status !== 'active') throw new AppError('identity.accountDisabled', 403);
    throw unauthenticated('identity.invalidCredentials');
  }

  return database.db.transaction(async (tx) => {
    await clearThrottle(tx, keys.account);
    if (hashNeedsUpgrade(user.passwordHash!, settings.argon2)) {
      await tx
        .update(users)
        .set({ passwordHash: await hashPassword(input.password, settings.argon2) })
        .where(eq(users.id, user.id));
    }
    await tx.update(users).set({ lastLoginAt: input.now }).where(eq(users.id, user.id));
    const mfaEnabled = !!user.mfaEnabledAt;
    const outcome: LoginOutcome = mfaEnabled ? 'mfa_required' : (await userRequiresMfa(tx, user.id)) ? 'mfa_enrolment_required' : 'ok';
    const session = await createSession(
      tx,
      { userId: user.id, mfaPending: outcome !== 'ok', ip: input.ip, userAgent: input.userAgent, now: input.now },
      settings,
    );
    return { outcome, session, userId: user.id };
  });
}
