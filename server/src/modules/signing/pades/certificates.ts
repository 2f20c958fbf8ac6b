import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from './errors.ts';

/** OIDs of the name attributes this library writes and reads. */
export const NameOid = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  province: '2.5.4.8',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  title: '2.5.4.12',
} as const;

/** A CA certificate's subject CN carries this marker when it belongs to a test PKI (createTestPki). */
export const TEST_CA_MARKER = 'TEST CA';

export interface CertificateSummary {
  subjectCommonName: string;
  /** X.520 title (chức danh), e.g. "Hiệu trưởng"; null when absent. */
  subjectTitle: string | null;
  subjectOrganization: string | null;
  issuerCommonName: string;
  serialNumberHex: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER certificate, lower-case hex without separators. */
  fingerprintSha256: string;
  isCa: boolean;
}

/**
 * Parsing a certificate with pkijs costs milliseconds, and a class batch meets the same few
 * certificates hundreds of times: parsed forms are cached by DER (bounded; entries are read-only).
 */
function memo<T>(limit: number, make: (der: Uint8Array) => T): (der: Uint8Array) => T {
  const cache = new Map<string, T>();
  return (der) => {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    let value = cache.get(key);
    if (value === undefined) {
      value = make(der);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(key, value);
    }
    return value;
  };
}

export const parsePkijsCertificate: (der: Uint8Array) => pkijs.Certificate = memo(256, (der) => {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1) throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'certificate is not DER' });
  return new pkijs.Certificate({ schema: asn1.result });
});

/** node:crypto view of a certificate (cached). */
export const x509: (der: Uint8Array) => X509Certificate = memo(256, (der) => new X509Certificate(der));

function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  if (!found) return null;
  const value = found.value as { valueBlock?: { value?: unknown } };
  return typeof value.valueBlock?.value === 'string' ? value.valueBlock.value : null;
}

export const summarizeCertificate: (der: Uint8Array) => CertificateSummary = memo(256, (der) => {
  const x = x509(der);
  const cert = parsePkijsCertificate(der);
  return Object.freeze({
    subjectCommonName: nameAttribute(cert.subject, NameOid.commonName) ?? '',
    subjectTitle: nameAttribute(cert.subject, NameOid.title),
    subjectOrganization: nameAttribute(cert.subject, NameOid.organization),
    issuerCommonName: nameAttribute(cert.issuer, NameOid.commonName) ?? '',
    serialNumberHex: x.serialNumber.toLowerCase(),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    fingerprintSha256: x.fingerprint256.replaceAll(':', '').toLowerCase(),
    isCa: x.ca,
  });
});

/** True when the certificate was issued under a test CA made by createTestPki (the PDF then carries a watermark). */
export function isTestCertificate(chainDer: readonly Uint8Array[]): boolean {
  return chainDer.some((der) => {
    const s = summarizeCertificate(der);
    return s.issuerCommonName.includes(TEST_CA_MARKER) || (s.isCa && s.subjectCommonName.includes(TEST_CA_MARKER));
  });
}

/** Key usage bits digitalSignature (0) or nonRepudiation (1); a certificate without the extension may sign. */
function maySignDocuments(der: Uint8Array): boolean {
  const cert = parsePkijsCertificate(der);
  const ku = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ku) return true;
  const bits = asn1js.fromBER(ku.extnValue.valueBlock.valueHexView);
  const view = (bits.result as asn1js.BitString).valueBlock.valueHexView;
  const first = view[0] ?? 0;
  return (first & 0x80) !== 0 || (first & 0x40) !== 0;
}

export interface CertificateCheck {
  ok: boolean;
  code: SigningErrorCode | null;
  /** Human-oriented detail in English for logs and the verification result. */
  detail: string;
}

/**
 * Checks that `chain[0]` may sign at `at`: inside its validity period, usable for document signing,
 * and chaining (through the other certificates of `chain`, which must be CAs valid at `at`) to one of
 * `trustedRoots`. Returns the first failure; never throws for a certificate problem.
 */
export function checkSigningCertificate(chain: readonly Uint8Array[], trustedRoots: readonly Uint8Array[], at: Date): CertificateCheck {
  const [leafDer] = chain;
  if (!leafDer) return { ok: false, code: SigningErrorCode.certificateUntrusted, detail: 'no certificate' };
  let leaf: X509Certificate;
  try {
    leaf = x509(leafDer);
  } catch {
    return { ok: false, code: SigningErrorCode.keystoreInvalid, detail: 'unreadable certificate' };
  }
  const validity = checkValidity(leaf, at);
  if (validity) return validity;
  if (leaf.ca || !maySignDocuments(leafDer)) {
    return { ok: false, code: SigningErrorCode.certificateUnusable, detail: 'certificate may not sign documents' };
  }
  const roots = trustedRoots.map(x509);
  const intermediates = chain.slice(1).map(x509);
  let current = leaf;
  for (let depth = 0; depth < 6; depth++) {
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) {
      const rootValidity = checkValidity(root, at);
      return rootValidity
        ? {
            ok: false,
            code: SigningErrorCode.certificateUntrusted,
            detail: `trusted CA not valid at signing time: ${rootValidity.detail}`,
          }
        : { ok: true, code: null, detail: 'ok' };
    }
    if (roots.some((r) => r.fingerprint256 === current.fingerprint256)) return { ok: true, code: null, detail: 'ok' };
    const next = intermediates.find(
      (c) => c.ca && c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey),
    );
    if (!next || checkValidity(next, at)) break;
    current = next;
  }
  return {
    ok: false,
    code: SigningErrorCode.certificateUntrusted,
    detail: `certificate issued by "${leaf.issuer.replaceAll('\n', ', ')}" does not chain to a trusted CA`,
  };
}

function checkValidity(cert: X509Certificate, at: Date): CertificateCheck | null {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (at.getTime() < notBefore.getTime()) {
    return { ok: false, code: SigningErrorCode.certificateNotYetValid, detail: `valid from ${notBefore.toISOString()}` };
  }
  if (at.getTime() > notAfter.getTime()) {
    return { ok: false, code: SigningErrorCode.certificateExpired, detail: `expired on ${notAfter.toISOString()}` };
  }
  return null;
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}
