import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { compareVietnameseNames } from '../rules/vietnamese-sort.ts';
import { cccdFor, createClass, createStudent, createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let principal: SignedIn;
let yearId: string;
let class6A1: string;
let class6A2: string;
let an: { id: string; version: number; cccd: string };

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  yearId = (await createYear(t.app, principal.headers, tree.schoolA)).id;
  class6A1 = (await createClass(t.app, principal.headers, tree.schoolA, yearId, '6A1')).id;
  class6A2 = (await createClass(t.app, principal.headers, tree.schoolA, yearId, '6A2')).id;
  an = await createStudent(t.app, principal.headers, tree.schoolA, 'Nguyễn Văn An');
});
afterAll(async () => t.close());

const get = (url: string, who?: SignedIn) => t.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });

describe('school structure', () => {
  it('creates a year with terms and the grades of the school level, audited', async () => {
    const res = await get(`/api/registry/schools/${tree.schoolA}/structure`, principal);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.grades.map((g: { gradeNo: number }) => g.gradeNo)).toEqual([6, 7, 8, 9]);
    expect(body.years[0]).toMatchObject({ startYear: 2026, status: 'current', terms: [{ no: 1 }, { no: 2 }] });
    expect(body.abilities).toEqual({ writeStructure: true, writeClasses: true, writeStudents: true });
    expect(await auditCount(t.database, 'registry.year.create')).toBeGreaterThan(0);
  });

  it('refuses terms outside the year on the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/schools/${tree.schoolA}/years`,
      headers: principal.headers,
      payload: {
        startYear: 2027,
        startsOn: '2027-09-05',
        endsOn: '2028-05-31',
        terms: [{ no: 1, name: 'HK I', startsOn: '2027-08-01', endsOn: '2028-01-10' }],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('body.terms.0');
  });

  it('serves the 2018 curriculum periods and lets the school change them for the year', async () => {
    const url = `/api/registry/schools/${tree.schoolA}/years/${yearId}/periods`;
    const before = (await get(url, principal)).json();
    expect(before.items.find((p: { gradeNo: number; subjectCode: string }) => p.gradeNo === 6 && p.subjectCode === 'TOAN')).toMatchObject({
      periodsPerYear: 140,
      requiredRegular: 4,
    });
    const res = await t.app.inject({
      method: 'PUT',
      url,
      headers: principal.headers,
      payload: { items: [{ gradeNo: 8, subjectCode: 'CONG_NGHE', periodsPerYear: 35 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res.json().items.find((p: { gradeNo: number; subjectCode: string }) => p.gradeNo === 8 && p.subjectCode === 'CONG_NGHE'),
    ).toMatchObject({ periodsPerYear: 35, defaultPeriods: 52, requiredRegular: 2, customised: true });
  });
});

describe('students', () => {
  it('answers 401 without a session', async () => {
    expect((await get('/api/registry/students')).statusCode).toBe(401);
    expect((await get(`/api/registry/students/${an.id}`)).statusCode).toBe(401);
  });

  it('rejects an invalid CCCD on the field, and a CCCD already used with 409', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/registry/students',
      headers: principal.headers,
      payload: { schoolId: tree.schoolA, fullName: 'Trần Thị Bình', sex: 'female', dateOfBirth: '2014-05-01', cccd: '027214000001' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'body.cccd', code: 'registry.cccd.sexMismatch' })]);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/registry/students',
      headers: principal.headers,
      payload: { schoolId: tree.schoolA, fullName: 'Nguyễn Văn Ân', sex: 'male', dateOfBirth: '2014-05-01', cccd: an.cccd },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toBe('body.cccd');
  });

  it('finds a student without accents and sorts the Vietnamese way across pages', async () => {
    const names = ['Lê Thị Ánh', 'Trần Văn Bình', 'Phạm Minh Anh', 'Đỗ Thị Ân', 'Hoàng Văn Đức', 'Vũ Thị Dung'];
    for (const n of names) await createStudent(t.app, principal.headers, tree.schoolA, n);
    const found = (await get('/api/registry/students?q=nguyen%20van%20an', principal)).json();
    expect(found.items.map((s: { fullName: string }) => s.fullName)).toEqual(['Nguyễn Văn An']);
    // whole words in any order, the last one maybe begun; the middle name may be left out
    const search = async (q: string) =>
      (await get(`/api/registry/students?q=${encodeURIComponent(q)}`, principal)).json().items.map((s: { fullName: string }) => s.fullName);
    expect(await search('nguyen an')).toEqual(['Nguyễn Văn An']);
    expect(await search('AN NGUYEN')).toEqual(['Nguyễn Văn An']);
    expect(await search('thi a')).toEqual(['Lê Thị Ánh', 'Đỗ Thị Ân']);
    expect(await search('th anh')).toEqual([]);
    expect(await search('van')).toEqual(['Nguyễn Văn An', 'Trần Văn Bình', 'Hoàng Văn Đức']);
    expect(await search('uyen')).toEqual([]);
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const res = (await get(`/api/registry/students?schoolId=${tree.schoolA}&pageSize=2&page=${page}`, principal)).json();
      seen.push(...res.items.map((s: { fullName: string }) => s.fullName));
      expect(res.total).toBe(7);
    }
    expect(seen).toHaveLength(7);
    expect(seen).toEqual([...seen].sort(compareVietnameseNames));
    // the words as typed, in that order, come first; the rest in class-list order
    await createStudent(t.app, principal.headers, tree.schoolA, 'Văn Thị Hoa', { sex: 'female' });
    expect(await search('van')).toEqual(['Nguyễn Văn An', 'Trần Văn Bình', 'Hoàng Văn Đức', 'Văn Thị Hoa']);
    expect(await search('thi van')).toEqual(['Văn Thị Hoa']);
    expect(await search('van thi')).toEqual(['Văn Thị Hoa']);
    expect(await search('an van nguyen')).toEqual(['Nguyễn Văn An']);
  });

  it('enrols in one class per school year: a second class of the same year is 409', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/registry/students/${an.id}/enrolments`,
      headers: principal.headers,
      payload: { classId: class6A1, startedOn: '2026-09-05' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'enrolled', currentClass: { id: class6A1, name: '6A1' } });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/registry/students/${an.id}/enrolments`,
      headers: principal.headers,
      payload: { classId: class6A2, startedOn: '2026-09-10' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('registry.alreadyEnrolled');
    expect(await auditCount(t.database, 'registry.enrolment.create')).toBe(1);
  });

  it("answers 404 for another school's student and leaves them out of lists", async () => {
    const other = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await get(`/api/registry/students/${an.id}`, other)).statusCode).toBe(404);
    expect((await get('/api/registry/students?q=nguyen', other)).json().items).toEqual([]);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: other.headers,
      payload: { version: 1, religion: 'x' },
    });
    expect(patch.statusCode).toBe(404);
    expect((await get(`/api/registry/schools/${tree.schoolA}/classes`, other)).statusCode).toBe(404);
  });

  it('lets commune officers read the schools of their commune only', async () => {
    const mine = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
    const theirs = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeB });
    const detail = await get(`/api/registry/students/${an.id}`, mine);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().cccd).toMatch(/^\d{4}\*{6}\d{2}$/);
    expect(detail.json().abilities.update).toBe(false);
    expect((await get(`/api/registry/students/${an.id}`, theirs)).statusCode).toBe(404);
  });

  it('edits with the version, audited; a stale version is 409', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: principal.headers,
      payload: { version: an.version, fullName: 'Nguyễn Văn  An', boarding: 'semi_boarding' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ fullName: 'Nguyễn Văn An', boarding: 'semi_boarding', cccd: an.cccd });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: principal.headers,
      payload: { version: an.version, religion: 'Không' },
    });
    expect(stale.statusCode).toBe(409);
    expect(await auditCount(t.database, 'registry.student.update')).toBe(1);
  });

  it('keeps guardians shared between siblings', async () => {
    const sister = await createStudent(t.app, principal.headers, tree.schoolA, 'Nguyễn Thị Hoa', { sex: 'female' });
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/registry/students/${an.id}/guardians`,
      headers: principal.headers,
      payload: { relation: 'mother', primaryContact: true, guardian: { fullName: 'Lê Thị Mai', birthYear: 1985, phone: '0912345678' } },
    });
    expect(first.statusCode, first.body).toBe(201);
    const motherId = first.json().guardians[0].id;
    const linked = await t.app.inject({
      method: 'POST',
      url: `/api/registry/students/${sister.id}/guardians`,
      headers: principal.headers,
      payload: { relation: 'mother', guardianId: motherId },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().guardians[0]).toMatchObject({ id: motherId, otherChildren: [{ id: an.id, fullName: 'Nguyễn Văn An' }] });
  });
});

describe('teachers', () => {
  it('see only the classes they teach and their students, masked; homeroom teachers edit their class', async () => {
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const before = await get(`/api/registry/students?schoolId=${tree.schoolA}`, teacher);
    expect(before.statusCode).toBe(200);
    expect(before.json().items).toEqual([]);
    expect((await get(`/api/registry/students/${an.id}`, teacher)).statusCode).toBe(404);

    const assign = await t.app.inject({
      method: 'POST',
      url: `/api/registry/classes/${class6A1}/assignments`,
      headers: principal.headers,
      payload: { subjectCode: 'TOAN', teacherId: teacher.userId },
    });
    expect(assign.statusCode, assign.body).toBe(201);
    const classes = (await get(`/api/registry/schools/${tree.schoolA}/classes`, teacher)).json();
    expect(classes.items.map((c: { name: string }) => c.name)).toEqual(['6A1']);
    const list = (await get(`/api/registry/students?classId=${class6A1}`, teacher)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].cccd).toBe(`${an.cccd.slice(0, 4)}******${an.cccd.slice(-2)}`);
    const current = (await get(`/api/registry/students/${an.id}`, teacher)).json();
    const denied = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: teacher.headers,
      payload: { version: current.version, religion: 'Không' },
    });
    expect(denied.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/registry/students', headers: teacher.headers, payload: {} })).statusCode).toBe(
      403,
    );

    const cls = (await get(`/api/registry/classes/${class6A1}`, principal)).json();
    const homeroom = await t.app.inject({
      method: 'PUT',
      url: `/api/registry/classes/${class6A1}/homeroom`,
      headers: principal.headers,
      payload: { version: cls.version, teacherId: teacher.userId },
    });
    expect(homeroom.statusCode, homeroom.body).toBe(200);
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: teacher.headers,
      payload: { version: current.version, religion: 'Không' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().cccd).toBe(an.cccd);
  });

  it('cannot be made homeroom teacher without the teaching role at the school', async () => {
    const office = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
    const cls = (await get(`/api/registry/classes/${class6A2}`, principal)).json();
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/registry/classes/${class6A2}/homeroom`,
      headers: principal.headers,
      payload: { version: cls.version, teacherId: office.userId },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('body.teacherId');
  });

  it('validates a student CCCD against another school', async () => {
    const cccd = cccdFor('female');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/registry/students',
      headers: principal.headers,
      payload: { schoolId: tree.schoolB, fullName: 'Ngô Thị Lan', sex: 'female', dateOfBirth: '2014-01-01', cccd },
    });
    expect(res.statusCode).toBe(404);
  });
});
