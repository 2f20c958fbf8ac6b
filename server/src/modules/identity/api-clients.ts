import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { forbidden, unauthenticated } from '../../platform/errors.ts';
import { randomToken, safeEqual, sha256 } from './crypto.ts';

/** What a route that accepts API clients knows of its caller (the unit bounds what it may read). */
export interface ApiClientCaller {
  id: string;
  name: string;
  unitId: string;
  unitPath: string;
  scopes: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    apiClient?: ApiClientCaller;
  }
}

const TOKEN_PREFIX = 'gds_';
const tokenPattern = /^gds_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** A new secret and the token the integrator sends (`gds_<client id>.<secret>`); only the hash is stored. */
export function newClientSecret(clientId: string): { token: string; hash: string } {
  const secret = randomToken(32);
  return { token: `${TOKEN_PREFIX}${clientId}.${secret}`, hash: sha256(secret) };
}

export function parseClientToken(header: string | undefined): { clientId: string; secret: string } | undefined {
  const m = header?.startsWith('Bearer ') ? tokenPattern.exec(header.slice(7).trim()) : null;
  return m ? { clientId: m[1]!, secret: m[2]! } : undefined;
}

/** The caller of a route that accepts API clients, or 401 when there is none. */
export function apiClientOf(request: FastifyRequest): ApiClientCaller {
  if (!request.apiClient) throw unauthenticated('identity.apiClientInvalid');
  return request.apiClient;
}

/**
 * The request pipeline's check for routes with `config.apiScope`: a valid, unrevoked client
 * token (401 otherwise, the same answer for an unknown client and a wrong secret) that carries the
 * route's scope (403). Every call is audited, refused ones included once the client is known.
 */
export async function authenticateApiClient(db: Db, request: FastifyRequest, scope: string): Promise<void> {
  const token = parseClientToken(request.headers.authorization);
  if (!token) throw unauthenticated('identity.apiClientInvalid');
  const { rows } = await db.execute<{
    id: string;
    name: string;
    unitId: string;
    unitPath: string;
    unitStatus: string;
    scopes: string[];
    secretHash: string;
    revokedAt: string | null;
    lastUsedAt: string | null;
  }>(sql`SELECT c.id, c.name, c.unit_id AS "unitId", u.path AS "unitPath", u.status AS "unitStatus", c.scopes, c.secret_hash AS "secretHash",
      c.revoked_at AS "revokedAt", c.last_used_at AS "lastUsedAt"
    FROM identity.api_clients c JOIN org.units u ON u.id = c.unit_id WHERE c.id = ${token.clientId}`);
  const client = rows[0];
  if (!client || client.revokedAt || client.unitStatus !== 'active' || !safeEqual(sha256(token.secret), client.secretHash)) {
    throw unauthenticated('identity.apiClientInvalid');
  }
  const allowed = client.scopes.includes(scope);
  const route = `${request.method} ${request.routeOptions.url}`;
  request.auditActor = {
    userId: null,
    label: `api-client:${client.name}`,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: String(request.id),
  };
  await db.transaction(async (tx) => {
    await recordAudit(tx, request.auditActor!, {
      action: allowed ? 'identity.apiClient.use' : 'identity.apiClient.refused',
      entityType: 'identity.apiClient',
      entityId: client.id,
      orgUnitId: client.unitId,
      after: { route, scope, query: request.query ?? null },
    });
    if (allowed) await tx.execute(sql`UPDATE identity.api_clients SET last_used_at = now() WHERE id = ${client.id}`);
  });
  if (!allowed) throw forbidden('identity.apiScopeMissing', { scope });
  request.apiClient = { id: client.id, name: client.name, unitId: client.unitId, unitPath: client.unitPath, scopes: client.scopes };
}
