import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { verifyChains } from '../../../platform/audit-chain.ts';
import { markHistoryChain } from '../history-chain.ts';
import { auditCount, type SignedIn } from '../../identity/tests/factories.ts';
import { createGradebookFixture, type GradebookFixture } from './factories.ts';

let t: TestApp;
let f: GradebookFixture;

beforeAll(async () => {
  t = await createTestApp();
  f = await createGradebookFixture(t.app, t.database);
});
afterAll(async () => t.close());

const sheetUrl = (subject = 'TOAN', term?: string) => `/api/gradebook/classes/${f.classId}/subjects/${subject}/terms/${term ?? f.term1}`;
const get = (url: string, who: SignedIn) => t.app.inject({ method: 'GET', url, headers: who.headers });
const save = (who: SignedIn, changes: unknown[], subject = 'TOAN') =>
  t.app.inject({ method: 'PUT', url: `${sheetUrl(subject)}/marks`, headers: who.headers, payload: { changes } });
const cellOf = async (studentId: string, slot: string) =>
  (await get(sheetUrl(), f.teacher)).json().students.find((s: { id: string }) => s.id === studentId).marks[slot];

describe('score entry', () => {
  it('shows the sheet with the required columns (Toán grade 6: 140 periods → 4 ĐĐGtx) and students in Vietnamese order', async () => {
    const res = await get(sheetUrl(), f.teacher);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.sheet).toMatchObject({
      id: null,
      status: 'open',
      assessment: 'NXDS',
      requiredRegular: 4,
      slots: ['tx1', 'tx2', 'tx3', 'tx4', 'gk', 'ck'],
      ruleset: 'tt22-2021@2021-2022',
    });
    // Given names An, Bình, Châu.
    expect(body.students.map((s: { fullName: string }) => s.fullName)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu']);
    expect(body.abilities).toEqual({ read: true, enter: true, lock: false, decide: false });
  });

  it('accepts "7,5" as 7.5 and keeps scores as decimal strings, audited with the history', async () => {
    const [an] = f.students;
    const res = await save(f.teacher, [{ studentId: an!.id, slot: 'tx1', value: '7,5', expectedVersion: 0 }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().saved).toEqual([{ studentId: an!.id, slot: 'tx1', value: '7.5', version: 1 }]);
    expect(await cellOf(an!.id, 'tx1')).toEqual({ value: '7.5', version: 1 });
    expect(await auditCount(t.database, 'gradebook.marks.save')).toBeGreaterThan(0);
    const sheetId = (await get(sheetUrl(), f.teacher)).json().sheet.id;
    const history = (await get(`/api/gradebook/sheets/${sheetId}/history?studentId=${an!.id}`, f.teacher)).json();
    expect(history.items[0]).toMatchObject({ slot: 'tx1', oldValue: null, newValue: '7.5' });
  });

  it.each([
    ['11', 'gradebook.score.outOfRange'],
    ['-1', 'gradebook.score.outOfRange'],
    ['7.25', 'gradebook.score.tooManyDecimals'],
    ['bảy', 'gradebook.score.notANumber'],
  ])('refuses %s with %s on the cell, and saves nothing of the batch', async (value, code) => {
    const [, binh, chau] = f.students;
    const res = await save(f.teacher, [
      { studentId: chau!.id, slot: 'tx1', value: '8', expectedVersion: 0 },
      { studentId: binh!.id, slot: 'tx2', value, expectedVersion: 0 },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.changes.1.value', code })]);
    expect(res.json().errors[0].message).toMatch(/\S/);
    expect(await cellOf(chau!.id, 'tx1')).toBeUndefined();
  });

  it('refuses a score sent as a JSON number: scores travel as strings', async () => {
    const res = await save(f.teacher, [{ studentId: f.students[0]!.id, slot: 'tx2', value: 7.5, expectedVersion: 0 }]);
    expect(res.statusCode).toBe(400);
  });

  it('keeps "missed, make-up pending" apart from 0', async () => {
    const [, binh] = f.students;
    const res = await save(f.teacher, [
      { studentId: binh!.id, slot: 'gk', value: 'vắng', expectedVersion: 0 },
      { studentId: binh!.id, slot: 'tx1', value: '0', expectedVersion: 0 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(await cellOf(binh!.id, 'gk')).toEqual({ value: 'M', version: 1 });
    expect(await cellOf(binh!.id, 'tx1')).toEqual({ value: '0.0', version: 1 });
  });

  it('refuses a slot the sheet does not have (a fifth ĐĐGtx)', async () => {
    const res = await save(f.teacher, [{ studentId: f.students[0]!.id, slot: 'tx5', value: '8', expectedVersion: 0 }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe('gradebook.slot.invalid');
  });

  it('two teachers saving one cell: the second gets 409 and sees the value now stored (no lost update)', async () => {
    const [, , chau] = f.students;
    const first = await save(f.teacher, [{ studentId: chau!.id, slot: 'tx3', value: '6', expectedVersion: 0 }]);
    expect(first.statusCode).toBe(200);
    const second = await save(f.teacher, [{ studentId: chau!.id, slot: 'tx3', value: '9', expectedVersion: 0 }]);
    expect(second.statusCode).toBe(409);
    expect(second.json().errors[0]).toMatchObject({ path: 'body.changes.0', code: 'gradebook.cellChanged' });
    expect(second.json().errors[0].message).toContain('6.0');
    expect(await cellOf(chau!.id, 'tx3')).toEqual({ value: '6.0', version: 1 });
  });

  it('concurrent first saves of one empty cell: exactly one wins', async () => {
    const [an] = f.students;
    const results = await Promise.all(
      ['5', '6', '7', '8'].map((v) => save(f.teacher, [{ studentId: an!.id, slot: 'tx4', value: v, expectedVersion: 0 }])),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(3);
  });

  it('clears a cell with an empty value', async () => {
    const [an] = f.students;
    const now = await cellOf(an!.id, 'tx4');
    const res = await save(f.teacher, [{ studentId: an!.id, slot: 'tx4', value: '', expectedVersion: now.version }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(await cellOf(an!.id, 'tx4')).toBeUndefined();
  });

  it('computes the ĐTBmhk once every required cell is in (TT 22 Art. 9; Ex. 1 of regulations §1.12 → 7.9)', async () => {
    const [an] = f.students;
    // Ex. 1 of regulations §1.12: TX 8, 7, 9, 8.5; GK 7.5; CK 8 → 7.9.
    const current = (await get(sheetUrl(), f.teacher)).json().students.find((s: { id: string }) => s.id === an!.id).marks;
    const changes = Object.entries({ tx1: '8', tx2: '7', tx3: '9', tx4: '8.5', gk: '7.5', ck: '8' }).map(([slot, value]) => ({
      studentId: an!.id,
      slot,
      value,
      expectedVersion: current[slot]?.version ?? 0,
    }));
    const res = await save(f.teacher, changes);
    expect(res.statusCode, res.body).toBe(200);
    const row = (await get(sheetUrl(), f.teacher)).json().students.find((s: { id: string }) => s.id === an!.id);
    expect(row.result).toBe('7.9');
  });

  it('saves comments per student', async () => {
    const [an] = f.students;
    const res = await t.app.inject({
      method: 'PUT',
      url: `${sheetUrl()}/remarks`,
      headers: f.teacher.headers,
      payload: { changes: [{ studentId: an!.id, text: 'Tiến bộ rõ rệt, cần cẩn thận khi trình bày.', expectedVersion: 0 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = (await get(sheetUrl(), f.teacher)).json().students.find((s: { id: string }) => s.id === an!.id);
    expect(row.remark).toEqual({ text: 'Tiến bộ rõ rệt, cần cẩn thận khi trình bày.', version: 1 });
  });
});

describe('who reaches a sheet', () => {
  it('my classes: the teacher sees the class with the subjects they teach, the principal every class of the school, another school none', async () => {
    // A class without a homeroom teacher is listed as not led (not as an unknown).
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/registry/schools/${f.tree.schoolA}/classes`,
      headers: f.principal.headers,
      payload: { schoolYearId: f.yearId, gradeNo: 7, name: '7A9' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/registry/classes/${other.json().id}/assignments`,
      headers: f.principal.headers,
      payload: { subjectCode: 'TOAN', teacherId: f.teacher.userId },
    });
    const mine = (await get('/api/gradebook/my-classes', f.teacher)).json().items;
    expect(mine).toEqual([
      expect.objectContaining({ id: f.classId, name: '6A1', homeroom: false, subjects: ['TOAN'] }),
      expect.objectContaining({ name: '7A9', homeroom: false, subjects: ['TOAN'] }),
    ]);
    expect((await get('/api/gradebook/my-classes', f.homeroom)).json().items).toEqual([
      expect.objectContaining({ id: f.classId, homeroom: true, subjects: [] }),
    ]);
    expect((await get('/api/gradebook/my-classes', f.principal)).json().items.map((c: { id: string }) => c.id)).toContain(f.classId);
    expect((await get('/api/gradebook/my-classes', f.otherTeacher)).json().items).toEqual([]);
  });

  it('a teacher of another school gets 404; the homeroom teacher reads but cannot enter (403)', async () => {
    expect((await get(sheetUrl(), f.otherTeacher)).statusCode).toBe(404);
    expect((await save(f.otherTeacher, [{ studentId: f.students[0]!.id, slot: 'tx1', value: '5', expectedVersion: 1 }])).statusCode).toBe(
      404,
    );
    expect((await get(`/api/gradebook/classes/${f.classId}/sheets`, f.otherTeacher)).statusCode).toBe(404);
    const read = await get(sheetUrl(), f.homeroom);
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities.enter).toBe(false);
    expect((await save(f.homeroom, [{ studentId: f.students[0]!.id, slot: 'tx1', value: '5', expectedVersion: 1 }])).statusCode).toBe(403);
  });

  it('the maths teacher does not reach the literature sheet of the same class', async () => {
    const res = await save(f.teacher, [{ studentId: f.students[0]!.id, slot: 'tx1', value: '5', expectedVersion: 0 }], 'NGU_VAN');
    expect(res.statusCode).toBe(404);
    const list = (await get(`/api/gradebook/classes/${f.classId}/sheets`, f.teacher)).json();
    expect(list.subjects.map((s: { code: string }) => s.code)).toEqual(['TOAN']);
  });

  it('the school office reads every subject, cannot enter marks (403) nor lock (403)', async () => {
    const list = (await get(`/api/gradebook/classes/${f.classId}/sheets`, f.office)).json();
    expect(list.subjects.length).toBeGreaterThan(5);
    expect((await save(f.office, [{ studentId: f.students[0]!.id, slot: 'tx1', value: '5', expectedVersion: 1 }])).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${sheetUrl()}/lock`, headers: f.office.headers })).statusCode).toBe(403);
  });
});

describe('workflow: open → published → locked, then corrections', () => {
  let sheetId: string;

  it('the teacher publishes; publishing twice changes nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: `${sheetUrl()}/publish`, headers: f.teacher.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('published');
    sheetId = res.json().id;
    const again = await t.app.inject({ method: 'POST', url: `${sheetUrl()}/publish`, headers: f.teacher.headers });
    expect(again.json().publishedAt).toBe(res.json().publishedAt);
  });

  it('the principal locks; then a direct save is refused with 409', async () => {
    const res = await t.app.inject({ method: 'POST', url: `${sheetUrl()}/lock`, headers: f.principal.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('locked');
    const [an] = f.students;
    const cell = await cellOf(an!.id, 'ck');
    const refused = await save(f.teacher, [{ studentId: an!.id, slot: 'ck', value: '9', expectedVersion: cell.version }]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('gradebook.sheet.locked');
  });

  it('the teacher requests a correction with a reason; a double submit is refused; the principal approves; history keeps the reason', async () => {
    const [an] = f.students;
    const body = { sheetId, studentId: an!.id, slot: 'ck', value: '9', reason: 'Chấm sót câu 4 của bài kiểm tra cuối kì.' };
    const req = await t.app.inject({ method: 'POST', url: '/api/gradebook/corrections', headers: f.teacher.headers, payload: body });
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json()).toMatchObject({ oldValue: '8.0', newValue: '9.0', status: 'pending', abilities: { decide: false, withdraw: true } });
    const twice = await t.app.inject({ method: 'POST', url: '/api/gradebook/corrections', headers: f.teacher.headers, payload: body });
    expect(twice.statusCode).toBe(409);

    const pending = (await get('/api/gradebook/corrections?status=pending', f.principal)).json();
    expect(pending.items.map((c: { id: string }) => c.id)).toContain(req.json().id);
    expect((await get('/api/gradebook/corrections', f.otherTeacher)).json().items).toEqual([]);

    const teacherDecides = await t.app.inject({
      method: 'POST',
      url: `/api/gradebook/corrections/${req.json().id}/decision`,
      headers: f.teacher.headers,
      payload: { decision: 'approve' },
    });
    expect(teacherDecides.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/gradebook/corrections/${req.json().id}/decision`,
      headers: f.principal.headers,
      payload: { decision: 'approve', note: 'Đồng ý.' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect(await cellOf(an!.id, 'ck')).toMatchObject({ value: '9.0' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/gradebook/corrections/${req.json().id}/decision`,
      headers: f.principal.headers,
      payload: { decision: 'reject' },
    });
    expect(again.statusCode).toBe(409);
    const history = (await get(`/api/gradebook/sheets/${sheetId}/history?studentId=${an!.id}`, f.principal)).json();
    expect(history.items[0]).toMatchObject({
      slot: 'ck',
      oldValue: '8.0',
      newValue: '9.0',
      reason: body.reason,
      correctionId: req.json().id,
    });
    expect(await auditCount(t.database, 'gradebook.correction.approve')).toBe(1);
  });

  it('a rejected correction leaves the cell as it was', async () => {
    const [, binh] = f.students;
    const req = await t.app.inject({
      method: 'POST',
      url: '/api/gradebook/corrections',
      headers: f.teacher.headers,
      payload: { sheetId, studentId: binh!.id, slot: 'gk', value: '6', reason: 'Học sinh đã kiểm tra bù ngày 20/11.' },
    });
    expect(req.statusCode, req.body).toBe(201);
    const no = await t.app.inject({
      method: 'POST',
      url: `/api/gradebook/corrections/${req.json().id}/decision`,
      headers: f.principal.headers,
      payload: { decision: 'reject', note: 'Chưa có biên bản kiểm tra bù.' },
    });
    expect(no.json().status).toBe('rejected');
    expect(await cellOf(binh!.id, 'gk')).toMatchObject({ value: 'M' });
  });

  it('the history of a cell cannot be rewritten in the database', async () => {
    await expect(t.database.query('UPDATE gradebook.mark_changes SET new_value = $1', ['10.0'])).rejects.toThrow(/append-only/);
  });

  it("a cell change rewritten with the triggers off breaks its sheet's hash chain, and only that entry is named", async () => {
    const [entry] = await t.database.query<{ id: string; sheet_id: string; chain_seq: string }>(
      'SELECT id::text, sheet_id::text, chain_seq::text FROM gradebook.mark_changes WHERE sheet_id = $1 ORDER BY chain_seq LIMIT 1',
      [sheetId],
    );
    expect((await verifyChains(t.database, [markHistoryChain])).ok).toBe(true);
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE gradebook.mark_changes DISABLE TRIGGER USER`);
      await tx.execute(sql`UPDATE gradebook.mark_changes SET new_value = '10.0' WHERE id = ${entry!.id}`);
      await tx.execute(sql`ALTER TABLE gradebook.mark_changes ENABLE TRIGGER USER`);
    });
    const report = await verifyChains(t.database, [markHistoryChain]);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ chain: 'marks', stream: sheetId, kind: 'hash', seq: Number(entry!.chain_seq), id: entry!.id }]);
  });
});
