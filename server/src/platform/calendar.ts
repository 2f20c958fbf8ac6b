/**
 * The platform's calendar day: schools work on Vietnam time (Asia/Ho_Chi_Minh, UTC+7), so "today"
 * for a date of birth check, a transfer or a transcript is the day there — not UTC's, which is
 * still yesterday until 07:00.
 */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Today in Vietnam as yyyy-mm-dd. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE }).format(now);
}
