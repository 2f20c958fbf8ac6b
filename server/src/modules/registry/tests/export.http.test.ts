import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { type Actor, scopeOf } from '../../identity/public.ts';
import { studentExportColumns, writeStudentExport } from '../export/students-export.ts';
import { studentFilters } from '../routes/student-filters.ts';
import { createClass, createStudent, createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let principal: SignedIn;
let clerk: SignedIn;
let officer: SignedIn;
let clerkB: SignedIn;
let classA: string;
const cccds: Record<string, string> = {};

const THRESHOLD = 4;
const get = (url: string, who?: SignedIn) => t.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });

/** The file as a second reader (SheetJS) sees it: header row, data rows, and the raw cells. */
function readBack(body: Buffer) {
  const wb = XLSX.read(body, { type: 'buffer', cellFormula: true, cellDates: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
  const cells = Object.entries(ws)
    .filter(([k]) => !k.startsWith('!'))
    .map(([, c]) => c as XLSX.CellObject);
  return { sheetName: wb.SheetNames[0], header: rows[0] as string[], data: rows.slice(1) as unknown[][], cells };
}

beforeAll(async () => {
  t = await createTestApp({ env: { REGISTRY_EXPORT_BULK_ROWS: String(THRESHOLD) } });
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  clerk = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  clerkB = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolB });
  officer = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
  const year = await createYear(t.app, principal.headers, tree.schoolA);
  classA = (await createClass(t.app, principal.headers, tree.schoolA, year.id, '6A1')).id;
  const people: [string, Record<string, unknown>][] = [
    ['Nguyễn Văn An', { schoolCode: '=1+2', moetCode: '0123456789' }],
    ['Trần Thị Bình', { sex: 'female', schoolCode: '@SUM(A1)' }],
    ['-Lê Văn Cường', { schoolCode: '+84123' }],
  ];
  for (const [name, extra] of people) {
    // A name such as '-Lê Văn Cường' is refused at entry now (issue 14 item 6); one stored before
    // that is still neutralised on export: it is written to the row directly.
    const s = await createStudent(t.app, clerk.headers, tree.schoolA, name.replace(/^-/, ''), extra);
    if (name.startsWith('-')) await t.database.query('UPDATE registry.students SET full_name = $1 WHERE id = $2', [name, s.id]);
    cccds[name] = s.cccd;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/students/${s.id}/enrolments`,
      headers: clerk.headers,
      payload: { classId: classA, startedOn: '2026-09-05' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  for (const name of ['Phạm Thị Dung', 'Hoàng Văn Em'])
    await createStudent(t.app, clerk.headers, tree.schoolA, name, name.includes('Thị') ? { sex: 'female' } : {});
});
afterAll(async () => t.close());

describe('student list export', () => {
  it('round-trips a class list: Vietnamese headers, list order, typed dates and codes, formulas neutralised', async () => {
    const res = await get(`/api/registry/students/export.xlsx?classId=${classA}`, clerk);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Danh%20s%C3%A1ch%20h%E1%BB%8Dc%20sinh.xlsx");
    const file = readBack(res.rawPayload);
    expect(file.sheetName).toBe('Học sinh');
    expect(file.header).toEqual(studentExportColumns.map((c) => c.header));
    const list = (await get(`/api/registry/students?classId=${classA}`, clerk)).json().items as { fullName: string }[];
    const col = (h: string) => file.header.indexOf(h);
    expect(file.data.map((r) => String(r[col('Họ và tên')]).replace(/^'/, ''))).toEqual(list.map((s) => s.fullName));
    // no cell is a formula; text that would start one keeps a leading apostrophe
    expect(file.cells.filter((c) => c.f !== undefined)).toEqual([]);
    const codes = file.data.map((r) => r[col('Mã học sinh')]);
    expect(codes).toEqual(expect.arrayContaining(["'=1+2", "'@SUM(A1)", "'+84123"]));
    expect(file.data.map((r) => r[col('Họ và tên')])).toContain("'-Lê Văn Cường");
    const an = file.data.find((r) => r[col('Mã học sinh')] === "'=1+2")!;
    expect(an[col('Mã định danh Bộ GD&ĐT')]).toBe('0123456789');
    expect(an[col('Ngày sinh')]).toBeInstanceOf(Date);
    expect((an[col('Ngày sinh')] as Date).toISOString().slice(0, 10)).toBe('2014-03-15');
    expect(an[col('Lớp')]).toBe('6A1');
    expect(an[col('Khối')]).toBe(6);
    expect(an[col('Giới tính')]).toBe('Nam');
    expect(an[col('Dân tộc')]).toBe('Kinh');
    expect(an[col('Trạng thái')]).toBe('Đang học');
    // the clerk may edit the records: the CCCD is whole, as in the list
    expect(an[col('Số định danh cá nhân')]).toBe(cccds['Nguyễn Văn An']);
  });

  it('masks identifiers for a reader exactly as the list does', async () => {
    const res = await get(`/api/registry/classes/${classA}/students/export.xlsx`, officer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('Danh sách lớp 6A1.xlsx'));
    const file = readBack(res.rawPayload);
    const cccdCol = file.header.indexOf('Số định danh cá nhân');
    const list = (await get(`/api/registry/students?classId=${classA}`, officer)).json().items as { cccd: string }[];
    expect(file.data.map((r) => r[cccdCol])).toEqual(list.map((s) => s.cccd));
    for (const r of file.data) expect(String(r[cccdCol])).toMatch(/^\d{4}\*{6}\d{2}$/);
  });

  it('a whole school needs the bulk-export permission: 403 for the office, the file for the principal, audited with filter and count', async () => {
    const refused = await get(`/api/registry/students/export.xlsx?schoolId=${tree.schoolA}`, clerk);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('registry.export.bulkForbidden');
    expect((await get('/api/registry/students/export.xlsx', officer)).statusCode).toBe(403);

    const before = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM platform.audit_events WHERE action = 'registry.student.export'`,
    );
    const ok = await get(`/api/registry/students/export.xlsx?schoolId=${tree.schoolA}`, principal);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(readBack(ok.rawPayload).data).toHaveLength(5);
    const [event] = await t.database.query<{
      after: { filter: Record<string, string>; rows: number; bulk: boolean };
      bulk: { counts: { rows: number } };
      org_unit_id: string;
    }>(
      `SELECT after, bulk, org_unit_id FROM platform.audit_events WHERE action = 'registry.student.export' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    );
    expect(event).toMatchObject({
      after: { filter: { schoolId: tree.schoolA }, rows: 5, bulk: true },
      bulk: { counts: { rows: 5 } },
      org_unit_id: tree.schoolA,
    });
    const after = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM platform.audit_events WHERE action = 'registry.student.export'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
  });

  it('pages through the list by (sort key, id) without losing or repeating a row', async () => {
    const actor = { userId: principal.userId } as Actor;
    const where = studentFilters(await scopeOf(t.database.db, actor, 'registry.student.read'), actor.userId, { schoolId: tree.schoolA })!;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const written = await writeStudentExport(t.database.db, actor, where, out, 2);
    await new Promise((r) => out.end(r));
    expect(written).toBe(5);
    const file = readBack(Buffer.concat(chunks));
    const list = (await get(`/api/registry/students?schoolId=${tree.schoolA}`, principal)).json().items as { fullName: string }[];
    expect(file.data.map((r) => String(r[3]).replace(/^'/, ''))).toEqual(list.map((x) => x.fullName));
    expect(file.data.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('401 without a session, 403 without any student permission, 404 for a class out of reach', async () => {
    expect((await get(`/api/registry/students/export.xlsx?classId=${classA}`)).statusCode).toBe(401);
    const nobody = await signIn(t.app, t.database, { unitId: tree.schoolA });
    expect((await get(`/api/registry/students/export.xlsx?classId=${classA}`, nobody)).statusCode).toBe(403);
    expect((await get(`/api/registry/classes/${classA}/students/export.xlsx`, clerkB)).statusCode).toBe(404);
    // the list filter keeps another school's students out of the file even when named
    const other = await get(`/api/registry/students/export.xlsx?classId=${classA}`, clerkB);
    expect(other.statusCode).toBe(200);
    expect(readBack(other.rawPayload).data).toHaveLength(0);
  });

  it('more rows than the setting is bulk even inside one search; a narrow search is not (last: it adds pupils)', async () => {
    const small = await get(`/api/registry/students/export.xlsx?schoolId=${tree.schoolA}&q=${encodeURIComponent('binh')}`, clerk);
    expect(small.statusCode, small.body).toBe(200);
    expect(readBack(small.rawPayload).data).toHaveLength(1);
    // two more 'Văn' pupils: five match 'van', one more than the setting
    for (const name of ['Đặng Văn Giang', 'Vũ Văn Hải']) await createStudent(t.app, clerk.headers, tree.schoolA, name);
    const wide = await get(`/api/registry/students/export.xlsx?schoolId=${tree.schoolA}&q=${encodeURIComponent('van')}`, clerk);
    expect(wide.statusCode).toBe(403);
    expect((await get(`/api/registry/students/export.xlsx?schoolId=${tree.schoolA}&q=van`, principal)).statusCode).toBe(200);
  });
});
