import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Queryable } from '../../../platform/db/database.ts';
import { badRequest, notFound } from '../../../platform/errors.ts';
import type { TranscriptRow } from '../commands/transcripts.ts';
import { transcriptColumns } from '../commands/transcripts.ts';
import { trustedRootCertificates } from '../signing-keys.ts';
import { verifyPdf } from '../transcripts/index.ts';
import { errors, tags } from './sheets.schemas.ts';
import { codeParams, publicTranscriptSchema, verificationSchema, verifyQuery } from './transcripts.schemas.ts';

const PDF_LIMIT = 10 * 1024 * 1024;

type PublicRow = TranscriptRow & {
  studentName: string;
  schoolName: string;
  className: string;
  startYear: number;
  supersededByVersion: number | null;
};

async function publicTranscript(q: Queryable, where: ReturnType<typeof sql>): Promise<PublicRow | undefined> {
  const { rows } = await q.execute<PublicRow>(sql`
    SELECT ${transcriptColumns}, s.full_name AS "studentName", u.name AS "schoolName", c.name AS "className", y.start_year AS "startYear",
      (SELECT n.version FROM gradebook.transcripts n WHERE n.id = t.superseded_by) AS "supersededByVersion"
    FROM gradebook.transcripts t JOIN registry.students s ON s.id = t.student_id JOIN org.units u ON u.id = t.school_id
    JOIN registry.classes c ON c.id = t.class_id JOIN registry.school_years y ON y.id = t.school_year_id
    WHERE ${where} LIMIT 1`);
  return rows[0];
}

const present = (t: PublicRow) => ({
  code: t.code,
  studentName: t.studentName,
  schoolName: t.schoolName,
  schoolYear: `${t.startYear}-${t.startYear + 1}`,
  className: t.className,
  version: t.version,
  status: t.status,
  current: t.status === 'sealed',
  fingerprint: t.fingerprint,
  sealedAt: t.sealedAt ? new Date(t.sealedAt).toISOString() : null,
  supersededByVersion: t.supersededByVersion,
  signatures: t.signatures.map(({ role, signer, at }) => ({ role, signer, at })),
});

/**
 * The public verification of transcripts (anyone who scans the QR code): what is needed to check
 * a transcript and nothing more — name, school, year, class, state, fingerprint, who signed; no
 * scores, no identifiers. An uploaded PDF is checked signature by signature against the trusted
 * CAs and byte for byte against the fingerprint registered when it was sealed.
 */
export async function verifyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: PDF_LIMIT }, (_req, body, done) => done(null, body));

  r.get(
    '/verify/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Public facts of a transcript by the code of its QR (no scores)',
        params: codeParams,
        response: { 200: publicTranscriptSchema, ...errors },
      },
    },
    async (request) => {
      const t = await publicTranscript(db, sql`t.code = ${request.params.code.toUpperCase()} AND t.status IN ('sealed', 'superseded')`);
      if (!t) throw notFound('gradebook.transcript.unknownCode');
      return present(t);
    },
  );

  r.post(
    '/verify',
    {
      config: { public: true },
      bodyLimit: PDF_LIMIT,
      schema: {
        tags,
        summary:
          'Check an uploaded transcript PDF (application/pdf body): every signature, the chain to a trusted CA, the registered fingerprint',
        querystring: verifyQuery,
        response: { 200: verificationSchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('gradebook.transcript.notAPdf');
      const code = request.query.code?.toUpperCase();
      const byCode = code ? await publicTranscript(db, sql`t.code = ${code} AND t.status IN ('sealed', 'superseded')`) : undefined;
      const result = verifyPdf(body, {
        trustedRoots: await trustedRootCertificates(db),
        ...(byCode?.fingerprint ? { expectedFingerprint: byCode.fingerprint } : {}),
      });
      const registered = byCode
        ? result.fingerprintMatches === true
        : !!(await publicTranscript(db, sql`t.fingerprint = ${result.fingerprintSha256} AND t.status IN ('sealed', 'superseded')`));
      const transcript = byCode ?? (registered ? await publicTranscript(db, sql`t.fingerprint = ${result.fingerprintSha256}`) : undefined);
      return {
        valid: result.valid && registered,
        fingerprint: result.fingerprintSha256,
        registered,
        transcript: transcript ? present(transcript) : null,
        signatures: result.signatures.map((s) => ({
          index: s.index,
          valid: s.valid,
          role: s.role,
          signerName: s.signerName,
          signingTime: s.signingTime ? s.signingTime.toISOString() : null,
          problems: s.problems,
        })),
        problems: [...result.problems, ...(registered ? [] : ['notRegistered'])],
      };
    },
  );
}
