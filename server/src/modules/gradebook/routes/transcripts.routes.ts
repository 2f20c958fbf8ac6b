import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf, recordAudit } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Actor, actorOf, pathInScope, requireAccess, scopeOf } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { ENTER, requireClass } from '../access.ts';
import {
  generateClassTranscripts,
  reviseTranscript,
  SIGN,
  signClassTranscripts,
  staleTranscripts,
  type TranscriptEnv,
  type TranscriptRow,
  transcriptColumns,
} from '../commands/transcripts.ts';
import { readTranscriptFile, TRANSCRIPT_FILE_OWNER } from '../transcript-files.ts';
import { jsonPackageAdapter, sealedTranscripts } from '../national-export.ts';
import { Readable } from 'node:stream';
import { classParams, errors, idParams, tags } from './sheets.schemas.ts';
import {
  exportQuery,
  generatedSchema,
  schoolParams,
  reviseBody,
  revisedSchema,
  signBody,
  signedSchema,
  staleListSchema,
  transcriptListSchema,
} from './transcripts.schemas.ts';

export async function transcriptRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const env: TranscriptEnv = { files: app.platform.files, publicUrl: app.platform.settings.publicUrl };
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const signers = { anyPermission: [SIGN, ENTER], authenticated: true } as const;

  const signAs = async (q: Queryable, actor: Actor, classId: string) => {
    const { ctx, homeroom, staff } = await requireClass(q, actor, classId);
    const sign = pathInScope(ctx.schoolPath, await scopeOf(q, actor, SIGN));
    if (!homeroom && !staff && !sign) throw notFound();
    return { ctx, homeroom, sign };
  };

  /** School staff and the homeroom teacher at any stage; the student and their parents once sealed. */
  const mayRead = async (actor: Actor, t: TranscriptRow) => {
    if (
      await signAs(db, actor, t.classId).then(
        () => true,
        () => false,
      )
    )
      return true;
    if (t.status !== 'sealed') return false;
    return requireAccess(db, actor, 'registry.student.read', { kind: 'registry.student', ids: [t.studentId] }).then(
      () => true,
      () => false,
    );
  };
  // GET /api/files/:id of a transcript's current file answers the same readers as /transcripts/:id/pdf
  app.platform.files.registerOwner(TRANSCRIPT_FILE_OWNER, async (request, file) => {
    const { rows } = await db.execute<TranscriptRow>(
      sql`SELECT ${transcriptColumns} FROM gradebook.transcripts t WHERE t.file = ${`files/${file.key}`} LIMIT 1`,
    );
    return !!rows[0] && (await mayRead(actorOf(request), rows[0]));
  });

  r.get(
    '/classes/:classId/transcripts',
    {
      config: { anyPermission: [SIGN, ENTER, 'gradebook.sheet.read'], authenticated: true },
      schema: {
        tags,
        summary: 'Transcripts (học bạ) of a class for its year: versions, signatures, state',
        params: classParams,
        response: { 200: transcriptListSchema, ...errors },
      },
    },
    async (request) => {
      const { ctx, homeroom, sign } = await signAs(db, actorOf(request), request.params.classId);
      const { rows } = await db.execute<TranscriptRow & { studentName: string }>(sql`
      SELECT ${transcriptColumns}, (SELECT full_name FROM registry.students s WHERE s.id = t.student_id) AS "studentName"
      FROM gradebook.transcripts t WHERE t.class_id = ${ctx.id} AND t.status <> 'superseded' ORDER BY "studentName"`);
      return {
        items: rows.map((t) => ({
          id: t.id,
          code: t.code,
          studentId: t.studentId,
          studentName: t.studentName,
          version: t.version,
          status: t.status,
          reason: t.reason,
          signatures: t.signatures.map(({ role, signer, at }) => ({ role, signer, at })),
          fingerprint: t.fingerprint,
          stale: t.staleSince ? { since: new Date(t.staleSince).toISOString(), reason: t.staleReason ?? '' } : null,
        })),
        abilities: {
          generate: homeroom || sign,
          signAs: [...(homeroom ? (['homeroomTeacher'] as const) : []), ...(sign ? (['principal', 'seal'] as const) : [])],
        },
      };
    },
  );

  r.post(
    '/classes/:classId/transcripts',
    {
      config: signers,
      schema: {
        tags,
        summary: 'Generate the transcripts of a class whose year is finalised (one batch)',
        params: classParams,
        response: { 200: generatedSchema, ...errors },
      },
    },
    async (request) => write((tx) => generateClassTranscripts(tx, actorOf(request), auditActorOf(request), env, request.params.classId)),
  );

  r.post(
    '/classes/:classId/transcripts/sign',
    {
      config: signers,
      schema: {
        tags,
        summary: 'Apply one signature to every transcript of the class waiting for it (homeroom teacher → principal → seal)',
        params: classParams,
        body: signBody,
        response: { 200: signedSchema, ...errors },
      },
    },
    async (request) =>
      write((tx) =>
        signClassTranscripts(
          tx,
          actorOf(request),
          auditActorOf(request),
          env,
          request.params.classId,
          request.body.role,
          request.body.passphrase,
        ),
      ),
  );

  r.post(
    '/transcripts/:id/revise',
    {
      config: { permission: SIGN },
      schema: {
        tags,
        summary: 'Correct a sealed transcript: a new version with its reason, to be signed again',
        params: idParams,
        body: reviseBody,
        response: { 200: revisedSchema, ...errors },
      },
    },
    async (request) => ({
      id: await write((tx) => reviseTranscript(tx, actorOf(request), auditActorOf(request), env, request.params.id, request.body.reason)),
    }),
  );

  r.get(
    '/transcripts/:id/pdf',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'The transcript PDF: school staff and the homeroom teacher at any stage; the student and their parents once sealed',
        params: idParams,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      const { rows } = await db.execute<TranscriptRow>(sql`SELECT ${transcriptColumns} FROM gradebook.transcripts t WHERE t.id = ${id}`);
      const t = rows[0];
      if (!t || !(await mayRead(actorOf(request), t))) throw notFound();
      const pdf = await readTranscriptFile(env.files, t.file);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="hoc-ba-${t.code}-v${t.version}.pdf"`)
        .send(pdf as never);
    },
  );

  r.get(
    '/schools/:schoolId/transcripts/stale',
    {
      config: { permission: SIGN },
      schema: {
        tags,
        summary: 'Pupils whose sealed transcript no longer matches the grade book (an approved correction since): a new version is due',
        params: schoolParams,
        response: { 200: staleListSchema, ...errors },
      },
    },
    async (request) => {
      const { schoolId } = request.params;
      const unit = isUuid(schoolId) ? await findUnit(db, schoolId) : undefined;
      if (unit?.type !== 'school' || !pathInScope(unit.path, await scopeOf(db, actorOf(request), SIGN))) throw notFound();
      const items = await staleTranscripts(db, unit.id);
      return {
        items: items.map(({ staleSince, staleReason, ...t }) => ({
          ...t,
          staleSince: new Date(staleSince).toISOString(),
          reason: staleReason,
        })),
      };
    },
  );

  r.get(
    '/schools/:schoolId/transcripts/export',
    {
      config: { permission: SIGN },
      schema: {
        tags,
        summary:
          'Sealed transcripts of a school year for the national database: a documented JSON package with the signed PDFs (docs/transcript-package.md)',
        params: schoolParams,
        querystring: exportQuery,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const { schoolId } = request.params;
      const unit = isUuid(schoolId) ? await findUnit(db, schoolId) : undefined;
      const actor = actorOf(request);
      if (unit?.type !== 'school' || !pathInScope(unit.path, await scopeOf(db, actor, SIGN))) throw notFound();
      const { startYear } = request.query;
      const { rows } = await db.execute<{
        n: number;
      }>(sql`SELECT count(*)::int AS n FROM gradebook.transcripts t JOIN registry.school_years y ON y.id = t.school_year_id
      WHERE t.school_id = ${unit.id} AND y.start_year = ${startYear} AND t.status = 'sealed'`);
      await recordAudit(db, auditActorOf(request), {
        action: 'gradebook.transcript.export',
        entityType: 'org.unit',
        entityId: unit.id,
        orgUnitId: unit.id,
        after: { adapter: jsonPackageAdapter.id, startYear },
        bulk: { counts: { transcripts: rows[0]!.n } },
      });
      const school = { id: unit.id, code: unit.code, name: unit.name };
      const body = Readable.from(jsonPackageAdapter.serialise(school, startYear, sealedTranscripts(db, env.files, unit.id, startYear)));
      const name = jsonPackageAdapter.fileName(school, startYear);
      // The school code may carry Vietnamese letters: an ASCII fallback name, and the exact one per RFC 6266.
      const ascii = name
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, '')
        .replace(/["\\]/g, '');
      return reply
        .type(jsonPackageAdapter.contentType)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(body as never);
    },
  );
}
