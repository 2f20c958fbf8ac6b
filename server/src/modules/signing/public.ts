/**
 * The signing service (issue 13 §D): what every module that signs documents may use. PAdES
 * signatures (pades/), the certificate store (keys.ts: personal keys and the seals of schools,
 * communes and the department), the trusted CAs with the demo's test CA, and the registry of
 * document types the public verification page answers for (documents.ts).
 *
 * ```ts
 * registerDocumentType({ id: 'services.result', label, findByCode, findByFingerprint }); // once, at start
 * const { signer, key } = await unlockSigner(tx, { kind: 'seal', unitId }, passphrase, 'passphrase');
 * const signed = await signPdf(pdf, signer, { role: 'seal', reason: 'đóng dấu kết quả', trustedRoots: await trustedRootCertificates(tx) });
 * // register sha256(signed) with the document so /verify finds it
 * ```
 */
export { type DocumentType, type PublicDocument, registerDocumentType, unregisterDocumentType } from './documents.ts';
export {
  activeKey,
  addTrustedRoot,
  type KeyOwner,
  type SigningKeyRow,
  storeSigningKey,
  trustedRootCertificates,
  unlockSigner,
} from './keys.ts';
export { type CertificateSummary, derToPem, isTestCertificate, summarizeCertificate, TEST_CA_MARKER } from './pades/certificates.ts';
export { SigningError, SigningErrorCode } from './pades/errors.ts';
export { plainPdf } from './pades/plain-pdf.ts';
export { readPkcs12 } from './pades/pkcs12.ts';
export { ROLE_LABEL, reasonFor, roleFromReason, SIGNATURE_ROLES, type SignatureRole } from './pades/roles.ts';
export { type SignPdfOptions, signPdf } from './pades/sign-pdf.ts';
export { openPkcs12Signer, type PdfSigner, type SealedPkcs12, sealPkcs12, unlockSealedPkcs12Signer } from './pades/signer.ts';
export { createTestCa, createTestPki, type TestCa, type TestIdentity, type TestIdentitySpec, type TestPki } from './pades/test-pki.ts';
export { type PdfVerification, type SignatureVerification, type VerificationProblem, verifyPdf } from './pades/verify-pdf.ts';
