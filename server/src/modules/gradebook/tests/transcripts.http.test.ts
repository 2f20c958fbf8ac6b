import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, type SignedIn } from '../../identity/tests/factories.ts';
import { parsePdfsig, tempDir, tool } from '../../../../tests/support/pdf-tools.ts';
import { addTrustedRoot, createTestPki, type TestPki } from '../../signing/public.ts';
import { createGradebookFixture, fillYearMarks, type GradebookFixture, lockYear, recordConduct } from './factories.ts';

let t: TestApp;
let f: GradebookFixture;
let pki: TestPki;
const PASS = { homeroomTeacher: 'gvcn-passphrase-1', principal: 'ht-passphrase-22', seal: 'seal-passphrase-333' };

const call = (who: SignedIn | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(who ? { headers: who.headers } : {}), ...(payload ? { payload } : {}) });
const base = () => `/api/gradebook/classes/${f.classId}/transcripts`;
const list = async () => (await call(f.principal, 'GET', base())).json();
const pdfOf = async (id: string, who: SignedIn = f.principal) =>
  (await call(who, 'GET', `/api/gradebook/transcripts/${id}/pdf`)).rawPayload;
const verify = (pdf: Buffer, code?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/signing/verify${code ? `?code=${code}` : ''}`,
    headers: { 'content-type': 'application/pdf' },
    payload: pdf,
  });

beforeAll(async () => {
  t = await createTestApp();
  f = await createGradebookFixture(t.app, t.database);
  await fillYearMarks(t.app, f);
  await lockYear(t.app, f);
  await recordConduct(t.app, f);
  expect((await call(f.homeroom, 'POST', `/api/gradebook/classes/${f.classId}/finalise`)).statusCode).toBe(200);
  pki = await createTestPki({
    schoolName: 'Trường THCS An Bình',
    homeroomTeacherName: 'Đặng Thu Hà',
    principalName: 'Phạm Thị Lan',
    passphrases: PASS,
  });
  await addTrustedRoot(t.database.db, pki.ca.name, pki.ca.certificate, true);
}, 240_000);
afterAll(async () => t.close());

describe('transcripts (học bạ số): generate, sign in order, seal, verify', () => {
  it('stores each signer’s PKCS#12 sealed under their passphrase; a wrong passphrase is refused on the field', async () => {
    const wrong = await call(f.homeroom, 'POST', '/api/signing/keys', {
      kind: 'personal',
      p12Base64: pki.homeroomTeacher.p12.toString('base64'),
      passphrase: 'not-the-passphrase',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('body.passphrase');
    for (const [who, id, kind] of [
      [f.homeroom, pki.homeroomTeacher, 'personal'],
      [f.principal, pki.principal, 'personal'],
      [f.principal, pki.seal, 'seal'],
    ] as const) {
      const res = await call(who, 'POST', '/api/signing/keys', {
        kind,
        ...(kind === 'seal' ? { unitId: f.tree.schoolA } : {}),
        p12Base64: id.p12.toString('base64'),
        passphrase: PASS[id === pki.seal ? 'seal' : id === pki.principal ? 'principal' : 'homeroomTeacher'],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().test).toBe(true);
    }
    const { rows } = await t.database.db.execute<{ sealed: string }>(
      (await import('drizzle-orm')).sql`SELECT sealed::text FROM signing.signing_keys LIMIT 1`,
    );
    expect(rows[0]!.sealed).not.toContain('BEGIN');
  });

  it('generates one PDF per student of the finalised class', async () => {
    const res = await call(f.homeroom, 'POST', base());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ generated: 3 });
    const l = await list();
    expect(l.items.map((x: { status: string }) => x.status)).toEqual(['generated', 'generated', 'generated']);
    expect(l.abilities).toEqual({ generate: true, signAs: ['principal', 'seal'] });
    const again = await call(f.homeroom, 'POST', base());
    expect(again.json()).toEqual({ generated: 0 });
  });

  it('signs in order: the principal cannot go first (409), the subject teacher cannot sign (404), a wrong passphrase is refused', async () => {
    expect((await call(f.principal, 'POST', `${base()}/sign`, { role: 'principal', passphrase: PASS.principal })).statusCode).toBe(409);
    expect(
      (await call(f.otherTeacher, 'POST', `${base()}/sign`, { role: 'homeroomTeacher', passphrase: PASS.homeroomTeacher })).statusCode,
    ).toBe(404);
    expect(
      (await call(f.principal, 'POST', `${base()}/sign`, { role: 'homeroomTeacher', passphrase: PASS.homeroomTeacher })).statusCode,
    ).toBe(403);
    const wrong = await call(f.homeroom, 'POST', `${base()}/sign`, { role: 'homeroomTeacher', passphrase: 'wrong-passphrase' });
    expect(wrong.statusCode).toBe(422);
    expect((await list()).items[0].status).toBe('generated');
  });

  it('homeroom teacher → principal → seal: sealed, fingerprint registered, pdfsig reports three valid signatures', async () => {
    for (const [who, role] of [
      [f.homeroom, 'homeroomTeacher'],
      [f.principal, 'principal'],
      [f.principal, 'seal'],
    ] as const) {
      const res = await call(who, 'POST', `${base()}/sign`, { role, passphrase: PASS[role] });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      expect(res.json().signed).toBe(3);
    }
    const items = (await list()).items;
    expect(
      items.every(
        (x: { status: string; fingerprint: string | null }) => x.status === 'sealed' && /^[0-9a-f]{64}$/.test(x.fingerprint ?? ''),
      ),
    ).toBe(true);
    expect(items[0].signatures.map((s: { role: string }) => s.role)).toEqual(['homeroomTeacher', 'principal', 'seal']);
    expect(await auditCount(t.database, 'gradebook.transcript.sign.seal')).toBe(1);

    const pdf = await pdfOf(items[0].id);
    const dir = tempDir();
    try {
      const file = dir.file('hoc-ba.pdf', pdf);
      const sigs = parsePdfsig(tool('pdfsig', [file]).stdout);
      expect(sigs).toHaveLength(3);
      expect(sigs.every((s) => /Signature is Valid/.test(s.validation ?? ''))).toBe(true);
      expect(tool('qpdf', ['--check', file]).status).toBe(0);
    } finally {
      dir.cleanup();
    }
  });

  it('the public page shows what is needed to check it — no scores, no identifiers — and the uploaded file verifies', async () => {
    const item = (await list()).items[0];
    const page = await call(null, 'GET', `/api/signing/verify/${item.code}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      type: 'gradebook.transcript',
      typeLabel: 'Học bạ số',
      code: item.code,
      title: item.studentName,
      current: true,
      status: 'sealed',
      newerVersion: null,
      fingerprint: item.fingerprint,
    });
    expect(page.json().facts).toEqual([
      { label: 'Học sinh', value: item.studentName },
      { label: 'Trường', value: expect.any(String) },
      { label: 'Năm học', value: '2026-2027' },
      { label: 'Lớp', value: expect.any(String) },
    ]);
    // Only what a checker needs: these fields, and no score, identifier or birth date in any value
    // (timestamps and the fingerprint, checked above, left out of the scan: a time like 09:48.549
    // reads as a score of 8.5, and a hex digest may hold twelve digits in a row, like a CCCD).
    const body = page.json() as { signatures: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'code',
      'current',
      'facts',
      'fingerprint',
      'newerVersion',
      'sealedAt',
      'signatures',
      'status',
      'title',
      'type',
      'typeLabel',
      'version',
    ]);
    expect(body.signatures.map((sig) => Object.keys(sig).sort())).toEqual(body.signatures.map(() => ['at', 'role', 'signer']));
    const values = JSON.stringify({
      ...body,
      sealedAt: null,
      fingerprint: null,
      signatures: body.signatures.map((sig) => ({ ...sig, at: null })),
    });
    expect(values).not.toMatch(/cccd|8[.,]5|dateOfBirth|\d{12}/i);
    const pdf = await pdfOf(item.id);
    const ok = await verify(pdf, item.code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, registered: true, problems: [] });
    expect(ok.json().signatures.map((s: { valid: boolean; role: string }) => [s.role, s.valid])).toEqual([
      ['homeroomTeacher', true],
      ['principal', true],
      ['seal', true],
    ]);
    // Without the code the file is found by its fingerprint.
    expect((await verify(pdf)).json()).toMatchObject({ valid: true, registered: true, document: { code: item.code } });
  });

  it('one flipped byte makes the upload invalid', async () => {
    const item = (await list()).items[0];
    const pdf = Buffer.from(await pdfOf(item.id));
    const at = pdf.indexOf('HỌC BẠ') > 0 ? pdf.indexOf('HỌC BẠ') : Math.floor(pdf.length / 3);
    pdf[at] = pdf[at]! ^ 0x01;
    const res = await verify(pdf, item.code);
    expect(res.statusCode).toBe(200);
    expect(res.json().valid).toBe(false);
    expect(res.json().registered).toBe(false);
  });

  it('exports the sealed transcripts of the year as the documented JSON package; the PDFs inside match their fingerprints; audited', async () => {
    const res = await call(f.principal, 'GET', `/api/gradebook/schools/${f.tree.schoolA}/transcripts/export?startYear=2026`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const pkg = res.json();
    expect(pkg).toMatchObject({ format: 'giaoducso.hocba.package', version: 1, schoolYear: '2026-2027', count: 3 });
    for (const item of pkg.transcripts) {
      const pdf = Buffer.from(item.pdf.base64, 'base64');
      expect((await import('node:crypto')).createHash('sha256').update(pdf).digest('hex')).toBe(item.fingerprintSha256);
      expect(item.signatures).toHaveLength(3);
    }
    expect(await auditCount(t.database, 'gradebook.transcript.export')).toBe(1);
    expect(
      (await call(f.otherTeacher, 'GET', `/api/gradebook/schools/${f.tree.schoolA}/transcripts/export?startYear=2026`)).statusCode,
    ).toBe(403);
  });

  it('a sealed transcript is immutable: a correction is a new version with its reason; the old one verifies as superseded', async () => {
    const item = (await list()).items[0];
    const res = await call(f.principal, 'POST', `/api/gradebook/transcripts/${item.id}/revise`, {
      reason: 'Sửa tên nơi sinh theo giấy khai sinh.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const now = (await list()).items.find((x: { studentId: string }) => x.studentId === item.studentId);
    expect(now).toMatchObject({ version: 2, status: 'generated', reason: 'Sửa tên nơi sinh theo giấy khai sinh.' });
    const old = (await call(null, 'GET', `/api/signing/verify/${item.code}`)).json();
    expect(old).toMatchObject({ status: 'superseded', current: false, newerVersion: { version: 2 } });
  });

  it('a teacher of another school cannot download a transcript (404)', async () => {
    const item = (await list()).items[1];
    expect((await call(f.otherTeacher, 'GET', `/api/gradebook/transcripts/${item.id}/pdf`)).statusCode).toBe(404);
  });

  it('issue 14 §9: an approved correction after sealing marks the transcript stale (school list, public page); the school issues the new version with the correction as reason', async () => {
    const sealed = (await list()).items.find((x: { status: string }) => x.status === 'sealed');
    expect(sealed.stale).toBeNull();
    const sheetUrl = `/api/gradebook/classes/${f.classId}/subjects/TOAN/terms/${f.term2}`;
    const sheetId = (await call(f.teacher, 'GET', sheetUrl)).json().sheet.id;
    const reason = 'Chấm sót câu 4 của bài kiểm tra cuối kì II.';
    const req = await call(f.teacher, 'POST', '/api/gradebook/corrections', {
      sheetId,
      studentId: sealed.studentId,
      slot: 'ck',
      value: '3.5',
      reason,
    });
    expect(req.statusCode, req.body).toBe(201);
    const before = await call(null, 'GET', `/api/signing/verify/${sealed.code}`);
    expect(before.json()).toMatchObject({ current: true, newerVersion: null });
    const ok = await call(f.principal, 'POST', `/api/gradebook/corrections/${req.json().id}/decision`, { decision: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);

    // the school's screens: the class list and the school's list of transcripts that no longer match
    const now = (await list()).items.find((x: { id: string }) => x.id === sealed.id);
    expect(now).toMatchObject({ status: 'sealed', version: 1, stale: { reason } });
    const staleUrl = `/api/gradebook/schools/${f.tree.schoolA}/transcripts/stale`;
    const stale = (await call(f.principal, 'GET', staleUrl)).json();
    expect(stale.items).toEqual([expect.objectContaining({ id: sealed.id, studentId: sealed.studentId, reason, ready: false })]);
    expect((await call(f.otherTeacher, 'GET', staleUrl)).statusCode).toBe(403);
    // the public page: still sealed, no longer current, a newer version is due
    expect((await call(null, 'GET', `/api/signing/verify/${sealed.code}`)).json()).toMatchObject({
      status: 'sealed',
      current: false,
      newerVersion: { version: null },
    });
    expect(await auditCount(t.database, 'gradebook.transcript.stale')).toBe(1);

    // the year result must be restated first, then the new version takes the correction as reason
    const early = await call(f.principal, 'POST', `/api/gradebook/transcripts/${sealed.id}/revise`, {});
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().code).toBe('gradebook.transcript.refinaliseFirst');
    const yearOf = async () =>
      (
        await t.database.db.execute<{ toan: unknown }>(
          (
            await import('drizzle-orm')
          ).sql`SELECT detail->'subjects'->'scored'->'TOAN' AS toan FROM gradebook.year_results WHERE student_id = ${sealed.studentId}`,
        )
      ).rows[0]!.toan;
    const oldYear = await yearOf();
    expect((await call(f.homeroom, 'POST', `/api/gradebook/classes/${f.classId}/finalise`)).statusCode).toBe(200);
    expect(await yearOf()).not.toEqual(oldYear);
    expect((await call(f.principal, 'GET', staleUrl)).json().items[0]).toMatchObject({ ready: true });
    const revised = await call(f.principal, 'POST', `/api/gradebook/transcripts/${sealed.id}/revise`, {});
    expect(revised.statusCode, revised.body).toBe(200);
    const v2 = (await list()).items.find((x: { studentId: string }) => x.studentId === sealed.studentId);
    expect(v2).toMatchObject({
      version: 2,
      status: 'generated',
      stale: null,
      reason: `Điều chỉnh điểm được hiệu trưởng phê duyệt: ${reason}`,
    });
    expect((await call(null, 'GET', `/api/signing/verify/${sealed.code}`)).json()).toMatchObject({
      status: 'superseded',
      current: false,
      newerVersion: { version: 2 },
    });
    expect((await call(f.principal, 'GET', staleUrl)).json().items).toEqual([]);
  });
});
