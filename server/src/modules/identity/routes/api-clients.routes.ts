import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { inScope, scopeOf } from '../access.ts';
import { type ApiClientRow, createApiClient, MANAGE, revokeApiClient, rotateApiClient } from '../commands/api-clients.ts';
import { actorOf } from '../guard.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };

const apiClient = z
  .object({
    id: z.uuid(),
    name: z.string(),
    unit: z.object({ id: z.uuid(), name: z.string() }),
    scopes: z.array(z.string()),
    status: z.enum(['active', 'revoked']),
    createdAt: z.iso.datetime(),
    rotatedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'ApiClient' });
/** The token is in this answer only: the server keeps its hash. */
const withToken = z.object({ client: apiClient, token: z.string() }).meta({ id: 'ApiClientWithToken' });
const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const toItem = (c: ApiClientRow): z.infer<typeof apiClient> => ({
  id: c.id,
  name: c.name,
  unit: { id: c.unitId, name: c.unitName },
  scopes: c.scopes,
  status: c.revokedAt ? 'revoked' : 'active',
  createdAt: iso(c.createdAt)!,
  rotatedAt: iso(c.rotatedAt),
  revokedAt: iso(c.revokedAt),
  lastUsedAt: iso(c.lastUsedAt),
  version: c.version,
});
const idParams = z.strictObject({ id: z.uuid() });

/** Administrators' screen of API clients (machine credentials) of their subtree. */
export async function apiClientRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, modules } = app.platform;
  const scopes = modules.flatMap((m) => m.apiScopes ?? []);
  const declared = new Set(scopes.map((s) => s.id));
  const write = <T>(work: (tx: Tx) => Promise<T>) => database.db.transaction(async (tx) => work(tx as unknown as Tx));

  r.get(
    '/api-scopes',
    {
      config: { permission: MANAGE },
      schema: {
        tags: ['identity'],
        summary: 'Scopes an API client may be given (declared by the modules)',
        response: { 200: z.array(z.object({ id: z.string(), label: z.string() })), ...errors },
      },
    },
    async (request) => scopes.map((s) => ({ id: s.id, label: s.label[request.lang] })),
  );

  r.get(
    '/api-clients',
    {
      config: { permission: MANAGE },
      schema: { tags: ['identity'], summary: 'API clients of units in my scope', response: { 200: z.array(apiClient), ...errors } },
    },
    async (request) => {
      const scope = await scopeOf(database.db, actorOf(request), MANAGE);
      const { rows } = await database.db.execute<ApiClientRow>(sql`
        SELECT c.id, c.name, c.unit_id AS "unitId", u.name AS "unitName", c.scopes, c.created_at AS "createdAt", c.rotated_at AS "rotatedAt",
          c.revoked_at AS "revokedAt", c.last_used_at AS "lastUsedAt", c.version
        FROM identity.api_clients c JOIN org.units u ON u.id = c.unit_id
        WHERE ${inScope(sql`u.path`, scope)}
        ORDER BY c.revoked_at IS NOT NULL, c.name, c.id`);
      return rows.map(toItem);
    },
  );

  r.post(
    '/api-clients',
    {
      config: { permission: MANAGE },
      schema: {
        tags: ['identity'],
        summary: 'Create an API client at a unit; the token is shown once',
        body: z.strictObject({
          name: z.string().trim().min(2).max(120),
          unitId: z.uuid(),
          scopes: z.array(z.string().max(100)).min(1).max(20),
        }),
        response: { 201: withToken, ...errors },
      },
    },
    async (request, reply) => {
      const created = await write((tx) => createApiClient(tx, actorOf(request), auditActorOf(request), request.body, declared));
      reply.code(201);
      return { client: toItem(created.client), token: created.token };
    },
  );

  r.post(
    '/api-clients/:id/rotate',
    {
      config: { permission: MANAGE },
      schema: {
        tags: ['identity'],
        summary: 'Replace the secret of an API client (the old token stops working)',
        params: idParams,
        response: { 200: withToken, ...errors },
      },
    },
    async (request) => {
      const rotated = await write((tx) => rotateApiClient(tx, actorOf(request), auditActorOf(request), request.params.id));
      return { client: toItem(rotated.client), token: rotated.token };
    },
  );

  r.post(
    '/api-clients/:id/revoke',
    {
      config: { permission: MANAGE },
      schema: {
        tags: ['identity'],
        summary: 'Revoke an API client for good',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().max(500).optional() }).optional(),
        response: { 200: apiClient, ...errors },
      },
    },
    async (request) =>
      toItem(await write((tx) => revokeApiClient(tx, actorOf(request), auditActorOf(request), request.params.id, request.body?.reason))),
  );
}
