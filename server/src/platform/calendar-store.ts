import { sql } from 'drizzle-orm';
import { type CalendarBreak, type CalendarRules, DEFAULT_CALENDAR_RULES } from './calendar.ts';
import type { Queryable } from './db/database.ts';

export interface StoredCalendarRules extends CalendarRules {
  /** The unit whose rules apply (null: nobody set any, the built-in default). */
  unitId: string | null;
  version: number;
}

/**
 * The rules that apply to a unit for a year: those of the nearest unit along `unitIds` (the unit
 * itself first, then its ancestors up to the province), else DEFAULT_CALENDAR_RULES.
 */
export async function calendarRulesAlong(q: Queryable, unitIds: readonly string[], startYear: number): Promise<StoredCalendarRules> {
  if (unitIds.length === 0) return { ...DEFAULT_CALENDAR_RULES, unitId: null, version: 0 };
  const { rows } = await q.execute<{ unitId: string; weekdays: number[]; breaks: CalendarBreak[]; version: number }>(sql`
    SELECT c.unit_id AS "unitId", c.weekdays, c.breaks, c.version
    FROM platform.school_calendars c
    JOIN jsonb_array_elements_text(${JSON.stringify(unitIds)}::jsonb) WITH ORDINALITY AS u(id, n) ON u.id::uuid = c.unit_id
    WHERE c.start_year = ${startYear}
    ORDER BY u.n LIMIT 1`);
  const row = rows[0];
  return row
    ? { unitId: row.unitId, weekdays: row.weekdays, breaks: row.breaks, version: row.version }
    : { ...DEFAULT_CALENDAR_RULES, unitId: null, version: 0 };
}

/**
 * Sets a unit's own rules, guarded by the version the editor saw (0: the unit had none). Returns
 * the new version, or null when someone saved first.
 */
export async function saveCalendarRules(
  q: Queryable,
  unitId: string,
  startYear: number,
  rules: CalendarRules,
  expectedVersion: number,
  userId: string,
): Promise<number | null> {
  const weekdays = `{${[...rules.weekdays].sort().join(',')}}`;
  const breaks = JSON.stringify([...rules.breaks].sort((a, b) => (a.from < b.from ? -1 : 1)));
  const { rows } =
    expectedVersion === 0
      ? await q.execute<{ version: number }>(sql`
        INSERT INTO platform.school_calendars (unit_id, start_year, weekdays, breaks, updated_by)
        VALUES (${unitId}, ${startYear}, ${weekdays}::smallint[], ${breaks}::jsonb, ${userId})
        ON CONFLICT (unit_id, start_year) DO NOTHING RETURNING version`)
      : await q.execute<{ version: number }>(sql`
        UPDATE platform.school_calendars SET weekdays = ${weekdays}::smallint[], breaks = ${breaks}::jsonb, version = version + 1,
          updated_by = ${userId}, updated_at = now()
        WHERE unit_id = ${unitId} AND start_year = ${startYear} AND version = ${expectedVersion} RETURNING version`);
  return rows[0]?.version ?? null;
}

/** Removes a unit's own rules (a school goes back to the department's); true when there were some. */
export async function removeCalendarRules(q: Queryable, unitId: string, startYear: number): Promise<boolean> {
  const { rows } = await q.execute(
    sql`DELETE FROM platform.school_calendars WHERE unit_id = ${unitId} AND start_year = ${startYear} RETURNING 1`,
  );
  return rows.length > 0;
}
