import { createHash } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from '@signpdf/utils';
import { buildCadesDetached } from './cades.ts';
import { checkSigningCertificate, summarizeCertificate } from './certificates.ts';
import { SigningError, SigningErrorCode } from './errors.ts';
import { addSignaturePlaceholder } from './incremental.ts';
import { reasonFor, type SignatureRole } from './roles.ts';
import type { PdfSigner } from './signer.ts';
import { verifyPdf } from './verify-pdf.ts';

export interface SignPdfOptions {
  role: SignatureRole;
  /** Text after the role label in /Reason; a default per role otherwise. */
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Defaults to now. Also the time the certificate must be valid at. */
  signingTime?: Date;
  /**
   * The CAs whose certificates may sign (the province's trust list; the test CA in demo mode).
   * The signer's certificate must chain to one of them, and every signature already in the PDF
   * must verify against them: a tampered document is never countersigned.
   */
  trustedRoots: readonly Uint8Array[];
  /**
   * The order the document type's signatures must follow (a transcript: homeroomTeacher →
   * principal → seal), judged from the roles of the signatures already in the PDF; none: any order.
   */
  roleOrder?: readonly SignatureRole[];
  /** Bytes reserved for the CMS (default 8192: certificate chain + RSA-4096 fit). */
  signatureBytes?: number;
}

class CadesSigner extends Signer {
  constructor(
    private readonly signer: PdfSigner,
    private readonly time: Date,
  ) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const contentDigest = createHash('sha256').update(pdfBuffer).digest();
    return buildCadesDetached({ contentDigest, signer: this.signer, signingTime: this.time });
  }
}

/**
 * Adds one PAdES signature (SubFilter ETSI.CAdES.detached) as an incremental update: the bytes of
 * `pdf` are kept as they are (earlier signatures stay valid), a signature field, its dictionary with
 * a ByteRange and a /Contents placeholder are appended, then the CMS is computed over the whole
 * file except the placeholder and written into it. Call it once per signer, in order.
 */
export async function signPdf(pdf: Buffer, signer: PdfSigner, options: SignPdfOptions): Promise<Buffer> {
  // Whole seconds: /M and the CMS signing-time carry no fraction. The caller's Date is not touched.
  const signingTime = new Date(Math.floor((options.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const check = checkSigningCertificate(signer.certificateChain, options.trustedRoots, signingTime);
  if (!check.ok && check.code) throw new SigningError(check.code, { detail: check.detail });

  let existingRoles: (SignatureRole | null)[] = [];
  if (pdf.includes('/ByteRange')) {
    const existing = verifyPdf(pdf, { trustedRoots: options.trustedRoots });
    if (!existing.valid) {
      const bad = existing.signatures.find((s) => !s.valid);
      throw new SigningError(SigningErrorCode.existingSignatureInvalid, {
        index: bad?.index ?? null,
        problems: bad?.problems ?? existing.problems,
      });
    }
    existingRoles = existing.signatures.map((s) => s.role);
  }
  const order = options.roleOrder;
  if (order) {
    // the signatures so far must be exactly the start of the document type's order
    const expected = order[existingRoles.length] ?? null;
    const prefixOk = existingRoles.every((role, i) => role === order[i]);
    if (!prefixOk || expected !== options.role) {
      throw new SigningError(SigningErrorCode.signatureOutOfOrder, { expected, role: options.role, existing: existingRoles });
    }
  }

  let withPlaceholder: Buffer;
  try {
    withPlaceholder = addSignaturePlaceholder(pdf, {
      reason: reasonFor(options.role, options.reason),
      name: signer.certificateChain[0] ? summarizeCertificate(signer.certificateChain[0]).subjectCommonName : '',
      location: options.location ?? '',
      contactInfo: options.contactInfo ?? '',
      signingTime,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      contentsBytes: options.signatureBytes ?? 8192,
    });
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw new SigningError(SigningErrorCode.pdfNotSignable, { reason: error instanceof Error ? error.message : String(error) });
  }
  try {
    return await new SignPdf().sign(withPlaceholder, new CadesSigner(signer, signingTime));
  } catch (error) {
    if (error instanceof SigningError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/exceeds placeholder/i.test(message)) throw new SigningError(SigningErrorCode.signatureTooLarge, { reason: message });
    throw new SigningError(SigningErrorCode.pdfNotSignable, { reason: message });
  }
}
