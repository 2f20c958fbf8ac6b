import { createHash } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCadesDetached } from '../pades/cades.ts';
import { derToPem } from '../pades/certificates.ts';
import { SigningError } from '../pades/errors.ts';
import { addSignaturePlaceholder } from '../pades/incremental.ts';
import { plainPdf } from '../pades/plain-pdf.ts';
import { signPdf } from '../pades/sign-pdf.ts';
import { openPkcs12Signer, type PdfSigner, sealPkcs12, unlockSealedPkcs12Signer } from '../pades/signer.ts';
import { createTestCa, createTestPki, type TestPki } from '../pades/test-pki.ts';
import { verifyPdf } from '../pades/verify-pdf.ts';
import { nssDbTrusting, parsePdfsig, tempDir, tool } from '../../../../tests/support/pdf-tools.ts';

const tmp = tempDir();
let pki: TestPki;
let roots: Buffer[];
let homeroom: PdfSigner;
let principal: PdfSigner;
let seal: PdfSigner;
let unsigned: Buffer;
let signed1: Buffer;
let signed2: Buffer;
let signed3: Buffer;

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigningError) return error.code;
    throw error;
  }
  return 'no error';
};

/** Changes one byte at `offset` to a different value of the same class (hex digit stays a hex digit). */
function flip(pdf: Buffer, offset: number): Buffer {
  const copy = Buffer.from(pdf);
  const ch = String.fromCharCode(copy[offset] ?? 0);
  copy[offset] = /[0-9a-f]/i.test(ch) ? (ch === '0' ? 0x31 : 0x30) : (copy[offset] ?? 0) ^ 0x01;
  return copy;
}

function byteRanges(pdf: Buffer): number[][] {
  return [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/g)].map((m) => m.slice(1, 5).map(Number));
}

function pdfsig(pdf: Buffer, name: string) {
  const out = tool('pdfsig', [tmp.file(name, pdf)]);
  return parsePdfsig(out.stdout + out.stderr);
}

beforeAll(async () => {
  pki = await createTestPki({
    schoolName: 'Trường THCS Lê Quý Đôn',
    province: 'Phú Thọ',
    homeroomTeacherName: 'Nguyễn Thị Hương',
    principalName: 'Trần Văn Đức',
    passphrases: { homeroomTeacher: 'mật khẩu GVCN 1', principal: 'mật khẩu HT 2', seal: 'mật khẩu dấu 3' },
  });
  roots = [pki.ca.certificate];
  // The holders' keys as they are stored: sealed, unlocked at signing time with the passphrase.
  homeroom = await unlockSealedPkcs12Signer(await sealPkcs12(pki.homeroomTeacher.p12, 'mật khẩu GVCN 1'), 'mật khẩu GVCN 1');
  principal = await unlockSealedPkcs12Signer(await sealPkcs12(pki.principal.p12, 'mật khẩu HT 2'), 'mật khẩu HT 2');
  seal = await openPkcs12Signer(pki.seal.p12, 'mật khẩu dấu 3');
  unsigned = await plainPdf({
    title: 'Học bạ số — mẫu',
    lines: Array.from({ length: 40 }, (_, i) => `Dòng ${i + 1}: Nguyễn Văn An — 8,5`),
  });
  signed1 = await signPdf(unsigned, homeroom, { role: 'homeroomTeacher', trustedRoots: roots, location: 'Phú Thọ' });
  signed2 = await signPdf(signed1, principal, { role: 'principal', trustedRoots: roots, location: 'Phú Thọ' });
  signed3 = await signPdf(signed2, seal, { role: 'seal', trustedRoots: roots, location: 'Phú Thọ' });
}, 120_000);
afterAll(() => tmp.cleanup());

describe('signPdf: three PAdES signatures in sequence', () => {
  it('pdfsig reports three ETSI.CAdES.detached signatures, all valid, the certificate only untrusted (test CA not in the NSS store)', () => {
    const sigs = pdfsig(signed3, 'signed3.pdf');
    expect(sigs.map((s) => s.commonName)).toEqual(['Nguyễn Thị Hương', 'Trần Văn Đức', 'Trường THCS Lê Quý Đôn']);
    for (const s of sigs) {
      expect(s.validation).toBe('Signature is Valid.');
      expect(s.type).toBe('ETSI.CAdES.detached');
      expect(s.certificate).toBe("Certificate issuer isn't Trusted.");
    }
    expect(sigs.map((s) => s.totalDocument)).toEqual([false, false, true]);
  });

  it('pdfsig with an NSS database that trusts the test CA: all three certificates trusted; a stranger CA is not', async () => {
    const nss = nssDbTrusting(tmp.dir, tmp.file('trusted-ca.pem', derToPem(pki.ca.certificate)));
    const run = (pdf: Buffer, name: string) => {
      const out = tool('pdfsig', ['-nssdir', nss, tmp.file(name, pdf)]);
      return parsePdfsig(out.stdout + out.stderr);
    };
    expect(run(signed3, 'trusted3.pdf').map((s) => [s.validation, s.certificate])).toEqual([
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
    ]);
    const otherCa = await createTestCa({ name: 'Stranger TEST CA' });
    const stranger = await otherCa.issue({ kind: 'personal', commonName: 'Người Lạ', passphrase: 'x' });
    const foreign = await signPdf(unsigned, await openPkcs12Signer(stranger.p12, 'x'), {
      role: 'homeroomTeacher',
      trustedRoots: [otherCa.certificate],
    });
    expect(run(foreign, 'foreign.pdf').map((s) => [s.validation, s.certificate])).toEqual([
      ['Signature is Valid.', "Certificate issuer isn't Trusted."],
    ]);
  }, 90_000);

  it('each step is an incremental update that keeps the earlier bytes, and every revision verifies', () => {
    expect(signed2.subarray(0, signed1.length).equals(signed1)).toBe(true);
    expect(signed3.subarray(0, signed2.length).equals(signed2)).toBe(true);
    expect(signed1.subarray(0, unsigned.length).equals(unsigned)).toBe(true);
    expect(pdfsig(signed1, 'signed1.pdf').map((s) => s.validation)).toEqual(['Signature is Valid.']);
    expect(pdfsig(signed2, 'signed2.pdf').map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    // The earlier signatures cover exactly the earlier revisions.
    const ranges = byteRanges(signed3);
    expect(ranges.map((r) => (r[2] ?? 0) + (r[3] ?? 0))).toEqual([signed1.length, signed2.length, signed3.length]);
  });

  it('qpdf --check finds no error in any revision', () => {
    for (const [name, pdf] of [
      ['q1.pdf', signed1],
      ['q3.pdf', signed3],
    ] as const) {
      const check = tool('qpdf', ['--check', tmp.file(name, pdf)]);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
    }
  });

  it('verifyPdf: every signature valid, with signer, role, time and the fingerprint', () => {
    const fingerprint = createHash('sha256').update(signed3).digest('hex');
    const result = verifyPdf(signed3, { trustedRoots: roots, expectedFingerprint: fingerprint });
    expect(result.valid).toBe(true);
    expect(result.fingerprintSha256).toBe(fingerprint);
    expect(result.fingerprintMatches).toBe(true);
    expect(result.signatures.map((s) => [s.signerName, s.role, s.valid])).toEqual([
      ['Nguyễn Thị Hương', 'homeroomTeacher', true],
      ['Trần Văn Đức', 'principal', true],
      ['Trường THCS Lê Quý Đôn', 'seal', true],
    ]);
    expect(result.signatures[1]?.reason).toBe('Hiệu trưởng: phê duyệt học bạ');
    expect(result.signatures[0]?.certificate?.subjectTitle).toBe('Giáo viên chủ nhiệm');
    for (const s of result.signatures) {
      expect(s.subFilter).toBe('ETSI.CAdES.detached');
      expect(s.problems).toEqual([]);
      expect(Math.abs((s.signingTime?.getTime() ?? 0) - Date.now())).toBeLessThan(10 * 60_000);
    }
  });

  it('openssl cms verifies the CMS over the signed byte ranges and shows the CAdES signed attributes', () => {
    const [a, b, c, d] = byteRanges(signed3)[2] as [number, number, number, number];
    const hex = signed3.subarray(b + 1, c - 1).toString('latin1');
    const der = Buffer.from(hex, 'hex');
    const cmsLength = 4 + der.readUInt16BE(2); // 30 82 LL LL
    const cms = tmp.file('sig3.der', der.subarray(0, cmsLength));
    const content = tmp.file('sig3.content', Buffer.concat([signed3.subarray(a, a + b), signed3.subarray(c, c + d)]));
    const ca = tmp.file('ca.pem', derToPem(pki.ca.certificate));
    const verify = tool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cms,
      '-content',
      content,
      '-CAfile',
      ca,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(verify.stderr).toContain('Verification successful');
    const printed = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cms]).stdout;
    for (const attribute of ['contentType', 'signingTime', 'messageDigest', 'id-smime-aa-signingCertificateV2']) {
      expect(printed).toContain(`object: ${attribute}`);
    }
    expect(printed).toContain('eContent: <ABSENT>');
    // The same check fails on other bytes: the CMS is bound to this content.
    const other = tmp.file('other.content', Buffer.concat([signed3.subarray(a, a + b - 1), signed3.subarray(c, c + d)]));
    const bad = tool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cms,
      '-content',
      other,
      '-CAfile',
      ca,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(bad.status).not.toBe(0);
  });
});

describe('ECDSA keys', () => {
  it('a P-256 holder signs (ecdsa-with-SHA256) and pdfsig and verifyPdf accept it', async () => {
    const ec = await pki.ca.issue({
      kind: 'personal',
      commonName: 'Vũ Thị Ê Xê',
      title: 'Giáo viên chủ nhiệm',
      passphrase: 'ec',
      keyType: 'ec',
    });
    const signer = await openPkcs12Signer(ec.p12, 'ec');
    expect(signer.keyType).toBe('ec');
    const signed = await signPdf(unsigned, signer, { role: 'homeroomTeacher', trustedRoots: roots });
    const result = verifyPdf(signed, { trustedRoots: roots });
    expect(result.valid).toBe(true);
    expect(result.signatures[0]?.signerName).toBe('Vũ Thị Ê Xê');
    expect(pdfsig(signed, 'ec.pdf').map((s) => s.validation)).toEqual(['Signature is Valid.']);
  }, 90_000);
});

describe('PDFs from another writer', () => {
  it('signs a qpdf-rewritten transcript (classic cross-reference table) and pdfsig/qpdf accept it', async () => {
    const rewritten = tmp.file('qpdf-classic.pdf');
    expect(tool('qpdf', ['--object-streams=disable', '--compress-streams=y', tmp.file('qpdf-in.pdf', unsigned), rewritten]).status).toBe(0);
    const { readFileSync } = await import('node:fs');
    let pdf: Buffer = readFileSync(rewritten);
    pdf = await signPdf(pdf, homeroom, { role: 'homeroomTeacher', trustedRoots: roots });
    pdf = await signPdf(pdf, principal, { role: 'principal', trustedRoots: roots });
    expect(verifyPdf(pdf, { trustedRoots: roots }).valid).toBe(true);
    expect(pdfsig(pdf, 'qpdf-signed.pdf').map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(tool('qpdf', ['--check', tmp.file('qpdf-signed-check.pdf', pdf)]).status).toBe(0);
  });

  it('refuses a PDF with cross-reference streams with a clear code', async () => {
    const streams = tmp.file('qpdf-xrefstream.pdf');
    expect(tool('qpdf', ['--object-streams=generate', tmp.file('qpdf-in2.pdf', unsigned), streams]).status).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(await codeOf(signPdf(readFileSync(streams), homeroom, { role: 'homeroomTeacher', trustedRoots: roots }))).toBe(
      'signing.pdfNotSignable',
    );
    expect(await codeOf(signPdf(Buffer.from('%PDF-1.7 nothing else'), homeroom, { role: 'homeroomTeacher', trustedRoots: roots }))).toBe(
      'signing.pdfNotSignable',
    );
  });
});

describe('tampering', () => {
  it('one flipped byte in the page content: all three signatures invalid for verifyPdf and pdfsig', () => {
    const offset = signed3.indexOf('stream\n') + 40;
    const tampered = flip(signed3, offset);
    const result = verifyPdf(tampered, { trustedRoots: roots, expectedFingerprint: createHash('sha256').update(signed3).digest('hex') });
    expect(result.valid).toBe(false);
    expect(result.fingerprintMatches).toBe(false);
    expect(result.problems).toContain('fingerprintMismatch');
    expect(result.signatures.map((s) => s.problems)).toEqual([['digestMismatch'], ['digestMismatch'], ['digestMismatch']]);
    const sigs = pdfsig(tampered, 'tampered-content.pdf');
    expect(sigs).toHaveLength(3);
    for (const s of sigs) expect(s.validation).not.toBe('Signature is Valid.');
  });

  it('one flipped byte in the last signature value: that signature invalid for both, the earlier two still valid', () => {
    const [, b] = byteRanges(signed3)[2] as number[];
    const hexStart = (b ?? 0) + 1;
    const cmsHexLength = 2 * (4 + Number.parseInt(signed3.subarray(hexStart + 4, hexStart + 8).toString('latin1'), 16));
    const tampered = flip(signed3, hexStart + cmsHexLength - 30); // inside the RSA signature value
    const result = verifyPdf(tampered, { trustedRoots: roots });
    expect(result.valid).toBe(false);
    expect(result.signatures.map((s) => s.valid)).toEqual([true, true, false]);
    expect(result.signatures[2]?.problems).toEqual(['signatureInvalid']);
    expect(pdfsig(tampered, 'tampered-sig.pdf').map((s) => s.validation === 'Signature is Valid.')).toEqual([true, true, false]);
  });

  it('a flipped byte in the zero padding of /Contents: pdfsig cannot see it, verifyPdf and the fingerprint do', () => {
    const [, b, c] = byteRanges(signed3)[2] as number[];
    const tampered = flip(signed3, (c ?? 0) - 10);
    expect((b ?? 0) < (c ?? 0) - 10).toBe(true);
    const result = verifyPdf(tampered, { trustedRoots: roots, expectedFingerprint: createHash('sha256').update(signed3).digest('hex') });
    expect(result.valid).toBe(false);
    expect(result.signatures[2]?.problems).toEqual(['contentsPadding']);
    expect(result.fingerprintMatches).toBe(false);
  });

  it('bytes appended after the last signature: the last signature no longer covers the document', () => {
    const appended = Buffer.concat([signed3, Buffer.from('\n1 0 obj\n(changed)\nendobj\n')]);
    const result = verifyPdf(appended, { trustedRoots: roots });
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual(['lastSignatureNotCoveringDocument']);
  });

  it('content slipped in between two signatures and then countersigned: the earlier signature reports the change', async () => {
    // An incremental update that rewrites the document information dictionary after the homeroom teacher signed…
    const text = signed1.toString('latin1');
    const infoRef = /\/Info (\d+) 0 R/.exec(text)?.[1];
    const startxref = /startxref\s+(\d+)\s+%%EOF$/.exec(text)?.[1];
    const size = [...text.matchAll(/\/Size (\d+)/g)].at(-1)?.[1];
    const forgedObject = `\n${infoRef} 0 obj\n<< /Title (Forged) >>\nendobj\n`;
    const xrefAt = signed1.length + forgedObject.length;
    const forged = Buffer.concat([
      signed1,
      Buffer.from(
        `${forgedObject}xref\n0 1\n0000000000 65535 f \n${infoRef} 1\n${String(signed1.length + 1).padStart(10, '0')} 00000 n \n` +
          `trailer\n<< /Size ${size} /Root ${/\/Root (\d+ 0 R)/.exec(text)?.[1]} /Prev ${startxref} >>\nstartxref\n${xrefAt}\n%%EOF`,
        'latin1',
      ),
    ]);
    expect(tool('qpdf', ['--check', tmp.file('forged.pdf', forged)]).status).toBe(0);
    // …is refused by signPdf (the earlier signature no longer covers the document)…
    expect(await codeOf(signPdf(forged, principal, { role: 'principal', trustedRoots: roots }))).toBe('signing.existingSignatureInvalid');
    // …and when countersigned anyway (a tool that does not check), verifyPdf flags the homeroom signature.
    const placeholder = addSignaturePlaceholder(forged, {
      reason: 'Hiệu trưởng: phê duyệt học bạ',
      name: 'Trần Văn Đức',
      location: '',
      contactInfo: '',
      signingTime: new Date(),
      subFilter: 'ETSI.CAdES.detached',
      contentsBytes: 8192,
    });
    class RawSigner extends Signer {
      override async sign(data: Buffer): Promise<Buffer> {
        return buildCadesDetached({
          contentDigest: createHash('sha256').update(data).digest(),
          signer: principal,
          signingTime: new Date(),
        });
      }
    }
    const countersigned = await new SignPdf().sign(placeholder, new RawSigner());
    const result = verifyPdf(countersigned, { trustedRoots: roots });
    expect(result.valid).toBe(false);
    expect(result.signatures.map((s) => s.problems)).toEqual([['modifiedAfterSigning'], []]);
    expect(result.signatures[0]?.detail.join(' ')).toContain(`object ${infoRef} changed`);
  });

  it('a document whose signature no longer verifies is not countersigned', async () => {
    const tampered = flip(signed1, signed1.indexOf('stream\n') + 40);
    expect(await codeOf(signPdf(tampered, principal, { role: 'principal', trustedRoots: roots }))).toBe('signing.existingSignatureInvalid');
  });

  it('the order homeroom teacher → principal → seal is enforced', async () => {
    const code = (pdf: Buffer, signer: PdfSigner, role: 'homeroomTeacher' | 'principal' | 'seal') =>
      codeOf(signPdf(pdf, signer, { role, trustedRoots: roots, roleOrder: ['homeroomTeacher', 'principal', 'seal'] }));
    expect(await code(unsigned, principal, 'principal')).toBe('signing.signatureOutOfOrder');
    expect(await code(signed1, seal, 'seal')).toBe('signing.signatureOutOfOrder');
    expect(await code(signed1, homeroom, 'homeroomTeacher')).toBe('signing.signatureOutOfOrder');
    expect(await code(signed3, seal, 'seal')).toBe('signing.signatureOutOfOrder');
    // A document type without an order (none given) takes the roles as they come.
    const free = await signPdf(signed1, seal, { role: 'seal', trustedRoots: roots });
    expect(verifyPdf(free, { trustedRoots: roots }).signatures.map((s) => s.role)).toEqual(['homeroomTeacher', 'seal']);
  });

  it('an unsigned file has no valid signature', () => {
    const result = verifyPdf(unsigned, { trustedRoots: roots });
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual(['noSignatures']);
    expect(verifyPdf(Buffer.from('not a pdf'), { trustedRoots: roots }).valid).toBe(false);
  });
});

describe('certificates that may not sign', () => {
  it('refuses an expired, a not-yet-valid, and a wrong-CA certificate with clear codes', async () => {
    const day = 86_400_000;
    const expired = await pki.ca.issue({
      kind: 'personal',
      commonName: 'Lê Văn Hết Hạn',
      passphrase: 'x',
      notBefore: new Date(Date.now() - 400 * day),
      notAfter: new Date(Date.now() - day),
    });
    const future = await pki.ca.issue({
      kind: 'personal',
      commonName: 'Lê Văn Chưa Tới',
      passphrase: 'x',
      notBefore: new Date(Date.now() + 10 * day),
    });
    const otherCa = await createTestCa({ name: 'Another TEST CA' });
    const stranger = await otherCa.issue({ kind: 'personal', commonName: 'Người Lạ', passphrase: 'x' });
    const options = { role: 'principal' as const, trustedRoots: roots };
    expect(await codeOf(signPdf(unsigned, await openPkcs12Signer(expired.p12, 'x'), options))).toBe('signing.certificateExpired');
    expect(await codeOf(signPdf(unsigned, await openPkcs12Signer(future.p12, 'x'), options))).toBe('signing.certificateNotYetValid');
    expect(await codeOf(signPdf(unsigned, await openPkcs12Signer(stranger.p12, 'x'), options))).toBe('signing.certificateUntrusted');
    expect(await codeOf(signPdf(unsigned, principal, { role: 'principal', trustedRoots: [] }))).toBe('signing.certificateUntrusted');
    // The same stranger's signature, made with a trust list that accepts it, fails under ours.
    const foreign = await signPdf(unsigned, await openPkcs12Signer(stranger.p12, 'x'), {
      role: 'homeroomTeacher',
      trustedRoots: [otherCa.certificate],
    });
    const result = verifyPdf(foreign, { trustedRoots: roots });
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.problems).toEqual(['certificateUntrusted']);
    expect(verifyPdf(foreign, { trustedRoots: [otherCa.certificate] }).valid).toBe(true);
  }, 90_000);

  it('validity is judged at the signing time: a signature made while the certificate was valid stays valid', async () => {
    const day = 86_400_000;
    const oldCa = await createTestCa({ now: new Date(Date.now() - 60 * day) });
    const lapsed = await oldCa.issue({
      kind: 'personal',
      commonName: 'Phạm Thị Đã Ký',
      passphrase: 'x',
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - 2 * day),
    });
    const signer = await openPkcs12Signer(lapsed.p12, 'x');
    const signingTime = new Date(Date.now() - 10 * day);
    const signed = await signPdf(unsigned, signer, { role: 'homeroomTeacher', trustedRoots: [oldCa.certificate], signingTime });
    const result = verifyPdf(signed, { trustedRoots: [oldCa.certificate] });
    expect(result.valid).toBe(true);
    expect(result.signatures[0]?.signingTime?.toISOString()).toBe(new Date(Math.floor(signingTime.getTime() / 1000) * 1000).toISOString());
    // Signing now with the lapsed certificate is refused.
    expect(await codeOf(signPdf(unsigned, signer, { role: 'homeroomTeacher', trustedRoots: [oldCa.certificate] }))).toBe(
      'signing.certificateExpired',
    );
  }, 90_000);
});
