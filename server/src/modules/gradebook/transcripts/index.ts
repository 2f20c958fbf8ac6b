/**
 * Transcripts (học bạ số): the document and signature library of the gradebook module.
 * Pure library: no database, no routes. The gradebook's commands/routes call it.
 *
 * ```ts
 * const pdf = await renderTranscript(data);                      // A4 học bạ, Vietnamese, QR code
 * const signer = await unlockSealedPkcs12Signer(stored, passphrase); // key in memory for this session only
 * let signed = await signPdf(pdf, homeroomSigner, { role: 'homeroomTeacher', trustedRoots });
 * signed = await signPdf(signed, principalSigner, { role: 'principal', trustedRoots });
 * signed = await signPdf(signed, sealSigner, { role: 'seal', trustedRoots });
 * const fingerprint = createHash('sha256').update(signed).digest('hex');  // register it with the transcript
 * const result = verifyPdf(uploaded, { trustedRoots, expectedFingerprint: fingerprint });
 * ```
 *
 * - `renderTranscript(data: TranscriptData, { generatedAt? }) → Promise<Buffer>`: the PDF laid out
 *   like the ministry's paper học bạ (see render.ts). Same data + date → same bytes.
 *   `data.testCertificate` adds the "CHỨNG THƯ SỐ THỬ NGHIỆM / TEST CERTIFICATE" watermark; set it
 *   when `isTestCertificate(signer.certificateChain)` (the demo's test CA). `data.assessments` adds
 *   tables such as the primary school's qualities and competences (TT 27).
 * - `signPdf(pdf, signer: PdfSigner, { role, trustedRoots, reason?, location?, signingTime? })`: one
 *   PAdES signature (SubFilter ETSI.CAdES.detached; CMS signed attributes content-type,
 *   signing-time, message-digest, signing-certificate-v2) appended as an incremental update, so
 *   earlier signatures stay valid. Refuses with TranscriptError (422, stable `code`):
 *   certificateExpired, certificateNotYetValid, certificateUntrusted (wrong CA),
 *   certificateUnusable, existingSignatureInvalid (tampered input), signatureOutOfOrder (roles go
 *   homeroomTeacher → principal → seal; `enforceRoleOrder: false` lifts it for other documents),
 *   pdfNotSignable, signatureTooLarge, signerFailed. The role is written in /Reason
 *   ("Hiệu trưởng: phê duyệt học bạ") and read back by verifyPdf. Messages: ./i18n/{vi,en}.json
 *   (flat keys = the codes; merge them into the gradebook module's messages).
 * - `verifyPdf(pdf, { trustedRoots, expectedFingerprint? }) → PdfVerification`: per signature
 *   { index, valid, signerName, role, reason, signingTime, certificate, coversWholeDocument,
 *   problems[] } plus the file's SHA-256 and whether it matches. Never throws on a bad file.
 * - `PdfSigner`: the adapter interface (certificateChain, keyType, sign({ data, digest })). PKCS#12
 *   implementation: `openPkcs12Signer(p12, password)`; at rest: `sealPkcs12(p12, passphrase)` →
 *   `SealedPkcs12` (JSON: scrypt N=2^15 + AES-256-GCM) and `unlockSealedPkcs12Signer(sealed, passphrase)`.
 *   USB token (PKCS#11) and remote signing (CSC) adapters are described in signer.ts, not written.
 * - `createTestPki({ schoolName, homeroomTeacherName, principalName, passphrases })` /
 *   `createTestCa()` + `ca.issue(spec)`: a "Giáo Dục Số TEST CA — not for production" root and
 *   PKCS#12 identities (personal, organisation seal), generated in memory, never committed.
 * - `sampleTranscript(n)`: complete example data (tests, benchmark, demo preview).
 * - Benchmark: `npx tsx src/modules/gradebook/transcripts/bench-class.ts 45 3` (render + 3 signatures
 *   for a class of 45). Tests: `npx vitest run src/modules/gradebook/transcripts/` (need poppler-utils,
 *   qpdf, zbar-tools, libnss3-tools, openssl: installed by .ci/run).
 *
 * Trust: `trustedRoots` is the list of CA certificates (DER) the province accepts (VGCA and the
 * licensed public CAs in production; the test CA in demo mode). No OCSP/CRL and no timestamp
 * authority here: the signing time is the signer's claim, checked against the certificate's
 * validity period (documented limitation).
 */
export { createPkcs12, readPkcs12 } from './pkcs12.ts';
export {
  type CertificateSummary,
  checkSigningCertificate,
  derToPem,
  isTestCertificate,
  summarizeCertificate,
  TEST_CA_MARKER,
} from './certificates.ts';
export { TranscriptError, TranscriptErrorCode } from './errors.ts';
export { formatDate, formatScore, type RenderOptions, renderTranscript } from './render.ts';
export { ROLE_LABEL, reasonFor, roleFromReason, SIGNATURE_ROLES, type SignatureRole } from './roles.ts';
export { sampleTranscript, VIETNAMESE_LETTERS } from './sample.ts';
export { type SignPdfOptions, signPdf } from './sign-pdf.ts';
export { openPkcs12Signer, openSealedPkcs12, type PdfSigner, type SealedPkcs12, sealPkcs12, unlockSealedPkcs12Signer } from './signer.ts';
export { createTestCa, createTestPki, type TestCa, type TestIdentity, type TestIdentitySpec, type TestPki } from './test-pki.ts';
export type { TranscriptData, TranscriptSignatory, TranscriptSubjectRow, TranscriptTermValues } from './types.ts';
export { type PdfVerification, type SignatureVerification, type VerificationProblem, verifyPdf } from './verify-pdf.ts';
