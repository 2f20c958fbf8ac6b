import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import { type Actor, requireAccess } from '../access.ts';
import { newClientSecret } from '../api-clients.ts';

export const MANAGE = 'identity.apiClient.manage';

export type ApiClientRow = {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  scopes: string[];
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  version: number;
};

export async function findApiClient(tx: Tx, id: string, lock = false): Promise<ApiClientRow | undefined> {
  const { rows } = await tx.execute<ApiClientRow>(sql`
    SELECT c.id, c.name, c.unit_id AS "unitId", u.name AS "unitName", c.scopes, c.created_at AS "createdAt", c.rotated_at AS "rotatedAt",
      c.revoked_at AS "revokedAt", c.last_used_at AS "lastUsedAt", c.version
    FROM identity.api_clients c JOIN org.units u ON u.id = c.unit_id WHERE c.id = ${id} ${lock ? sql`FOR UPDATE OF c` : sql``}`);
  return rows[0];
}

/** The client, if the actor manages clients at its unit; 404 otherwise (as for a missing one). */
async function requireClient(tx: Tx, actor: Actor, id: string): Promise<ApiClientRow> {
  const client = await findApiClient(tx, id, true);
  if (!client) throw notFound();
  await requireAccess(tx, actor, MANAGE, { kind: 'org.unit', ids: [client.unitId] });
  return client;
}

/** A new client at a unit the actor manages, with scopes that modules declare; the token is returned once. */
export async function createApiClient(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: { name: string; unitId: string; scopes: string[] },
  declaredScopes: ReadonlySet<string>,
): Promise<{ client: ApiClientRow; token: string }> {
  await requireAccess(tx, actor, MANAGE, { kind: 'org.unit', ids: [input.unitId] });
  const unknown = input.scopes.flatMap((s, i) =>
    declaredScopes.has(s) ? [] : [{ path: `body.scopes.${i}`, code: 'identity.apiScopeUnknown' }],
  );
  if (unknown.length) throw unprocessable('identity.apiScopeUnknown', {}, unknown);
  const { rows } = await tx.execute<{ status: string }>(sql`SELECT status FROM org.units WHERE id = ${input.unitId}`);
  if (rows[0]?.status !== 'active') throw unprocessable('identity.grantUnitClosed');
  const id = randomUUID();
  const secret = newClientSecret(id);
  const scopes = [...new Set(input.scopes)].sort();
  await tx.execute(sql`INSERT INTO identity.api_clients (id, name, unit_id, scopes, secret_hash, created_by)
    VALUES (${id}, ${input.name}, ${input.unitId}, ${`{${scopes.join(',')}}`}::text[], ${secret.hash}, ${actor.userId})`);
  const client = (await findApiClient(tx, id))!;
  await recordAudit(tx, audit, {
    action: 'identity.apiClient.create',
    entityType: 'identity.apiClient',
    entityId: id,
    orgUnitId: input.unitId,
    after: { name: client.name, scopes },
  });
  return { client, token: secret.token };
}

/** A new secret; the old one stops working at once. */
export async function rotateApiClient(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
): Promise<{ client: ApiClientRow; token: string }> {
  const before = await requireClient(tx, actor, id);
  if (before.revokedAt) throw conflict('identity.apiClientRevoked');
  const secret = newClientSecret(id);
  await tx.execute(
    sql`UPDATE identity.api_clients SET secret_hash = ${secret.hash}, rotated_at = now(), version = version + 1 WHERE id = ${id}`,
  );
  await recordAudit(tx, audit, {
    action: 'identity.apiClient.rotate',
    entityType: 'identity.apiClient',
    entityId: id,
    orgUnitId: before.unitId,
  });
  return { client: (await findApiClient(tx, id))!, token: secret.token };
}

/** Revoked for good (a new client is created instead); revoking twice changes nothing. */
export async function revokeApiClient(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  reason: string | undefined,
): Promise<ApiClientRow> {
  const before = await requireClient(tx, actor, id);
  if (before.revokedAt) return before;
  await tx.execute(
    sql`UPDATE identity.api_clients SET revoked_at = now(), revoked_by = ${actor.userId}, version = version + 1 WHERE id = ${id}`,
  );
  await recordAudit(tx, audit, {
    action: 'identity.apiClient.revoke',
    entityType: 'identity.apiClient',
    entityId: id,
    orgUnitId: before.unitId,
    reason: reason ?? null,
  });
  return (await findApiClient(tx, id))!;
}
