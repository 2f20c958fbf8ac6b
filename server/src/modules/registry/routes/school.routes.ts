import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { actorOf } from '../../identity/public.ts';
import type { UnitRow } from '../../org/public.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { facilitiesTotals } from '../rules/school.ts';
import { SCHOOL_READ, SCHOOL_WRITE, requireSchoolUnit } from '../school/access.ts';
import {
  emptyFacilities,
  facilitiesOfRow,
  facilityYears,
  findFacilities,
  type FacilitiesRow,
  parseStartYear,
  saveFacilities,
} from '../school/facilities.ts';
import {
  createSite,
  deleteSite,
  findProfile,
  orgFactsOf,
  principalNameOf,
  saveProfile,
  sitesOf,
  staffOf,
  updateSite,
} from '../school/profile.ts';
import { errors, okSchema, tags } from './common.schemas.ts';
import {
  facilitiesBody,
  facilitiesSchema,
  facilityYearsSchema,
  profileBody,
  profileSchema,
  siteBody,
  siteDeleteBody,
  siteParams,
  siteSchema,
  siteUpdateBody,
  unitParams,
  yearParams,
} from './school.schemas.ts';

const read = { anyPermission: [SCHOOL_READ, SCHOOL_WRITE], authenticated: true } as const;
const write = { permission: SCHOOL_WRITE } as const;
const yearName = (y: number) => `${y}–${y + 1}`;

/** School profile (hồ sơ trường), satellite sites and facilities per school year (regulations §7.3). */
export async function schoolRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const tx = async <T>(work: (t: Tx) => Promise<T>) => db.transaction(async (t) => work(t as unknown as Tx));

  const presentProfile = async (q: Queryable, unit: UnitRow, canWrite: boolean) => {
    const [p, sites, school] = await Promise.all([findProfile(q, unit.id), sitesOf(q, unit.id), orgFactsOf(q, unit)]);
    return {
      school,
      address: p?.address ?? null,
      difficultArea: (p?.difficultArea ?? 'none') as 'none',
      nationalStandard: (p?.nationalStandard ?? 'chua_dat') as 'chua_dat',
      nationalStandardOn: p?.nationalStandardOn ?? null,
      accreditationLevel: p?.accreditationLevel ?? null,
      accreditedOn: p?.accreditedOn ?? null,
      principalUserId: p?.principalUserId ?? null,
      principalName: await principalNameOf(q, p),
      phone: p?.phone ?? null,
      email: p?.email ?? null,
      website: p?.website ?? null,
      sessionsPerDay: p?.sessionsPerDay ?? null,
      foundedYear: p?.foundedYear ?? null,
      version: p?.version ?? 0,
      updatedAt: p?.updatedAt.toISOString() ?? null,
      sites: sites.map((s) => ({
        id: s.id,
        name: s.name,
        address: s.address,
        communeCode: s.communeCode,
        communeName: s.communeName,
        classCount: s.classCount,
        studentCount: s.studentCount,
        version: s.version,
      })),
      principalCandidates: canWrite ? await staffOf(q, unit.id) : [],
      abilities: { update: canWrite },
    };
  };

  const presentFacilities = async (q: Queryable, unit: UnitRow, startYear: number, row: FacilitiesRow | undefined, canWrite: boolean) => {
    const values = row ? facilitiesOfRow(row) : emptyFacilities();
    return {
      school: await orgFactsOf(q, unit),
      startYear,
      yearName: yearName(startYear),
      ...values,
      totals: facilitiesTotals(values),
      grades: gradesOfLevel(unit.schoolLevel),
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      abilities: { update: canWrite },
    };
  };

  r.get(
    '/schools/:unitId/profile',
    {
      config: read,
      schema: {
        tags,
        summary: "A school's profile (hồ sơ trường) with its satellite sites; the org facts read-only",
        params: unitParams,
        response: { 200: profileSchema, ...errors },
      },
    },
    async (request) => {
      const { unit, canWrite } = await requireSchoolUnit(db, actorOf(request), request.params.unitId, 'read');
      return presentProfile(db, unit, canWrite);
    },
  );

  r.put(
    '/schools/:unitId/profile',
    {
      config: write,
      schema: {
        tags,
        summary: "Save a school's profile (version 0 creates it; optimistic version)",
        params: unitParams,
        body: profileBody,
        response: { 200: profileSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await tx((t) => saveProfile(t, actor, auditActorOf(request), request.params.unitId, request.body));
      const { unit } = await requireSchoolUnit(db, actor, request.params.unitId, 'write');
      return presentProfile(db, unit, true);
    },
  );

  const presentSite = async (q: Queryable, schoolId: string, id: string) => (await sitesOf(q, schoolId)).find((s) => s.id === id)!;

  r.post(
    '/schools/:unitId/sites',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a satellite site (điểm trường)',
        params: unitParams,
        body: siteBody,
        response: { 201: siteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const site = await tx((t) => createSite(t, actorOf(request), auditActorOf(request), request.params.unitId, request.body));
      const s = await presentSite(db, site.schoolId, site.id);
      return reply.status(201).send({
        id: s.id,
        name: s.name,
        address: s.address,
        communeCode: s.communeCode,
        communeName: s.communeName,
        classCount: s.classCount,
        studentCount: s.studentCount,
        version: s.version,
      });
    },
  );

  r.put(
    '/schools/:unitId/sites/:siteId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a satellite site (optimistic version)',
        params: siteParams,
        body: siteUpdateBody,
        response: { 200: siteSchema, ...errors },
      },
    },
    async (request) => {
      const site = await tx((t) =>
        updateSite(t, actorOf(request), auditActorOf(request), request.params.unitId, request.params.siteId, request.body),
      );
      const s = await presentSite(db, site.schoolId, site.id);
      return {
        id: s.id,
        name: s.name,
        address: s.address,
        communeCode: s.communeCode,
        communeName: s.communeName,
        classCount: s.classCount,
        studentCount: s.studentCount,
        version: s.version,
      };
    },
  );

  r.delete(
    '/schools/:unitId/sites/:siteId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a satellite site',
        params: siteParams,
        body: siteDeleteBody,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await tx((t) =>
        deleteSite(t, actorOf(request), auditActorOf(request), request.params.unitId, request.params.siteId, request.body.version),
      );
      return { ok: true as const };
    },
  );

  r.get(
    '/schools/:unitId/facilities',
    {
      config: read,
      schema: {
        tags,
        summary: 'School years with facilities (cơ sở vật chất) recorded or to record',
        params: unitParams,
        response: { 200: facilityYearsSchema, ...errors },
      },
    },
    async (request) => {
      const { unit, canWrite } = await requireSchoolUnit(db, actorOf(request), request.params.unitId, 'read');
      const years = await facilityYears(db, unit);
      return {
        school: await orgFactsOf(db, unit),
        years: years.map((y) => ({ ...y, name: yearName(y.startYear) })),
        abilities: { update: canWrite },
      };
    },
  );

  r.get(
    '/schools/:unitId/facilities/:startYear',
    {
      config: read,
      schema: {
        tags,
        summary: "A school's facilities for one school year (2026 = 2026–2027), with totals",
        params: yearParams,
        response: { 200: facilitiesSchema, ...errors },
      },
    },
    async (request) => {
      const { unit, canWrite } = await requireSchoolUnit(db, actorOf(request), request.params.unitId, 'read');
      const startYear = parseStartYear(request.params.startYear);
      return presentFacilities(db, unit, startYear, await findFacilities(db, unit.id, startYear), canWrite);
    },
  );

  r.put(
    '/schools/:unitId/facilities/:startYear',
    {
      config: write,
      schema: {
        tags,
        summary: "Save a school's facilities for one school year (version 0 creates them)",
        params: yearParams,
        body: facilitiesBody,
        response: { 200: facilitiesSchema, ...errors },
      },
    },
    async (request) => {
      const startYear = parseStartYear(request.params.startYear);
      const { unit, row } = await tx((t) =>
        saveFacilities(t, actorOf(request), auditActorOf(request), request.params.unitId, startYear, request.body),
      );
      return presentFacilities(db, unit, startYear, row, true);
    },
  );
}
