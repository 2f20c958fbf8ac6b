import { AppError } from '../../../platform/errors.ts';

/**
 * Stable error codes of the transcript document/signature library. Each code is also an i18n key
 * (see ./i18n/*.json); the HTTP layer maps the status.
 */
export const TranscriptErrorCode = {
  /** The signing certificate's notAfter is before the signing time. */
  certificateExpired: 'gradebook.transcripts.certificateExpired',
  /** The signing certificate's notBefore is after the signing time. */
  certificateNotYetValid: 'gradebook.transcripts.certificateNotYetValid',
  /** The certificate does not chain to one of the trusted CAs (wrong CA, self-signed, broken chain). */
  certificateUntrusted: 'gradebook.transcripts.certificateUntrusted',
  /** The certificate may not sign documents (key usage without digitalSignature/nonRepudiation, or a CA). */
  certificateUnusable: 'gradebook.transcripts.certificateUnusable',
  /** The passphrase does not open the stored key. */
  keystorePassphraseWrong: 'gradebook.transcripts.keystorePassphraseWrong',
  /** The stored key or PKCS#12 file is damaged or in a format this library does not read. */
  keystoreInvalid: 'gradebook.transcripts.keystoreInvalid',
  /** The PDF cannot take a signature (not a PDF, no trailer, cross-reference streams…). */
  pdfNotSignable: 'gradebook.transcripts.pdfNotSignable',
  /** A signature already in the PDF is invalid: refuse to countersign a tampered document. */
  existingSignatureInvalid: 'gradebook.transcripts.existingSignatureInvalid',
  /** Transcripts are signed homeroom teacher → principal → seal; this role is not the next one. */
  signatureOutOfOrder: 'gradebook.transcripts.signatureOutOfOrder',
  /** The CMS signature does not fit in the reserved /Contents placeholder. */
  signatureTooLarge: 'gradebook.transcripts.signatureTooLarge',
  /** The signing device/service refused or failed (token removed, remote service error). */
  signerFailed: 'gradebook.transcripts.signerFailed',
} as const;
export type TranscriptErrorCode = (typeof TranscriptErrorCode)[keyof typeof TranscriptErrorCode];

export class TranscriptError extends AppError {
  constructor(code: TranscriptErrorCode, params: Record<string, unknown> = {}) {
    super(code, 422, params);
    this.name = 'TranscriptError';
  }
}
