/** A session ends at the first of: its absolute expiry, or `idleMinutes` without a request. */
export function sessionExpired(
  session: { expiresAt: Date; lastSeenAt: Date; revokedAt: Date | null },
  idleMinutes: number,
  now: Date,
): boolean {
  if (session.revokedAt) return true;
  if (session.expiresAt <= now) return true;
  return now.getTime() - session.lastSeenAt.getTime() > idleMinutes * 60_000;
}

/** last_seen_at is written at most once a minute, so reads do not each cost a write. */
export const shouldTouch = (lastSeenAt: Date, now: Date): boolean => now.getTime() - lastSeenAt.getTime() > 60_000;
