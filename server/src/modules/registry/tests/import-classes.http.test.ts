import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { createYear } from './factories.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  'Khối',
  'Tên lớp',
  'Giáo viên chủ nhiệm',
  'Học 2 buổi/ngày',
  'Ghép với khối',
  'Lớp chuyên (môn)',
  'Tổ hợp môn (THPT)',
  'Ngoại ngữ',
];

let t: TestApp;
let tree: TestTree;
let office: SignedIn;
let teacher: SignedIn;
let coded: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  office = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
  coded = await signIn(t.app, t.database, { roleKey: 'homeroom_teacher', unitId: tree.schoolA });
  await createYear(t.app, office.headers, tree.schoolA);
  // a staff record with a staff code, linked to the second teacher's account
  const [province] = await t.database.query<{ p: string }>("SELECT split_part(path, '/', 2) AS p FROM org.units WHERE id = $1", [
    tree.schoolA,
  ]);
  await t.database.query(
    `INSERT INTO registry.staff (province_id, school_id, staff_code, full_name, sort_key, sex, date_of_birth, position, user_id)
    VALUES ($1, $2, 'GV-0042', 'Đặng Thu Hà', 'ha', 'female', '1985-04-02', 'teacher', $3)`,
    [province!.p, tree.schoolA, coded.userId],
  );
});
afterAll(async () => t.close());

async function xlsx(rows: unknown[][], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Lớp học');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (body: Buffer, who: SignedIn = office, schoolId = tree.schoolA) =>
  t.app.inject({
    method: 'POST',
    url: `/api/registry/units/${schoolId}/imports/classes`,
    headers: { ...who.headers, 'content-type': XLSX },
    payload: body,
  });
const commit = (id: string, who: SignedIn = office) =>
  t.app.inject({ method: 'POST', url: `/api/registry/imports/${id}/commit`, headers: who.headers });
const classesOfA = async () =>
  t.database.query<{
    name: string;
    grade_no: number;
    homeroom_teacher_id: string | null;
    two_sessions: boolean;
    combined_grades: number[] | null;
    specialised_subject: string | null;
    foreign_language: string | null;
    version: number;
  }>(
    'SELECT name, grade_no, homeroom_teacher_id, two_sessions, combined_grades, specialised_subject, foreign_language, version FROM registry.classes WHERE school_id = $1 ORDER BY grade_no, name',
    [tree.schoolA],
  );

type Issue = { row: number | null; column: string | null; code: string; message: string; severity: string };
const errorsOf = (body: { issues: Issue[] }) => body.issues.filter((i) => i.severity === 'error');

const good = () => [
  [6, '6A1', teacher.username, 'x', null, null, null, 'Tiếng Anh'],
  [7, '7A1', 'gv-0042', null, '8', null, null, 'Tiếng Pháp'],
  [9, '9 Toán', null, 'Có', null, 'Toán', null, null],
];

describe('classes import', () => {
  it('serves a template with the Vietnamese headers and the instructions', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/registry/units/${tree.schoolA}/imports/classes/template.xlsx`,
      headers: office.headers,
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Lớp học')!.getRow(1).values).toEqual([undefined, 'Khối (*)', 'Tên lớp (*)', ...HEADERS.slice(2)]);
    expect(wb.getWorksheet('Hướng dẫn')).toBeDefined();
  });

  it('creates the classes of the current year in one commit (teacher by username or staff code), and a re-import changes nothing', async () => {
    const file = await xlsx(good());
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(201);
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json()).toMatchObject({ canCommit: true, counts: { total: 3, create: 3, update: 0, unchanged: 0 } });
    expect(await classesOfA()).toEqual([]);
    const done = await commit(res.json().id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toMatchObject({ created: 3, classesCreated: 3, classesUpdated: 0 });
    expect(await classesOfA()).toEqual([
      {
        name: '6A1',
        grade_no: 6,
        homeroom_teacher_id: teacher.userId,
        two_sessions: true,
        combined_grades: null,
        specialised_subject: null,
        foreign_language: 'Tiếng Anh',
        version: 1,
      },
      {
        name: '7A1',
        grade_no: 7,
        homeroom_teacher_id: coded.userId,
        two_sessions: false,
        combined_grades: [8],
        specialised_subject: null,
        foreign_language: 'Tiếng Pháp',
        version: 1,
      },
      {
        name: '9 Toán',
        grade_no: 9,
        homeroom_teacher_id: null,
        two_sessions: true,
        combined_grades: null,
        specialised_subject: 'TOAN',
        foreign_language: null,
        version: 1,
      },
    ]);
    expect(await auditCount(t.database, 'registry.class.import')).toBe(1);

    const again = await upload(file);
    expect(again.json()).toMatchObject({ canCommit: true, counts: { total: 3, create: 0, update: 0, unchanged: 3 } });
    const before = await classesOfA();
    const second = await commit(again.json().id);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, classesCreated: 0, classesUpdated: 0 });
    expect(await classesOfA()).toEqual(before);
  });

  it('updates a class matched by name (case-insensitive) and leaves the others alone', async () => {
    const rows = good();
    rows[0] = [6, '6a1', teacher.username, null, null, null, null, 'Tiếng Anh'];
    const res = await upload(await xlsx(rows));
    expect(res.json()).toMatchObject({ canCommit: true, counts: { create: 0, update: 1, unchanged: 2 } });
    expect((await commit(res.json().id)).statusCode).toBe(200);
    const after = await classesOfA();
    expect(after[0]).toMatchObject({ name: '6a1', two_sessions: false, version: 2 });
    expect(after[1]).toMatchObject({ version: 1 });
  });

  it('reports every mistake by row and column and writes nothing', async () => {
    const res = await upload(
      await xlsx([
        [11, '11A1', null, null, null, null, null, null],
        [6, '6A5', 'khong-co-ai', null, null, null, null, null],
        [6, '6A6', null, null, null, null, 'KHTN1', null],
        [8, '8A1', null, null, '8', null, null, null],
        [8, '8A2', null, null, null, 'Tiếng Việt', null, null],
        [8, '7A1', null, null, null, null, null, null],
        [6, '6A7', null, null, null, null, null, null],
        [6, '6a7', null, null, null, null, null, null],
      ]),
    );
    expect(res.statusCode).toBe(201);
    const found = errorsOf(res.json()).map((i) => [i.row, i.column, i.code]);
    expect(found).toEqual([
      [2, 'A', 'registry.import.classes.gradeNotTaught'],
      [3, 'C', 'registry.import.classes.teacherUnknown'],
      [4, 'G', 'registry.combinationOnlyThpt'],
      [5, 'E', 'registry.import.classes.combinedInvalid'],
      [6, 'F', 'registry.import.classes.subjectUnknown'],
      [7, 'A', 'registry.import.classes.gradeChanged'],
      [9, 'B', expect.stringContaining('duplicate')],
    ]);
    expect(errorsOf(res.json())[1]!.message).toContain('khong-co-ai');
    expect(res.json().canCommit).toBe(false);
    const before = await classesOfA();
    expect((await commit(res.json().id)).statusCode).toBe(422);
    expect(await classesOfA()).toEqual(before);
  });

  it('refuses a teacher (403) and another school (404)', async () => {
    const file = await xlsx(good());
    expect((await upload(file, teacher)).statusCode).toBe(403);
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await upload(file, principalB, tree.schoolA)).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/registry/units/${tree.schoolA}/imports/classes/template.xlsx`,
          headers: principalB.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
