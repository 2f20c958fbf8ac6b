import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { importTuning } from '../import/engine.ts';
import { importWait } from '../routes/import.routes.ts';
import { cccdFor, createClass, createStudent, createYear, spell } from './factories.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  'Mã trường',
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính',
  'Số định danh cá nhân',
  'Mã học sinh',
  'Dân tộc',
  'Lớp',
  'Họ tên cha/mẹ/người giám hộ',
  'Số điện thoại người giám hộ',
];

let t: TestApp;
let tree: TestTree;
let officer: SignedIn;
let principalA: SignedIn;
let principalB: SignedIn;
let leader: SignedIn;
let codeA: string;
let codeB: string;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
  leader = await signIn(t.app, t.database, { roleKey: 'department_leader', unitId: tree.department });
  principalA = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  const yearA = await createYear(t.app, principalA.headers, tree.schoolA);
  await createClass(t.app, principalA.headers, tree.schoolA, yearA.id, '6A1');
  await createClass(t.app, principalA.headers, tree.schoolA, yearA.id, '7A1', 7);
  const yearB = await createYear(t.app, principalB.headers, tree.schoolB);
  await createClass(t.app, principalB.headers, tree.schoolB, yearB.id, '6B1');
  const codes = await t.database.query<{ id: string; code: string }>('SELECT id::text, code FROM org.units WHERE id = ANY($1::uuid[])', [
    [tree.schoolA, tree.schoolB],
  ]);
  codeA = codes.find((c) => c.id === tree.schoolA)!.code;
  codeB = codes.find((c) => c.id === tree.schoolB)!.code;
});
afterAll(async () => t.close());
afterEach(() => {
  importTuning.batchSize = 5000;
  importTuning.workerFromBytes = 1_000_000;
  importWait.ms = 20_000;
});

async function xlsx(headers: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Học sinh');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** [school code, name, dob, sex, CCCD, code, ethnicity, class, guardian, phone] */
function rows(n: number, tag: string, school: () => [string, string]): unknown[][] {
  return Array.from({ length: n }, (_, i) => {
    const sex = i % 2 === 0 ? 'male' : 'female';
    const [code, cls] = school();
    return [
      code,
      `Trần ${sex === 'male' ? 'Văn' : 'Thị'} ${tag} ${spell(i)}`,
      `${String((i % 28) + 1).padStart(2, '0')}/04/2014`,
      sex === 'male' ? 'Nam' : 'Nữ',
      cccdFor(sex),
      `${tag}${String(i).padStart(4, '0')}`,
      i % 3 === 0 ? 'Nùng' : 'Kinh',
      cls,
      `Trần Văn Bố ${tag}${spell(i)}`,
      `09${String(22345600 + i).padStart(8, '0')}`,
    ];
  });
}

const upload = (unitId: string, body: Buffer, who: SignedIn = officer) =>
  t.app.inject({
    method: 'POST',
    url: `/api/registry/units/${unitId}/imports/students`,
    headers: { ...who.headers, 'content-type': XLSX },
    payload: body,
  });
const commit = (id: string, who: SignedIn = officer) =>
  t.app.inject({ method: 'POST', url: `/api/registry/imports/${id}/commit`, headers: who.headers });
const status = (id: string, who: SignedIn = officer) =>
  t.app.inject({ method: 'GET', url: `/api/registry/imports/${id}`, headers: who.headers });

async function counts() {
  const [c] = await t.database.query<{
    s: number;
    e: number;
    g: number;
    a: number;
  }>(`SELECT (SELECT count(*)::int FROM registry.students) AS s,
    (SELECT count(*)::int FROM registry.enrolments) AS e, (SELECT count(*)::int FROM registry.guardians) AS g,
    (SELECT count(*)::int FROM platform.audit_events WHERE action = 'registry.student.import') AS a`);
  return c!;
}
type Issue = { row: number | null; column: string | null; code: string; message: string; severity: string };
const errorsOf = (body: { issues: Issue[] }) => body.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column, i.code]);

describe('province-wide student import (school-code column)', () => {
  it('a department officer imports one file for two schools; each row lands in its school and class; one audit event', async () => {
    let k = 0;
    const file = await xlsx(
      HEADERS,
      rows(8, 'PROV', () => (k++ % 2 === 0 ? [codeA, k % 4 === 1 ? '6A1' : '7A1'] : [codeB, '6B1'])),
    );
    const before = await counts();
    const res = await upload(tree.department, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json()).toMatchObject({ status: 'analysed', importKind: 'students', canCommit: true, counts: { total: 8, create: 8 } });
    const done = await commit(res.json().id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toMatchObject({ created: 8, enrolled: 8, guardiansCreated: 8 });
    expect(await counts()).toEqual({ s: before.s + 8, e: before.e + 8, g: before.g + 8, a: before.a + 1 });
    const placed = await t.database.query<{
      school: string;
      cls: string;
      n: number;
    }>(`SELECT s.school_id::text AS school, c.name AS cls, count(*)::int AS n
      FROM registry.students s JOIN registry.enrolments e ON e.student_id = s.id JOIN registry.classes c ON c.id = e.class_id
      WHERE s.full_name LIKE '%PROV%' GROUP BY 1, 2 ORDER BY 2`);
    expect(placed).toEqual([
      { school: tree.schoolA, cls: '6A1', n: 2 },
      { school: tree.schoolB, cls: '6B1', n: 4 },
      { school: tree.schoolA, cls: '7A1', n: 2 },
    ]);
    const [audit] = await t.database.query<{ org_unit_id: string; bulk: { counts: Record<string, number>; source: string } }>(
      "SELECT org_unit_id::text, bulk FROM platform.audit_events WHERE action = 'registry.student.import' AND entity_id = $1",
      [res.json().id],
    );
    expect(audit).toMatchObject({
      org_unit_id: tree.department,
      bulk: { counts: { created: 8 }, source: `files/imports/${res.json().id}.xlsx` },
    });
    expect((await status(res.json().id)).json()).toMatchObject({ status: 'committed', canCommit: false, result: { created: 8 } });
  });

  it('names an unknown school code, a class of another school, and a file without the school-code column', async () => {
    const r = rows(3, 'WRONG', () => [codeA, '6A1']);
    r[1]![0] = 'KHONG-CO';
    r[2]![7] = '6B1'; // a class of school B on a row of school A
    const res = await upload(tree.department, await xlsx(HEADERS, r));
    expect(errorsOf(res.json())).toEqual([
      [3, 'A', 'registry.import.schoolUnknown'],
      [4, 'H', 'registry.import.classUnknown'],
    ]);
    expect(res.json().issues[0].message).toBe('Không có trường mã "KHONG-CO" trong đơn vị đang nhập.');
    const noCode = await upload(
      tree.department,
      await xlsx(
        HEADERS.slice(1),
        rows(2, 'NOCODE', () => [codeA, '6A1']).map((x) => x.slice(1)),
      ),
    );
    expect(errorsOf(noCode.json())).toEqual(expect.arrayContaining([[null, null, 'platform.spreadsheet.missingColumn']]));
    expect(noCode.json().canCommit).toBe(false);
    // a school's own upload may carry the column, but only with its own code
    const own = await upload(
      tree.schoolA,
      await xlsx(HEADERS, [...rows(1, 'OWN', () => [codeA, '6A1']), ...rows(1, 'OTHER', () => [codeB, '6A1'])]),
      principalA,
    );
    expect(errorsOf(own.json())).toEqual([[3, 'A', 'registry.import.schoolNotThis']]);
  });

  it('keeps the province upload to those who hold the permission there: 403 without it, 404 for a school principal', async () => {
    const file = await xlsx(
      HEADERS,
      rows(1, 'ACL', () => [codeA, '6A1']),
    );
    expect((await upload(tree.department, file, leader)).statusCode).toBe(403);
    expect((await upload(tree.department, file, principalA)).statusCode).toBe(404);
    const template = await t.app.inject({
      method: 'GET',
      url: `/api/registry/units/${tree.department}/imports/students/template.xlsx`,
      headers: officer.headers,
    });
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Học sinh')!.getRow(1).values).toEqual([
      undefined,
      'Mã trường (*)',
      'Họ và tên (*)',
      ...[...HEADERS.slice(2)].map((h) => (['Ngày sinh (dd/mm/yyyy)', 'Giới tính', 'Lớp'].includes(h) ? `${h} (*)` : h)),
    ]);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/registry/units/${tree.department}/imports/nothing/template.xlsx`,
          headers: officer.headers,
        })
      ).statusCode,
    ).toBe(404);
    // the upload of one principal is not another's
    const res = await upload(
      tree.schoolA,
      await xlsx(
        HEADERS,
        rows(1, 'MINE', () => [codeA, '6A1']),
      ),
      principalA,
    );
    expect((await status(res.json().id, principalB)).statusCode).toBe(404);
    expect((await commit(res.json().id, principalB)).statusCode).toBe(404);
  });
});

describe('batches', () => {
  it('checks duplicates against the database batch by batch and inside the file across batches (file read on a worker thread)', async () => {
    importTuning.batchSize = 3;
    importTuning.workerFromBytes = 0;
    const elsewhere = await createStudent(t.app, principalB.headers, tree.schoolB, 'Lê Thị Ở Trường Khác', { sex: 'female' });
    const r = rows(10, 'BATCH', () => [codeA, '6A1']);
    r[7] = [codeA, 'Lê Thị Ở Trường Khác', '15/03/2014', 'Nữ', elsewhere.cccd, '', 'Kinh', '6A1', '', '']; // row 9: third batch, a student of school B
    r[8]![4] = r[0]![4]; // row 10 repeats row 2's CCCD
    r[8]![2] = r[0]![2];
    r[8]![3] = r[0]![3];
    const res = await upload(tree.department, await xlsx(HEADERS, r));
    expect(errorsOf(res.json())).toEqual([
      [9, 'E', 'registry.import.otherSchool'],
      [10, 'E', 'registry.import.duplicateInFile'],
    ]);
    expect(res.json().counts).toMatchObject({ total: 8, create: 8 });
  });

  it('takes two rows with one name, birth date and class but different CCCDs for two people, and a row without identifiers for a duplicate', async () => {
    const r = rows(3, 'TWIN', () => [codeA, '6A1']);
    r[1]![1] = r[0]![1];
    r[1]![2] = r[0]![2];
    r[1]![3] = r[0]![3];
    r[1]![4] = cccdFor(r[0]![3] === 'Nam' ? 'male' : 'female');
    r[2] = [codeA, r[0]![1], r[0]![2], r[0]![3], '', '', 'Kinh', '6A1', '', ''];
    const res = await upload(tree.department, await xlsx(HEADERS, r));
    expect(errorsOf(res.json())).toEqual([[4, 'B', 'registry.import.duplicateInFile']]);
    expect(res.json().issues[0].message).toBe('Học sinh này trùng với dòng 2 trong tệp.');
  });

  it('writes all or nothing when a later batch fails, and the same upload commits afterwards', async () => {
    importTuning.batchSize = 3;
    const r = rows(10, 'LATE', () => [codeB, '6B1']);
    r[8]![1] = 'Trần Văn Hỏng LATE';
    const res = await upload(tree.department, await xlsx(HEADERS, r));
    expect(res.json().canCommit).toBe(true);
    await t.database.query(`CREATE FUNCTION registry.test_fail_late() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.full_name = 'Trần Văn Hỏng LATE' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await t.database.query(
      'CREATE TRIGGER test_fail_late BEFORE INSERT ON registry.students FOR EACH ROW EXECUTE FUNCTION registry.test_fail_late()',
    );
    const before = await counts();
    const failed = await commit(res.json().id);
    expect(failed.statusCode).toBe(500);
    // batches 1 and 2 (6 students) had been written inside the transaction: none is left
    expect(await counts()).toEqual(before);
    await t.database.query('DROP TRIGGER test_fail_late ON registry.students');
    await t.database.query('DROP FUNCTION registry.test_fail_late()');
    const ok = await commit(res.json().id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().counts).toMatchObject({ total: 10, created: 10, enrolled: 10 });
    expect((await counts()).s).toBe(before.s + 10);
  });

  it('answers 202 with the progress when a run outlasts the wait, and the status tells when it is done', async () => {
    importWait.ms = 0;
    const res = await upload(
      tree.department,
      await xlsx(
        HEADERS,
        rows(5, 'ASYNC', () => [codeA, '7A1']),
      ),
    );
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'analysing', canCommit: false, progress: { rows: expect.any(Number) } });
    const id = res.json().id as string;
    const wait = async (busy: string) => {
      for (let i = 0; i < 200; i++) {
        const s = (await status(id)).json();
        if (s.status !== busy) return s;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('still busy');
    };
    expect(await wait('analysing')).toMatchObject({ status: 'analysed', canCommit: true, counts: { create: 5 } });
    const c = await commit(id);
    expect([200, 202]).toContain(c.statusCode);
    // 202 while writing (it may have finished by the time the answer is built)
    if (c.statusCode === 202) expect(['committing', 'committed']).toContain(c.json().status);
    expect(await wait('committing')).toMatchObject({ status: 'committed', result: { created: 5 } });
    expect(await auditCount(t.database, 'registry.student.import')).toBeGreaterThan(0);
  });
});
