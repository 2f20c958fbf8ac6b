import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { makeCccd } from '../identifiers.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  'Mã cán bộ',
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính',
  'Số định danh cá nhân',
  'Dân tộc',
  'Chức vụ',
  'Chức danh nghề nghiệp',
  'Hạng chức danh',
  'Trình độ đào tạo',
  'Chuyên ngành',
  'Môn dạy',
  'Hình thức tuyển dụng',
  'Ngày vào ngành',
  'Ngày về trường',
  'Đánh giá chuẩn nghề nghiệp',
  'Bồi dưỡng thường xuyên',
  'Đảng viên',
  'Ngày vào Đảng',
  'Tình trạng',
  'Điện thoại',
  'Thư điện tử',
];

let t: TestApp;
let tree: TestTree;
let office: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  office = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
});
afterAll(async () => t.close());

async function xlsx(rows: unknown[][], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Cán bộ');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (body: Buffer, who: SignedIn = office, schoolId = tree.schoolA) =>
  t.app.inject({
    method: 'POST',
    url: `/api/registry/units/${schoolId}/imports/staff`,
    headers: { ...who.headers, 'content-type': XLSX },
    payload: body,
  });
const commit = (id: string, who: SignedIn = office) =>
  t.app.inject({ method: 'POST', url: `/api/registry/imports/${id}/commit`, headers: who.headers });
const staffOfA = async () =>
  t.database.query<{
    staff_code: string;
    full_name: string;
    cccd: string | null;
    position: string;
    subjects: string[];
    qualification_standard: string | null;
    party_member: boolean;
    status: string;
    version: number;
  }>(
    'SELECT staff_code, full_name, cccd, position, subjects, qualification_standard, party_member, status, version FROM registry.staff WHERE school_id = $1 ORDER BY staff_code',
    [tree.schoolA],
  );

type Issue = { row: number | null; column: string | null; code: string; message: string; severity: string };
const errorsOf = (body: { issues: Issue[] }) => body.issues.filter((i) => i.severity === 'error');

const lanCccd = makeCccd('027', { dateOfBirth: '1985-04-02', sex: 'female' }, 424242);
const good = () => [
  [
    'GV-001',
    'Nguyễn Thị Lan',
    '02/04/1985',
    'Nữ',
    lanCccd,
    'Kinh',
    'Giáo viên',
    'Giáo viên THCS',
    'Hạng II',
    'Đại học',
    'Sư phạm Toán',
    'Toán, Tin học',
    'Viên chức',
    '01/09/2007',
    '15/08/2015',
    'Tốt',
    'Hoàn thành',
    'x',
    '03/02/2012',
    null,
    '0912345678',
    null,
  ],
  [
    'GV-002',
    'Trần Văn Bình',
    '11/11/1979',
    'Nam',
    null,
    'Tày',
    'Hiệu trưởng',
    'Giáo viên THCS',
    'Hạng I',
    'Thạc sĩ',
    null,
    'Ngữ văn',
    'Viên chức',
    null,
    null,
    null,
    null,
    'Có',
    null,
    null,
    null,
    'binh@truong.edu.vn',
  ],
  [
    'NV-001',
    'Lê Thị Cúc',
    '20/05/1992',
    'Nữ',
    null,
    null,
    'Nhân viên',
    'Nhân viên (kế toán, văn thư, thư viện, thiết bị…)',
    null,
    'Trung cấp',
    'Kế toán',
    null,
    'Hợp đồng lao động',
    null,
    null,
    null,
    null,
    null,
    null,
    'Đang làm việc',
    null,
    null,
  ],
];

describe('staff import', () => {
  it('serves a template with Vietnamese headers, dropdowns of the code lists and an instructions sheet', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/registry/units/${tree.schoolA}/imports/staff/template.xlsx`,
      headers: office.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Cán bộ')!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 8)).toEqual([
      'Mã cán bộ',
      'Họ và tên (*)',
      'Ngày sinh (dd/mm/yyyy) (*)',
      'Giới tính (*)',
      'Số định danh cá nhân',
      'Dân tộc',
      'Chức vụ (*)',
    ]);
    expect(ws.getCell(2, 7).dataValidation?.type).toBe('list');
    expect(wb.getWorksheet('Hướng dẫn')).toBeDefined();
    const listed = wb.getWorksheet('DanhMuc')!.getSheetValues().flat().filter(Boolean);
    expect(listed).toEqual(
      expect.arrayContaining(['Hiệu trưởng', 'Giáo viên', 'Hạng II', 'Đại học', 'Viên chức', 'Tốt', 'Đang làm việc', 'Tày']),
    );
  });

  it('creates the school staff in one commit, and a re-import changes nothing', async () => {
    const file = await xlsx(good());
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(201);
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json()).toMatchObject({ canCommit: true, counts: { total: 3, create: 3, update: 0, unchanged: 0 } });
    expect(await staffOfA()).toEqual([]);
    const done = await commit(res.json().id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().counts).toMatchObject({ created: 3, staffCreated: 3, staffUpdated: 0 });
    expect(await staffOfA()).toEqual([
      {
        staff_code: 'GV-001',
        full_name: 'Nguyễn Thị Lan',
        cccd: lanCccd,
        position: 'teacher',
        subjects: ['TOAN', 'TIN_HOC'],
        qualification_standard: 'meets',
        party_member: true,
        status: 'working',
        version: 1,
      },
      {
        staff_code: 'GV-002',
        full_name: 'Trần Văn Bình',
        cccd: null,
        position: 'principal',
        subjects: ['NGU_VAN'],
        qualification_standard: 'above',
        party_member: true,
        status: 'working',
        version: 1,
      },
      {
        staff_code: 'NV-001',
        full_name: 'Lê Thị Cúc',
        cccd: null,
        position: 'staff',
        subjects: [],
        qualification_standard: null,
        party_member: false,
        status: 'working',
        version: 1,
      },
    ]);
    expect(await auditCount(t.database, 'registry.staff.import')).toBe(1);
    // the imported people are found without accents, in the list
    const found = (await t.app.inject({ method: 'GET', url: '/api/registry/staff?q=le%20thi%20cuc', headers: office.headers })).json();
    expect(found.total).toBe(1);

    const again = await upload(file);
    expect(again.json()).toMatchObject({ canCommit: true, counts: { total: 3, create: 0, update: 0, unchanged: 3 } });
    const before = await staffOfA();
    const second = await commit(again.json().id);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, staffCreated: 0, staffUpdated: 0 });
    expect(await staffOfA()).toEqual(before);
  });

  it('updates a person recognised by CCCD (the code cell left blank), keeping what blank cells do not say', async () => {
    const rows = good();
    rows[0] = [
      null,
      'Nguyễn Thị Lan',
      '02/04/1985',
      'Nữ',
      lanCccd,
      null,
      'Tổ trưởng chuyên môn',
      null,
      null,
      'Thạc sĩ',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'Tạm nghỉ',
      null,
      null,
    ];
    const res = await upload(await xlsx(rows));
    expect(errorsOf(res.json())).toEqual([]);
    expect(res.json()).toMatchObject({ canCommit: true, counts: { create: 0, update: 1, unchanged: 2 } });
    expect((await commit(res.json().id)).statusCode).toBe(200);
    const [lan] = await staffOfA();
    expect(lan).toMatchObject({
      staff_code: 'GV-001',
      position: 'head_of_group',
      subjects: ['TOAN', 'TIN_HOC'],
      qualification_standard: 'above',
      status: 'on_leave',
      version: 2,
    });
  });

  it('reports every mistake by row and column and writes nothing', async () => {
    const before = await staffOfA();
    const blank = (over: Record<number, unknown>) => HEADERS.map((_, i) => (i in over ? over[i] : null));
    const res = await upload(
      await xlsx([
        blank({ 0: 'X-1', 1: 'Phạm Văn Một', 2: '01/01/1990', 3: 'Nam', 6: 'Giáo viên', 4: '027190000001' }),
        blank({ 1: 'Phạm Văn Hai', 2: '01/01/1990', 3: 'Nam', 6: 'Giáo viên' }),
        blank({ 0: 'X-3', 1: 'Phạm Văn Ba', 2: '01/01/1990', 3: 'Nam', 6: 'Bảo vệ trưởng' }),
        blank({ 0: 'X-4', 1: 'Phạm Văn Bốn', 2: '01/01/1990', 3: 'Nam', 6: 'Giáo viên', 11: 'Tiếng Việt' }),
        blank({ 0: 'X-5', 1: 'Phạm Văn Năm', 2: '01/01/1990', 3: 'Nam', 6: 'Giáo viên', 13: '01/09/2015', 14: '01/09/2010' }),
        blank({ 0: 'X-6', 1: 'Phạm Văn Sáu', 2: '01/01/1990', 3: 'Nam', 6: 'Giáo viên', 5: 'Sao Hoả' }),
        blank({ 0: 'X-8', 1: 'Phạm Văn Tám', 2: '01/01/1991', 3: 'Nam', 6: 'Giáo viên' }),
        blank({ 0: 'x-8', 1: 'Phạm Văn Chín', 2: '01/01/1992', 3: 'Nam', 6: 'Giáo viên' }),
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const found = errorsOf(res.json()).map((i) => [i.row, i.column, i.code]);
    expect(found).toEqual([
      [2, 'E', 'registry.cccd.sexMismatch'],
      [3, 'A', 'registry.staff.import.identifierRequired'],
      [4, 'G', 'platform.spreadsheet.notInList'],
      [5, 'L', 'registry.staff.subjectUnknown'],
      [6, 'O', 'registry.staff.joinedSchoolInvalid'],
      [7, 'F', 'registry.ethnicity.unknown'],
      [9, 'A', expect.stringContaining('duplicate')],
    ]);
    expect(errorsOf(res.json())[3]!.message).toContain('Tiếng Việt');
    expect(res.json().canCommit).toBe(false);
    expect((await commit(res.json().id)).statusCode).toBe(422);
    expect(await staffOfA()).toEqual(before);
  });

  it('refuses a row whose staff code and CCCD name two different people', async () => {
    const rows = [[...good()[2]!]];
    rows[0]![4] = lanCccd; // NV-001 (Lê Thị Cúc) with Nguyễn Thị Lan's CCCD
    rows[0]![2] = '02/04/1985';
    const res = await upload(await xlsx(rows));
    expect(errorsOf(res.json()).map((i) => [i.row, i.column, i.code])).toEqual([[2, 'E', 'registry.staff.import.ambiguousMatch']]);
    expect(errorsOf(res.json())[0]!.message).toContain('hai hồ sơ cán bộ');
  });

  it('refuses a person of another school, a teacher (403) and another school (404)', async () => {
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    const mine = await upload(await xlsx([good()[1]!]), principalB, tree.schoolB);
    expect(errorsOf(mine.json()).map((i) => [i.row, i.column, i.code])).toEqual([[2, 'A', 'registry.staff.import.otherSchool']]);
    const file = await xlsx(good());
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await upload(file, teacher)).statusCode).toBe(403);
    expect((await upload(file, principalB, tree.schoolA)).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/registry/units/${tree.schoolA}/imports/staff/template.xlsx`,
          headers: principalB.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
