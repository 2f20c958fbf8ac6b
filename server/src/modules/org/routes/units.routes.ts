import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { inScope, requireAccess, scopeOf } from '../../identity/public.ts';
import { actorOf, isUuid, visibleUnitCondition } from '../access.ts';
import { closeUnit, createUnit, moveUnit, updateUnit } from '../commands/units.ts';
import { childrenWithCounts } from '../children.ts';
import { presentUnits } from '../present.ts';
import * as repo from '../repo.ts';
import {
  childrenQuery,
  closeUnitBody,
  createUnitBody,
  idParams,
  moveUnitBody,
  searchQuery,
  unitDetailSchema,
  unitListSchema,
  unitSchema,
  updateUnitBody,
} from './units.schemas.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };
const tags = ['org'];
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function unitRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.platform;
  const db = database.db;
  const read = { permission: 'org.unit.read' } as const;

  r.get(
    '/units/roots',
    {
      config: read,
      schema: { tags, summary: 'Top units the caller reaches (tree roots)', response: { 200: unitListSchema, ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      const scope = await scopeOf(db, actor, 'org.unit.read');
      if (scope.paths.length === 0) return { items: [] };
      const tops = sql`u.path IN (${sql.join(
        scope.paths.map((p) => sql`${p}`),
        sql`, `,
      )})`;
      // Schools standing in the caller's communes but managed elsewhere come up as roots too.
      const standing = sql`(${visibleUnitCondition(scope)} AND NOT ${inScope(sql`u.path`, scope)} AND u.status = 'active')`;
      const rows = await repo.listUnits(db, sql`(${tops} OR ${standing})`);
      return { items: await presentUnits(db, actor, rows) };
    },
  );

  r.get(
    '/units/search',
    {
      config: read,
      schema: {
        tags,
        summary: 'Accent-insensitive search of the units the caller reaches',
        querystring: searchQuery,
        response: { 200: unitListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { q, type, limit } = request.query;
      const scope = await scopeOf(db, actor, 'org.unit.read');
      const pattern = `%${escapeLike(q)}%`;
      const where = sql`${visibleUnitCondition(scope)}
      AND (platform.fold(u.name) LIKE platform.fold(${pattern}) OR u.code ILIKE ${pattern})
      ${type ? sql`AND u.type = ${type}` : sql``}`;
      const rows = await repo.listUnits(db, where, limit);
      return { items: await presentUnits(db, actor, rows) };
    },
  );

  r.get(
    '/units/:id',
    {
      config: read,
      schema: { tags, summary: 'One unit with its ancestors', params: idParams, response: { 200: unitDetailSchema, ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      await requireAccess(db, actor, 'org.unit.read', { kind: 'org.unit', ids: [id] });
      const unit = await repo.findUnit(db, id);
      if (!unit) throw notFound();
      const [dto] = await presentUnits(db, actor, [unit]);
      const scope = await scopeOf(db, actor, 'org.unit.read');
      const ancestorIds = unit.path.split('/').filter(Boolean).slice(0, -1);
      const ancestors = ancestorIds.length
        ? await repo.listUnits(db, sql`u.id = ANY(${`{${ancestorIds.join(',')}}`}::uuid[]) AND ${inScope(sql`u.path`, scope)}`)
        : [];
      ancestors.sort((a, b) => a.depth - b.depth);
      return { ...dto!, ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, type: a.type })) };
    },
  );

  r.get(
    '/units/:id/children',
    {
      config: read,
      schema: {
        tags,
        summary: 'Children of a unit with their counts',
        params: idParams,
        querystring: childrenQuery,
        response: { 200: unitListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      // One statement: access to the parent (404 otherwise), the visible children and their counts.
      const items = await childrenWithCounts(database, actor.userId, id, request.query.status);
      if (items === null) throw notFound();
      return { items };
    },
  );

  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const one = async (request: Parameters<typeof actorOf>[0], row: repo.UnitRow) => (await presentUnits(db, actorOf(request), [row]))[0]!;

  r.post(
    '/units',
    {
      config: { permission: 'org.unit.write' },
      schema: { tags, summary: 'Create a unit under a parent', body: createUnitBody, response: { 201: unitSchema, ...errors } },
    },
    async (request, reply) => {
      const row = await write((tx) => createUnit(tx, actorOf(request), auditActorOf(request), request.body));
      return reply.status(201).send(await one(request, row));
    },
  );

  r.patch(
    '/units/:id',
    {
      config: { permission: 'org.unit.write' },
      schema: {
        tags,
        summary: 'Edit a unit (optimistic version)',
        params: idParams,
        body: updateUnitBody,
        response: { 200: unitSchema, ...errors },
      },
    },
    async (request) => {
      const row = await write((tx) => updateUnit(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      return one(request, row);
    },
  );

  r.post(
    '/units/:id/move',
    {
      config: { permission: 'org.unit.write' },
      schema: {
        tags,
        summary: 'Move a unit and its subtree under another parent',
        params: idParams,
        body: moveUnitBody,
        response: { 200: unitSchema, ...errors },
      },
    },
    async (request) => {
      const row = await write((tx) => moveUnit(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      return one(request, row);
    },
  );

  r.post(
    '/units/:id/close',
    {
      config: { permission: 'org.unit.close' },
      schema: {
        tags,
        summary: 'Close a unit (kept with its history, never deleted)',
        params: idParams,
        body: closeUnitBody,
        response: { 200: unitSchema, ...errors },
      },
    },
    async (request) => {
      const row = await write((tx) => closeUnit(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      return one(request, row);
    },
  );
}
