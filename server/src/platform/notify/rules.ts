/**
 * The outbox's rules, without I/O or clock: when a message may go out, how long to wait after a
 * failure, which channel a notification takes given the user's preferences.
 */

/** The channels the platform knows. Only e-mail has an adapter today; the others are recorded, not sent. */
export const CHANNELS = ['email', 'sms', 'zns', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Quiet hours, Vietnam time: nothing that is not urgent goes out between 21:00 and 06:00. */
export const QUIET_HOURS = { startHour: 21, endHour: 6 } as const;
/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The end of the quiet hours `now` falls in (06:00 Vietnam time), or null outside them. */
export function quietHoursEnd(now: Date): Date | null {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const hour = local.getUTCHours();
  if (hour >= QUIET_HOURS.endHour && hour < QUIET_HOURS.startHour) return null;
  const end = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), QUIET_HOURS.endHour));
  if (hour >= QUIET_HOURS.startHour) end.setUTCDate(end.getUTCDate() + 1);
  return new Date(end.getTime() - VIETNAM_OFFSET_MS);
}

export interface RecipientPreferences {
  disabledChannels: readonly Channel[];
  quietHours: boolean;
}

/** What an account without saved preferences gets: every channel, quiet at night. */
export const DEFAULT_PREFERENCES: RecipientPreferences = { disabledChannels: [], quietHours: true };

/** When a new message may first be sent: now, or the end of the night for a non-urgent one. */
export function firstAttemptAt(now: Date, urgent: boolean, preferences: RecipientPreferences = DEFAULT_PREFERENCES): Date {
  if (urgent || !preferences.quietHours) return now;
  return quietHoursEnd(now) ?? now;
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

/** E-mail: six attempts over about half an hour (1, 2, 4, 8, 16 minutes apart). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelaySeconds: 60, maxDelaySeconds: 6 * 3600 };

/** Exponential backoff: the wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function retryDelaySeconds(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.baseDelaySeconds * 2 ** Math.max(0, attempts - 1), policy.maxDelaySeconds);
}

/**
 * What becomes of a message whose attempt number `attempts` (1-based) just failed: another try
 * later, or failed for good. A retry that lands in the quiet hours waits for the morning unless
 * the message is urgent.
 */
export function afterFailure(
  attempts: number,
  now: Date,
  urgent: boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
  preferences: RecipientPreferences = DEFAULT_PREFERENCES,
): { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' } {
  if (attempts >= policy.maxAttempts) return { status: 'failed' };
  const retryAt = new Date(now.getTime() + retryDelaySeconds(attempts, policy) * 1000);
  return { status: 'pending', nextAttemptAt: firstAttemptAt(retryAt, urgent, preferences) };
}

export interface Destination {
  channel: Channel;
  to: string;
}

/**
 * The destination a notification takes: the first of the caller's (in its order of preference)
 * on a channel the user has not turned off. An urgent message the user turned every offered
 * channel off for still takes the first: a sign-in code or a security notice is not optional.
 */
export function chooseDestination(
  offered: readonly Destination[],
  urgent: boolean,
  preferences: RecipientPreferences = DEFAULT_PREFERENCES,
): Destination | null {
  const allowed = offered.find((d) => !preferences.disabledChannels.includes(d.channel));
  if (allowed) return allowed;
  return urgent ? (offered[0] ?? null) : null;
}
