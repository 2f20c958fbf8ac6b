/**
 * Failed-login counting (pure): a window of `lockMinutes`; reaching `maxFailures` inside it locks
 * the key until the window's end plus `lockMinutes`. The same rule serves accounts and addresses.
 */
export interface ThrottleState {
  windowStart: Date;
  failures: number;
  lockedUntil: Date | null;
}

export interface ThrottleRule {
  maxFailures: number;
  lockMinutes: number;
}

export function isLocked(state: ThrottleState | undefined, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil > now;
}

export function afterFailure(state: ThrottleState | undefined, rule: ThrottleRule, now: Date): ThrottleState {
  const windowMs = rule.lockMinutes * 60_000;
  const fresh = !state || now.getTime() - state.windowStart.getTime() > windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  const lockedUntil = failures >= rule.maxFailures ? new Date(now.getTime() + windowMs) : fresh ? null : state.lockedUntil;
  return { windowStart, failures, lockedUntil };
}

export function retryAfterSeconds(state: ThrottleState, now: Date): number {
  return state.lockedUntil ? Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000)) : 0;
}
