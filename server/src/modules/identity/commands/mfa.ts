import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Settings } from '../../../platform/config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { conflict, unprocessable } from '../../../platform/errors.ts';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { decryptSecret, encryptSecret, sha256 } from '../crypto.ts';
import { findUser } from '../repo.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpUri } from '../rules/totp.ts';
import { recoveryCodes, sessions, users } from '../schema.ts';

/**
 * Second step of sign-in: a TOTP code (never the same step twice) or an unused recovery code.
 * Rows are locked so two simultaneous submissions of one code cannot both pass.
 */
export async function completeSecondFactor(
  database: Database,
  settings: Settings,
  input: { userId: string; sessionId: string; code: string; now: Date; actor: AuditActor },
): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [u] = await tx
      .select({ mfaSecret: users.mfaSecret, mfaLastStep: users.mfaLastStep })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update');
    if (!u?.mfaSecret) throw unprocessable('identity.mfaNotEnrolled');
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
      if (used.length === 0) throw unprocessable('identity.mfaCodeInvalid');
      await recordAudit(tx, input.actor, { action: 'identity.mfa.recoveryCodeUsed', entityType: 'identity.user', entityId: input.userId });
    }
    await tx.update(sessions).set({ mfaPending: false }).where(eq(sessions.id, input.sessionId));
  });
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
): Promise<string[]> {
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
    await tx.update(sessions).set({ mfaPending: false }).where(eq(sessions.id, input.sessionId));
    await recordAudit(tx, input.actor, { action: 'identity.mfa.enable', entityType: 'identity.user', entityId: input.userId });
    return codes;
  });
}
