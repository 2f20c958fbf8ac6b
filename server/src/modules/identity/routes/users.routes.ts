import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { units } from '../../org/schema.ts';
import { type Actor, inScope, requireAccess, type Scope, scopeOf } from '../access.ts';
import { createGrant, revokeGrant } from '../commands/grants.ts';
import { adminResetPassword, adminRevokeSessions, createUser, updateUser } from '../commands/users.ts';
import { actorOf } from '../guard.ts';
import { activeGrantsOf } from '../repo.ts';
import { users } from '../schema.ts';
import * as s from './admin.schemas.ts';
import { okResponse } from './auth.schemas.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };

const covered = (scope: Scope, path: string | null) => !!path && scope.paths.some((p) => path.startsWith(p));

async function abilityScopes(q: Queryable, actor: Actor) {
  const [write, grant, revoke] = await Promise.all([
    scopeOf(q, actor, 'identity.user.write'),
    scopeOf(q, actor, 'identity.grant.write'),
    scopeOf(q, actor, 'identity.session.revoke'),
  ]);
  return (path: string | null) => ({
    update: covered(write, path),
    resetPassword: covered(write, path),
    grant: covered(grant, path),
    revokeSessions: covered(revoke, path),
  });
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  phone: users.phone,
  kind: users.kind,
  status: users.status,
  homeUnitId: users.homeUnitId,
  homeUnitName: units.name,
  homeUnitPath: units.path,
  mfaEnabledAt: users.mfaEnabledAt,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
};

type UserRow = { [K in keyof typeof userColumns]: unknown } & {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  kind: 'staff' | 'student' | 'guardian';
  status: 'active' | 'disabled';
  homeUnitId: string | null;
  homeUnitName: string | null;
  homeUnitPath: string | null;
  mfaEnabledAt: Date | null;
  lastLoginAt: Date | null;
  version: number;
};

function toItem(u: UserRow, abilities: ReturnType<Awaited<ReturnType<typeof abilityScopes>>>) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    phone: u.phone,
    kind: u.kind,
    status: u.status,
    homeUnit: u.homeUnitId ? { id: u.homeUnitId, name: u.homeUnitName ?? '' } : null,
    mfaEnabled: !!u.mfaEnabledAt,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    version: u.version,
    abilities,
  };
}

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings, mailer } = app.platform;

  r.get(
    '/users',
    {
      config: { permission: 'identity.user.read' },
      schema: {
        tags: ['identity'],
        summary: 'Accounts in my scope (accent-insensitive search)',
        querystring: s.userListQuery,
        response: { 200: s.userList, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { q, unitId, page, pageSize } = request.query;
      const scope = await scopeOf(database.db, actor, 'identity.user.read');
      const conditions: SQL[] = [inScope(units.path, scope)];
      if (q) {
        // LIKE wildcards typed by the user are literal characters.
        const literal = q.replace(/[\\%_]/g, '\\$&');
        conditions.push(
          sql`(platform.fold(${users.displayName}) LIKE '%' || platform.fold(${literal}) || '%' OR ${users.username} LIKE ${`%${literal.toLowerCase()}%`})`,
        );
      }
      if (unitId) {
        await requireAccess(database.db, actor, 'identity.user.read', { kind: 'org.unit', ids: [unitId] });
        conditions.push(sql`${units.path} LIKE (SELECT path FROM org.units WHERE id = ${unitId}) || '%'`);
      }
      const where = and(...conditions);
      const [rows, [count]] = await Promise.all([
        database.db
          .select(userColumns)
          .from(users)
          .innerJoin(units, eq(units.id, users.homeUnitId))
          .where(where)
          .orderBy(asc(users.displayName), asc(users.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        database.db.select({ n: sql<number>`count(*)::int` }).from(users).innerJoin(units, eq(units.id, users.homeUnitId)).where(where),
      ]);
      const abilities = await abilityScopes(database.db, actor);
      return { items: rows.map((u) => toItem(u as UserRow, abilities(u.homeUnitPath))), total: count?.n ?? 0 };
    },
  );

  r.get(
    '/users/:id',
    {
      config: { permission: 'identity.user.read' },
      schema: {
        tags: ['identity'],
        summary: 'One account with its grants',
        params: s.idParams,
        response: { 200: s.userDetail, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const [u] = await database.db
        .select(userColumns)
        .from(users)
        .innerJoin(units, eq(units.id, users.homeUnitId))
        .where(eq(users.id, request.params.id));
      if (!u?.homeUnitId) throw notFound();
      await requireAccess(database.db, actor, 'identity.user.read', { kind: 'org.unit', ids: [u.homeUnitId] });
      const abilities = await abilityScopes(database.db, actor);
      const grants = await activeGrantsOf(database.db, u.id);
      return {
        ...toItem(u as UserRow, abilities(u.homeUnitPath)),
        grants: grants.map((g) => ({ ...g, grantedAt: g.grantedAt.toISOString() })),
      };
    },
  );

  r.post(
    '/users',
    {
      config: { permission: 'identity.user.write' },
      schema: {
        tags: ['identity'],
        summary: 'Create an account at a unit',
        body: s.createUserBody,
        response: { 201: z.object({ id: z.uuid(), passwordReset: s.resetResponse.nullable() }), ...errors },
      },
    },
    async (request, reply) => {
      const created = await createUser(database, settings, mailer, actorOf(request), request.auditActor!, request.body);
      if (created.reset?.mailed) await mailer.deliverPending();
      return reply.status(201).send({ id: created.id, passwordReset: created.reset });
    },
  );

  r.patch(
    '/users/:id',
    {
      config: { permission: 'identity.user.write' },
      schema: {
        tags: ['identity'],
        summary: 'Edit, disable or enable an account',
        params: s.idParams,
        body: s.updateUserBody,
        response: { 200: okResponse, ...errors },
      },
    },
    async (request) => {
      await updateUser(database, actorOf(request), request.auditActor!, request.params.id, request.body);
      return { ok: true as const };
    },
  );

  r.post(
    '/users/:id/password-reset',
    {
      config: { permission: 'identity.user.write' },
      schema: {
        tags: ['identity'],
        summary: 'Issue a one-time password reset (mailed, or shown once)',
        params: s.idParams,
        response: { 200: s.resetResponse, ...errors },
      },
    },
    async (request) => adminResetPassword(database, settings, mailer, actorOf(request), request.auditActor!, request.params.id),
  );

  r.delete(
    '/users/:id/sessions',
    {
      config: { permission: 'identity.session.revoke' },
      schema: {
        tags: ['identity'],
        summary: "End all of a user's sessions",
        params: s.idParams,
        response: { 200: z.object({ ended: z.number().int() }), ...errors },
      },
    },
    async (request) => ({ ended: await adminRevokeSessions(database, actorOf(request), request.auditActor!, request.params.id) }),
  );

  r.post(
    '/grants',
    {
      config: { permission: 'identity.grant.write' },
      schema: {
        tags: ['identity'],
        summary: 'Grant a role at an organisation unit',
        body: s.createGrantBody,
        response: { 201: s.grantCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await createGrant(database, actorOf(request), request.auditActor!, request.body) }),
  );

  r.delete(
    '/grants/:id',
    {
      config: { permission: 'identity.grant.write' },
      schema: { tags: ['identity'], summary: 'Revoke a grant', params: s.idParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      await revokeGrant(database, actorOf(request), request.auditActor!, request.params.id);
      return { ok: true as const };
    },
  );
}
