import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { actorOf, scopeOf } from '../../identity/public.ts';
import { isUuid, pathInScope, provinceOf, requireSchool, TEACH } from '../access.ts';
import { catalogue, type CatalogueLevel, requiredRegular } from '../catalogue.ts';
import { createSchoolYear, periodsOf, updatePeriods, updateSchoolYear } from '../commands/structure.ts';
import * as repo from '../repo.ts';
import { grades } from '../schema.ts';
import { errors, idParams, schoolParams, tags } from './common.schemas.ts';
import {
  createYearBody,
  periodListSchema,
  periodsParams,
  schoolStructureSchema,
  schoolYearSchema,
  subjectListSchema,
  subjectsQuery,
  updatePeriodsBody,
  updateYearBody,
  type SchoolYearDto,
} from './structure.schemas.ts';
import { eq } from 'drizzle-orm';

const readAny = { anyPermission: ['registry.class.read', TEACH], authenticated: true } as const;

export async function structureRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));

  const presentYears = async (q: Tx | typeof db, years: repo.YearRow[], canWrite: boolean): Promise<SchoolYearDto[]> => {
    const termRows = await repo.termsOf(
      q,
      years.map((y) => y.id),
    );
    return years.map((y) => ({
      id: y.id,
      schoolId: y.schoolId,
      provinceWide: y.schoolId === null,
      startYear: y.startYear,
      name: y.name,
      startsOn: y.startsOn,
      endsOn: y.endsOn,
      status: y.status,
      version: y.version,
      terms: termRows
        .filter((t) => t.schoolYearId === y.id)
        .map((t) => ({ id: t.id, no: t.no, name: t.name, startsOn: t.startsOn, endsOn: t.endsOn })),
      abilities: { update: canWrite && y.schoolId !== null },
    }));
  };

  r.get(
    '/schools/:schoolId/structure',
    {
      config: readAny,
      schema: {
        tags,
        summary: "A school's years with terms, grades, and what the caller may change",
        params: schoolParams,
        response: { 200: schoolStructureSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const school = await requireSchool(db, actor, request.params.schoolId, 'registry.class.read');
      const [structure, classWrite, studentWrite] = await Promise.all([
        scopeOf(db, actor, 'registry.structure.write'),
        scopeOf(db, actor, 'registry.class.write'),
        scopeOf(db, actor, 'registry.student.write'),
      ]);
      const canStructure = pathInScope(school.path, structure);
      const years = await repo.yearsOfSchool(db, school.id, provinceOf(school));
      const gradeRows = await db.select().from(grades).where(eq(grades.schoolId, school.id)).orderBy(grades.gradeNo);
      return {
        school: { id: school.id, code: school.code, name: school.name, schoolLevel: school.schoolLevel },
        years: await presentYears(db, years, canStructure),
        grades: gradeRows.map((g) => ({ id: g.id, gradeNo: g.gradeNo, name: g.name })),
        abilities: {
          writeStructure: canStructure,
          writeClasses: pathInScope(school.path, classWrite),
          writeStudents: pathInScope(school.path, studentWrite),
        },
      };
    },
  );

  r.post(
    '/schools/:schoolId/years',
    {
      config: { permission: 'registry.structure.write' },
      schema: {
        tags,
        summary: 'Create a school year with its terms (and the grades of the school level)',
        params: schoolParams,
        body: createYearBody,
        response: { 201: schoolYearSchema, ...errors },
      },
    },
    async (request, reply) => {
      const year = await write((tx) =>
        createSchoolYear(tx, actorOf(request), auditActorOf(request), request.params.schoolId, request.body),
      );
      return reply.status(201).send((await presentYears(db, [year], true))[0]!);
    },
  );

  r.patch(
    '/years/:id',
    {
      config: { permission: 'registry.structure.write' },
      schema: {
        tags,
        summary: "Edit a school's year: dates, status, terms (optimistic version)",
        params: idParams,
        body: updateYearBody,
        response: { 200: schoolYearSchema, ...errors },
      },
    },
    async (request) => {
      const year = await write((tx) => updateSchoolYear(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      return (await presentYears(db, [year], true))[0]!;
    },
  );

  r.get(
    '/subjects',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Subject catalogue of the 2018 curriculum per level',
        querystring: subjectsQuery,
        response: { 200: subjectListSchema, ...errors },
      },
    },
    async (request) => {
      const levels = (request.query.level ? [request.query.level] : Object.keys(catalogue)) as CatalogueLevel[];
      return {
        items: levels.flatMap((level) =>
          catalogue[level].map((s) => ({
            code: s.code,
            level,
            name: s.name,
            nameEn: s.nameEn,
            assessment: s.assessment,
            elective: !!s.elective,
          })),
        ),
      };
    },
  );

  const loadPeriods = async (tx: Tx | typeof db, schoolId: string, yearId: string, actorArg: ReturnType<typeof actorOf>) => {
    const school = await requireSchool(tx, actorArg, schoolId, 'registry.class.read');
    if (!isUuid(yearId)) throw notFound();
    const years = await repo.yearsOfSchool(tx, school.id, provinceOf(school));
    if (!years.some((y) => y.id === yearId)) throw notFound();
    return { school, items: await periodsOf(tx as Tx, school, yearId) };
  };

  r.get(
    '/schools/:schoolId/years/:yearId/periods',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Periods per year of each subject and grade (2018 curriculum defaults, school overrides)',
        params: periodsParams,
        response: { 200: periodListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { school, items } = await loadPeriods(db, request.params.schoolId, request.params.yearId, actor);
      const structure = await scopeOf(db, actor, 'registry.structure.write');
      return {
        items: items.map((p) => ({ ...p, requiredRegular: requiredRegular(p.assessment, p.periodsPerYear) })),
        abilities: { update: pathInScope(school.path, structure) },
      };
    },
  );

  r.put(
    '/schools/:schoolId/years/:yearId/periods',
    {
      config: { permission: 'registry.structure.write' },
      schema: {
        tags,
        summary: 'Set periods per year for subjects and grades of one school year',
        params: periodsParams,
        body: updatePeriodsBody,
        response: { 200: periodListSchema, ...errors },
      },
    },
    async (request) => {
      const { schoolId, yearId } = request.params;
      const items = await write((tx) => updatePeriods(tx, actorOf(request), auditActorOf(request), schoolId, yearId, request.body.items));
      return {
        items: items.map((p) => ({ ...p, requiredRegular: requiredRegular(p.assessment, p.periodsPerYear) })),
        abilities: { update: true },
      };
    },
  );
}
