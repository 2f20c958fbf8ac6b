import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { cccdFor, createClass, createStudent, createYear } from './factories.ts';

/** Issue 14 item 6: person names refused at entry and at import, naming the field or the row and column. */
let t: TestApp;
let tree: TestTree;
let principal: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  const year = await createYear(t.app, principal.headers, tree.schoolA);
  await createClass(t.app, principal.headers, tree.schoolA, year.id, '6A1');
});
afterAll(async () => t.close());

const post = (url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: principal.headers, payload: payload as object });
const student = (fullName: string) => ({ schoolId: tree.schoolA, fullName, sex: 'male', dateOfBirth: '2014-03-15', cccd: cccdFor('male') });

describe('at entry', () => {
  it.each([
    ['=HYPERLINK("http://x","An")', 'validation.personNameFormula'],
    ['@Nguyễn', 'validation.personNameFormula'],
    ['Nguyễn Văn An 2', 'validation.personNameCharacter'],
  ])('refuses the student %j naming the field', async (fullName, code) => {
    const res = await post('/api/registry/students', student(fullName));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.fullName', code })]);
    expect(res.json().errors[0].message).toMatch(/Họ tên/);
  });

  it('refuses a guardian and a staff member the same way, and still takes a real name', async () => {
    const an = await createStudent(t.app, principal.headers, tree.schoolA, 'H’Hen Niê');
    const guardian = await post(`/api/registry/students/${an.id}/guardians`, {
      relation: 'mother',
      guardian: { fullName: '+84912345678' },
    });
    expect(guardian.statusCode).toBe(400);
    expect(guardian.json().errors[0]).toMatchObject({ path: 'body.guardian.fullName', code: 'validation.personNameFormula' });
    const staff = await post('/api/registry/staff', {
      schoolId: tree.schoolA,
      fullName: '-Ngô Văn Lạ',
      sex: 'male',
      dateOfBirth: '1990-01-01',
      position: 'teacher',
    });
    expect(staff.statusCode).toBe(400);
    expect(staff.json().errors[0]).toMatchObject({ path: 'body.fullName', code: 'validation.personNameFormula' });
  });
});

describe('at import', () => {
  it('reports each bad name with its row and column and commits nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Học sinh');
    ws.addRow([
      'Họ và tên',
      'Ngày sinh (dd/mm/yyyy)',
      'Giới tính',
      'Số định danh cá nhân',
      'Mã học sinh',
      'Dân tộc',
      'Lớp',
      'Họ tên cha/mẹ/người giám hộ',
      'Số điện thoại người giám hộ',
    ]);
    ws.addRow(['Trần Văn Bình', '01/03/2014', 'Nam', cccdFor('male'), 'PN0001', 'Kinh', '6A1', 'Trần Văn Cường', '0912000001']);
    ws.addRow(['=1+1', '02/03/2014', 'Nam', cccdFor('male'), 'PN0002', 'Kinh', '6A1', 'Trần Văn Dũng', '0912000002']);
    ws.addRow(['Trần Thị Hoa', '03/03/2014', 'Nữ', cccdFor('female'), 'PN0003', 'Kinh', '6A1', '@Trần Văn Em', '0912000003']);
    ws.addRow(['Trần Thị Lan 4', '04/03/2014', 'Nữ', cccdFor('female'), 'PN0004', 'Kinh', '6A1', 'Trần Văn Giang', '0912000004']);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/schools/${tree.schoolA}/students/imports`,
      headers: { ...principal.headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(res.statusCode, res.body).toBe(201);
    const errors = (res.json().issues as { row: number; column: string; code: string; severity: string }[])
      .filter((i) => i.severity === 'error')
      .map((i) => [i.row, i.column, i.code]);
    expect(errors).toEqual([
      [3, 'A', 'validation.personNameFormula'],
      [4, 'H', 'validation.personNameFormula'],
      [5, 'A', 'validation.personNameCharacter'],
    ]);
    const commit = await t.app.inject({ method: 'POST', url: `/api/registry/imports/${res.json().id}/commit`, headers: principal.headers });
    expect(commit.statusCode).toBe(422);
  });
});
