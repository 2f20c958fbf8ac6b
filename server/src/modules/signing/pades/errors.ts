import { AppError } from '../../../platform/errors.ts';

/**
 * Stable error codes of the transcript document/signature library. Each code is also an i18n key
 * (see ./i18n/*.json); the HTTP layer maps the status.
 */
export const SigningErrorCode = {
  /** The signing certificate's notAfter is before the signing time. */
  certificateExpired: 'signing.certificateExpired',
  /** The signing certificate's notBefore is after the signing time. */
  certificateNotYetValid: 'signing.certificateNotYetValid',
  /** The certificate does not chain to one of the trusted CAs (wrong CA, self-signed, broken chain). */
  certificateUntrusted: 'signing.certificateUntrusted',
  /** The certificate may not sign documents (key usage without digitalSignature/nonRepudiation, or a CA). */
  certificateUnusable: 'signing.certificateUnusable',
  /** The passphrase does not open the stored key. */
  keystorePassphraseWrong: 'signing.keystorePassphraseWrong',
  /** The stored key or PKCS#12 file is damaged or in a format this library does not read. */
  keystoreInvalid: 'signing.keystoreInvalid',
  /** The PDF cannot take a signature (not a PDF, no trailer, cross-reference streams…). */
  pdfNotSignable: 'signing.pdfNotSignable',
  /** A signature already in the PDF is invalid: refuse to countersign a tampered document. */
  existingSignatureInvalid: 'signing.existingSignatureInvalid',
  /** Transcripts are signed homeroom teacher → principal → seal; this role is not the next one. */
  signatureOutOfOrder: 'signing.signatureOutOfOrder',
  /** The CMS signature does not fit in the reserved /Contents placeholder. */
  signatureTooLarge: 'signing.signatureTooLarge',
  /** The signing device/service refused or failed (token removed, remote service error). */
  signerFailed: 'signing.signerFailed',
} as const;
export type SigningErrorCode = (typeof SigningErrorCode)[keyof typeof SigningErrorCode];

export class SigningError extends AppError {
  constructor(code: SigningErrorCode, params: Record<string, unknown> = {}) {
    super(code, 422, params);
    this.name = 'SigningError';
  }
}
