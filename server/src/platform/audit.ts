import type { FastifyRequest } from 'fastify';
import type { Queryable } from './db/database.ts';
import { auditEvents } from './db/schema.ts';

/** Who did it and from where; built from the request (or a script's name for CLI and seeds). */
export interface AuditActor {
  userId: string | null;
  label: string;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export interface AuditEvent {
  /** `<module>.<entity>.<verb>`, e.g. `identity.grant.create`, `org.unit.close`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  orgUnitId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Bulk operations: one event with counts and a reference to the stored source. */
  bulk?: { counts: Record<string, number>; source?: string };
}

/**
 * Writes one audit event with the caller's transaction handle, so the event commits or rolls
 * back with the change it describes. The table refuses UPDATE and DELETE.
 */
export async function recordAudit(q: Queryable, actor: AuditActor, event: AuditEvent): Promise<void> {
  await q.insert(auditEvents).values({
    actorUserId: actor.userId,
    actorLabel: actor.label,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    requestId: actor.requestId ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    orgUnitId: event.orgUnitId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    reason: event.reason ?? null,
    bulk: event.bulk ?? null,
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the identity plugin on authenticated requests. */
    auditActor?: AuditActor;
  }
}

/** The audit actor of a request: the signed-in user, or 'anonymous' on public routes. */
export function auditActorOf(request: FastifyRequest): AuditActor {
  return (
    request.auditActor ?? {
      userId: null,
      label: 'anonymous',
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: String(request.id),
    }
  );
}

export const systemActor = (label: string): AuditActor => ({ userId: null, label: `system:${label}` });
