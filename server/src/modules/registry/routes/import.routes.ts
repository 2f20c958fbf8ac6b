import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../../platform/errors.ts';
import type { DetectedKind } from '../../../platform/files/index.ts';
import { checkSpreadsheetUpload, writeTemplate } from '../../../platform/spreadsheet/index.ts';
import { type Actor, actorOf, scopeOf } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { isUuid, pathInScope, provinceOf } from '../access.ts';
import { asDomainErrors } from '../commands/common.ts';
import { analyseImport, commitImport, currentRun, startRun, within } from '../import/engine.ts';
import type { AnalysisReport } from '../import/report.ts';
import { builtinImportKinds } from '../import/kind-list.ts';
import { type ImportKind, type ImportScope, importKind, registerImportKind } from '../import/kinds.ts';
import { type FileKind, importFileKey, loadImport, loadReport, type StoredImport, saveReport, storeImport } from '../import/store.ts';
import { Readable } from 'node:stream';

/** Uploads of the registry's imports in the platform's file service (downloads: nobody through /api/files). */
const IMPORT_FILE_OWNER = 'registry.import';

/**
 * The gate of an import upload, from what the file service found in its bytes: an xlsx workbook
 * passes; anything else is judged by the spreadsheet reader's own sniffing of the first bytes, so
 * that a refusal says what the file is (a PDF, a web page saved as .xls, a CSV in UTF-16 or in an
 * 8-bit code page, a legacy .xls) and what to do, and a UTF-8 CSV passes.
 */
const spreadsheetGate = (detected: DetectedKind, head: Buffer) => {
  if (detected === 'xlsx') return { ok: true, ext: 'xlsx' } as const;
  // The file service hands over the first 64 KiB: a UTF-8 character cut at that boundary is not a legacy encoding.
  const check = checkSpreadsheetUpload(head, ['csv'], head.length >= 64 * 1024);
  return check.ok ? ({ ok: true, ext: 'csv' } as const) : ({ ok: false, code: check.code, params: check.params } as const);
};
import { errors, idParams, schoolParams, tags } from './common.schemas.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv';

/** How long a request waits for an analysis or a commit before answering 202 with the progress. */
export const importWait = { ms: 20_000 };

const issueSchema = z
  .object({
    sheet: z.string(),
    row: z.number().int().nullable(),
    column: z.string().nullable(),
    columnLabel: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    severity: z.enum(['error', 'warning']),
  })
  .meta({ id: 'RegistryImportIssue' });

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const previewRowSchema = z
  .object({ row: z.number().int(), action: z.enum(['create', 'update', 'unchanged']) })
  .catchall(cell)
  .meta({ id: 'RegistryImportPreviewRow' });

const reportSchema = z
  .object({
    id: z.string(),
    importKind: z.string(),
    /** The file: xlsx or csv. */
    kind: z.enum(['xlsx', 'csv']),
    /** analysing / committing: a long run goes on in the background (poll GET /imports/:id); committed: done. */
    status: z.enum(['analysing', 'analysed', 'committing', 'committed', 'failed']),
    progress: z.object({ rows: z.number().int(), seconds: z.number() }).nullable(),
    canCommit: z.boolean(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    /** The first 1000 issues, in row order. */
    issues: z.array(issueSchema),
    counts: z.object({ total: z.number().int(), create: z.number().int(), update: z.number().int(), unchanged: z.number().int() }),
    /** The first 50 rows. */
    preview: z.array(previewRowSchema),
    previewColumns: z.array(z.object({ key: z.string(), label: z.string() })),
    /** Counts of the commit, once committed. */
    result: z.record(z.string(), z.number().int()).nullable(),
    /** Why the last background run failed. */
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'RegistryImportReport' });

const resultSchema = z
  .object({
    id: z.string(),
    counts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'RegistryImportResult' });

const kindParams = z.object({ unitId: z.string().max(64), kind: z.string().max(40) });

/**
 * Excel/CSV imports of the registry (issue 5 §7), one set of routes for every import kind
 * (import/kinds.ts): template → upload + validation report + preview → commit in one transaction.
 * The student URLs of the first release (/schools/:schoolId/students/…) stay as aliases.
 */
/** Whoever may write one of the kinds' records may reach the import routes; each kind then checks its own permission. */
const importPermissions = [
  'registry.student.write',
  'registry.class.write',
  'registry.structure.write',
  'registry.staff.manage',
  'registry.school.write',
];

export async function importRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings, translator, files } = app.platform;
  const db = database.db;
  for (const k of builtinImportKinds) if (!importKind(k.id)) registerImportKind(k);

  // The file is the raw body (no multipart), handed on as a stream to the platform's file service,
  // which applies its own limit (UPLOAD_LIMIT_BYTES): this plugin's routes only.
  app.addContentTypeParser([XLSX, CSV], (_req, payload, done) => done(null, payload));

  const kindOf = (id: string): ImportKind => {
    const k = importKind(id);
    if (!k) throw notFound();
    return k;
  };

  /** The unit the caller imports for: a school, or (for kinds that name each row's school) a unit above schools. */
  async function requireImportUnit(q: Queryable, actor: Actor, unitId: string, kind: ImportKind): Promise<UnitRow> {
    if (!isUuid(unitId)) throw notFound();
    const unit = await findUnit(q, unitId);
    if (!unit || (unit.type !== 'school' && !kind.multiSchool)) throw notFound();
    if (pathInScope(unit.path, await scopeOf(q, actor, kind.permission))) return unit;
    // visible but not writable → 403; not visible at all → 404
    if (
      pathInScope(unit.path, await scopeOf(q, actor, 'org.unit.read')) ||
      pathInScope(unit.path, await scopeOf(q, actor, 'registry.class.read'))
    )
      throw forbidden();
    throw notFound();
  }
  const scopeFor = (unit: UnitRow, actor: Actor): ImportScope => ({ unit, provinceId: provinceOf(unit), actor, today: today() });

  const message = (request: FastifyRequest, err: unknown) =>
    err instanceof AppError
      ? {
          code: err.code,
          message: translator.t(
            request.lang,
            err.code,
            (err as AppError & { params?: Record<string, unknown> }).params as Record<string, string>,
          ),
        }
      : { code: 'platform.internal', message: translator.t(request.lang, 'platform.internal', {}) };

  async function present(request: FastifyRequest, stored: StoredImport, kind: ImportKind, known?: AnalysisReport) {
    // The run's state first, then what it leaves behind (its saved report, its audit event): a run
    // that ends in between has left them by then. Read the other way round, a poll could miss both
    // and call a finished analysis failed.
    const run = currentRun(stored.id);
    const busy = run && !run.finished ? run : undefined;
    const failed = run?.error !== undefined;
    const report = known ?? (await loadReport(settings.dataDir, stored.id));
    const committed = (
      await db.execute(sql`SELECT bulk FROM platform.audit_events WHERE action = ${kind.auditAction} AND entity_id = ${stored.id} LIMIT 1`)
    ).rows[0] as { bulk: { counts: Record<string, number> } } | undefined;
    const status = busy ? busy.phase : committed ? 'committed' : failed ? 'failed' : report ? 'analysed' : 'failed';
    const lang = request.lang === 'en' ? 'en' : 'vi';
    return {
      id: stored.id,
      importKind: kind.id,
      kind: stored.kind,
      status,
      progress: busy ? { rows: busy.rows, seconds: Math.round((Date.now() - busy.startedAt) / 100) / 10 } : null,
      canCommit: !busy && !committed && !!report && report.errorCount === 0 && report.staged > 0,
      errorCount: report?.errorCount ?? 0,
      warningCount: report?.warningCount ?? 0,
      issues: (report?.issues ?? []).map((i) => ({
        sheet: i.sheet,
        row: i.row,
        column: i.column,
        columnLabel: i.columnLabel,
        code: i.code,
        message: translator.t(request.lang, i.code, i.params),
        severity: i.severity,
      })),
      counts: report?.counts ?? { total: 0, create: 0, update: 0, unchanged: 0 },
      preview: report?.preview ?? [],
      previewColumns: kind.previewColumns.map((c) => ({ key: c.key, label: c.label[lang] })),
      result: committed?.bulk.counts ?? null,
      error: run?.error && !busy ? message(request, run.error) : null,
    } as const;
  }

  async function template(request: FastifyRequest, reply: import('fastify').FastifyReply, unitId: string, kindId: string) {
    const kind = kindOf(kindId);
    const actor = actorOf(request);
    const unit = await requireImportUnit(db, actor, unitId, kind);
    const t = await kind.template(db, scopeFor(unit, actor));
    const buf = await writeTemplate(t);
    return reply
      .type(XLSX)
      .header('content-disposition', `attachment; filename="${kind.fileName}"; filename*=UTF-8''${encodeURIComponent(kind.displayName)}`)
      .send(buf as never);
  }

  async function upload(request: FastifyRequest, reply: import('fastify').FastifyReply, unitId: string, kindId: string) {
    const kind = kindOf(kindId);
    const actor = actorOf(request);
    const unit = await requireImportUnit(db, actor, unitId, kind);
    const body = request.body instanceof Readable ? request.body : Readable.from([]);
    const uploaded = await files.receive(body, {
      owner: IMPORT_FILE_OWNER,
      unitId: unit.id,
      name: kind.fileName,
      accept: spreadsheetGate,
      key: (id, ext) => importFileKey(id, ext as FileKind),
      createdBy: actor.userId,
    });
    await files.localPath(uploaded.key);
    const stored = await storeImport(settings.dataDir, uploaded, {
      importKind: kind.id,
      unitId: unit.id,
      kind: uploaded.kind === 'xlsx' ? 'xlsx' : 'csv',
      uploadedBy: actor.userId,
    });
    const scope = scopeFor(unit, actor);
    const { promise } = startRun(stored.id, 'analysing', async (progress) => {
      const report = await analyseImport(db, kind, scope, settings.dataDir, stored, progress);
      await saveReport(settings.dataDir, stored.id, report);
      return report;
    });
    const done = await within(promise, importWait.ms);
    if (done) await new Promise((r) => setImmediate(r)); // let the run bookkeeping settle
    return reply.status(done ? 201 : 202).send(await present(request, stored, kind, done?.value));
  }

  r.get(
    '/units/:unitId/imports/:kind/template.xlsx',
    {
      config: { anyPermission: importPermissions, authenticated: true },
      schema: {
        tags,
        summary: 'The import template of a kind (xlsx: Vietnamese headers, dropdowns, instructions sheet)',
        params: kindParams,
        response: errors,
      },
    },
    (request, reply) => template(request, reply, request.params.unitId, request.params.kind),
  );

  r.post(
    '/units/:unitId/imports/:kind',
    {
      config: { anyPermission: importPermissions, authenticated: true },
      schema: {
        tags,
        summary:
          'Upload a file of a kind (raw xlsx or CSV body) for a school, or for a unit above schools with a school-code column: stored, validated, previewed; nothing is written to the records. 202 while a large file is still being analysed (poll GET /imports/:id).',
        params: kindParams,
        response: { 201: reportSchema, 202: reportSchema, ...errors },
      },
    },
    (request, reply) => upload(request, reply, request.params.unitId, request.params.kind),
  );

  r.get(
    '/schools/:schoolId/students/template.xlsx',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'The student import template (alias of /units/:unitId/imports/students/template.xlsx)',
        params: schoolParams,
        response: errors,
      },
    },
    (request, reply) => template(request, reply, request.params.schoolId, 'students'),
  );

  r.post(
    '/schools/:schoolId/students/imports',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'Upload a student file of one school (alias of /units/:unitId/imports/students)',
        params: schoolParams,
        response: { 201: reportSchema, 202: reportSchema, ...errors },
      },
    },
    (request, reply) => upload(request, reply, request.params.schoolId, 'students'),
  );

  const loadFor = async (request: FastifyRequest, id: string) => {
    const actor = actorOf(request);
    const stored = await loadImport(settings.dataDir, id);
    if (!stored) throw notFound();
    const kind = kindOf(stored.importKind);
    const unit = await requireImportUnit(db, actor, stored.unitId, kind);
    return { actor, stored, kind, unit };
  };

  r.get(
    '/imports/:id',
    {
      config: { anyPermission: importPermissions, authenticated: true },
      schema: {
        tags,
        summary: 'An import: its progress while analysing or committing, its validation report, or its result',
        params: idParams,
        response: { 200: reportSchema, ...errors },
      },
    },
    async (request) => {
      const { stored, kind } = await loadFor(request, request.params.id);
      return present(request, stored, kind);
    },
  );

  r.post(
    '/imports/:id/commit',
    {
      config: { anyPermission: importPermissions, authenticated: true },
      schema: {
        tags,
        summary:
          'Commit an uploaded file in one transaction (re-planned against the database; 422 while it has errors, 409 when already committed or busy; 202 while a large file is still being written — poll GET /imports/:id)',
        params: idParams,
        response: { 200: resultSchema, 202: reportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { actor, stored, kind, unit } = await loadFor(request, request.params.id);
      const running = currentRun(stored.id);
      if (running && !running.finished) throw conflict('registry.import.busy');
      const report = await loadReport(settings.dataDir, stored.id);
      if (!report) throw conflict('registry.import.busy');
      const done =
        (await db.execute(sql`SELECT 1 FROM platform.audit_events WHERE action = ${kind.auditAction} AND entity_id = ${stored.id} LIMIT 1`))
          .rows.length > 0;
      if (done) throw conflict('registry.import.alreadyCommitted');
      if (report.errorCount > 0 || report.staged === 0) throw unprocessable('registry.import.hasErrors', { errors: report.errorCount });
      const scope = scopeFor(unit, actor);
      const audit = auditActorOf(request);
      // a database rule that still fails (a unique index) rolls everything back as 409, never half a file
      const { promise } = startRun(stored.id, 'committing', (progress) =>
        asDomainErrors(() => commitImport(database, kind, scope, settings.dataDir, stored, audit, progress)),
      );
      const finished = await within(promise, importWait.ms);
      if (finished) return reply.status(200).send({ id: stored.id, counts: finished.value.counts });
      return reply.status(202).send(await present(request, stored, kind, report));
    },
  );
}
