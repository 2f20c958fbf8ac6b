import { sql } from 'drizzle-orm';
import { type SchoolYearCalendar, schoolDaysBetween } from '../../platform/calendar.ts';
import { calendarRulesAlong, type StoredCalendarRules } from '../../platform/calendar-store.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { UnitRow } from '../org/public.ts';
import { provinceOf } from './access.ts';

export interface SchoolCalendar {
  startYear: number;
  /** The school's own year, else the department's province-wide one; null when neither exists. */
  year: { startsOn: string; endsOn: string } | null;
  terms: Array<{ no: number; name: string; startsOn: string; endsOn: string; schoolDays: number }>;
  rules: StoredCalendarRules;
  /** The whole calendar (dates + rules) for isSchoolDay and schoolDaysBetween; null without a year. */
  calendar: SchoolYearCalendar | null;
  schoolDays: number | null;
}

/**
 * A unit's calendar for a school year: the year and terms of the registry (the school's own, else
 * the province-wide one) with the week and breaks of the nearest unit that set them (the school,
 * else the department: platform/calendar-store).
 */
export async function schoolCalendarOf(
  q: Queryable,
  unit: Pick<UnitRow, 'id' | 'path' | 'type'>,
  startYear: number,
): Promise<SchoolCalendar> {
  const chain = unit.path.split('/').filter(Boolean).reverse();
  const schoolId = unit.type === 'school' ? unit.id : null;
  const { rows } = await q.execute<{
    startsOn: string;
    endsOn: string;
    terms: Array<{ no: number; name: string; startsOn: string; endsOn: string }>;
  }>(sql`
    SELECT y.starts_on::text AS "startsOn", y.ends_on::text AS "endsOn",
      coalesce((SELECT json_agg(json_build_object('no', t.no, 'name', t.name, 'startsOn', t.starts_on::text, 'endsOn', t.ends_on::text) ORDER BY t.no)
        FROM registry.terms t WHERE t.school_year_id = y.id), '[]'::json) AS terms
    FROM registry.school_years y
    WHERE y.start_year = ${startYear} AND y.province_id = ${provinceOf(unit)}
      AND (y.school_id = ${schoolId} OR y.school_id IS NULL)
    ORDER BY y.school_id IS NULL LIMIT 1`);
  const rules = await calendarRulesAlong(q, chain, startYear);
  const year = rows[0];
  if (!year) return { startYear, year: null, terms: [], rules, calendar: null, schoolDays: null };
  const calendar: SchoolYearCalendar = { startsOn: year.startsOn, endsOn: year.endsOn, weekdays: rules.weekdays, breaks: rules.breaks };
  return {
    startYear,
    year: { startsOn: year.startsOn, endsOn: year.endsOn },
    terms: year.terms.map((t) => ({ ...t, schoolDays: schoolDaysBetween(t.startsOn, t.endsOn, calendar) })),
    rules,
    calendar,
    schoolDays: schoolDaysBetween(year.startsOn, year.endsOn, calendar),
  };
}

/**
 * School days of a school between two dates (inclusive) in a school year, for other modules
 * (attendance counts absences against them; meal fees bill by them). 0 without a year on record.
 */
export async function schoolDaysOf(
  q: Queryable,
  school: Pick<UnitRow, 'id' | 'path' | 'type'>,
  startYear: number,
  from: string,
  to: string,
): Promise<number> {
  const cal = await schoolCalendarOf(q, school, startYear);
  return cal.calendar ? schoolDaysBetween(from, to, cal.calendar) : 0;
}
