import { createCipheriv, createDecipheriv, createHash, type KeyObject, randomBytes, scrypt, sign } from 'node:crypto';
import { SigningError, SigningErrorCode } from './errors.ts';
import { readPkcs12 } from './pkcs12.ts';

/**
 * The signing adapter. The CAdES/PAdES code never sees a private key: it hands the DER of the CMS
 * signed attributes to a PdfSigner and gets the raw signature value back.
 *
 * Implementations:
 * - PKCS#12 (this file): `unlockSealedPkcs12Signer` / `openPkcs12Signer`; the key lives in memory
 *   only for the signing session.
 * - USB token / smart card (chứng thư số con dấu on a VGCA token): a PKCS#11 adapter would open a
 *   session with the user PIN, read the certificate chain from the token, and in `sign` call
 *   C_Sign with CKM_SHA256_RSA_PKCS over `data` (or CKM_RSA_PKCS over a DigestInfo of `digest`).
 * - Remote signing (ký số từ xa, e.g. a Cloud Signature Consortium API): `certificateChain` from
 *   credentials/info; `sign` sends `digest` (base64, hashAlgo SHA-256) to signatures/signHash after
 *   the user's authorisation (OTP/app) and returns the signature bytes. It may take seconds or fail:
 *   throw SigningError(signerFailed) on refusal or timeout.
 * Neither the token nor the remote adapter can be exercised on this machine; they are not written.
 */
export interface PdfSigner {
  /** The holder's certificate first, then its CA certificates (DER). Goes into the CMS. */
  readonly certificateChain: readonly Buffer[];
  /** Key type of the holder's certificate: decides the CMS signatureAlgorithm (SHA-256 with RSA or ECDSA). */
  readonly keyType: 'rsa' | 'ec';
  /**
   * Signs `data` (the DER of the CMS signed attributes) with SHA-256. `digest` is SHA-256(data),
   * what a token or a remote service signs. RSA: PKCS#1 v1.5 signature; EC: DER ECDSA-Sig-Value.
   */
  sign(input: { data: Buffer; digest: Buffer }): Promise<Buffer>;
}

class KeyObjectSigner implements PdfSigner {
  readonly keyType: 'rsa' | 'ec';
  constructor(
    private readonly privateKey: KeyObject,
    readonly certificateChain: readonly Buffer[],
  ) {
    const type = privateKey.asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ec')
      throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: `unsupported key type ${type}` });
    this.keyType = type;
  }
  async sign({ data }: { data: Buffer; digest: Buffer }): Promise<Buffer> {
    return sign('sha256', data, this.privateKey);
  }
}

/** A signer from a PKCS#12 file and its password. */
export async function openPkcs12Signer(p12: Uint8Array, password: string): Promise<PdfSigner> {
  const { privateKey, chain } = await readPkcs12(p12, password);
  return new KeyObjectSigner(privateKey, chain);
}

/**
 * How a PKCS#12 file is kept at rest (e.g. a jsonb column): AES-256-GCM under a key derived by
 * scrypt from the holder's passphrase; the PKCS#12 inside is protected by the same passphrase.
 * The header (format, version, kdf parameters) is authenticated as GCM additional data.
 * `certificateSha256` lets a list show which certificate is stored without unlocking it.
 */
export interface SealedPkcs12 {
  format: 'gds-sealed-pkcs12';
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  ciphertext: string;
  certificateSha256: string;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: SCRYPT_MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * The authenticated header, field by field in a fixed order: a jsonb column hands objects back
 * with their keys reordered, so serialising `kdf` as an object would not survive storage.
 */
function headerAad(sealed: Pick<SealedPkcs12, 'format' | 'version' | 'kdf' | 'certificateSha256'>): Buffer {
  const { name, N, r, p, salt } = sealed.kdf;
  return Buffer.from(JSON.stringify([sealed.format, sealed.version, name, N, r, p, salt, sealed.certificateSha256]));
}

/** Seals a PKCS#12 file (its password must be `passphrase`: checked here) for storage. */
export async function sealPkcs12(p12: Uint8Array, passphrase: string): Promise<SealedPkcs12> {
  const { chain } = await readPkcs12(p12, passphrase);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = {
    format: 'gds-sealed-pkcs12' as const,
    version: 1 as const,
    kdf: { name: 'scrypt' as const, ...SCRYPT, salt: salt.toString('base64') },
    certificateSha256: createHash('sha256')
      .update(chain[0] as Buffer)
      .digest('hex'),
  };
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(headerAad(header));
  const ciphertext = Buffer.concat([cipher.update(p12), cipher.final()]);
  return {
    ...header,
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** Decrypts a sealed PKCS#12; a wrong passphrase (or any change to the stored record) → keystorePassphraseWrong. */
export async function openSealedPkcs12(sealed: SealedPkcs12, passphrase: string): Promise<Buffer> {
  if (sealed?.format !== 'gds-sealed-pkcs12' || sealed.version !== 1 || sealed.kdf?.name !== 'scrypt' || sealed.cipher !== 'aes-256-gcm') {
    throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'unknown sealed keystore format' });
  }
  const { N, r, p } = sealed.kdf;
  if (![N, r, p].every(Number.isSafeInteger) || N > 2 ** 20 || r > 32 || p > 16) {
    throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'scrypt parameters out of range' });
  }
  const key = await deriveKey(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), { N, r, p });
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(headerAad(sealed));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new SigningError(SigningErrorCode.keystorePassphraseWrong);
  }
}

/** Unlocks a stored PKCS#12 with the holder's passphrase, at signing time only. */
export async function unlockSealedPkcs12Signer(sealed: SealedPkcs12, passphrase: string): Promise<PdfSigner> {
  return openPkcs12Signer(await openSealedPkcs12(sealed, passphrase), passphrase);
}
