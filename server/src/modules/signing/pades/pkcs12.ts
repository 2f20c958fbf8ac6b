import { createPrivateKey, createPublicKey, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parsePkijsCertificate } from './certificates.ts';
import { SigningError, SigningErrorCode } from './errors.ts';

const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const ATTR_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const ATTR_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * Builds a PKCS#12 (.p12/.pfx) file as OpenSSL 3 does by default: the private key as a
 * PKCS#8 ShroudedKeyBag (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC), the certificates in clear
 * (they are public), the whole protected by a SHA-256 HMAC keyed from the password.
 * `chain` is the holder's certificate first, then its CA certificates.
 */
export async function createPkcs12(params: {
  privateKey: KeyObject;
  chain: readonly Uint8Array[];
  password: string;
  friendlyName: string;
  iterations?: number;
}): Promise<Buffer> {
  // OpenSSL 3's defaults (2048 for the MAC and for PBKDF2). pkijs derives the MAC key in plain JS,
  // so more iterations cost real time at every unlock; at rest the file is sealed with scrypt anyway.
  const iterations = params.iterations ?? 2048;
  const localKeyId = randomBytes(8);
  const encryptedKey = params.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: params.password });
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ schema: asn1js.fromBER(encryptedKey).result });
  const attrs = (withKeyId: boolean) => [
    new pkijs.Attribute({ type: ATTR_FRIENDLY_NAME, values: [new asn1js.BmpString({ value: params.friendlyName })] }),
    ...(withKeyId
      ? [new pkijs.Attribute({ type: ATTR_LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(localKeyId) })] })]
      : []),
  ];
  const certBags = params.chain.map(
    (der, i) =>
      new pkijs.SafeBag({
        bagId: BAG_CERT,
        bagValue: new pkijs.CertBag({ parsedValue: parsePkijsCertificate(der) }),
        bagAttributes: i === 0 ? attrs(true) : [],
      }),
  );
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: certBags }) },
        {
          privacyMode: 0,
          value: new pkijs.SafeContents({
            safeBags: [new pkijs.SafeBag({ bagId: BAG_SHROUDED_KEY, bagValue: keyBag, bagAttributes: attrs(true) })],
          }),
        },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [{}, {}] });
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({
    password: toArrayBuffer(Buffer.from(params.password, 'utf8')),
    iterations,
    pbkdf2HashAlgorithm: 'SHA-256',
    hmacHashAlgorithm: 'SHA-256',
  });
  return Buffer.from(pfx.toSchema().toBER(false));
}

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** The certificate of the private key first, then the other certificates of the file (DER). */
  chain: Buffer[];
}

/**
 * Opens a PKCS#12 file: checks its password MAC, decrypts the key. Reads PBES2 files (OpenSSL 3,
 * this library); legacy RC2/3DES files are refused as keystoreInvalid.
 */
export async function readPkcs12(p12: Uint8Array, password: string): Promise<Pkcs12Contents> {
  const asn1 = asn1js.fromBER(p12);
  if (asn1.offset === -1) throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'not DER' });
  const passwordBuffer = toArrayBuffer(Buffer.from(password, 'utf8'));
  let pfx: pkijs.PFX;
  try {
    pfx = new pkijs.PFX({ schema: asn1.result });
  } catch {
    throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'not a PKCS#12 file' });
  }
  try {
    await pfx.parseInternalValues({ password: passwordBuffer, checkIntegrity: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/integrity/i.test(message)) throw new SigningError(SigningErrorCode.keystorePassphraseWrong);
    throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: message });
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'no authenticated safe' });
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: passwordBuffer })) });
  } catch (error) {
    throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: error instanceof Error ? error.message : String(error) });
  }
  const certificates: Buffer[] = [];
  let privateKey: KeyObject | null = null;
  const contents = (safe.parsedValue as { safeContents: { value: pkijs.SafeContents }[] }).safeContents;
  for (const { value } of contents) {
    for (const bag of value.safeBags) {
      if (bag.bagId === BAG_CERT) {
        const certBag = bag.bagValue as pkijs.CertBag;
        const cert = certBag.parsedValue instanceof pkijs.Certificate ? certBag.parsedValue : null;
        if (cert) certificates.push(Buffer.from(cert.toSchema().toBER(false)));
      } else if (bag.bagId === BAG_SHROUDED_KEY || bag.bagId === BAG_KEY) {
        const der = Buffer.from((bag.bagValue as pkijs.PKCS8ShroudedKeyBag).toSchema().toBER(false));
        try {
          privateKey = createPrivateKey(
            bag.bagId === BAG_KEY
              ? { key: der, format: 'der', type: 'pkcs8' }
              : { key: der, format: 'der', type: 'pkcs8', passphrase: password },
          );
        } catch (error) {
          throw new SigningError(SigningErrorCode.keystoreInvalid, {
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
  }
  if (!privateKey) throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'no private key in the file' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const leafIndex = certificates.findIndex((der) =>
    new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }).equals(spki),
  );
  if (leafIndex === -1) throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'no certificate for the private key' });
  const [leaf] = certificates.splice(leafIndex, 1);
  return { privateKey, chain: [leaf as Buffer, ...certificates] };
}
