import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../../platform/http/problem.ts';
import { scopeOf } from '../../identity/public.ts';
import { usersUnder } from '../users.ts';
import { actorOf, visibleUnitCondition } from '../access.ts';
import { communeGeoJson } from '../reference/load.ts';
import * as repo from '../repo.ts';
import { schoolLevels, type SchoolLevel } from '../rules/levels.ts';
import { unitTypes } from '../schema.ts';

const tags = ['org'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const adminUnitSchema = z.object({ code: z.string(), kind: z.string(), name: z.string(), fullName: z.string() }).meta({ id: 'AdminUnit' });
const byLevel = z.object(Object.fromEntries(schoolLevels.map((l) => [l, z.number().int()])) as Record<SchoolLevel, z.ZodNumber>);
const figures = ['schools', ...schoolLevels] as const;

const mapSchema = z
  .object({
    provinceCode: z.string(),
    figure: z.enum(figures),
    max: z.number().int(),
    communes: z.array(adminUnitSchema.extend({ value: z.number().int(), schools: z.number().int(), byLevel })),
  })
  .meta({ id: 'OrgMap' });

const overviewSchema = z
  .object({
    unitsByType: z.object(
      Object.fromEntries(unitTypes.map((t) => [t, z.number().int()])) as Record<(typeof unitTypes)[number], z.ZodNumber>,
    ),
    schools: z.number().int(),
    schoolsByLevel: byLevel,
    users: z.number().int().optional(),
  })
  .meta({ id: 'OrgOverview' });

export async function adminUnitRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const read = { permission: 'org.unit.read' } as const;

  r.get(
    '/admin-units/provinces',
    {
      config: read,
      schema: { tags, summary: 'The 34 provinces (2025)', response: { 200: z.object({ items: z.array(adminUnitSchema) }), ...errors } },
    },
    async () => ({ items: await repo.provinces(db) }),
  );

  r.get(
    '/admin-units/communes',
    {
      config: read,
      schema: {
        tags,
        summary: "Communes of a province (default: the deployment's province)",
        querystring: z.object({
          province: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
        }),
        response: { 200: z.object({ provinceCode: z.string(), items: z.array(adminUnitSchema) }), ...errors },
      },
    },
    async (request) => {
      const provinceCode = request.query.province ?? (await repo.deploymentProvince(db));
      return { provinceCode, items: await repo.communesOfProvince(db, provinceCode) };
    },
  );

  r.get(
    '/map',
    {
      config: read,
      schema: {
        tags,
        summary: 'A figure per commune of the province, over the schools the caller reaches',
        querystring: z.object({ figure: z.enum(figures).default('schools') }),
        response: { 200: mapSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { figure } = request.query;
      const provinceCode = await repo.deploymentProvince(db);
      const scope = await scopeOf(db, actor, 'org.unit.read');
      const [communes, counts] = await Promise.all([
        repo.communesOfProvince(db, provinceCode),
        repo.schoolsByCommune(db, provinceCode, visibleUnitCondition(scope)),
      ]);
      const per = new Map<string, repo.ByLevel>();
      for (const c of counts) {
        const b = per.get(c.code) ?? repo.emptyByLevel();
        b[c.level] = (b[c.level] ?? 0) + c.n;
        per.set(c.code, b);
      }
      const items = communes.map((c) => {
        const b = per.get(c.code) ?? repo.emptyByLevel();
        const schools = Object.values(b).reduce((s, n) => s + n, 0);
        return { ...c, schools, byLevel: b, value: figure === 'schools' ? schools : b[figure] };
      });
      return { provinceCode, figure, max: Math.max(0, ...items.map((i) => i.value)), communes: items };
    },
  );

  // Static reference data (public map polygons), cached by the browser.
  r.get(
    '/map/communes.geojson',
    {
      config: { public: true },
      schema: { tags, summary: "Polygons of the demo province's communes (GeoJSON, id = commune code)" },
    },
    async (_request, reply) =>
      reply.type('application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=86400').send(communeGeoJson()),
  );

  r.get(
    '/overview',
    {
      config: read,
      schema: { tags, summary: "Home-page figures of the caller's scope", response: { 200: overviewSchema, ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      const scope = await scopeOf(db, actor, 'org.unit.read');
      const rows = await repo.unitsByType(db, visibleUnitCondition(scope));
      const unitsByType = Object.fromEntries(unitTypes.map((t) => [t, 0])) as Record<(typeof unitTypes)[number], number>;
      const schoolsByLevel = repo.emptyByLevel();
      for (const row of rows) {
        unitsByType[row.type as keyof typeof unitsByType] += row.n;
        if (row.type === 'school' && row.level) schoolsByLevel[row.level as SchoolLevel] += row.n;
      }
      const counted = await usersUnder(db, scope.paths);
      const users = counted ? [...counted.values()].reduce((s, n) => s + n, 0) : undefined;
      return { unitsByType, schools: unitsByType.school, schoolsByLevel, ...(users === undefined ? {} : { users }) };
    },
  );
}
