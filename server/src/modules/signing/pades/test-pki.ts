import { createHash, generateKeyPair, type KeyObject, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { NameOid, TEST_CA_MARKER } from './certificates.ts';
import { createPkcs12 } from './pkcs12.ts';

/**
 * A test PKI for the demo province and the tests: a self-signed root CA clearly named as a test
 * ("Giáo Dục Số TEST CA — not for production") that issues personal certificates (teachers,
 * principals) and organisation-seal certificates (chứng thư số con dấu of a school) as PKCS#12.
 * Everything is generated in memory at seed/test time: no private key is ever committed.
 */

const generateKeyPairAsync = promisify(generateKeyPair);
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const DAY = 86_400_000;

export type TestSubjectKind = 'personal' | 'seal';

export interface TestIdentitySpec {
  kind: TestSubjectKind;
  /** CN: the person's full name, or the unit's name for a seal. */
  commonName: string;
  /** X.520 title (chức danh), e.g. "Giáo viên chủ nhiệm", "Hiệu trưởng"; for a seal e.g. "Con dấu". */
  title?: string;
  organization?: string;
  province?: string;
  /** Defaults: valid from one day ago for 2 years. */
  notBefore?: Date;
  notAfter?: Date;
  /** The PKCS#12 password (and, once sealed, the holder's passphrase). */
  passphrase: string;
  /** Default RSA-2048 (what VGCA and the public CAs issue); 'ec' = ECDSA P-256. The CA is always RSA. */
  keyType?: 'rsa' | 'ec';
}

export interface TestIdentity {
  spec: TestIdentitySpec;
  /** The PKCS#12 file (key + certificate + CA certificate), protected by spec.passphrase. */
  p12: Buffer;
  certificate: Buffer;
  /** Holder's certificate, then the CA certificate (DER). */
  chain: Buffer[];
}

export interface TestCa {
  name: string;
  certificate: Buffer;
  issue(spec: TestIdentitySpec): Promise<TestIdentity>;
}

/** An X.501 Name with one attribute per RDN (pkijs would put them all in one multi-valued RDN). */
function name(parts: [string, string | undefined][]): pkijs.RelativeDistinguishedNames {
  const sequence = new asn1js.Sequence({
    value: parts
      .filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '')
      .map(
        ([type, value]) =>
          new asn1js.Set({
            value: [
              new pkijs.AttributeTypeAndValue({
                type,
                value: type === NameOid.country ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
              }).toSchema(),
            ],
          }),
      ),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(sequence.toBER(false)).result });
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

function keyUsage(bits: number, unusedBits: number): asn1js.BitString {
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits });
}

function spkiOf(key: KeyObject): { info: pkijs.PublicKeyInfo; keyId: Buffer } {
  const der = key.export({ type: 'spki', format: 'der' });
  const info = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(der).result });
  const keyId = createHash('sha1').update(Buffer.from(info.subjectPublicKey.valueBlock.valueHexView)).digest();
  return { info, keyId };
}

function buildCertificate(params: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  publicKey: KeyObject;
  issuerKeyId: Buffer | null;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
}): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  const { info, keyId } = spkiOf(params.publicKey);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: ab(serial) });
  cert.subject = params.subject;
  cert.issuer = params.issuer;
  cert.notBefore = new pkijs.Time({ type: 0, value: params.notBefore });
  cert.notAfter = new pkijs.Time({ type: 0, value: params.notAfter });
  cert.subjectPublicKeyInfo = info;
  const extensions = [
    extension('2.5.29.19', true, new pkijs.BasicConstraints(params.ca ? { cA: true } : {}).toSchema()),
    // CA: keyCertSign + cRLSign; holder: digitalSignature + nonRepudiation (contentCommitment).
    extension('2.5.29.15', true, params.ca ? keyUsage(0x06, 1) : keyUsage(0xc0, 6)),
    extension('2.5.29.14', false, new asn1js.OctetString({ valueHex: ab(keyId) })),
  ];
  if (params.issuerKeyId) {
    extensions.push(
      extension(
        '2.5.29.35',
        false,
        new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: ab(params.issuerKeyId) }) }).toSchema(),
      ),
    );
  }
  cert.extensions = extensions;
  const algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_WITH_RSA, algorithmParams: new asn1js.Null() });
  cert.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  const tbs = Buffer.from(cert.encodeTBS().toBER(false));
  cert.tbsView = new Uint8Array(tbs);
  cert.signatureValue = new asn1js.BitString({ valueHex: ab(sign('sha256', tbs, params.signingKey)) });
  return Buffer.from(cert.toSchema(false).toBER(false));
}

async function rsaKeyPair(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
}

/** Creates a self-signed test root CA (10 years) that can issue test identities. */
export async function createTestCa(options: { name?: string; now?: Date } = {}): Promise<TestCa> {
  const now = options.now ?? new Date();
  const caName = options.name ?? `Giáo Dục Số ${TEST_CA_MARKER} — not for production`;
  if (!caName.includes(TEST_CA_MARKER)) throw new Error(`a test CA name must contain "${TEST_CA_MARKER}"`);
  const keys = await rsaKeyPair();
  const caSubject = name([
    [NameOid.country, 'VN'],
    [NameOid.organization, 'Giáo Dục Số (TEST)'],
    [NameOid.commonName, caName],
  ]);
  const caKeyId = spkiOf(keys.publicKey).keyId;
  const certificate = buildCertificate({
    subject: caSubject,
    issuer: caSubject,
    publicKey: keys.publicKey,
    issuerKeyId: caKeyId,
    signingKey: keys.privateKey,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    ca: true,
  });
  return {
    name: caName,
    certificate,
    async issue(spec) {
      const holder = spec.keyType === 'ec' ? await generateKeyPairAsync('ec', { namedCurve: 'P-256' }) : await rsaKeyPair();
      const subject = name([
        [NameOid.country, 'VN'],
        [NameOid.province, spec.province],
        [NameOid.organization, spec.organization ?? (spec.kind === 'seal' ? spec.commonName : undefined)],
        [NameOid.title, spec.title ?? (spec.kind === 'seal' ? 'Con dấu' : undefined)],
        [NameOid.commonName, spec.commonName],
      ]);
      const holderCert = buildCertificate({
        subject,
        issuer: caSubject,
        publicKey: holder.publicKey,
        issuerKeyId: caKeyId,
        signingKey: keys.privateKey,
        notBefore: spec.notBefore ?? new Date(now.getTime() - DAY),
        notAfter: spec.notAfter ?? new Date(now.getTime() + 730 * DAY),
        ca: false,
      });
      const chain = [holderCert, certificate];
      const p12 = await createPkcs12({ privateKey: holder.privateKey, chain, password: spec.passphrase, friendlyName: spec.commonName });
      return { spec, p12, certificate: holderCert, chain };
    },
  };
}

export interface TestPki {
  ca: TestCa;
  homeroomTeacher: TestIdentity;
  principal: TestIdentity;
  seal: TestIdentity;
}

/**
 * The demo school's three signers in one call: a homeroom teacher and a principal (personal
 * certificates) and the school's organisation seal, all under one new test CA.
 */
export async function createTestPki(params: {
  schoolName: string;
  province?: string;
  homeroomTeacherName: string;
  principalName: string;
  passphrases: { homeroomTeacher: string; principal: string; seal: string };
  now?: Date;
}): Promise<TestPki> {
  const ca = await createTestCa({ now: params.now });
  const [homeroomTeacher, principal, seal] = await Promise.all([
    ca.issue({
      kind: 'personal',
      commonName: params.homeroomTeacherName,
      title: 'Giáo viên chủ nhiệm',
      organization: params.schoolName,
      province: params.province,
      passphrase: params.passphrases.homeroomTeacher,
    }),
    ca.issue({
      kind: 'personal',
      commonName: params.principalName,
      title: 'Hiệu trưởng',
      organization: params.schoolName,
      province: params.province,
      passphrase: params.passphrases.principal,
    }),
    ca.issue({ kind: 'seal', commonName: params.schoolName, province: params.province, passphrase: params.passphrases.seal }),
  ]);
  return { ca, homeroomTeacher, principal, seal };
}
