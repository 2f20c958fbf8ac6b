import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { FACILITIES_SHEET, facilitiesSheet, parseSchoolYear } from '../import/facilities.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const columns = facilitiesSheet().columns;
const HEADERS = columns.map((c) => c.header);
const letter = (key: string) => {
  let n = columns.findIndex((c) => c.key === key) + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

let t: TestApp;
let tree: TestTree;
let officer: SignedIn;
let principalA: SignedIn;
let codes: { a: string; b: string };

beforeAll(async () => {
  // The template pre-fills the current school year: pinned inside 2026–2027 so that the round trip
  // below (fresh template → upload → nothing changes) always runs, whatever day the suite runs on.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-10-15T03:00:00Z') });
  t = await createTestApp();
  tree = await createTestTree(t.database);
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
  principalA = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  const rows = await t.database.query<{ id: string; code: string }>('SELECT id, code FROM org.units WHERE id = ANY($1::uuid[])', [
    [tree.schoolA, tree.schoolB],
  ]);
  codes = { a: rows.find((r) => r.id === tree.schoolA)!.code, b: rows.find((r) => r.id === tree.schoolB)!.code };
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

/** A row by column key → the sheet's column order. */
const line = (values: Record<string, unknown>) => columns.map((c) => values[c.key] ?? null);
async function xlsx(rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(FACILITIES_SHEET);
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(line(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (body: Buffer, who: SignedIn = officer, unitId = tree.department) =>
  t.app.inject({
    method: 'POST',
    url: `/api/registry/units/${unitId}/imports/facilities`,
    headers: { ...who.headers, 'content-type': XLSX },
    payload: body,
  });
const commit = (id: string, who: SignedIn = officer) =>
  t.app.inject({ method: 'POST', url: `/api/registry/imports/${id}/commit`, headers: who.headers });
const stored = () =>
  t.database.query<{
    school_id: string;
    start_year: number;
    classrooms_solid: number;
    classrooms_temporary: number;
    subject_rooms: unknown;
    equipment_sets: unknown;
    internet: string;
    land_area: string | null;
    playground_area: string | null;
    has_library: boolean;
    library_standard: string;
    version: number;
  }>(
    'SELECT school_id, start_year, classrooms_solid, classrooms_temporary, subject_rooms, equipment_sets, internet, land_area, playground_area, has_library, library_standard, version FROM registry.school_facilities WHERE school_id = ANY($1::uuid[]) ORDER BY school_id = $2 DESC',
    [[tree.schoolA, tree.schoolB], tree.schoolA],
  );

type Issue = { row: number | null; column: string | null; code: string; message: string; severity: string };
const errorsOf = (body: { issues: Issue[] }) => body.issues.filter((i) => i.severity === 'error');

describe('school years in files', () => {
  it('reads 2026-2027 in the usual spellings and refuses the rest', () => {
    expect(['2026-2027', '2026–2027', '2026 / 2027', '2026'].map(parseSchoolYear)).toEqual([2026, 2026, 2026, 2026]);
    expect(['2026-2028', '26-27', 'năm 2026', '1999'].map(parseSchoolYear)).toEqual([null, null, null, null]);
  });
});

describe('facilities import', () => {
  let template: ExcelJS.Workbook;
  it('serves a department-wide template: one row per school with code and name, dropdowns, instructions', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/registry/units/${tree.department}/imports/facilities/template.xlsx`,
      headers: officer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    template = new ExcelJS.Workbook();
    await template.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = template.getWorksheet(FACILITIES_SHEET)!;
    expect(ws.getRow(1).getCell(1).value).toBe('Mã trường (*)');
    expect(ws.getRow(1).getCell(4).value).toBe('Phòng học kiên cố');
    const filled = [ws.getRow(2).getCell(1).value, ws.getRow(3).getCell(1).value].sort();
    expect(filled).toEqual([codes.a, codes.b].sort());
    expect(String(ws.getRow(2).getCell(3).value)).toMatch(/^\d{4}-\d{4}$/);
    expect(ws.getRow(2).getCell(Number(columns.findIndex((c) => c.key === 'internet')) + 1).dataValidation?.type).toBe('list');
    expect(template.getWorksheet('Hướng dẫn')).toBeDefined();
  });

  it('imports the filled template in one commit (exact areas, rooms and equipment), and a re-import changes nothing', async () => {
    const ws = template.getWorksheet(FACILITIES_SHEET)!;
    const put = (row: number, key: string, value: ExcelJS.CellValue) => {
      ws.getRow(row).getCell(columns.findIndex((c) => c.key === key) + 1).value = value;
    };
    for (const r of [2, 3]) {
      put(r, 'year', '2026-2027');
      put(r, 'classroomsSolid', 12);
      put(r, 'classroomsTemporary', r === 2 ? 2 : 0);
      put(r, 'room_tin_hoc', 2);
      put(r, 'room_khtn', 1);
      put(r, 'hasLibrary', 'x');
      put(r, 'libraryStandard', 'Đạt mức độ 1');
      put(r, 'sets_6', 4);
      put(r, 'missing_6', 1);
      put(r, 'internet', 'Cáp quang');
      put(r, 'toiletsStudents', 4);
      put(r, 'landArea', '12500,5');
      put(r, 'playgroundArea', 3000);
    }
    const file = Buffer.from(await template.xlsx.writeBuffer());
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(201);
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json()).toMatchObject({ canCommit: true, counts: { total: 2, create: 2, update: 0, unchanged: 0 } });
    expect(await stored()).toEqual([]);
    const done = await commit(res.json().id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toMatchObject({ created: 2, facilitiesCreated: 2, facilitiesUpdated: 0 });
    const rows = await stored();
    expect(rows[0]).toMatchObject({
      school_id: tree.schoolA,
      start_year: 2026,
      classrooms_solid: 12,
      classrooms_temporary: 2,
      internet: 'fiber',
      land_area: '12500.50',
      playground_area: '3000.00',
      has_library: true,
      library_standard: 'muc_1',
      version: 1,
      subject_rooms: [
        { kind: 'khtn', count: 1 },
        { kind: 'tin_hoc', count: 2 },
      ],
      equipment_sets: [{ gradeNo: 6, sets: 4, missing: 1 }],
    });
    expect(await auditCount(t.database, 'registry.school.facilities.import')).toBe(1);
    // the school's screen shows what the department imported
    const screen = await t.app.inject({
      method: 'GET',
      url: `/api/registry/schools/${tree.schoolA}/facilities/2026`,
      headers: principalA.headers,
    });
    expect(screen.json()).toMatchObject({ version: 1, totals: { classrooms: 14, subjectRooms: 3, equipmentMissing: 1 } });

    const again = await upload(file);
    expect(again.json()).toMatchObject({ canCommit: true, counts: { total: 2, create: 0, update: 0, unchanged: 2 } });
    const second = await commit(again.json().id);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, facilitiesCreated: 0, facilitiesUpdated: 0 });
    expect(await stored()).toEqual(rows);

    // one changed figure: that school is updated, the other unchanged
    put(3, 'classroomsTemporary', 5);
    const third = await upload(Buffer.from(await template.xlsx.writeBuffer()));
    expect(third.json()).toMatchObject({ counts: { create: 0, update: 1, unchanged: 1 } });
    expect((await commit(third.json().id)).statusCode).toBe(200);
    const after = await stored();
    expect(after[0]!.version).toBe(1);
    expect(after[1]).toMatchObject({ classrooms_temporary: 5, version: 2 });

    // a fresh template carries the recorded figures of the year: sent back as is, it changes nothing
    const fresh = await t.app.inject({
      method: 'GET',
      url: `/api/registry/units/${tree.department}/imports/facilities/template.xlsx`,
      headers: officer.headers,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fresh.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(FACILITIES_SHEET)!;
    expect(String(sheet.getRow(2).getCell(3).value)).toBe('2026-2027');
    const rowOfA = sheet.getRow(2).getCell(1).value === codes.a ? 2 : 3;
    expect(sheet.getRow(rowOfA).getCell(columns.findIndex((c) => c.key === 'landArea') + 1).value).toBe('12500,5');
    expect(sheet.getRow(rowOfA).getCell(columns.findIndex((c) => c.key === 'internet') + 1).value).toBe('Cáp quang');
    const back = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.json()).toMatchObject({ canCommit: true, counts: { total: 2, create: 0, update: 0, unchanged: 2 } });
  });

  it('reports every mistake by row and column and writes nothing', async () => {
    const ok = { schoolCode: codes.a, year: '2027-2028', classroomsSolid: 10 };
    const res = await upload(
      await xlsx([
        { ...ok, schoolCode: 'KHONG-CO' },
        { ...ok, year: '2027-2029' },
        { ...ok, classroomsSemiSolid: -3 },
        { ...ok, landArea: '12,345' },
        { ...ok, sets_1: 2 },
        { ...ok, landArea: '1000', playgroundArea: '1000,01' },
        { ...ok, libraryStandard: 'Đạt mức độ 2' },
        { ...ok, internet: 'Wifi' },
        { ...ok, schoolCode: codes.b },
        { ...ok, schoolCode: codes.b, year: '2027' },
        { schoolCode: codes.a, schoolName: 'Trường A', year: '2027-2028' },
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const found = errorsOf(res.json()).map((i) => [i.row, i.column, i.code]);
    expect(found).toEqual([
      [2, letter('schoolCode'), 'registry.import.schoolUnknown'],
      [3, letter('year'), 'registry.import.facilities.yearInvalid'],
      [4, letter('classroomsSemiSolid'), 'registry.import.facilities.countInvalid'],
      [5, letter('landArea'), 'registry.facilities.areaInvalid'],
      [6, letter('sets_1'), 'registry.facilities.gradeNotTaught'],
      [7, letter('playgroundArea'), 'registry.facilities.playgroundOverLand'],
      [8, letter('libraryStandard'), 'registry.facilities.libraryStandardWithoutLibrary'],
      [9, letter('internet'), 'registry.import.facilities.choiceInvalid'],
      [11, letter('schoolCode'), expect.stringContaining('duplicate')],
    ]);
    expect(errorsOf(res.json())[0]!.message).toContain('KHONG-CO');
    expect(errorsOf(res.json())[6]!.message).toBe('Trường chưa có thư viện thì không thể đạt chuẩn thư viện.');
    expect(res.json().canCommit).toBe(false);
    // a row left blank (only the pre-filled code, name and year) is skipped with a warning, never imported as zeros
    expect(
      res
        .json()
        .issues.filter((i: Issue) => i.severity === 'warning')
        .map((i: Issue) => [i.row, i.code]),
    ).toContainEqual([12, 'registry.import.facilities.emptyRow']);
    const before = await stored();
    expect((await commit(res.json().id)).statusCode).toBe(422);
    expect(await stored()).toEqual(before);
  });

  it("keeps a school to its own row; refuses a teacher (403) and another school's principal (404)", async () => {
    const mine = await upload(await xlsx([{ schoolCode: codes.b, year: '2026-2027', classroomsSolid: 1 }]), principalA, tree.schoolA);
    expect(mine.statusCode, mine.body).toBe(201);
    expect(errorsOf(mine.json()).map((i) => [i.row, i.column, i.code])).toEqual([[2, 'A', 'registry.import.schoolNotThis']]);
    const file = await xlsx([{ schoolCode: codes.a, year: '2026-2027', classroomsSolid: 1 }]);
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await upload(file, teacher, tree.schoolA)).statusCode).toBe(403);
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await upload(file, principalB, tree.schoolA)).statusCode).toBe(404);
    expect((await upload(file, principalB, tree.department)).statusCode).toBe(404);
    // a closed school's facilities no longer change
    await t.database.query("UPDATE org.units SET status = 'closed', closed_at = now() WHERE id = $1", [tree.schoolB]);
    const closed = await upload(await xlsx([{ schoolCode: codes.b, year: '2026-2027', classroomsSolid: 1 }]), principalB, tree.schoolB);
    expect(closed.json()).toMatchObject({ canCommit: false });
    expect(errorsOf(closed.json()).map((i) => i.code)).toContain('registry.school.unitClosed');
  });
});
