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

/**
 * The school-year calendar (lịch năm học): which days of a school year are school days. The
 * year's dates and terms come from the registry (the department's province-wide year, or a
 * school's own); the rules here add the week (Monday–Friday by default; some schools teach on
 * Saturday) and the breaks (Tết, mid-term holidays, days off for an event). The department sets
 * the rules for the province, a school may override them for its year (platform.school_calendars).
 * Pure functions on yyyy-mm-dd strings: no clock, no time zone (a date is a Vietnamese calendar day).
 */
export interface CalendarBreak {
  /** First and last day off, inclusive, yyyy-mm-dd. */
  from: string;
  to: string;
  name: string;
}

export interface CalendarRules {
  /** ISO weekdays that are school days: 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  breaks: readonly CalendarBreak[];
}

export interface SchoolYearCalendar extends CalendarRules {
  startsOn: string;
  endsOn: string;
}

/** Without any rules set: Monday to Friday (regulations: the school week), no breaks. */
export const DEFAULT_CALENDAR_RULES: CalendarRules = { weekdays: [1, 2, 3, 4, 5], breaks: [] };

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function isSchoolDay(date: string, calendar: SchoolYearCalendar): boolean {
  if (date < calendar.startsOn || date > calendar.endsOn) return false;
  if (!calendar.weekdays.includes(weekdayOf(date))) return false;
  return !calendar.breaks.some((b) => date >= b.from && date <= b.to);
}

/** School days from `from` to `to`, both included (0 when `to` is before `from`). */
export function schoolDaysBetween(from: string, to: string, calendar: SchoolYearCalendar): number {
  const start = Math.max(dayNumber(from), dayNumber(calendar.startsOn));
  const end = Math.min(dayNumber(to), dayNumber(calendar.endsOn));
  let n = 0;
  for (let d = start; d <= end; d++) {
    const date = new Date(d * DAY_MS).toISOString().slice(0, 10);
    if (isSchoolDay(date, calendar)) n++;
  }
  return n;
}

export interface CalendarProblem {
  path: string;
  code: string;
}

/** What is wrong with rules for a year (codes are i18n keys of the module that shows them). */
export function calendarProblems(rules: CalendarRules, year?: { startsOn: string; endsOn: string }): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const days = new Set(rules.weekdays);
  if (days.size === 0 || days.size !== rules.weekdays.length || rules.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    problems.push({ path: 'weekdays', code: 'calendar.weekdaysInvalid' });
  }
  const sorted = rules.breaks.map((b, i) => ({ ...b, i })).sort((a, b) => (a.from < b.from ? -1 : 1));
  for (const b of sorted) {
    if (!isCalendarDate(b.from) || !isCalendarDate(b.to) || b.to < b.from) {
      problems.push({ path: `breaks.${b.i}`, code: 'calendar.breakDatesInvalid' });
    } else if (year && (b.from < year.startsOn || b.to > year.endsOn)) {
      problems.push({ path: `breaks.${b.i}`, code: 'calendar.breakOutsideYear' });
    }
  }
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.from <= sorted[k - 1]!.to) problems.push({ path: `breaks.${sorted[k]!.i}`, code: 'calendar.breaksOverlap' });
  }
  return problems;
}
