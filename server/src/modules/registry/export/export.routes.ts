import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AuditActor, auditActorOf, recordAudit } from '../../../platform/audit.ts';
import { forbidden, notFound } from '../../../platform/errors.ts';
import { type Actor, actorOf, requireAccess, scopeOf } from '../../identity/public.ts';
import { isUuid, TEACH } from '../access.ts';
import * as repo from '../repo.ts';
import { errors, idParams, tags } from '../routes/common.schemas.ts';
import { type StudentFilter, studentFilters } from '../routes/student-filters.ts';
import { studentsQuery } from '../routes/students.schemas.ts';
import { planStudentExport, writeStudentExport } from './students-export.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const exportQuery = studentsQuery.omit({ page: true, pageSize: true });

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** Excel exports of student lists (issue 5 §7): the list's filters, masking and scope; bulk exports need registry.export.bulk. */
export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings } = app.platform;
  const db = database.db;
  const readAny = { anyPermission: ['registry.student.read', TEACH], authenticated: true } as const;

  /**
   * Checks, audits, then streams. Everything that can refuse happens before the first byte, so a
   * refusal is a problem+json answer; the audit event (filter and row count) is written before the
   * file is, so an export that starts is always on record.
   */
  async function sendExport(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    audit: AuditActor,
    filter: StudentFilter,
    fileName: string,
  ) {
    const where = studentFilters(await scopeOf(db, actor, 'registry.student.read'), actor.userId, filter);
    if (!where) throw notFound();
    const threshold = settings.exportBulkRows;
    const plan = await planStudentExport(db, actor, where, filter, threshold);
    if (plan.bulk && !plan.bulkAllowed) {
      throw forbidden('registry.export.bulkForbidden', { threshold });
    }
    const cleanFilter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
    await recordAudit(db, audit, {
      action: 'registry.student.export',
      entityType: 'registry.student',
      orgUnitId: filter.schoolId ?? null,
      after: { filter: cleanFilter, rows: plan.rows, bulk: plan.bulk, format: 'xlsx' },
      bulk: { counts: { rows: plan.rows } },
    });
    const out = new PassThrough();
    writeStudentExport(db, actor, where, out).catch((err: unknown) => {
      request.log.error({ err }, 'student export failed while streaming');
      out.destroy(err as Error);
    });
    return reply
      .type(XLSX)
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="${slug(fileName) || 'hoc-sinh'}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${fileName}.xlsx`)}`,
      )
      .send(out);
  }

  r.get(
    '/students/export.xlsx',
    {
      config: { ...readAny, alsoChecks: ['registry.export.bulk'] },
      schema: {
        tags,
        summary:
          'The filtered student list as xlsx (same filters and masking as the list; a whole school or more, or many rows, needs registry.export.bulk)',
        querystring: exportQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      return sendExport(request, reply, actor, auditActorOf(request), request.query, 'Danh sách học sinh');
    },
  );

  r.get(
    '/classes/:id/students/export.xlsx',
    {
      config: readAny,
      schema: { tags, summary: 'The class list (students of one class) as xlsx', params: idParams, response: errors },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      await requireAccess(db, actor, 'registry.class.read', { kind: 'registry.class', ids: [id] });
      const cls = await repo.findClass(db, id);
      if (!cls) throw notFound();
      return sendExport(request, reply, actor, auditActorOf(request), { classId: id }, `Danh sách lớp ${cls.name}`);
    },
  );
}
