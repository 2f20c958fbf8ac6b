import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { compareVietnameseNames } from '../rules/vietnamese-sort.ts';
import { createClass, createStudent, createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let office: SignedIn;
let teacher: SignedIn;
let otherTeacher: SignedIn;
let yearId: string;
let class6A1: string;
let class9A1: string;

const get = (url: string, who: SignedIn) => t.app.inject({ method: 'GET', url, headers: who.headers });
const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: SignedIn, payload?: object) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

const names = ['Nguyễn Văn An', 'Lê Thị Ánh', 'Trần Văn Bình', 'Phạm Minh Anh', 'Đỗ Thị Ân', 'Hoàng Văn Đức', 'Vũ Thị Dung'];
const studentIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  office = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
  otherTeacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolB });
  yearId = (await createYear(t.app, office.headers, tree.schoolA)).id;
  class6A1 = (await createClass(t.app, office.headers, tree.schoolA, yearId, '6A1')).id;
  class9A1 = (await createClass(t.app, office.headers, tree.schoolA, yearId, '9A1', 9)).id;
  for (const n of names) {
    const s = await createStudent(t.app, office.headers, tree.schoolA, n, n === 'Vũ Thị Dung' ? { policyGroups: ['DTTS'] } : {});
    studentIds[n] = s.id;
    const res = await send('POST', `/api/registry/students/${s.id}/enrolments`, office, { classId: class6A1, startedOn: '2026-09-05' });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => t.close());

describe('class list', () => {
  it('lists the class in the Vietnamese order across pages, numbered', async () => {
    const seen: { no: number; fullName: string }[] = [];
    for (let page = 1; page <= 4; page++) {
      const res = await get(`/api/registry/classes/${class6A1}/students?pageSize=2&page=${page}`, office);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().total).toBe(7);
      seen.push(...res.json().items);
    }
    expect(seen.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const order = seen.map((s) => s.fullName);
    expect(order).toEqual([...names].sort(compareVietnameseNames));
    // a < ă < â among given names; tones after letters: An < Anh, Ánh after Anh.
    expect(order.slice(0, 4)).toEqual(['Nguyễn Văn An', 'Phạm Minh Anh', 'Lê Thị Ánh', 'Đỗ Thị Ân']);
  });

  it('marks a student as dropped out with a reason: gone from the list, shown with ended ones, audited', async () => {
    const list = (await get(`/api/registry/classes/${class6A1}/students`, office)).json();
    expect(list.abilities).toEqual({ changeStatus: true, enrol: true });
    const binh = list.items.find((s: { fullName: string }) => s.fullName === 'Trần Văn Bình');
    const noReason = await send('POST', `/api/registry/enrolments/${binh.enrolmentId}/status`, office, {
      status: 'dropped_out',
      on: '2026-11-20',
      reason: '  ',
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0]).toMatchObject({ path: 'body.reason', code: 'registry.reasonRequired' });
    const res = await send('POST', `/api/registry/enrolments/${binh.enrolmentId}/status`, office, {
      status: 'dropped_out',
      on: '2026-11-20',
      reason: 'Gia đình chuyển vào Nam làm ăn',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await get(`/api/registry/classes/${class6A1}/students`, office)).json();
    expect(after.total).toBe(6);
    const all = (await get(`/api/registry/classes/${class6A1}/students?includeEnded=true`, office)).json();
    expect(all.items.find((s: { fullName: string }) => s.fullName === 'Trần Văn Bình')).toMatchObject({
      status: 'dropped_out',
      endedOn: '2026-11-20',
      reason: 'Gia đình chuyển vào Nam làm ăn',
    });
    expect((await get(`/api/registry/classes/${class6A1}`, office)).json().studentCount).toBe(6);
    expect(await auditCount(t.database, 'registry.enrolment.status')).toBeGreaterThanOrEqual(1);
  });

  it('is open to a teacher of the class (read only), not to other teachers or schools', async () => {
    expect((await get(`/api/registry/classes/${class6A1}/students`, teacher)).statusCode).toBe(404);
    expect((await get(`/api/registry/classes/${class6A1}/students`, otherTeacher)).statusCode).toBe(404);
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await get(`/api/registry/classes/${class6A1}/students`, principalB)).statusCode).toBe(404);
    const set = await send('PUT', `/api/registry/classes/${class6A1}/subjects/NGU_VAN/teacher`, office, { teacherId: teacher.userId });
    expect(set.statusCode, set.body).toBe(200);
    const mine = await get(`/api/registry/classes/${class6A1}/students`, teacher);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().abilities).toEqual({ changeStatus: false, enrol: false });
    const an = mine.json().items[0];
    const denied = await send('POST', `/api/registry/enrolments/${an.enrolmentId}/status`, teacher, {
      status: 'dropped_out',
      on: '2026-11-20',
    });
    expect(denied.statusCode).toBe(403);
  });

  it('filters the students list by policy group', async () => {
    const res = (await get(`/api/registry/students?schoolId=${tree.schoolA}&policyGroup=DTTS`, office)).json();
    expect(res.items.map((s: { fullName: string }) => s.fullName)).toEqual(['Vũ Thị Dung']);
  });
});

describe('teachers and the assignment matrix', () => {
  it("lists the school's teachers only", async () => {
    const res = await get(`/api/registry/schools/${tree.schoolA}/teachers`, office);
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain(teacher.userId);
    expect(ids).not.toContain(otherTeacher.userId);
    expect(ids).not.toContain(office.userId);
    expect((await get(`/api/registry/schools/${tree.schoolA}/teachers`, otherTeacher)).statusCode).toBe(404);
  });

  it('sets, replaces and clears one cell; validates the teacher and the subject; audited', async () => {
    const second = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const url = `/api/registry/classes/${class9A1}/subjects/TOAN/teacher`;
    expect((await send('PUT', url, office, { teacherId: teacher.userId })).statusCode).toBe(200);
    expect((await send('PUT', url, office, { teacherId: second.userId })).statusCode).toBe(200);
    const matrix = (await get(`/api/registry/schools/${tree.schoolA}/years/${yearId}/assignments`, office)).json();
    expect(
      matrix.items.filter((a: { classId: string; subjectCode: string }) => a.classId === class9A1 && a.subjectCode === 'TOAN'),
    ).toEqual([expect.objectContaining({ termId: null, teacher: expect.objectContaining({ id: second.userId }) })]);
    const wrongTeacher = await send('PUT', url, office, { teacherId: otherTeacher.userId });
    expect(wrongTeacher.statusCode).toBe(422);
    expect(wrongTeacher.json().errors[0].path).toBe('body.teacherId');
    const wrongSubject = await send('PUT', `/api/registry/classes/${class9A1}/subjects/TIENG_VIET/teacher`, office, {
      teacherId: teacher.userId,
    });
    expect(wrongSubject.statusCode).toBe(422);
    expect(wrongSubject.json().errors[0].path).toBe('body.subjectCode');
    expect((await send('PUT', url, office, { teacherId: null })).statusCode).toBe(200);
    const cleared = (await get(`/api/registry/schools/${tree.schoolA}/years/${yearId}/assignments`, office)).json();
    expect(cleared.items.some((a: { classId: string; subjectCode: string }) => a.classId === class9A1 && a.subjectCode === 'TOAN')).toBe(
      false,
    );
    expect(await auditCount(t.database, 'registry.assignment.delete')).toBeGreaterThanOrEqual(2);
  });

  it('refuses teachers (403) and other schools (404); a teacher sees the cells of their classes only', async () => {
    expect(
      (await send('PUT', `/api/registry/classes/${class9A1}/subjects/TOAN/teacher`, teacher, { teacherId: teacher.userId })).statusCode,
    ).toBe(403);
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect(
      (await send('PUT', `/api/registry/classes/${class9A1}/subjects/TOAN/teacher`, principalB, { teacherId: teacher.userId })).statusCode,
    ).toBe(404);
    expect((await get(`/api/registry/schools/${tree.schoolA}/years/${yearId}/assignments`, principalB)).statusCode).toBe(404);
    const mine = (await get(`/api/registry/schools/${tree.schoolA}/years/${yearId}/assignments`, teacher)).json();
    expect(new Set(mine.items.map((a: { classId: string }) => a.classId))).toEqual(new Set([class6A1]));
  });
});

describe('without a registry permission', () => {
  it('answers 403 on every read route of the school office screens', async () => {
    const nobody = await signIn(t.app, t.database, { unitId: tree.schoolA });
    for (const url of [
      `/api/registry/classes/${class6A1}/students`,
      `/api/registry/schools/${tree.schoolA}/teachers`,
      `/api/registry/schools/${tree.schoolA}/years/${yearId}/assignments`,
    ])
      expect((await get(url, nobody)).statusCode, url).toBe(403);
    expect((await send('PUT', `/api/registry/classes/${class6A1}/subjects/TOAN/teacher`, nobody, { teacherId: null })).statusCode).toBe(
      403,
    );
  });
});

describe('deleting a class', () => {
  it('deletes an empty class (audited) and refuses one with students', async () => {
    const empty = (await createClass(t.app, office.headers, tree.schoolA, yearId, '6A9')).id;
    expect((await send('DELETE', `/api/registry/classes/${empty}`, office)).statusCode).toBe(200);
    expect((await get(`/api/registry/classes/${empty}`, office)).statusCode).toBe(404);
    expect(await auditCount(t.database, 'registry.class.delete')).toBe(1);
    const busy = await send('DELETE', `/api/registry/classes/${class6A1}`, office);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('registry.classHasStudents');
    expect((await send('DELETE', `/api/registry/classes/${class6A1}`, teacher)).statusCode).toBe(403);
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await send('DELETE', `/api/registry/classes/${class6A1}`, principalB)).statusCode).toBe(404);
  });
});

describe('school years', () => {
  it('edits the calendar: a term left out is removed', async () => {
    const other = (
      await t.app.inject({
        method: 'POST',
        url: `/api/registry/schools/${tree.schoolA}/years`,
        headers: office.headers,
        payload: {
          startYear: 2030,
          startsOn: '2030-09-05',
          endsOn: '2031-05-31',
          terms: [
            { no: 1, name: 'Học kì I', startsOn: '2030-09-05', endsOn: '2031-01-16' },
            { no: 2, name: 'Học kì II', startsOn: '2031-01-18', endsOn: '2031-05-31' },
          ],
        },
      })
    ).json();
    const res = await send('PATCH', `/api/registry/years/${other.id}`, office, {
      version: other.version,
      endsOn: '2031-05-25',
      terms: [{ no: 1, name: 'Cả năm', startsOn: '2030-09-05', endsOn: '2031-05-25' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().terms).toEqual([expect.objectContaining({ no: 1, name: 'Cả năm', endsOn: '2031-05-25' })]);
  });

  it('opens the next year from this one: classes one grade up, homeroom kept, periods copied, students promoted', async () => {
    const cls = (await get(`/api/registry/classes/${class6A1}`, office)).json();
    expect(
      (await send('PUT', `/api/registry/classes/${class6A1}/homeroom`, office, { version: cls.version, teacherId: teacher.userId }))
        .statusCode,
    ).toBe(200);
    // The homeroom teacher edits their class (not its homeroom), and nobody else's.
    const mine = (await get(`/api/registry/classes/${class6A1}`, teacher)).json();
    expect(mine.abilities).toMatchObject({ update: true, assignHomeroom: false });
    const edit = await send('PATCH', `/api/registry/classes/${class6A1}`, teacher, {
      version: mine.version,
      foreignLanguage: 'Tiếng Nhật',
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ foreignLanguage: 'Tiếng Nhật' });
    expect(
      (await send('PUT', `/api/registry/classes/${class6A1}/homeroom`, teacher, { version: edit.json().version, teacherId: null }))
        .statusCode,
    ).toBe(403);
    expect((await send('PATCH', `/api/registry/classes/${class9A1}`, teacher, { version: 1, foreignLanguage: 'x' })).statusCode).toBe(404);
    const periods = await send('PUT', `/api/registry/schools/${tree.schoolA}/years/${yearId}/periods`, office, {
      items: [{ gradeNo: 7, subjectCode: 'TOAN', periodsPerYear: 150 }],
    });
    expect(periods.statusCode, periods.body).toBe(200);

    // Đỗ Thị Ân is held back at the end of the year (lưu ban): she stays in grade 6.
    const an6 = (await get(`/api/registry/classes/${class6A1}/students`, office))
      .json()
      .items.find((x: { fullName: string }) => x.fullName === 'Đỗ Thị Ân');
    expect(
      (
        await send('POST', `/api/registry/enrolments/${an6.enrolmentId}/status`, office, {
          status: 'repeating',
          on: '2027-05-25',
          reason: 'Chưa đạt yêu cầu',
        })
      ).statusCode,
    ).toBe(200);
    const body = {
      startsOn: '2027-09-05',
      endsOn: '2028-05-31',
      terms: [
        { no: 1, name: 'Học kì I', startsOn: '2027-09-05', endsOn: '2028-01-15' },
        { no: 2, name: 'Học kì II', startsOn: '2028-01-17', endsOn: '2028-05-31' },
      ],
    };
    const res = await send('POST', `/api/registry/schools/${tree.schoolA}/years/${yearId}/next`, office, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().counts).toEqual({ classes: 1, periods: 1, students: 5, heldBack: 1, notPromoted: 1 });
    const next = res.json().yearId;

    const classes = (await get(`/api/registry/schools/${tree.schoolA}/classes?yearId=${next}`, office)).json().items;
    expect(classes.map((c: { name: string; gradeNo: number }) => [c.name, c.gradeNo])).toEqual([['7A1', 7]]);
    expect(classes[0]).toMatchObject({ homeroomTeacher: { id: teacher.userId }, studentCount: 5 });
    const p = (await get(`/api/registry/schools/${tree.schoolA}/years/${next}/periods`, office)).json();
    expect(p.items.find((x: { gradeNo: number; subjectCode: string }) => x.gradeNo === 7 && x.subjectCode === 'TOAN')).toMatchObject({
      periodsPerYear: 150,
      customised: true,
    });

    // History kept: the old class still lists its students; the dropped-out student was not promoted.
    expect((await get(`/api/registry/classes/${class6A1}/students`, office)).json().total).toBe(6);
    const an = (await get(`/api/registry/students/${studentIds['Nguyễn Văn An']}`, office)).json();
    expect(an.currentClass).toMatchObject({ name: '7A1', gradeNo: 7 });
    expect(an.enrolments.map((e: { startYear: number; className: string }) => [e.startYear, e.className])).toEqual([
      [2027, '7A1'],
      [2026, '6A1'],
    ]);
    const held = (await get(`/api/registry/students/${studentIds['Đỗ Thị Ân']}`, office)).json();
    expect(held).toMatchObject({ status: 'repeating', currentClass: { name: '6A1' } });
    const binh = (await get(`/api/registry/students/${studentIds['Trần Văn Bình']}`, office)).json();
    expect(binh.status).toBe('dropped_out');
    expect(await auditCount(t.database, 'registry.year.rollover')).toBe(1);

    const again = await send('POST', `/api/registry/schools/${tree.schoolA}/years/${yearId}/next`, office, body);
    expect(again.statusCode).toBe(409);
    expect(await auditCount(t.database, 'registry.year.rollover')).toBe(1);
  });

  it('refuses to open a year without the structure permission (403) or at another school (404)', async () => {
    const body = {
      startsOn: '2027-09-05',
      endsOn: '2028-05-31',
      terms: [{ no: 1, name: 'HK I', startsOn: '2027-09-05', endsOn: '2028-01-15' }],
    };
    expect((await send('POST', `/api/registry/schools/${tree.schoolA}/years/${yearId}/next`, teacher, body)).statusCode).toBe(403);
    const commune = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
    expect((await send('POST', `/api/registry/schools/${tree.schoolA}/years/${yearId}/next`, commune, body)).statusCode).toBe(403);
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await send('POST', `/api/registry/schools/${tree.schoolA}/years/${yearId}/next`, principalB, body)).statusCode).toBe(404);
    expect((await send('POST', `/api/registry/schools/${tree.schoolB}/years/${yearId}/next`, principalB, body)).statusCode).toBe(404);
  });
});
