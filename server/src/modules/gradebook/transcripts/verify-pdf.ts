import { createHash, X509Certificate, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { Oid } from './cades.ts';
import { type CertificateSummary, checkSigningCertificate, summarizeCertificate } from './certificates.ts';
import { roleFromReason, type SignatureRole } from './roles.ts';

/** Why a signature (or the document) is not valid. Stable codes, English detail goes to `detail`. */
export type VerificationProblem =
  | 'byteRangeInvalid'
  | 'notCoveringDocument'
  | 'contentsPadding'
  | 'cmsUnreadable'
  | 'digestAlgorithmUnsupported'
  | 'digestMismatch'
  | 'signatureInvalid'
  | 'signingCertificateMissing'
  | 'signingCertificateMismatch'
  | 'certificateUntrusted'
  | 'certificateExpired'
  | 'certificateNotYetValid'
  | 'certificateUnusable'
  | 'subFilterUnexpected';

export interface SignatureVerification {
  /** 0-based, in the order the signatures were applied (file order). */
  index: number;
  valid: boolean;
  signerName: string | null;
  role: SignatureRole | null;
  reason: string | null;
  /** The CMS signing-time attribute (claimed by the signer; no timestamp authority here). */
  signingTime: Date | null;
  subFilter: string | null;
  byteRange: [number, number, number, number] | null;
  /** True for the last signature when nothing was appended after it. */
  coversWholeDocument: boolean;
  certificate: CertificateSummary | null;
  problems: VerificationProblem[];
  detail: string[];
}

export interface PdfVerification {
  /** Every signature valid, at least one, the last covers the whole file, and the fingerprint matches when one was expected. */
  valid: boolean;
  /** SHA-256 of the whole file, lower-case hex. */
  fingerprintSha256: string;
  /** null when no expected fingerprint was given. */
  fingerprintMatches: boolean | null;
  signatures: SignatureVerification[];
  problems: ('noSignatures' | 'fingerprintMismatch' | 'lastSignatureNotCoveringDocument')[];
}

const DIGESTS: Record<string, string> = { [Oid.sha256]: 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };

/** Reads a PDF literal string starting at `start` (the '(') — escapes, nesting, UTF-16BE BOM. */
function readLiteralString(text: string, start: number): string | null {
  if (text[start] !== '(') return null;
  let depth = 0;
  let out = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
      if (next in map) {
        out += map[next];
        i++;
      } else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0] ?? '0';
        out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
        i += octal.length;
      } else if (next === '\r' || next === '\n') {
        i += next === '\r' && text[i + 2] === '\n' ? 2 : 1;
      }
      continue;
    }
    if (ch === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) break;
    }
    out += ch;
  }
  return decodeTextBytes(Buffer.from(out, 'latin1'));
}

function decodeTextBytes(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** A text-string value of `dict`: literal `( … )` or hex `< … >`. */
function dictValue(dict: string, key: string): string | null {
  const match = new RegExp(`/${key}\\s*([(<])`).exec(dict);
  if (!match) return null;
  const at = match.index + match[0].length - 1;
  if (match[1] === '(') return readLiteralString(dict, at);
  const end = dict.indexOf('>', at);
  const hex = dict.slice(at + 1, end).replace(/\s+/g, '');
  if (end < 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  return decodeTextBytes(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
}

/** DER length of the TLV at the start of `buf`, or -1. */
function derLength(buf: Uint8Array): number {
  if (buf.length < 2) return -1;
  const first = buf[1] as number;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || buf.length < 2 + n) return -1;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (buf[2 + i] as number);
  return 2 + n + len;
}

function sameCert(a: pkijs.Certificate, issuer: pkijs.RelativeDistinguishedNames, serial: asn1js.Integer): boolean {
  return a.issuer.isEqual(issuer) && a.serialNumber.isEqual(serial);
}

function verifyOne(
  pdf: Buffer,
  text: string,
  index: number,
  range: [number, number, number, number],
  rangePosition: number,
  trustedRoots: readonly Uint8Array[],
): SignatureVerification {
  const [a, b, c, d] = range;
  const problems: VerificationProblem[] = [];
  const detail: string[] = [];
  const fail = (p: VerificationProblem, why: string) => {
    problems.push(p);
    detail.push(why);
  };
  const objStart = text.lastIndexOf(' obj', rangePosition);
  const objEnd = text.indexOf('endobj', Math.max(c, rangePosition));
  const dict = objStart >= 0 && objEnd > 0 ? text.slice(objStart, objEnd) : '';
  const reason = dictValue(dict, 'Reason');
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1] ?? null;
  const result: SignatureVerification = {
    index,
    valid: false,
    signerName: null,
    role: roleFromReason(reason),
    reason,
    signingTime: null,
    subFilter,
    byteRange: range,
    coversWholeDocument: false,
    certificate: null,
    problems,
    detail,
  };
  if (subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached') fail('subFilterUnexpected', `SubFilter ${subFilter}`);
  if (a !== 0 || b <= 0 || c <= b + 1 || c + d > pdf.length || text[b] !== '<' || text[c - 1] !== '>' || (rangePosition >= b && rangePosition < c) || b < objStart || c > objEnd) {
    fail('byteRangeInvalid', `ByteRange [${range.join(' ')}] does not frame the /Contents of this signature`);
    return result;
  }
  const hex = text.slice(b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    fail('byteRangeInvalid', 'the gap of the ByteRange is not a hex string');
    return result;
  }
  result.coversWholeDocument = c + d === pdf.length;
  if (!result.coversWholeDocument && !/%%EOF\s*$/.test(text.slice(Math.max(0, c + d - 8), c + d))) {
    fail('notCoveringDocument', 'the signed range does not end at a revision boundary (%%EOF)');
  }
  const contents = Buffer.from(hex, 'hex');
  const cmsLength = derLength(contents);
  if (cmsLength <= 0 || cmsLength > contents.length) {
    fail('cmsUnreadable', 'the /Contents does not hold a DER structure');
    return result;
  }
  if (contents.subarray(cmsLength).some((byte) => byte !== 0)) fail('contentsPadding', 'non-zero bytes after the CMS in /Contents');

  let signedData: pkijs.SignedData;
  try {
    const asn1 = asn1js.fromBER(contents.subarray(0, cmsLength));
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== Oid.signedData) throw new Error(`content type ${contentInfo.contentType}`);
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    fail('cmsUnreadable', `CMS: ${error instanceof Error ? error.message : String(error)}`);
    return result;
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1 || !signerInfo.signedAttrs) {
    fail('cmsUnreadable', 'expected exactly one SignerInfo with signed attributes');
    return result;
  }
  const certificates = (signedData.certificates ?? []).filter((cert): cert is pkijs.Certificate => cert instanceof pkijs.Certificate);
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const leaf = sid instanceof pkijs.IssuerAndSerialNumber ? certificates.find((cert) => sameCert(cert, sid.issuer, sid.serialNumber)) : undefined;
  if (!leaf) {
    fail('signingCertificateMissing', 'the signer certificate is not in the CMS');
    return result;
  }
  const leafDer = Buffer.from(leaf.toSchema().toBER(false));
  result.certificate = summarizeCertificate(leafDer);
  result.signerName = result.certificate.subjectCommonName;

  const attribute = (oid: string) => signerInfo.signedAttrs?.attributes.find((attr) => attr.type === oid)?.values[0];
  const digestName = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!digestName) {
    fail('digestAlgorithmUnsupported', `digest ${signerInfo.digestAlgorithm.algorithmId}`);
    return result;
  }
  const signingTimeValue = attribute(Oid.signingTime);
  if (signingTimeValue instanceof asn1js.UTCTime || signingTimeValue instanceof asn1js.GeneralizedTime) result.signingTime = signingTimeValue.toDate();

  const digest = createHash(digestName).update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest();
  const messageDigest = attribute(Oid.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString) || !Buffer.from(messageDigest.valueBlock.valueHexView).equals(digest)) {
    fail('digestMismatch', 'the signed bytes were changed: message-digest does not match');
  }
  const contentType = attribute(Oid.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== Oid.data) {
    fail('cmsUnreadable', 'content-type attribute missing or not id-data');
  }

  // signing-certificate-v2 binds the signature to this exact certificate (no substitution).
  const signingCertificate = attribute(Oid.signingCertificateV2);
  try {
    const certs = (signingCertificate as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const essCertId = certs.valueBlock.value[0] as asn1js.Sequence;
    let [first, second] = essCertId.valueBlock.value;
    let hashName = 'sha256';
    if (first instanceof asn1js.Sequence) {
      hashName = DIGESTS[new pkijs.AlgorithmIdentifier({ schema: first }).algorithmId] ?? 'unsupported';
      first = second;
      second = undefined;
    }
    const expected = hashName === 'unsupported' ? null : createHash(hashName).update(leafDer).digest();
    if (!(first instanceof asn1js.OctetString) || !expected || !Buffer.from(first.valueBlock.valueHexView).equals(expected)) {
      fail('signingCertificateMismatch', 'signing-certificate-v2 does not name the signer certificate');
    }
  } catch {
    fail('signingCertificateMismatch', 'signing-certificate-v2 attribute missing or unreadable');
  }

  const signedAttrs = Buffer.from(signerInfo.signedAttrs.encodedValue);
  signedAttrs[0] = 0x31;
  let signatureOk = false;
  try {
    signatureOk = verifySignature(digestName, signedAttrs, new X509Certificate(leafDer).publicKey, Buffer.from(signerInfo.signature.valueBlock.valueHexView));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) fail('signatureInvalid', 'the CMS signature does not verify with the signer certificate');

  const chain = [leafDer, ...certificates.filter((cert) => cert !== leaf).map((cert) => Buffer.from(cert.toSchema().toBER(false)))];
  const at = result.signingTime ?? new Date();
  const check = checkSigningCertificate(chain, trustedRoots, at);
  if (!check.ok) {
    const map: Record<string, VerificationProblem> = {
      'gradebook.transcripts.certificateExpired': 'certificateExpired',
      'gradebook.transcripts.certificateNotYetValid': 'certificateNotYetValid',
      'gradebook.transcripts.certificateUnusable': 'certificateUnusable',
    };
    fail(map[check.code ?? ''] ?? 'certificateUntrusted', check.detail);
  }
  result.valid = problems.length === 0;
  return result;
}

/**
 * Checks every signature of a PDF: the ByteRange frames its own /Contents and starts at 0 (the last
 * one reaches the end of the file; earlier ones end at a revision's %%EOF), the SHA-256 of the
 * covered bytes equals the message-digest, the CMS signature verifies, signing-certificate-v2
 * names the signer certificate, the certificate chains to `trustedRoots` and was valid at the
 * signing time. With `expectedFingerprint`, the SHA-256 of the whole file must equal it too.
 * Never throws on a damaged file: it answers invalid with reasons.
 */
export function verifyPdf(pdf: Uint8Array, options: { trustedRoots: readonly Uint8Array[]; expectedFingerprint?: string }): PdfVerification {
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = buffer.toString('latin1');
  const fingerprintSha256 = createHash('sha256').update(buffer).digest('hex');
  const signatures: SignatureVerification[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    const range = [match[1], match[2], match[3], match[4]].map(Number) as [number, number, number, number];
    signatures.push(verifyOne(buffer, text, signatures.length, range, match.index, options.trustedRoots));
  }
  signatures.sort((x, y) => (x.byteRange?.[1] ?? 0) - (y.byteRange?.[1] ?? 0)).forEach((s, i) => {
    s.index = i;
  });
  const problems: PdfVerification['problems'] = [];
  if (signatures.length === 0) problems.push('noSignatures');
  const last = signatures.at(-1);
  if (last && !last.coversWholeDocument) problems.push('lastSignatureNotCoveringDocument');
  const fingerprintMatches = options.expectedFingerprint === undefined ? null : options.expectedFingerprint.toLowerCase() === fingerprintSha256;
  if (fingerprintMatches === false) problems.push('fingerprintMismatch');
  return {
    valid: problems.length === 0 && signatures.every((s) => s.valid),
    fingerprintSha256,
    fingerprintMatches,
    signatures,
    problems,
  };
}
