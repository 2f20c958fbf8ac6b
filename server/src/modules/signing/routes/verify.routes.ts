import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badRequest, notFound } from '../../../platform/errors.ts';
import { type DocumentType, findSignedDocument, type PublicDocument } from '../documents.ts';
import { trustedRootCertificates } from '../keys.ts';
import { verifyPdf } from '../pades/verify-pdf.ts';
import { codeParams, errors, publicDocumentSchema, tags, verificationSchema, verifyQuery } from './signing.schemas.ts';

const PDF_LIMIT = 10 * 1024 * 1024;

const present = (request: FastifyRequest, type: DocumentType, d: PublicDocument) => {
  const lang = request.lang === 'en' ? 'en' : 'vi';
  return {
    type: type.id,
    typeLabel: type.label[lang],
    code: d.code,
    title: d.title,
    facts: d.facts.map((f) => ({ label: f.label[lang], value: f.value })),
    version: d.version,
    status: d.status,
    current: d.status === 'sealed' && !d.newerVersion,
    newerVersion: d.newerVersion,
    fingerprint: d.fingerprint,
    sealedAt: d.sealedAt ? new Date(d.sealedAt).toISOString() : null,
    signatures: d.signatures.map(({ role, signer, at }) => ({ role, signer, at })),
  };
};

/**
 * The public verification of every document the platform signs (anyone who scans a QR code or
 * holds the file): the owning module's public facts by code, and an uploaded PDF checked
 * signature by signature against the trusted CAs and byte for byte against the fingerprint
 * registered when it was sealed. Document types register themselves (documents.ts).
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
        summary: 'Public facts of a signed document (transcript, result, receipt…) by the code of its QR',
        params: codeParams,
        response: { 200: publicDocumentSchema, ...errors },
      },
    },
    async (request) => {
      const found = await findSignedDocument(db, { code: request.params.code.toUpperCase() });
      if (!found) throw notFound('signing.unknownCode');
      return present(request, found.type, found.document);
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
          'Check an uploaded signed PDF (application/pdf body): every signature, the chain to a trusted CA, the fingerprint registered when it was sealed',
        querystring: verifyQuery,
        response: { 200: verificationSchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('signing.notAPdf');
      const code = request.query.code?.toUpperCase();
      const byCode = code ? await findSignedDocument(db, { code }) : undefined;
      const result = verifyPdf(body, {
        trustedRoots: await trustedRootCertificates(db),
        ...(byCode?.document.fingerprint ? { expectedFingerprint: byCode.document.fingerprint } : {}),
      });
      const found = byCode
        ? result.fingerprintMatches === true
          ? byCode
          : undefined
        : await findSignedDocument(db, { fingerprint: result.fingerprintSha256 });
      const registered = !!found;
      const shown = byCode ?? found;
      return {
        valid: result.valid && registered,
        fingerprint: result.fingerprintSha256,
        registered,
        document: shown ? present(request, shown.type, shown.document) : null,
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
