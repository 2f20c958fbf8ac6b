import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { cccdFor, createClass, createStudent, createYear, spell } from './factories.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
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
let principal: SignedIn;
let otherPrincipal: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  otherPrincipal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  const year = await createYear(t.app, principal.headers, tree.schoolA);
  await createClass(t.app, principal.headers, tree.schoolA, year.id, '6A1');
  await createClass(t.app, principal.headers, tree.schoolA, year.id, '6A2');
});
afterAll(async () => t.close());

async function xlsx(headers: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Học sinh');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const given = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan', 'Minh', 'Nga'];
/** One good row per student: [name, dob text, sex, CCCD, code, ethnicity, class, guardian, phone]. */
function goodRows(n: number, tag: string): unknown[][] {
  return Array.from({ length: n }, (_, i) => {
    const sex = i % 2 === 0 ? 'male' : 'female';
    return [
      `Nguyễn ${sex === 'male' ? 'Văn' : 'Thị'} ${given[i % 10]} ${tag}${spell(i)}`,
      `${String((i % 28) + 1).padStart(2, '0')}/03/2014`,
      sex === 'male' ? 'Nam' : 'Nữ',
      cccdFor(sex),
      `${tag}${String(i).padStart(4, '0')}`,
      i % 5 === 0 ? 'Tày' : 'Kinh',
      i < n / 2 ? '6A1' : '6A2',
      `Nguyễn Văn Bố ${tag}${spell(i)}`,
      `09${String(12345600 + i).padStart(8, '0')}`,
    ];
  });
}

const upload = (body: Buffer | string, opts: { type?: string; schoolId?: string; who?: SignedIn } = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/registry/schools/${opts.schoolId ?? tree.schoolA}/students/imports`,
    headers: { ...(opts.who ?? principal).headers, 'content-type': opts.type ?? XLSX },
    payload: body,
  });
const commit = (id: string, who: SignedIn = principal) =>
  t.app.inject({ method: 'POST', url: `/api/registry/imports/${id}/commit`, headers: who.headers });

async function counts() {
  const rows = await t.database.query<{ s: number; e: number; g: number }>(`SELECT (SELECT count(*)::int FROM registry.students) AS s,
    (SELECT count(*)::int FROM registry.enrolments) AS e, (SELECT count(*)::int FROM registry.guardians) AS g`);
  return rows[0]!;
}

type Issue = { row: number | null; column: string | null; columnLabel: string | null; code: string; message: string; severity: string };
const errorsOf = (body: { issues: Issue[] }) => body.issues.filter((i) => i.severity === 'error');

describe('student import template', () => {
  it('serves the xlsx template with Vietnamese headers, the classes and an instructions sheet', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/registry/schools/${tree.schoolA}/students/template.xlsx`,
      headers: principal.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Học sinh')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Họ và tên (*)',
      'Ngày sinh (dd/mm/yyyy) (*)',
      'Giới tính (*)',
      ...HEADERS.slice(3, 6),
      'Lớp (*)',
      ...HEADERS.slice(7),
    ]);
    expect(wb.getWorksheet('Hướng dẫn')).toBeDefined();
    const lists = wb.getWorksheet('DanhMuc')!;
    const listed = lists.getSheetValues().flat().filter(Boolean);
    expect(listed).toEqual(expect.arrayContaining(['Nam', 'Nữ', 'Kinh', 'Tày', '6A1', '6A2']));
    // the empty template itself is refused: no data rows
    const up = await upload(res.rawPayload);
    expect(up.statusCode).toBe(201);
    expect(up.json().canCommit).toBe(false);
    expect(errorsOf(up.json()).map((i) => i.code)).toEqual(['platform.spreadsheet.noDataRows']);
  });

  it('answers 404 for a school out of scope', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/registry/schools/${tree.schoolB}/students/template.xlsx`,
      headers: principal.headers,
    });
    expect(res.statusCode).toBe(404);
    expect((await upload(await xlsx(HEADERS, goodRows(1, 'OOS')), { schoolId: tree.schoolB })).statusCode).toBe(404);
  });
});

describe('student import', () => {
  it('validates and previews 30 students without writing, commits them in one go, and a re-import changes nothing', async () => {
    const file = await xlsx(HEADERS, goodRows(30, 'GOOD'));
    const before = await counts();
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(errorsOf(report)).toEqual([]);
    expect(report).toMatchObject({ canCommit: true, counts: { total: 30, create: 30, update: 0, unchanged: 0 } });
    expect(report.preview).toHaveLength(30);
    expect(report.preview[0]).toMatchObject({ row: 2, action: 'create', className: '6A1', dateOfBirth: '2014-03-01', sex: 'male' });
    expect(await counts()).toEqual(before);

    const auditsBefore = await auditCount(t.database, 'registry.student.import');
    const done = await commit(report.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toEqual({ total: 30, created: 30, updated: 0, unchanged: 0, enrolled: 30, guardiansCreated: 30 });
    expect(await counts()).toEqual({ s: before.s + 30, e: before.e + 30, g: before.g + 30 });
    expect(await auditCount(t.database, 'registry.student.import')).toBe(auditsBefore + 1);
    const [audit] = await t.database.query<{ bulk: { counts: Record<string, number>; source: string }; entity_id: string }>(
      "SELECT bulk, entity_id FROM platform.audit_events WHERE action = 'registry.student.import' AND entity_id = $1",
      [report.id],
    );
    expect(audit!.bulk).toMatchObject({ counts: { created: 30 }, source: `files/imports/${report.id}.xlsx` });
    const tay = await t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM registry.students WHERE full_name LIKE '%GOOD%' AND ethnicity_code = $1",
      ['02'],
    );
    expect(tay[0]!.n).toBe(6);

    // committing the same upload twice: 409
    expect((await commit(report.id)).statusCode).toBe(409);

    // the same file again: everything unchanged, nothing written
    const again = await upload(file);
    expect(again.json()).toMatchObject({ canCommit: true, counts: { total: 30, create: 0, update: 0, unchanged: 30 } });
    const after = await counts();
    const second = await commit(again.json().id);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().counts).toMatchObject({ created: 0, updated: 0, unchanged: 30, enrolled: 0, guardiansCreated: 0 });
    expect(await counts()).toEqual(after);
  });

  it('updates known students: a corrected name, a second guardian, a new phone, and a class for a student without one this year', async () => {
    const rows = goodRows(4, 'UPD');
    const first = await upload(await xlsx(HEADERS, rows));
    expect((await commit(first.json().id)).statusCode).toBe(200);
    // a known student with no class this year (created by hand, not enrolled)
    const loose = await createStudent(t.app, principal.headers, tree.schoolA, 'Lê Thị Lẻ UPD', {
      sex: 'female',
      dateOfBirth: '2014-05-05',
    });
    const keyBefore = (
      await t.database.query<{ sort_key: string }>('SELECT sort_key FROM registry.students WHERE cccd = $1', [rows[0]![3]])
    )[0]!.sort_key;
    rows[0]![0] = 'Nguyễn Văn Ân UPDa'; // same CCCD, name corrected
    rows[1]![7] = 'Trần Thị Mẹ UPDb'; // another guardian
    rows[2]![8] = '0987654321'; // the same guardian, a new phone
    rows.push(['Lê Thị Lẻ UPD', '05/05/2014', 'Nữ', loose.cccd, '', 'Kinh', '6A2', '', '']);
    const res = await upload(await xlsx(HEADERS, rows));
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json().counts).toEqual({ total: 5, create: 0, update: 4, unchanged: 1 });
    const done = await commit(res.json().id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toEqual({ total: 5, created: 0, updated: 4, unchanged: 1, enrolled: 1, guardiansCreated: 1 });
    const byCccd = async (cccd: string) =>
      (
        await t.database.query<{ id: string; full_name: string; sort_key: string; status: string; version: number }>(
          'SELECT id, full_name, sort_key, status, version FROM registry.students WHERE cccd = $1',
          [cccd],
        )
      )[0]!;
    const renamed = await byCccd(String(rows[0]![3]));
    expect(renamed).toMatchObject({ full_name: 'Nguyễn Văn Ân UPDa', version: 2 });
    expect(renamed.sort_key).not.toBe(keyBefore); // the sort key follows the new name
    const twoGuardians = await t.database.query<{ full_name: string; primary_contact: boolean }>(
      `SELECT g.full_name, sg.primary_contact FROM registry.student_guardians sg
      JOIN registry.guardians g ON g.id = sg.guardian_id WHERE sg.student_id = $1 ORDER BY g.full_name`,
      [(await byCccd(String(rows[1]![3]))).id],
    );
    expect(twoGuardians).toEqual([
      { full_name: 'Nguyễn Văn Bố UPDb', primary_contact: true },
      { full_name: 'Trần Thị Mẹ UPDb', primary_contact: false },
    ]);
    const phone = await t.database.query<{ phone: string }>(
      `SELECT g.phone FROM registry.student_guardians sg JOIN registry.guardians g ON g.id = sg.guardian_id
      WHERE sg.student_id = $1`,
      [(await byCccd(String(rows[2]![3]))).id],
    );
    expect(phone).toEqual([{ phone: '0987654321' }]);
    const enrolled = await byCccd(loose.cccd);
    expect(enrolled.status).toBe('enrolled');
    const history = await t.database.query<{ name: string; status: string }>(
      `SELECT c.name, ev.status FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id
      JOIN registry.enrolment_events ev ON ev.enrolment_id = e.id WHERE e.student_id = $1`,
      [loose.id],
    );
    expect(history).toEqual([{ name: '6A2', status: 'enrolled' }]);
  });

  it('writes the whole file or nothing: a failure in the middle of the commit leaves no trace, and the import can be committed later', async () => {
    const rows = goodRows(10, 'HALF');
    rows[7]![0] = 'Trần Văn Hỏng HALF';
    const res = await upload(await xlsx(HEADERS, rows));
    expect(res.json().canCommit).toBe(true);
    // the database fails on the 8th student, after seven were written in the transaction
    await t.database.query(`CREATE FUNCTION registry.test_fail_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.full_name = 'Trần Văn Hỏng HALF' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await t.database.query(
      'CREATE TRIGGER test_fail_import BEFORE INSERT ON registry.students FOR EACH ROW EXECUTE FUNCTION registry.test_fail_import()',
    );
    const before = await counts();
    const audits = await auditCount(t.database, 'registry.student.import');
    const failed = await commit(res.json().id);
    expect(failed.statusCode).toBe(500);
    expect(await counts()).toEqual(before);
    expect(await auditCount(t.database, 'registry.student.import')).toBe(audits);
    await t.database.query('DROP TRIGGER test_fail_import ON registry.students');
    await t.database.query('DROP FUNCTION registry.test_fail_import()');
    const ok = await commit(res.json().id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().counts.created).toBe(10);
  });

  it('reports exactly the three mistakes of a file, with row and column, in Vietnamese, and refuses to commit it', async () => {
    const rows = goodRows(6, 'BAD');
    rows[1]![1] = '31/02/2014'; // row 3, B: impossible date
    rows[3]![3] = cccdFor('male'); // row 5, D: a boy's number on a girl
    rows[4]![6] = '9Z'; // row 6, G: no such class
    const res = await upload(await xlsx(HEADERS, rows));
    expect(res.statusCode).toBe(201);
    const errs = errorsOf(res.json());
    expect(errs.map((i) => [i.row, i.column, i.columnLabel, i.code])).toEqual([
      [3, 'B', 'Ngày sinh (dd/mm/yyyy)', 'platform.spreadsheet.invalidDate'],
      [5, 'D', 'Số định danh cá nhân', 'registry.cccd.sexMismatch'],
      [6, 'G', 'Lớp', 'registry.import.classUnknown'],
    ]);
    expect(errs[2]!.message).toBe('Lớp "9Z" không có trong năm học hiện tại của trường.');
    expect(res.json().canCommit).toBe(false);
    const before = await counts();
    const c = await commit(res.json().id);
    expect(c.statusCode).toBe(422);
    expect(c.json().code).toBe('registry.import.hasErrors');
    expect(await counts()).toEqual(before);
  });

  it('refuses a renamed PDF and a wrong content type', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF');
    const res = await upload(pdf);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('platform.spreadsheet.pdfFile');
    expect((await upload(pdf, { type: 'application/pdf' })).statusCode).toBe(415);
  });

  it('names missing and extra columns, and reads reordered columns', async () => {
    const rows = goodRows(2, 'COL');
    const missing = await upload(
      await xlsx(
        HEADERS.filter((h) => h !== 'Giới tính'),
        rows.map((r) => r.filter((_, i) => i !== 2)),
      ),
    );
    expect(errorsOf(missing.json()).map((i) => [i.code, i.columnLabel])).toEqual([['platform.spreadsheet.missingColumn', 'Giới tính']]);
    const extra = await upload(
      await xlsx(
        [...HEADERS, 'Ghi chú'],
        rows.map((r) => [...r, 'x']),
      ),
    );
    expect(errorsOf(extra.json()).map((i) => [i.code, i.row, i.column])).toEqual([['platform.spreadsheet.unknownColumn', 1, 'J']]);
    const order = [6, 0, 3, 2, 1, 8, 7, 5, 4];
    const reordered = await upload(
      await xlsx(
        order.map((i) => HEADERS[i]!),
        rows.map((r) => order.map((i) => r[i])),
      ),
    );
    expect(errorsOf(reordered.json())).toEqual([]);
    expect(reordered.json().preview[1]).toMatchObject({ fullName: rows[1]![0], cccd: rows[1]![3], className: '6A2', sex: 'female' });
    // a wrong CCCD in the reordered file is reported at its new column (C)
    const bad = rows.map((r) => [...r]);
    bad[0]![3] = '0271234X';
    const wrong = await upload(
      await xlsx(
        order.map((i) => HEADERS[i]!),
        bad.map((r) => order.map((i) => r[i])),
      ),
    );
    expect(errorsOf(wrong.json()).map((i) => [i.row, i.column, i.code])).toEqual([[2, 'C', 'registry.cccd.nonDigit']]);
  });

  it('restores leading zeros Excel dropped, reads real dates, and refuses merged cells', async () => {
    const rows = goodRows(2, 'ZERO');
    const cccd = String(rows[0]![3]);
    rows[0]![3] = Number(cccd); // typed as a number: the leading 0 is gone
    rows[1]![1] = new Date(Date.UTC(2014, 2, 9)); // a real Excel date
    const res = await upload(await xlsx(HEADERS, rows));
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ row: 2, column: 'D', code: 'platform.spreadsheet.leadingZerosRestored', severity: 'warning' }),
    ]);
    expect(res.json().preview.map((p: { cccd: string; dateOfBirth: string }) => [p.cccd, p.dateOfBirth])).toEqual([
      [cccd, '2014-03-01'],
      [rows[1]![3], '2014-03-09'],
    ]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Học sinh');
    ws.addRow(HEADERS);
    for (const r of goodRows(2, 'MERGE')) ws.addRow(r);
    ws.mergeCells('G2:G3');
    const merged = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(errorsOf(merged.json()).map((i) => [i.row, i.column, i.code])).toEqual(
      expect.arrayContaining([[2, 'G', 'platform.spreadsheet.mergedCells']]),
    );
    expect(merged.json().canCommit).toBe(false);
  });

  it('refuses a student already in another class of the year, and duplicates inside the file', async () => {
    const existing = await createStudent(t.app, principal.headers, tree.schoolA, 'Lê Văn Tùng');
    const classes = await t.database.query<{ id: string; name: string }>(
      'SELECT id::text, name FROM registry.classes WHERE school_id = $1',
      [tree.schoolA],
    );
    const c6A2 = classes.find((c) => c.name === '6A2')!.id;
    const enrol = await t.app.inject({
      method: 'POST',
      url: `/api/registry/students/${existing.id}/enrolments`,
      headers: principal.headers,
      payload: { classId: c6A2, status: 'enrolled', startedOn: '2026-09-05' },
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    const rows = goodRows(3, 'DUP');
    rows[0] = ['Lê Văn Tùng', '15/03/2014', 'Nam', existing.cccd, '', 'Kinh', '6A1', '', ''];
    rows[2]![3] = rows[1]![3];
    rows[2]![1] = rows[1]![1];
    rows[2]![2] = rows[1]![2];
    const res = await upload(await xlsx(HEADERS, rows));
    expect(errorsOf(res.json()).map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'G', 'registry.import.otherClass'],
      [4, 'D', 'registry.import.duplicateInFile'],
    ]);
    expect(errorsOf(res.json())[0]!.message).toContain('6A2');

    // one existing student named twice: by CCCD on one row, by student code on another
    const known = await createStudent(t.app, principal.headers, tree.schoolA, 'Phan Thị Mai', { sex: 'female', moetCode: 'MAI-0001' });
    const twice = [
      ['Phan Thị Mai', '15/03/2014', 'Nữ', known.cccd, '', 'Kinh', '6A1', '', ''],
      ['Phan Thị Mai', '15/03/2014', 'Nữ', '', 'MAI-0001', 'Kinh', '6A2', '', ''],
    ];
    const res2 = await upload(await xlsx(HEADERS, twice));
    expect(errorsOf(res2.json()).map((i) => [i.row, i.column, i.code])).toEqual([[3, 'E', 'registry.import.duplicateInFile']]);
  });

  it('reads a CSV file; another school cannot commit the upload; nothing is written on failure', async () => {
    const rows = goodRows(3, 'CSV');
    const csv = [HEADERS.join(','), ...rows.map((r) => r.join(','))].join('\n');
    const res = await upload(csv, { type: 'text/csv; charset=utf-8' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'csv', canCommit: true, counts: { create: 3 } });
    expect((await commit(res.json().id, otherPrincipal)).statusCode).toBe(404);
    expect((await commit('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // a student created meanwhile with a CCCD of the file → the re-validation at commit finds the conflict
    await createStudent(t.app, otherPrincipal.headers, tree.schoolB, 'Người Khác', { cccd: rows[2]![3], sex: 'male' });
    const before = await counts();
    const c = await commit(res.json().id);
    expect(c.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });
});
