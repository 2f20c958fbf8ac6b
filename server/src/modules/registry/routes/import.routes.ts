import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import { checkSpreadsheetUpload, type SpreadsheetIssue, writeTemplate } from '../../../platform/spreadsheet/index.ts';
import { actorOf } from '../../identity/public.ts';
import { requireSchool } from '../access.ts';
import { asDomainErrors } from '../commands/common.ts';
import { type Analysis, analyseStudentImport, classesOfYear, currentYear } from '../import/analyse.ts';
import { applyStudentImport } from '../import/commit.ts';
import { studentSheet, templateInstructions } from '../import/spec.ts';
import { loadImport, storeImport } from '../import/store.ts';
import { errors, idParams, schoolParams, tags } from './common.schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv';
const UPLOAD_LIMIT = 20 * 1024 * 1024;
const today = () => new Date().toISOString().slice(0, 10);

const issueSchema = z.object({
  sheet: z.string(), row: z.number().int().nullable(), column: z.string().nullable(), columnLabel: z.string().nullable(),
  code: z.string(), message: z.string(), severity: z.enum(['error', 'warning']),
}).meta({ id: 'RegistryImportIssue' });

const previewRowSchema = z.object({
  row: z.number().int(), action: z.enum(['create', 'update', 'unchanged']), fullName: z.string(), dateOfBirth: z.string(),
  sex: z.enum(['male', 'female']), cccd: z.string().nullable(), moetCode: z.string().nullable(), className: z.string(),
  guardianName: z.string().nullable(),
}).meta({ id: 'RegistryImportPreviewRow' });

const reportSchema = z.object({
  id: z.string(),
  kind: z.enum(['xlsx', 'csv']),
  canCommit: z.boolean(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  /** The first 1000 issues, in row order. */
  issues: z.array(issueSchema),
  counts: z.object({ total: z.number().int(), create: z.number().int(), update: z.number().int(), unchanged: z.number().int() }),
  /** The first 50 rows. */
  preview: z.array(previewRowSchema),
}).meta({ id: 'RegistryImportReport' });

const resultSchema = z.object({
  id: z.string(),
  counts: z.object({
    total: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(),
    enrolled: z.number().int(), guardiansCreated: z.number().int(),
  }),
}).meta({ id: 'RegistryImportResult' });

/** Excel import of students (issue 5 §7): template → upload + validation report + preview → commit. */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings, translator } = app.platform;
  const db = database.db;

  // The file is the raw body (no multipart): this plugin's routes only.
  app.addContentTypeParser([XLSX, CSV], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));

  const present = (request: FastifyRequest, id: string, kind: 'xlsx' | 'csv', a: Analysis) => ({
    id, kind, canCommit: a.errorCount === 0 && a.rows.length > 0, errorCount: a.errorCount, warningCount: a.warningCount,
    issues: a.issues.slice(0, 1000).map((i: SpreadsheetIssue) => ({
      sheet: i.sheet, row: i.row, column: i.column, columnLabel: i.columnLabel, code: i.code,
      message: translator.t(request.lang, i.code, i.params), severity: i.severity,
    })),
    counts: a.counts,
    preview: a.rows.slice(0, 50).map((p) => ({
      row: p.row, action: p.action, fullName: p.fullName, dateOfBirth: p.dateOfBirth, sex: p.sex, cccd: p.cccd, moetCode: p.moetCode,
      className: p.className, guardianName: p.guardianName,
    })),
  });

  r.get('/schools/:schoolId/students/template.xlsx', {
    config: { permission: 'registry.student.write' },
    schema: { tags, summary: 'The student import template (xlsx: Vietnamese headers, dropdowns, instructions sheet)', params: schoolParams, response: errors },
  }, async (request, reply) => {
    const school = await requireSchool(db, actorOf(request), request.params.schoolId, 'registry.student.write');
    const year = await currentYear(db, school.id);
    const classes = year ? await classesOfYear(db, year.id) : [];
    const buf = await writeTemplate({
      title: `Mẫu nhập danh sách học sinh — ${school.name}`,
      sheets: [studentSheet(classes.map((c) => c.name), true)],
      instructions: templateInstructions,
    });
    return reply
      .type(XLSX)
      .header('content-disposition', `attachment; filename="mau-nhap-hoc-sinh.xlsx"; filename*=UTF-8''${encodeURIComponent('Mẫu nhập học sinh.xlsx')}`)
      .send(buf as never);
  });

  r.post('/schools/:schoolId/students/imports', {
    config: { permission: 'registry.student.write' },
    bodyLimit: UPLOAD_LIMIT,
    schema: {
      tags, summary: 'Upload a student file (raw xlsx or CSV body): stored, validated, previewed; nothing is written to the records',
      params: schoolParams, response: { 201: reportSchema, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const school = await requireSchool(db, actor, request.params.schoolId, 'registry.student.write');
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const gate = checkSpreadsheetUpload(body);
    if (!gate.ok) throw unprocessable(gate.code, gate.params, [{ path: 'body', code: gate.code, params: gate.params }]);
    const stored = await storeImport(settings.dataDir, body, { schoolId: school.id, kind: gate.kind, uploadedBy: actor.userId });
    const analysis = await analyseStudentImport(db, school, path.join(settings.dataDir, stored.file), gate.kind, today());
    return reply.status(201).send(present(request, stored.id, gate.kind, analysis));
  });

  r.post('/imports/:id/commit', {
    config: { permission: 'registry.student.write' },
    schema: {
      tags, summary: 'Commit an uploaded student file in one transaction (re-read and re-validated; 422 while it has errors, 409 when already committed)',
      params: idParams, response: { 200: resultSchema, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const stored = await loadImport(settings.dataDir, request.params.id);
    if (!stored) throw notFound();
    const school = await requireSchool(db, actor, stored.schoolId, 'registry.student.write');
    const counts = await db.transaction(async (txAny) => {
      const tx = txAny as unknown as Tx;
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`registry.import:${stored.id}`}))`);
      const done = await tx.execute(sql`SELECT 1 FROM platform.audit_events WHERE action = 'registry.student.import' AND entity_id = ${stored.id} LIMIT 1`);
      if (done.rows.length > 0) throw conflict('registry.import.alreadyCommitted');
      const analysis = await analyseStudentImport(tx, school, path.join(settings.dataDir, stored.file), stored.kind, today());
      if (analysis.errorCount > 0 || analysis.rows.length === 0) throw unprocessable('registry.import.hasErrors', { errors: analysis.errorCount });
      // a database rule that still fails (a unique index) rolls everything back as 409, never half a file
      return asDomainErrors(() => applyStudentImport(tx, actor, auditActorOf(request), school, stored, analysis, today()));
    });
    return { id: stored.id, counts };
  });
}
