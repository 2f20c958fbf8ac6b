import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSigningCertificate, derToPem, isTestCertificate, summarizeCertificate } from '../pades/certificates.ts';
import { SigningError } from '../pades/errors.ts';
import { readPkcs12 } from '../pades/pkcs12.ts';
import { openSealedPkcs12, type SealedPkcs12, sealPkcs12, unlockSealedPkcs12Signer } from '../pades/signer.ts';
import { createTestCa, createTestPki, type TestPki } from '../pades/test-pki.ts';
import { tempDir, tool } from '../../../../tests/support/pdf-tools.ts';

const tmp = tempDir();
let pki: TestPki;
const passphrases = { homeroomTeacher: 'Hương@2026', principal: 'Đức#Hiệu-trưởng', seal: 'dấu-trường' };

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigningError) return error.code;
    throw error;
  }
  return 'no error';
};

beforeAll(async () => {
  pki = await createTestPki({
    schoolName: 'Trường THCS Lê Quý Đôn',
    province: 'Phú Thọ',
    homeroomTeacherName: 'Nguyễn Thị Hương',
    principalName: 'Trần Văn Đức',
    passphrases,
  });
}, 60_000);
afterAll(() => tmp.cleanup());

describe('createTestPki: a test CA and PKCS#12 identities', () => {
  it('the root is a CA marked as a test, and openssl verifies every identity against it', () => {
    const ca = tmp.file('ca.pem', derToPem(pki.ca.certificate));
    const subject = tool('openssl', ['x509', '-in', ca, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus']).stdout;
    expect(subject).toContain('CN=Giáo Dục Số TEST CA — not for production');
    expect(tool('openssl', ['x509', '-in', ca, '-noout', '-ext', 'basicConstraints,keyUsage']).stdout).toMatch(
      /CA:TRUE[\s\S]*Certificate Sign/,
    );
    for (const [name, identity] of Object.entries({ homeroom: pki.homeroomTeacher, principal: pki.principal, seal: pki.seal })) {
      const leaf = tmp.file(`${name}.pem`, derToPem(identity.certificate));
      const verify = tool('openssl', ['verify', '-CAfile', ca, leaf]);
      expect(verify.stdout.trim(), name).toBe(`${leaf}: OK`);
      expect(tool('openssl', ['x509', '-in', leaf, '-noout', '-ext', 'keyUsage']).stdout).toMatch(/Digital Signature, Non Repudiation/);
    }
    expect(summarizeCertificate(pki.principal.certificate)).toMatchObject({
      subjectCommonName: 'Trần Văn Đức',
      subjectTitle: 'Hiệu trưởng',
      subjectOrganization: 'Trường THCS Lê Quý Đôn',
      isCa: false,
    });
    expect(summarizeCertificate(pki.seal.certificate)).toMatchObject({
      subjectCommonName: 'Trường THCS Lê Quý Đôn',
      subjectTitle: 'Con dấu',
    });
    expect(isTestCertificate(pki.seal.chain)).toBe(true);
  });

  it('a test CA name must say it is a test', async () => {
    await expect(createTestCa({ name: 'Giáo Dục Số Root CA' })).rejects.toThrow(/TEST CA/);
  }, 90_000);

  it('the PKCS#12 opens in openssl with the passphrase and not without it', () => {
    const p12 = tmp.file('principal.p12', pki.principal.p12);
    const ok = tool('openssl', ['pkcs12', '-in', p12, '-passin', `pass:${passphrases.principal}`, '-nokeys', '-info']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/MAC: sha256/);
    expect(ok.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
    expect(tool('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:wrong', '-nokeys']).status).not.toBe(0);
  });

  it('readPkcs12 reads its own files and OpenSSL 3 files; a wrong password has its own code', async () => {
    const contents = await readPkcs12(pki.homeroomTeacher.p12, passphrases.homeroomTeacher);
    expect(contents.chain.map((c) => summarizeCertificate(c).subjectCommonName)).toEqual([
      'Nguyễn Thị Hương',
      'Giáo Dục Số TEST CA — not for production',
    ]);
    expect(await codeOf(readPkcs12(pki.homeroomTeacher.p12, 'sai mật khẩu'))).toBe('signing.keystorePassphraseWrong');
    expect(await codeOf(readPkcs12(Buffer.from('garbage'), 'x'))).toBe('signing.keystoreInvalid');

    // Re-export the same key and certificates with openssl, and read that file back.
    const pem = tmp.file('homeroom-all.pem');
    const p12 = tmp.file('homeroom.p12', pki.homeroomTeacher.p12);
    expect(tool('openssl', ['pkcs12', '-in', p12, '-passin', `pass:${passphrases.homeroomTeacher}`, '-nodes', '-out', pem]).status).toBe(0);
    const fromOpenssl = tmp.file('openssl.p12');
    expect(tool('openssl', ['pkcs12', '-export', '-in', pem, '-passout', 'pass:openssl-pass', '-out', fromOpenssl]).status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const reread = await readPkcs12(readFileSync(fromOpenssl), 'openssl-pass');
    expect(summarizeCertificate(reread.chain[0] as Buffer).subjectCommonName).toBe('Nguyễn Thị Hương');
    expect(reread.privateKey.asymmetricKeyType).toBe('rsa');
  });

  it('checkSigningCertificate: chain to the trusted roots, validity, usage', async () => {
    expect(checkSigningCertificate(pki.principal.chain, [pki.ca.certificate], new Date()).ok).toBe(true);
    // Only the holder's certificate: the root comes from the trust list.
    expect(checkSigningCertificate([pki.principal.certificate], [pki.ca.certificate], new Date()).ok).toBe(true);
    // The CA itself may not sign documents.
    expect(checkSigningCertificate([pki.ca.certificate], [pki.ca.certificate], new Date()).code).toBe('signing.certificateUnusable');
    const other = await createTestCa({ name: 'Other TEST CA' });
    expect(checkSigningCertificate(pki.principal.chain, [other.certificate], new Date()).code).toBe('signing.certificateUntrusted');
    // A chain that carries the other CA's certificate does not make the leaf trusted either.
    expect(checkSigningCertificate([pki.principal.certificate, other.certificate], [other.certificate], new Date()).code).toBe(
      'signing.certificateUntrusted',
    );
    expect(checkSigningCertificate(pki.principal.chain, [pki.ca.certificate], new Date(Date.now() + 5 * 365 * 86_400_000)).code).toBe(
      'signing.certificateExpired',
    );
  }, 90_000);
});

describe('sealed PKCS#12: encrypted at rest, unlocked with the passphrase at signing time', () => {
  let sealed: SealedPkcs12;
  beforeAll(async () => {
    sealed = await sealPkcs12(pki.principal.p12, passphrases.principal);
  });

  it('is AES-256-GCM under a scrypt key and does not contain the PKCS#12 in clear', () => {
    expect(sealed).toMatchObject({
      format: 'gds-sealed-pkcs12',
      version: 1,
      cipher: 'aes-256-gcm',
      kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 },
    });
    const json = JSON.stringify(sealed);
    expect(json).not.toContain(pki.principal.p12.toString('base64').slice(0, 40));
    expect(Buffer.from(sealed.ciphertext, 'base64').equals(pki.principal.p12)).toBe(false);
    expect(Buffer.from(sealed.ciphertext, 'base64')).toHaveLength(pki.principal.p12.length);
  });

  it('opens with the passphrase into a signer with the holder certificate', async () => {
    expect((await openSealedPkcs12(sealed, passphrases.principal)).equals(pki.principal.p12)).toBe(true);
    const signer = await unlockSealedPkcs12Signer(sealed, passphrases.principal);
    expect(summarizeCertificate(signer.certificateChain[0] as Buffer).subjectCommonName).toBe('Trần Văn Đức');
    expect(signer.keyType).toBe('rsa');
  });

  it('survives a round trip through jsonb, which reorders object keys', async () => {
    const { name, N, r, p, salt } = sealed.kdf;
    const reordered = JSON.parse(
      JSON.stringify({
        tag: sealed.tag,
        kdf: { salt, p, r, N, name },
        iv: sealed.iv,
        version: sealed.version,
        format: sealed.format,
        cipher: sealed.cipher,
        certificateSha256: sealed.certificateSha256,
        ciphertext: sealed.ciphertext,
      }),
    ) as SealedPkcs12;
    expect(Object.keys(reordered.kdf)).toEqual(['salt', 'p', 'r', 'N', 'name']);
    expect((await openSealedPkcs12(reordered, passphrases.principal)).equals(pki.principal.p12)).toBe(true);
  });

  it('a wrong passphrase, a changed byte or changed parameters are refused', async () => {
    expect(await codeOf(openSealedPkcs12(sealed, 'Đức#Hiệu-trưởng!'))).toBe('signing.keystorePassphraseWrong');
    const ciphertext = Buffer.from(sealed.ciphertext, 'base64');
    ciphertext[10] = (ciphertext[10] ?? 0) ^ 1;
    expect(await codeOf(openSealedPkcs12({ ...sealed, ciphertext: ciphertext.toString('base64') }, passphrases.principal))).toBe(
      'signing.keystorePassphraseWrong',
    );
    expect(await codeOf(openSealedPkcs12({ ...sealed, certificateSha256: '00'.repeat(32) }, passphrases.principal))).toBe(
      'signing.keystorePassphraseWrong',
    );
    expect(await codeOf(openSealedPkcs12({ ...sealed, kdf: { ...sealed.kdf, N: 2 ** 30 } }, passphrases.principal))).toBe(
      'signing.keystoreInvalid',
    );
  });

  it('sealing checks that the passphrase opens the PKCS#12', async () => {
    expect(await codeOf(sealPkcs12(pki.principal.p12, 'not the password'))).toBe('signing.keystorePassphraseWrong');
  });
});
