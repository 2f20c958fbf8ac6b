import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEvents } from '../../../platform/db/schema.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { scopeOf } from '../access.ts';
import { actorOf } from '../guard.ts';
import * as s from './admin.schemas.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.platform;

  r.get(
    '/audit',
    {
      config: { permission: 'identity.audit.read' },
      schema: {
        tags: ['identity'],
        summary: 'Audit events of my scope, newest first',
        querystring: s.auditQuery,
        response: { 200: s.auditList, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await scopeOf(database.db, actorOf(request), 'identity.audit.read');
      // Events tied to no unit (sign-in lockouts, roles) belong to whoever holds the permission at a root.
      const atRoot = scope.paths.some((p) => p.split('/').filter(Boolean).length === 1);
      const unitCondition = scope.paths.length
        ? sql`(${auditEvents.orgUnitId} IN (SELECT id FROM org.units WHERE ${sql.join(
            scope.paths.map((p) => sql`path LIKE ${`${p}%`}`),
            sql` OR `,
          )})${atRoot ? sql` OR ${auditEvents.orgUnitId} IS NULL` : sql``})`
        : sql`false`;
      const conditions: SQL[] = [unitCondition];
      if (q.action) conditions.push(sql`${auditEvents.action} LIKE ${`${q.action.replace(/[\\%_]/g, '\\$&')}%`}`);
      if (q.entityType) conditions.push(eq(auditEvents.entityType, q.entityType));
      if (q.entityId) conditions.push(eq(auditEvents.entityId, q.entityId));
      if (q.actorUserId) conditions.push(eq(auditEvents.actorUserId, q.actorUserId));
      if (q.from) conditions.push(gte(auditEvents.occurredAt, new Date(q.from)));
      if (q.to) conditions.push(lte(auditEvents.occurredAt, new Date(q.to)));
      const where = and(...conditions);
      const [rows, [total]] = await Promise.all([
        database.db
          .select()
          .from(auditEvents)
          .where(where)
          .orderBy(desc(auditEvents.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where),
      ]);
      return { items: rows.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })), total: total?.n ?? 0 };
    },
  );
}
