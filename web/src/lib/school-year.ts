import { timeZone } from './format.ts';

const monthYear = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric' });

/**
 * The first calendar year of the school year running on `now` in Vietnam: a school year starts
 * in August (2026–2027 from 01/08/2026), whatever the browser's time zone.
 */
export function currentStartYear(now: Date = new Date()): number {
  const parts = Object.fromEntries(monthYear.formatToParts(now).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  return Number(parts.month) >= 8 ? year : year - 1;
}

/** 2026–2027 */
export const schoolYearName = (startYear: number): string => `${startYear}–${startYear + 1}`;
