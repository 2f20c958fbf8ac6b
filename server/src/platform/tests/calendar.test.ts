import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarProblems,
  isCalendarDate,
  isSchoolDay,
  type SchoolYearCalendar,
  schoolDaysBetween,
  todayInVietnam,
  weekdayOf,
} from '../calendar.ts';

// 2026–2027 as in the registry's test years: 05/09/2026 (a Saturday) → 31/05/2027, Tết 2027 falls on 06/02.
const year: SchoolYearCalendar = {
  startsOn: '2026-09-05',
  endsOn: '2027-05-31',
  weekdays: [1, 2, 3, 4, 5],
  breaks: [{ from: '2027-02-01', to: '2027-02-12', name: 'Nghỉ Tết Nguyên đán' }],
};

describe('school-year calendar', () => {
  it('knows the weekday of a date (1 = Monday … 7 = Sunday)', () => {
    expect(['2026-09-05', '2026-09-07', '2026-12-06', '2027-02-06', '2000-02-29', '1969-12-31'].map(weekdayOf)).toEqual([6, 1, 7, 6, 2, 3]);
  });

  it.each([
    ['2026-09-04', false, 'before the year starts'],
    ['2026-09-05', false, 'a Saturday, not a school day of a Monday–Friday week'],
    ['2026-09-07', true, 'the first Monday'],
    ['2027-02-01', false, 'the first day of the Tết break'],
    ['2027-02-12', false, 'the last day of the Tết break'],
    ['2027-02-15', true, 'the Monday after Tết'],
    ['2027-05-31', true, 'the last day, a Monday'],
    ['2027-06-01', false, 'after the year'],
  ])('%s is a school day: %s (%s)', (date, expected) => {
    expect(isSchoolDay(date, year)).toBe(expected);
  });

  it('counts school days between two dates, both included', () => {
    // week of 07–11/09/2026: five days; with Saturday school six (12/09)
    expect(schoolDaysBetween('2026-09-07', '2026-09-13', year)).toBe(5);
    expect(schoolDaysBetween('2026-09-07', '2026-09-13', { ...year, weekdays: [1, 2, 3, 4, 5, 6] })).toBe(6);
    // the two Tết weeks count nothing; the week around them ten days minus the break
    expect(schoolDaysBetween('2027-02-01', '2027-02-14', year)).toBe(0);
    expect(schoolDaysBetween('2027-01-25', '2027-02-19', year)).toBe(10);
    expect(schoolDaysBetween('2026-09-10', '2026-09-01', year)).toBe(0);
    // dates outside the year are clipped to it
    expect(schoolDaysBetween('2026-01-01', '2026-09-08', year)).toBe(2);
  });

  it('agrees with a day-by-day count for any range (property)', () => {
    const day = fc.integer({ min: 0, max: 300 }).map((n) => new Date(Date.UTC(2026, 8, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        let n = 0;
        for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d = new Date(d.getTime() + 86_400_000)) {
          if (isSchoolDay(d.toISOString().slice(0, 10), year)) n++;
        }
        expect(schoolDaysBetween(from, to, year)).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  it('reports rules that cannot be right', () => {
    expect(calendarProblems(year, year)).toEqual([]);
    expect(calendarProblems({ weekdays: [], breaks: [] })).toEqual([{ path: 'weekdays', code: 'calendar.weekdaysInvalid' }]);
    expect(calendarProblems({ weekdays: [1, 1, 8], breaks: [] })).toEqual([{ path: 'weekdays', code: 'calendar.weekdaysInvalid' }]);
    const breaks = [
      { from: '2027-02-10', to: '2027-02-01', name: 'ngược' },
      { from: '2027-02-30', to: '2027-03-01', name: 'ngày không có' },
      { from: '2027-06-01', to: '2027-06-05', name: 'sau năm học' },
      { from: '2026-11-19', to: '2026-11-20', name: 'a' },
      { from: '2026-11-20', to: '2026-11-21', name: 'chồng lên a' },
    ];
    expect(calendarProblems({ weekdays: [1, 2, 3, 4, 5], breaks }, year)).toEqual([
      { path: 'breaks.0', code: 'calendar.breakDatesInvalid' },
      { path: 'breaks.1', code: 'calendar.breakDatesInvalid' },
      { path: 'breaks.2', code: 'calendar.breakOutsideYear' },
      { path: 'breaks.4', code: 'calendar.breaksOverlap' },
    ]);
    expect(['2027-02-28', '2027-02-29', '2028-02-29', '27-02-01'].map(isCalendarDate)).toEqual([true, false, true, false]);
  });

  it('takes today in Vietnam, not UTC', () => {
    expect(todayInVietnam(new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-07');
  });
});
