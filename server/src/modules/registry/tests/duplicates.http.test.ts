import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { referencesToStudents } from '../commands/merge.ts';
import { cccdFor, createClass, createStudent, createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let principalA: SignedIn;
let principalB: SignedIn;
let officer: SignedIn;
let clerkA: SignedIn;
let teacherA: SignedIn;
let classA: string;
let classA2: string;

const post = (url: string, who: SignedIn, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object });
const get = (url: string, who: SignedIn) => t.app.inject({ method: 'GET', url, headers: who.headers });
const pairIds = (items: Array<{ first: { id: string }; second: { id: string } }>) =>
  items.map((i) => [i.first.id, i.second.id].sort().join('+'));
const pairOf = (x: string, y: string) => [x, y].sort().join('+');

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principalA = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
  clerkA = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  teacherA = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
  const year = (await createYear(t.app, principalA.headers, tree.schoolA)).id;
  classA = (await createClass(t.app, principalA.headers, tree.schoolA, year, '6A1')).id;
  classA2 = (await createClass(t.app, principalA.headers, tree.schoolA, year, '6A2')).id;
});
afterAll(async () => t.close());

describe('suspected duplicates', () => {
  let an1: { id: string; version: number; cccd: string };
  let an2: { id: string; version: number };
  let far: { id: string; version: number };

  beforeAll(async () => {
    // The same child typed twice at school A: once with accents and a CCCD, once without either.
    an1 = await createStudent(t.app, principalA.headers, tree.schoolA, 'Nguyễn Văn An', { birthProvinceCode: '27' });
    an2 = await createStudent(t.app, principalA.headers, tree.schoolA, 'Nguyen Van An', { cccd: null, phone: '0912345678' });
    // …and a namesake at school B (only the department sees the pair across schools).
    far = await createStudent(t.app, principalB.headers, tree.schoolB, 'NGUYỄN VĂN AN', { cccd: null, birthProvinceCode: null });
    // Same name and birth date, two different birthplaces: not suspected.
    await createStudent(t.app, principalA.headers, tree.schoolA, 'Lê Thị Hoa', { sex: 'female', birthProvinceCode: '27' });
    await createStudent(t.app, principalA.headers, tree.schoolA, 'Le Thi Hoa', { sex: 'female', birthProvinceCode: '01' });
    const e = await post(`/api/registry/students/${an1.id}/enrolments`, principalA, { classId: classA, startedOn: '2026-09-05' });
    expect(e.statusCode, e.body).toBe(201);
    const g = await post(`/api/registry/students/${an2.id}/guardians`, principalA, {
      relation: 'mother',
      primaryContact: true,
      guardian: { fullName: 'Trần Thị Mai', phone: '0987654321' },
    });
    expect(g.statusCode, g.body).toBe(201);
  });

  it('are listed for the caller’s scope only: a principal sees school A, the department sees across schools', async () => {
    const mine = (await get('/api/registry/duplicates', principalA)).json();
    expect(pairIds(mine.items)).toEqual([pairOf(an1.id, an2.id)]);
    expect(mine.items[0]).toMatchObject({ level: 'probable', reasons: ['nameDob'] });
    const all = (await get('/api/registry/duplicates', officer)).json();
    expect(pairIds(all.items).sort()).toEqual([pairOf(an1.id, an2.id), pairOf(an1.id, far.id), pairOf(an2.id, far.id)].sort());
    expect((await get('/api/registry/duplicates', principalB)).json().items).toEqual([]);
  });

  it('are not for clerks or teachers (403), and another school’s pair is 404', async () => {
    expect((await get('/api/registry/duplicates', clerkA)).statusCode).toBe(403);
    expect((await get('/api/registry/duplicates', teacherA)).statusCode).toBe(403);
    expect(
      (
        await post('/api/registry/duplicates/merge', teacherA, {
          survivorId: an1.id,
          mergedId: an2.id,
          survivorVersion: 1,
          mergedVersion: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect((await get(`/api/registry/duplicates/compare?a=${an1.id}&b=${an2.id}`, principalB)).statusCode).toBe(404);
    expect((await get(`/api/registry/duplicates/compare?a=${an1.id}&b=${far.id}`, principalA)).statusCode).toBe(404);
    expect(
      (
        await post('/api/registry/duplicates/merge', principalB, {
          survivorId: an1.id,
          mergedId: an2.id,
          survivorVersion: 1,
          mergedVersion: 1,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('are compared side by side', async () => {
    const res = await get(`/api/registry/duplicates/compare?a=${an1.id}&b=${an2.id}`, principalA);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.differing).toEqual(['fullName']);
    expect(body.a.fields).toMatchObject({ fullName: 'Nguyễn Văn An', cccd: an1.cccd, phone: null });
    expect(body.b.fields).toMatchObject({ fullName: 'Nguyen Van An', cccd: null, phone: '0912345678' });
    expect(body.a.enrolments).toHaveLength(1);
    expect(body.b.guardians).toHaveLength(1);
    expect(body).toMatchObject({ level: 'probable', clashingYears: [], dismissed: false });
  });

  it('merge in one transaction: links move, chosen values kept, the old id resolves to the survivor, one audit event', async () => {
    const res = await post('/api/registry/duplicates/merge', principalA, {
      survivorId: an1.id,
      mergedId: an2.id,
      survivorVersion: an1.version,
      mergedVersion: an2.version,
      keep: { fullName: 'survivor' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().moved).toMatchObject({ 'registry.student_guardians.student_id': 1 });
    const survivor = (await get(`/api/registry/students/${an1.id}`, principalA)).json();
    expect(survivor).toMatchObject({ fullName: 'Nguyễn Văn An', cccd: an1.cccd, phone: '0912345678', currentClass: { id: classA } });
    expect(survivor.guardians.map((g: { fullName: string }) => g.fullName)).toEqual(['Trần Thị Mai']);
    // The old link opens the survivor; the tombstone is in no list.
    const old = await get(`/api/registry/students/${an2.id}`, principalA);
    expect(old.statusCode).toBe(200);
    expect(old.json().id).toBe(an1.id);
    const list = (await get(`/api/registry/students?schoolId=${tree.schoolA}&q=nguyen van an`, principalA)).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([an1.id]);
    expect(pairIds((await get('/api/registry/duplicates', principalA)).json().items)).toEqual([]);
    const [event] = await t.database.query<{
      before: { survivor: { id: string }; merged: { id: string; phone: string } };
      after: { mergedId: string };
    }>("SELECT before, after FROM platform.audit_events WHERE action = 'registry.student.merge'");
    expect(event).toMatchObject({
      before: { survivor: { id: an1.id }, merged: { id: an2.id, phone: '0912345678' } },
      after: { mergedId: an2.id },
    });
    // Submitting the same merge again changes nothing.
    const again = await post('/api/registry/duplicates/merge', principalA, {
      survivorId: an1.id,
      mergedId: an2.id,
      survivorVersion: an1.version + 1,
      mergedVersion: an2.version + 1,
    });
    expect(again.statusCode).toBe(404);
    expect(await auditCount(t.database, 'registry.student.merge')).toBe(1);
  });

  it('a merge into a record that was merged before keeps every old link resolving', async () => {
    const res = await get('/api/registry/duplicates', officer);
    expect(pairIds(res.json().items)).toEqual([pairOf(an1.id, far.id)]);
    const [a, f] = [
      (await get(`/api/registry/students/${an1.id}`, officer)).json(),
      (await get(`/api/registry/students/${far.id}`, officer)).json(),
    ];
    const merged = await post('/api/registry/duplicates/merge', officer, {
      survivorId: far.id,
      mergedId: an1.id,
      survivorVersion: f.version,
      mergedVersion: a.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    for (const id of [an1.id, an2.id]) expect((await get(`/api/registry/students/${id}`, officer)).json().id).toBe(far.id);
    // The survivor (school B) took the enrolment at school A with it: it now sits in class 6A1.
    expect((await get(`/api/registry/students/${far.id}`, officer)).json()).toMatchObject({ cccd: an1.cccd, currentClass: { id: classA } });
  });
});

describe('refusals and dismissals', () => {
  it('two records that both have a class this school year are not merged', async () => {
    const x = await createStudent(t.app, principalA.headers, tree.schoolA, 'Phạm Minh Đức');
    const y = await createStudent(t.app, principalA.headers, tree.schoolA, 'Pham Minh Duc', { cccd: null });
    expect(
      (await post(`/api/registry/students/${x.id}/enrolments`, principalA, { classId: classA, startedOn: '2026-09-05' })).statusCode,
    ).toBe(201);
    expect(
      (await post(`/api/registry/students/${y.id}/enrolments`, principalA, { classId: classA2, startedOn: '2026-09-05' })).statusCode,
    ).toBe(201);
    const cmp = (await get(`/api/registry/duplicates/compare?a=${x.id}&b=${y.id}`, principalA)).json();
    expect(cmp.clashingYears).toEqual([2026]);
    const res = await post('/api/registry/duplicates/merge', principalA, {
      survivorId: x.id,
      mergedId: y.id,
      survivorVersion: cmp.a.version,
      mergedVersion: cmp.b.version,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'body.mergedId', code: 'registry.merge.enrolmentClash' });
    const stale = await post('/api/registry/duplicates/merge', principalA, {
      survivorId: x.id,
      mergedId: y.id,
      survivorVersion: cmp.a.version + 5,
      mergedVersion: cmp.b.version,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('“not a duplicate” is remembered in either order, said twice without harm, audited once', async () => {
    const x = await createStudent(t.app, principalA.headers, tree.schoolA, 'Vũ Thị Lan', { sex: 'female', cccd: cccdFor('female') });
    const y = await createStudent(t.app, principalA.headers, tree.schoolA, 'Vu Thi Lan', { sex: 'female', cccd: null });
    expect(pairIds((await get('/api/registry/duplicates', principalA)).json().items)).toContain(pairOf(x.id, y.id));
    const first = await post('/api/registry/duplicates/dismiss', principalA, { a: y.id, b: x.id, reason: 'Hai chị em sinh đôi' });
    expect(first.statusCode, first.body).toBe(200);
    expect((await post('/api/registry/duplicates/dismiss', principalA, { a: x.id, b: y.id })).statusCode).toBe(200);
    expect(pairIds((await get('/api/registry/duplicates', principalA)).json().items)).not.toContain(pairOf(x.id, y.id));
    expect((await get(`/api/registry/duplicates/compare?a=${x.id}&b=${y.id}`, principalA)).json().dismissed).toBe(true);
    expect(await auditCount(t.database, 'registry.student.notDuplicate')).toBe(1);
    expect((await post('/api/registry/duplicates/dismiss', clerkA, { a: x.id, b: y.id })).statusCode).toBe(403);
  });

  it('finds every table that references students, keeping append-only history on the old id', async () => {
    const refs = await referencesToStudents(t.database.db);
    const names = refs.map((r) => `${r.schema}.${r.table}.${r.column}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'registry.enrolments.student_id',
        'registry.enrolment_events.student_id',
        'registry.student_guardians.student_id',
        'registry.transfers.student_id',
      ]),
    );
    // Grade-book marks move with the student; their append-only change history stays on the old id.
    expect(names).toContain('gradebook.marks.student_id');
    expect(refs.find((r) => r.table === 'mark_changes')?.appendOnly).toBe(true);
    expect(refs.find((r) => r.table === 'marks')?.appendOnly).toBe(false);
  });

  it('reaches every reference a merge moves through an index, so a merge never scans a whole table', async () => {
    const moved = (await referencesToStudents(t.database.db)).filter((r) => !r.appendOnly);
    const result = await t.database.db.execute(sql`
      SELECT n.nspname || '.' || c.relname || '.' || a.attname AS name
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indpred IS NULL`);
    // A partial index (the one-open-enrolment-per-year rule) does not serve WHERE student_id = $1.
    const leading = new Set((result.rows as Array<{ name: string }>).map((r) => r.name));
    expect(moved.map((r) => `${r.schema}.${r.table}.${r.column}`).filter((name) => !leading.has(name))).toEqual([]);
  });
});
