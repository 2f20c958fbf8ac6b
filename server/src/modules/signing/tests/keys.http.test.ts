import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePdfsig, tempDir, tool } from '../../../../tests/support/pdf-tools.ts';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import {
  addTrustedRoot,
  createTestCa,
  type DocumentType,
  type PublicDocument,
  plainPdf,
  registerDocumentType,
  signPdf,
  type TestCa,
  trustedRootCertificates,
  unlockSigner,
  unregisterDocumentType,
} from '../public.ts';

let t: TestApp;
let tree: TestTree;
let ca: TestCa;
let officer: SignedIn;
let principalB: SignedIn;
const PASS = 'department-seal-passphrase';

const call = (who: SignedIn | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(who ? { headers: who.headers } : {}), ...(payload ? { payload } : {}) });

/** A document type of the test's own (a department notice), registered the way a module registers its own. */
const notices = new Map<string, PublicDocument>();
const noticeType: DocumentType = {
  id: 'test.notice',
  label: { vi: 'Thông báo của Sở (thử nghiệm)', en: 'Department notice (test)' },
  findByCode: async (_q, code) => notices.get(code),
  findByFingerprint: async (_q, sha256) => [...notices.values()].find((n) => n.fingerprint === sha256),
};

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
  principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  ca = await createTestCa();
  await addTrustedRoot(t.database.db, ca.name, ca.certificate, true);
  registerDocumentType(noticeType);
}, 120_000);
afterAll(async () => {
  unregisterDocumentType(noticeType.id);
  await t.close();
});

describe('seals for any unit (issue 13 §D)', () => {
  it('the department installs its own seal and a commune’s: no school needed; audited', async () => {
    const seal = await ca.issue({ kind: 'seal', commonName: 'Sở Giáo dục và Đào tạo thử nghiệm', passphrase: PASS });
    const res = await call(officer, 'POST', '/api/signing/keys', {
      kind: 'seal',
      unitId: tree.department,
      p12Base64: seal.p12.toString('base64'),
      passphrase: PASS,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ subject: 'Sở Giáo dục và Đào tạo thử nghiệm', test: true });
    const commune = await ca.issue({ kind: 'seal', commonName: 'UBND Xã An Bình', passphrase: PASS });
    const communeRes = await call(officer, 'POST', '/api/signing/keys', {
      kind: 'seal',
      unitId: tree.communeA,
      p12Base64: commune.p12.toString('base64'),
      passphrase: PASS,
    });
    expect(communeRes.statusCode, communeRes.body).toBe(201);
    expect(await auditCount(t.database, 'signing.key.store')).toBe(2);
    const mine = (await call(officer, 'GET', '/api/signing/keys/mine')).json();
    expect(mine.seals[0]).toMatchObject({
      unitId: tree.department,
      unitType: 'department',
      key: { subject: 'Sở Giáo dục và Đào tạo thử nghiệm' },
    });
    expect(mine.seals.find((s: { unitId: string }) => s.unitId === tree.communeA)).toMatchObject({ unitType: 'commune' });
  });

  it('issue 14 §8: a seal for a unit out of scope and for an unknown unit answer alike (404, same code, same field)', async () => {
    const seal = await ca.issue({ kind: 'seal', commonName: 'Trường THCS An Bình', passphrase: PASS });
    const body = (unitId: string) => ({ kind: 'seal', unitId, p12Base64: seal.p12.toString('base64'), passphrase: PASS });
    const outOfScope = await call(principalB, 'POST', '/api/signing/keys', body(tree.schoolA));
    const unknown = await call(principalB, 'POST', '/api/signing/keys', body('00000000-0000-4000-8000-000000000000'));
    const above = await call(principalB, 'POST', '/api/signing/keys', body(tree.department));
    for (const res of [outOfScope, unknown, above]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toMatchObject({ code: 'signing.unitNotFound', errors: [{ path: 'body.unitId', code: 'signing.unitNotFound' }] });
    }
    const same = (body: string) => body.replace(/"requestId":"[^"]*"/, '');
    expect(same(outOfScope.body)).toBe(same(unknown.body));
    // the school's own principal may
    const own = await call(principalB, 'POST', '/api/signing/keys', {
      ...body(tree.schoolB),
      p12Base64: (await ca.issue({ kind: 'seal', commonName: 'Trường THCS Bắc Sơn', passphrase: PASS })).p12.toString('base64'),
    });
    expect(own.statusCode, own.body).toBe(201);
  });

  it('a document sealed with the department seal verifies at the public page, and pdfsig agrees', async () => {
    const code = randomBytes(8).toString('hex').toUpperCase();
    const unsigned = await plainPdf({
      title: 'THÔNG BÁO',
      lines: ['Sở Giáo dục và Đào tạo thông báo lịch tuyển sinh lớp 10.', `Mã tra cứu: ${code}`],
    });
    const { signer, key } = await unlockSigner(t.database.db, { kind: 'seal', unitId: tree.department }, PASS, 'passphrase');
    const signed = await signPdf(unsigned, signer, {
      role: 'seal',
      reason: 'đóng dấu thông báo',
      trustedRoots: await trustedRootCertificates(t.database.db),
    });
    const fingerprint = createHash('sha256').update(signed).digest('hex');
    notices.set(code, {
      code,
      title: 'Thông báo lịch tuyển sinh lớp 10',
      facts: [{ label: { vi: 'Đơn vị ban hành', en: 'Issued by' }, value: 'Sở Giáo dục và Đào tạo thử nghiệm' }],
      version: 1,
      status: 'sealed',
      newerVersion: null,
      fingerprint,
      sealedAt: new Date(),
      signatures: [{ role: 'seal', signer: key.subject, at: new Date().toISOString() }],
    });

    const page = await call(null, 'GET', `/api/signing/verify/${code}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ type: 'test.notice', typeLabel: 'Thông báo của Sở (thử nghiệm)', current: true, fingerprint });
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/signing/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: signed,
    });
    expect(upload.json()).toMatchObject({ valid: true, registered: true, problems: [], document: { code, type: 'test.notice' } });
    expect(upload.json().signatures).toEqual([
      expect.objectContaining({ role: 'seal', valid: true, signerName: 'Sở Giáo dục và Đào tạo thử nghiệm' }),
    ]);

    const dir = tempDir();
    try {
      const sigs = parsePdfsig(tool('pdfsig', [dir.file('thong-bao.pdf', signed)]).stdout);
      expect(sigs).toHaveLength(1);
      expect(sigs[0]).toMatchObject({ commonName: 'Sở Giáo dục và Đào tạo thử nghiệm', totalDocument: true });
      expect(sigs[0]!.validation).toMatch(/Signature is Valid/);
    } finally {
      dir.cleanup();
    }
  });

  it('the keys are stored sealed, never as a clear PKCS#12 or PEM key', async () => {
    const { rows } = await t.database.db.execute<{ sealed: string }>(sql`SELECT sealed::text FROM signing.signing_keys`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r.sealed).not.toMatch(/BEGIN|PRIVATE/);
  });
});
