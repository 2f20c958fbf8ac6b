import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { conflict, unprocessable } from '../../platform/errors.ts';
import { derToPem, isTestCertificate, summarizeCertificate } from './pades/certificates.ts';
import { SigningError } from './pades/errors.ts';
import { readPkcs12 } from './pades/pkcs12.ts';
import { type PdfSigner, type SealedPkcs12, sealPkcs12, unlockSealedPkcs12Signer } from './pades/signer.ts';

/** Whose key: a person's (homeroom teacher, principal, head of a unit) or a unit's seal (school, commune, department). */
export type KeyOwner = { kind: 'personal'; userId: string } | { kind: 'seal'; unitId: string };

export type SigningKeyRow = {
  id: string;
  kind: 'personal' | 'seal';
  userId: string | null;
  unitId: string | null;
  sealed: SealedPkcs12;
  certificate: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  test: boolean;
};

/** A library error (wrong passphrase, damaged file) shown on the form field it concerns. */
const onField = (err: unknown, field: string) =>
  err instanceof SigningError ? unprocessable(err.code, err.params, [{ path: `body.${field}`, code: err.code, params: err.params }]) : err;

const pemToDer = (pem: string) => Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');

/**
 * Stores a PKCS#12 for its owner, sealed under `passphrase` (the file's own password must be the
 * same: the holder chooses it when exporting). Replaces the owner's active key; the old one is
 * kept as revoked, so transcripts it signed still show who signed.
 */
export async function storeSigningKey(
  q: Queryable,
  owner: KeyOwner,
  p12: Uint8Array,
  passphrase: string,
  createdBy: string | null,
): Promise<SigningKeyRow> {
  let sealed: SealedPkcs12;
  let chain: Buffer[];
  try {
    ({ chain } = await readPkcs12(p12, passphrase));
    sealed = await sealPkcs12(p12, passphrase);
  } catch (err) {
    throw onField(err, 'passphrase');
  }
  const cert = chain[0]!;
  const summary = summarizeCertificate(cert);
  const userId = owner.kind === 'personal' ? owner.userId : null;
  const unitId = owner.kind === 'seal' ? owner.unitId : null;
  await q.execute(sql`UPDATE signing.signing_keys SET status = 'revoked'
    WHERE status = 'active' AND kind = ${owner.kind} AND ${owner.kind === 'personal' ? sql`user_id = ${userId}` : sql`unit_id = ${unitId}`}`);
  const { rows } = await q.execute<SigningKeyRow>(sql`
    INSERT INTO signing.signing_keys (kind, user_id, unit_id, sealed, certificate, subject, issuer, not_before, not_after, test, created_by)
    VALUES (${owner.kind}, ${userId}, ${unitId}, ${JSON.stringify(sealed)}::jsonb, ${derToPem(cert)}, ${summary.subjectCommonName}, ${summary.issuerCommonName},
      ${summary.notBefore.toISOString()}, ${summary.notAfter.toISOString()}, ${isTestCertificate(chain)}, ${createdBy})
    RETURNING id, kind, user_id AS "userId", unit_id AS "unitId", sealed, certificate, subject, issuer, not_before AS "notBefore", not_after AS "notAfter", test`);
  return rows[0]!;
}

export async function activeKey(q: Queryable, owner: KeyOwner): Promise<SigningKeyRow | undefined> {
  const { rows } = await q.execute<SigningKeyRow>(sql`
    SELECT id, kind, user_id AS "userId", unit_id AS "unitId", sealed, certificate, subject, issuer, not_before AS "notBefore", not_after AS "notAfter", test
    FROM signing.signing_keys WHERE status = 'active' AND kind = ${owner.kind}
      AND ${owner.kind === 'personal' ? sql`user_id = ${owner.userId}` : sql`unit_id = ${owner.unitId}`}`);
  return rows[0];
}

/** The owner's signer, unlocked with the passphrase for this one operation (never stored). */
export async function unlockSigner(
  q: Queryable,
  owner: KeyOwner,
  passphrase: string,
  field: string,
): Promise<{ signer: PdfSigner; key: SigningKeyRow }> {
  const key = await activeKey(q, owner);
  if (!key) throw conflict(owner.kind === 'seal' ? 'signing.noSealKey' : 'signing.noPersonalKey');
  try {
    return { signer: await unlockSealedPkcs12Signer(key.sealed, passphrase), key };
  } catch (err) {
    throw onField(err, field);
  }
}

/** The roots the province trusts (DER), test CA included in the demo. */
export async function trustedRootCertificates(q: Queryable): Promise<Buffer[]> {
  const { rows } = await q.execute<{ certificate: string }>(sql`SELECT certificate FROM signing.trusted_roots`);
  return rows.map((r) => pemToDer(r.certificate));
}

export async function addTrustedRoot(q: Queryable, name: string, der: Uint8Array, test: boolean): Promise<void> {
  const pem = derToPem(Buffer.from(der));
  await q.execute(sql`INSERT INTO signing.trusted_roots (name, certificate, test)
    SELECT ${name}, ${pem}, ${test} WHERE NOT EXISTS (SELECT 1 FROM signing.trusted_roots WHERE certificate = ${pem})`);
}
