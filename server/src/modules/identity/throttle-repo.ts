import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { ThrottleState } from './rules/login-throttle.ts';
import { loginThrottle } from './schema.ts';

/** Wrong passwords of one account, whichever identifier named it. */
export const accountKey = (userId: string) => `user:${userId}`;
/** An identifier that names no account: counted apart, locked alike. */
export const unknownNameKey = (name: string) => `name:${name}`;
export const addressKey = (ip: string) => `ip:${ip}`;
/** Wrong second-factor codes (TOTP or recovery) of one account. */
export const secondFactorKey = (userId: string) => `mfa:${userId}`;

export async function readThrottle(q: Queryable, keys: string[]): Promise<Map<string, ThrottleState>> {
  const rows = await q.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
  return new Map(rows.map((r) => [r.key, { windowStart: r.windowStart, failures: r.failures, lockedUntil: r.lockedUntil }]));
}

export async function writeThrottle(q: Queryable, key: string, state: ThrottleState): Promise<void> {
  await q
    .insert(loginThrottle)
    .values({ key, ...state })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { ...state } });
}

export async function clearThrottle(q: Queryable, key: string): Promise<void> {
  await q.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
