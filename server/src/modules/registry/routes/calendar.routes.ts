import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf, recordAudit } from '../../../platform/audit.ts';
import { calendarProblems, isCalendarDate } from '../../../platform/calendar.ts';
import { removeCalendarRules, saveCalendarRules } from '../../../platform/calendar-store.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { actorOf, pathInScope, requireAccess, scopeOf } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { type SchoolCalendar, schoolCalendarOf } from '../calendar.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };
const WRITE = 'registry.structure.write';
const READ = 'registry.school.read';

const date = z.string().refine(isCalendarDate, 'yyyy-mm-dd');
const rules = z.strictObject({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  breaks: z.array(z.strictObject({ from: date, to: date, name: z.string().trim().min(1).max(120) })).max(60),
});
const params = z.strictObject({ unitId: z.uuid(), startYear: z.coerce.number().int().min(2000).max(2100) });
const calendarView = z
  .object({
    unit: z.object({ id: z.uuid(), name: z.string(), type: z.string() }),
    startYear: z.number().int(),
    year: z.object({ startsOn: z.string(), endsOn: z.string(), schoolDays: z.number().int() }).nullable(),
    terms: z.array(
      z.object({ no: z.number().int(), name: z.string(), startsOn: z.string(), endsOn: z.string(), schoolDays: z.number().int() }),
    ),
    rules: z.object({
      weekdays: z.array(z.number().int()),
      breaks: z.array(z.object({ from: z.string(), to: z.string(), name: z.string() })),
    }),
    /** Where the rules come from: this unit, a unit above it (the department's defaults), or the built-in week. */
    source: z.enum(['own', 'inherited', 'default']),
    inheritedFrom: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    version: z.number().int(),
    abilities: z.object({ update: z.boolean() }),
  })
  .meta({ id: 'SchoolYearCalendar' });

/** A department (province defaults) or a school (its override); other unit types have no calendar. */
async function calendarUnit(q: Queryable, unitId: string): Promise<UnitRow> {
  const unit = await findUnit(q, unitId);
  if (!unit || (unit.type !== 'school' && unit.type !== 'department' && unit.type !== 'province')) throw notFound();
  return unit;
}

async function view(q: Queryable, unit: UnitRow, cal: SchoolCalendar, canUpdate: boolean): Promise<z.infer<typeof calendarView>> {
  const from = cal.rules.unitId ? await findUnit(q, cal.rules.unitId) : undefined;
  return {
    unit: { id: unit.id, name: unit.name, type: unit.type },
    startYear: cal.startYear,
    year: cal.year ? { startsOn: cal.year.startsOn, endsOn: cal.year.endsOn, schoolDays: cal.schoolDays ?? 0 } : null,
    terms: cal.terms,
    rules: { weekdays: [...cal.rules.weekdays], breaks: [...cal.rules.breaks] },
    source: cal.rules.unitId === unit.id ? 'own' : cal.rules.unitId ? 'inherited' : 'default',
    inheritedFrom: from && from.id !== unit.id ? { id: from.id, name: from.name } : null,
    version: cal.rules.unitId === unit.id ? cal.rules.version : 0,
    abilities: { update: canUpdate },
  };
}

/**
 * The school-year calendar (platform/calendar.ts): the department sets the province's week and
 * breaks for a year, a school may override them; both read how many school days each term has.
 */
export async function calendarRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.platform;
  const write = <T>(work: (tx: Tx) => Promise<T>) => database.db.transaction(async (tx) => work(tx as unknown as Tx));

  r.get(
    '/units/:unitId/calendar/:startYear',
    {
      config: { permission: READ },
      schema: {
        tags: ['registry'],
        summary: 'School-year calendar of the department or a school',
        params,
        response: { 200: calendarView, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireAccess(database.db, actor, READ, { kind: 'org.unit', ids: [request.params.unitId] });
      const unit = await calendarUnit(database.db, request.params.unitId);
      const cal = await schoolCalendarOf(database.db, unit, request.params.startYear);
      const canUpdate = pathInScope(unit.path, await scopeOf(database.db, actor, WRITE));
      return view(database.db, unit, cal, canUpdate);
    },
  );

  r.put(
    '/units/:unitId/calendar/:startYear',
    {
      config: { permission: WRITE },
      schema: {
        tags: ['registry'],
        summary: "Set the unit's own week and breaks for the year (version 0: it had none)",
        params,
        body: rules.extend({ expectedVersion: z.number().int().min(0) }),
        response: { 200: calendarView, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return write(async (tx) => {
        await requireAccess(tx, actor, WRITE, { kind: 'org.unit', ids: [request.params.unitId] });
        const unit = await calendarUnit(tx, request.params.unitId);
        const { expectedVersion, ...next } = request.body;
        const before = await schoolCalendarOf(tx, unit, request.params.startYear);
        const problems = calendarProblems(next, before.year ?? undefined);
        if (problems.length) {
          throw unprocessable(
            'registry.calendar.invalid',
            { count: problems.length },
            problems.map((p) => ({ path: `body.${p.path}`, code: `registry.${p.code}` })),
          );
        }
        const version = await saveCalendarRules(tx, unit.id, request.params.startYear, next, expectedVersion, actor.userId);
        if (version === null) throw conflict('registry.calendar.changed');
        await recordAudit(tx, auditActorOf(request), {
          action: 'registry.calendar.save',
          entityType: 'platform.schoolCalendar',
          entityId: `${unit.id}:${request.params.startYear}`,
          orgUnitId: unit.id,
          before: before.rules.unitId === unit.id ? { weekdays: before.rules.weekdays, breaks: before.rules.breaks } : null,
          after: next,
        });
        return view(tx, unit, await schoolCalendarOf(tx, unit, request.params.startYear), true);
      });
    },
  );

  r.delete(
    '/units/:unitId/calendar/:startYear',
    {
      config: { permission: WRITE },
      schema: {
        tags: ['registry'],
        summary: "Remove the unit's own rules: a school follows the department's again",
        params,
        response: { 200: calendarView, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return write(async (tx) => {
        await requireAccess(tx, actor, WRITE, { kind: 'org.unit', ids: [request.params.unitId] });
        const unit = await calendarUnit(tx, request.params.unitId);
        const before = await schoolCalendarOf(tx, unit, request.params.startYear);
        if (await removeCalendarRules(tx, unit.id, request.params.startYear)) {
          await recordAudit(tx, auditActorOf(request), {
            action: 'registry.calendar.remove',
            entityType: 'platform.schoolCalendar',
            entityId: `${unit.id}:${request.params.startYear}`,
            orgUnitId: unit.id,
            before: { weekdays: before.rules.weekdays, breaks: before.rules.breaks },
          });
        }
        return view(tx, unit, await schoolCalendarOf(tx, unit, request.params.startYear), true);
      });
    },
  );
}
