import { createHash, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import { Oid } from './cades.ts';
import { type CertificateSummary, checkSigningCertificate, summarizeCertificate, x509 } from './certificates.ts';
import { unexpectedChanges } from './incremental.ts';
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
  | 'subFilterUnexpected'
  /** The update that follows this signature's revision changes more than adding the next signature. */
  | 'modifiedAfterSigning';

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

interface LeanCms {
  certificates: Buffer[];
  issuer: Buffer;
  serial: Buffer;
  digestAlgorithm: string;
  /** DER of the signed attributes with the SET tag: what the signature covers. */
  signedAttrs: Buffer;
  attributes: Map<string, asn1js.AsnType | undefined>;
  signature: Buffer;
}

const bytesOf = (block: asn1js.AsnType) => Buffer.from((block as asn1js.BaseBlock).valueBeforeDecodeView);
const isContext = (block: asn1js.AsnType | undefined, tag: number) =>
  block instanceof asn1js.Constructed && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tag;

/**
 * Reads the CMS SignedData a PAdES signature holds with plain BER decoding (no pkijs schema walk,
 * which costs tens of milliseconds per signature): certificates as DER, the one SignerInfo's
 * issuer/serial, digest algorithm, signed attributes and signature value.
 */
function parseCms(der: Uint8Array): LeanCms {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || !(asn1.result instanceof asn1js.Sequence)) throw new Error('not DER');
  const [contentType, wrapped] = asn1.result.valueBlock.value;
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== Oid.signedData)
    throw new Error('not SignedData');
  if (!isContext(wrapped, 0)) throw new Error('no content');
  const signedData = (wrapped as asn1js.Constructed).valueBlock.value[0];
  if (!(signedData instanceof asn1js.Sequence)) throw new Error('bad SignedData');
  const parts = signedData.valueBlock.value;
  const certificates = parts.filter((p) => isContext(p, 0)).flatMap((p) => (p as asn1js.Constructed).valueBlock.value.map(bytesOf));
  const signerInfos = parts.at(-1);
  if (!(signerInfos instanceof asn1js.Set) || signerInfos.valueBlock.value.length !== 1) throw new Error('expected exactly one SignerInfo');
  const signerInfo = signerInfos.valueBlock.value[0];
  if (!(signerInfo instanceof asn1js.Sequence)) throw new Error('bad SignerInfo');
  const [, sid, digestAlgorithm, signedAttrs, , signature] = signerInfo.valueBlock.value;
  if (!(sid instanceof asn1js.Sequence) || sid.valueBlock.value.length !== 2)
    throw new Error('SignerInfo sid must be issuerAndSerialNumber');
  if (!(digestAlgorithm instanceof asn1js.Sequence) || !isContext(signedAttrs, 0) || !(signature instanceof asn1js.OctetString)) {
    throw new Error('SignerInfo without signed attributes');
  }
  const algorithm = digestAlgorithm.valueBlock.value[0];
  const attributes = new Map<string, asn1js.AsnType | undefined>();
  for (const attr of (signedAttrs as asn1js.Constructed).valueBlock.value) {
    const [type, values] = (attr as asn1js.Sequence).valueBlock.value;
    if (type instanceof asn1js.ObjectIdentifier && values instanceof asn1js.Set)
      attributes.set(type.valueBlock.toString(), values.valueBlock.value[0]);
  }
  const attrsDer = bytesOf(signedAttrs as asn1js.Constructed);
  attrsDer[0] = 0x31;
  const [issuer, serial] = sid.valueBlock.value as [asn1js.AsnType, asn1js.AsnType];
  return {
    certificates,
    issuer: bytesOf(issuer),
    serial: bytesOf(serial),
    digestAlgorithm: algorithm instanceof asn1js.ObjectIdentifier ? algorithm.valueBlock.toString() : '',
    signedAttrs: attrsDer,
    attributes,
    signature: Buffer.from(signature.valueBlock.valueHexView),
  };
}

/** The issuer Name and serialNumber INTEGER (DER) of a certificate. */
function issuerAndSerial(certDer: Buffer): { issuer: Buffer; serial: Buffer } {
  const asn1 = asn1js.fromBER(certDer);
  const tbs = (asn1.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const offset = isContext(fields[0], 0) ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (!serial || !issuer) throw new Error('bad certificate');
  return { issuer: bytesOf(issuer), serial: bytesOf(serial) };
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
  if (
    a !== 0 ||
    b <= 0 ||
    c <= b + 1 ||
    c + d > pdf.length ||
    text[b] !== '<' ||
    text[c - 1] !== '>' ||
    (rangePosition >= b && rangePosition < c) ||
    b < objStart ||
    c > objEnd
  ) {
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

  let cms: LeanCms;
  try {
    cms = parseCms(contents.subarray(0, cmsLength));
  } catch (error) {
    fail('cmsUnreadable', `CMS: ${error instanceof Error ? error.message : String(error)}`);
    return result;
  }
  const leafDer = cms.certificates.find((der) => {
    const id = issuerAndSerial(der);
    return id.issuer.equals(cms.issuer) && id.serial.equals(cms.serial);
  });
  if (!leafDer) {
    fail('signingCertificateMissing', 'the signer certificate is not in the CMS');
    return result;
  }
  result.certificate = summarizeCertificate(leafDer);
  result.signerName = result.certificate.subjectCommonName;

  const attribute = (oid: string) => cms.attributes.get(oid);
  const digestName = DIGESTS[cms.digestAlgorithm];
  if (!digestName) {
    fail('digestAlgorithmUnsupported', `digest ${cms.digestAlgorithm}`);
    return result;
  }
  const signingTimeValue = attribute(Oid.signingTime);
  if (signingTimeValue instanceof asn1js.UTCTime || signingTimeValue instanceof asn1js.GeneralizedTime)
    result.signingTime = signingTimeValue.toDate();

  const digest = createHash(digestName)
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
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
    let [first] = essCertId.valueBlock.value;
    let hashName = 'sha256';
    if (first instanceof asn1js.Sequence) {
      const algorithm = first.valueBlock.value[0];
      hashName = (algorithm instanceof asn1js.ObjectIdentifier && DIGESTS[algorithm.valueBlock.toString()]) || 'unsupported';
      first = essCertId.valueBlock.value[1];
    }
    const expected = hashName === 'unsupported' ? null : createHash(hashName).update(leafDer).digest();
    if (!(first instanceof asn1js.OctetString) || !expected || !Buffer.from(first.valueBlock.valueHexView).equals(expected)) {
      fail('signingCertificateMismatch', 'signing-certificate-v2 does not name the signer certificate');
    }
  } catch {
    fail('signingCertificateMismatch', 'signing-certificate-v2 attribute missing or unreadable');
  }

  let signatureOk = false;
  try {
    signatureOk = verifySignature(digestName, cms.signedAttrs, x509(leafDer).publicKey, cms.signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) fail('signatureInvalid', 'the CMS signature does not verify with the signer certificate');

  const chain = [leafDer, ...cms.certificates.filter((der) => der !== leafDer)];
  const at = result.signingTime ?? new Date();
  const check = checkSigningCertificate(chain, trustedRoots, at);
  if (!check.ok) {
    const map: Record<string, VerificationProblem> = {
      'signing.certificateExpired': 'certificateExpired',
      'signing.certificateNotYetValid': 'certificateNotYetValid',
      'signing.certificateUnusable': 'certificateUnusable',
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
export function verifyPdf(
  pdf: Uint8Array,
  options: { trustedRoots: readonly Uint8Array[]; expectedFingerprint?: string },
): PdfVerification {
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = buffer.toString('latin1');
  const fingerprintSha256 = createHash('sha256').update(buffer).digest('hex');
  const signatures: SignatureVerification[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    const range = [match[1], match[2], match[3], match[4]].map(Number) as [number, number, number, number];
    signatures.push(verifyOne(buffer, text, signatures.length, range, match.index, options.trustedRoots));
  }
  signatures
    .sort((x, y) => (x.byteRange?.[1] ?? 0) - (y.byteRange?.[1] ?? 0))
    .forEach((s, i) => {
      s.index = i;
    });
  // Between two signatures only the next signature may be added (no content slipped in and countersigned).
  for (let k = 1; k < signatures.length; k++) {
    const earlier = signatures[k - 1] as SignatureVerification;
    const later = signatures[k] as SignatureVerification;
    const end = (s: SignatureVerification) => (s.byteRange ? s.byteRange[2] + s.byteRange[3] : 0);
    if (!earlier.byteRange || !later.byteRange || end(earlier) >= end(later)) continue;
    let changes: string[];
    try {
      changes = unexpectedChanges(buffer.subarray(0, end(earlier)), buffer.subarray(0, end(later)));
    } catch (error) {
      changes = [`revision unreadable: ${error instanceof Error ? error.message : String(error)}`];
    }
    if (changes.length > 0) {
      earlier.problems.push('modifiedAfterSigning');
      earlier.detail.push(`changed after this signature: ${changes.join('; ')}`);
      earlier.valid = false;
    }
  }
  const problems: PdfVerification['problems'] = [];
  if (signatures.length === 0) problems.push('noSignatures');
  const last = signatures.at(-1);
  if (last && !last.coversWholeDocument) problems.push('lastSignatureNotCoveringDocument');
  const fingerprintMatches =
    options.expectedFingerprint === undefined ? null : options.expectedFingerprint.toLowerCase() === fingerprintSha256;
  if (fingerprintMatches === false) problems.push('fingerprintMismatch');
  return {
    valid: problems.length === 0 && signatures.every((s) => s.valid),
    fingerprintSha256,
    fingerprintMatches,
    signatures,
    problems,
  };
}
