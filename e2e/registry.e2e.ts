import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe } from 'vitest';
import { makeCccd } from '../server/src/modules/registry/rules/cccd.ts';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

const STUDENT_SHEET = 'Học sinh';
const LISTS_SHEET = 'DanhMuc';

/** 30 realistic names; the first one is the student searched for at the end. */
const students: Array<{ name: string; sex: 'Nam' | 'Nữ' }> = [
  { name: 'Nguyễn Thị Hồng Nhung', sex: 'Nữ' },
  { name: 'Trần Văn Đức', sex: 'Nam' },
  { name: 'Lê Thị Thu Hà', sex: 'Nữ' },
  { name: 'Phạm Quốc Bảo', sex: 'Nam' },
  { name: 'Hoàng Minh Châu', sex: 'Nữ' },
  { name: 'Vũ Đình Khải', sex: 'Nam' },
  { name: 'Đặng Thị Ngọc Ánh', sex: 'Nữ' },
  { name: 'Bùi Gia Huy', sex: 'Nam' },
  { name: 'Đỗ Thị Mỹ Duyên', sex: 'Nữ' },
  { name: 'Hồ Văn Lộc', sex: 'Nam' },
  { name: 'Ngô Thị Thanh Thảo', sex: 'Nữ' },
  { name: 'Dương Anh Tuấn', sex: 'Nam' },
  { name: 'Lý Thị Kim Oanh', sex: 'Nữ' },
  { name: 'Phan Trọng Nghĩa', sex: 'Nam' },
  { name: 'Võ Thị Diễm My', sex: 'Nữ' },
  { name: 'Đinh Công Thắng', sex: 'Nam' },
  { name: 'Trương Thị Tuyết Mai', sex: 'Nữ' },
  { name: 'Lâm Hữu Phước', sex: 'Nam' },
  { name: 'Mai Thị Bích Ngọc', sex: 'Nữ' },
  { name: 'Cao Xuân Trường', sex: 'Nam' },
  { name: 'Tạ Thị Quỳnh Như', sex: 'Nữ' },
  { name: 'Hà Văn Sơn', sex: 'Nam' },
  { name: 'Lương Thị Yến Nhi', sex: 'Nữ' },
  { name: 'Tô Minh Nhật', sex: 'Nam' },
  { name: 'Châu Thị Phương Linh', sex: 'Nữ' },
  { name: 'Quách Đăng Khoa', sex: 'Nam' },
  { name: 'Kiều Thị Hải Yến', sex: 'Nữ' },
  { name: 'Triệu Văn Hùng', sex: 'Nam' },
  { name: 'Âu Thị Cẩm Tú', sex: 'Nữ' },
  { name: 'Thái Bảo Long', sex: 'Nam' },
];

const dmy = (d: number, m: number, y: number) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;

/** The class names of the template's dropdown (the "Lớp" column's list on the hidden list sheet). */
function classesOfTemplate(wb: ExcelJS.Workbook): string[] {
  const ws = wb.getWorksheet(STUDENT_SHEET)!;
  const header = ws.getRow(1);
  let classCol = 0;
  header.eachCell((cell, col) => {
    if (String(cell.value).startsWith('Lớp')) classCol = col;
  });
  expect(classCol).toBeGreaterThan(0);
  const validation = ws.getCell(2, classCol).dataValidation;
  expect(validation?.type).toBe('list');
  const m = /!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)/.exec(String(validation!.formulae![0]));
  expect(m).not.toBeNull();
  const lists = wb.getWorksheet(LISTS_SHEET)!;
  const names: string[] = [];
  for (let r = Number(m![2]); r <= Number(m![3]); r++) names.push(String(lists.getCell(`${m![1]}${r}`).value));
  return names;
}

describe('student registry', () => {
  test('a school clerk imports 30 students from the Excel template, fixes 3 errors shown by row and column, commits, and finds a student without accents', async ({
    page,
    baseUrl,
    snap,
  }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/students/import' });
    await page.getByRole('heading', { name: 'Nhập học sinh từ Excel' }).waitFor();

    // Download the template.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải mẫu Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('mau-nhap-hoc-sinh.xlsx');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-e2e-registry-'));
    const templatePath = path.join(dir, 'mau.xlsx');
    await download.saveAs(templatePath);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(templatePath);
    const ws = wb.getWorksheet(STUDENT_SHEET)!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers).toEqual([
      'Họ và tên (*)',
      'Ngày sinh (dd/mm/yyyy) (*)',
      'Giới tính (*)',
      'Số định danh cá nhân',
      'Mã học sinh',
      'Dân tộc',
      'Lớp (*)',
      'Họ tên cha/mẹ/người giám hộ',
      'Số điện thoại người giám hộ',
    ]);
    const classNames = classesOfTemplate(wb);
    expect(classNames.length).toBeGreaterThan(0);
    const className = classNames[0]!;
    const grade = Number(/\d+/.exec(className)?.[0] ?? 1);
    const now = new Date();
    const schoolYearStart = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const birthYear = schoolYearStart - 5 - grade;

    // 30 students; serials from the clock so a second run against the same data folder still creates.
    const serialBase = 900_000 + (Date.now() % 90_000);
    const good = students.map((s, i) => ({
      name: s.name,
      dob: dmy((i % 28) + 1, (i % 12) + 1, birthYear),
      sex: s.sex,
      cccd: makeCccd('001', birthYear, s.sex === 'Nam' ? 'male' : 'female', serialBase + i),
      className,
      guardian: `${s.name.split(' ')[0]} Văn Phụ Huynh`,
      phone: `09${String(12_345_600 + i).padStart(8, '0')}`,
    }));
    const writeFile = async (rows: typeof good, file: string) => {
      rows.forEach((r, i) => {
        const row = ws.getRow(i + 2);
        row.values = [r.name, r.dob, r.sex, r.cccd, null, 'Kinh', r.className, r.guardian, r.phone];
        row.commit();
      });
      await wb.xlsx.writeFile(file);
    };

    // Exactly 3 mistakes: a date that does not exist, a CCCD of a boy for a girl, a class that is not there.
    const wrong = good.map((r) => ({ ...r }));
    wrong[4]!.dob = dmy(31, 2, birthYear); // sheet row 6, column B
    wrong[9]!.cccd = makeCccd('001', birthYear, 'female', serialBase + 9); // Hồ Văn Lộc is a boy: sheet row 11, column D
    wrong[19]!.className = '9Z'; // sheet row 21, column G
    const wrongPath = path.join(dir, 'hoc-sinh-loi.xlsx');
    await writeFile(wrong, wrongPath);

    await page.locator('input[type=file]').setInputFiles(wrongPath);
    await page.getByText('Tệp có 3 lỗi').waitFor();
    const issues = page.locator('.ant-table').filter({ hasText: 'Danh sách lỗi theo dòng và cột' });
    const issueRows = issues.locator('tbody tr.ant-table-row');
    await expect.poll(() => issueRows.count()).toBe(3);
    const cells = async (i: number) => (await issueRows.nth(i).locator('td').allInnerTexts()).map((s) => s.trim());
    const seen = await Promise.all([0, 1, 2].map(cells));
    const byRow = new Map(seen.map((c) => [c[0], c]));
    expect(byRow.get('6')?.slice(1, 3)).toEqual(['B', 'Ngày sinh (dd/mm/yyyy) (*)']);
    expect(byRow.get('6')?.[3]).toContain('31/02/');
    expect(byRow.get('11')?.slice(1, 3)).toEqual(['D', 'Số định danh cá nhân']);
    expect(byRow.get('11')?.[3]).toContain('giới tính');
    expect(byRow.get('21')?.slice(1, 3)).toEqual(['G', 'Lớp (*)']);
    expect(byRow.get('21')?.[3]).toContain('"9Z"');
    for (const c of seen) expect(c[4]).toBe('Lỗi');
    expect(await page.getByRole('button', { name: 'Ghi vào hệ thống' }).isDisabled()).toBe(true);
    await snap('registry-import-errors-vi-desktop');

    // Fix the three cells and upload again: the preview shows 30 students to create.
    const fixedPath = path.join(dir, 'hoc-sinh.xlsx');
    await writeFile(good, fixedPath);
    await page.getByRole('button', { name: 'Tải tệp khác' }).click();
    await page.locator('input[type=file]').setInputFiles(fixedPath);
    await page.getByText('Tệp hợp lệ.').waitFor();
    const createStat = page.locator('.ant-statistic').filter({ has: page.locator('.ant-statistic-title', { hasText: /^Thêm mới$/ }) });
    expect((await createStat.locator('.ant-statistic-content').textContent())?.trim()).toBe('30');
    const preview = page.locator('.ant-table').filter({ hasText: 'Xem trước (50 dòng đầu)' });
    await expect.poll(() => preview.locator('tbody tr.ant-table-row').count()).toBe(30);
    expect(await preview.locator('tbody tr.ant-table-row').filter({ hasText: 'Thêm mới' }).count()).toBe(30);
    await snap('registry-import-preview-vi-desktop');

    await page.getByRole('button', { name: 'Ghi vào hệ thống' }).click();
    await page.getByText('Đã ghi danh sách học sinh').waitFor();
    await page.getByText(/Thêm mới 30, cập nhật 0, không đổi 0/).waitFor();

    // The list: search without accents.
    await page.getByRole('link', { name: 'Xem danh sách học sinh' }).click();
    await page.waitForURL(/\/registry\/students\?schoolId=/);
    const search = page.getByLabel('Tìm theo họ tên (gõ không dấu cũng được), CCCD hoặc mã học sinh');
    await search.fill('nguyen thi hong nhung');
    await search.press('Enter');
    await page.waitForURL(/q=nguyen/);
    const hit = page.locator('tbody tr.ant-table-row').filter({ hasText: good[0]!.cccd });
    await hit.waitFor();
    const hitText = (await hit.textContent()) ?? '';
    expect(hitText).toContain('Nguyễn Thị Hồng Nhung');
    expect(hitText).toContain(className);
    for (const text of await page.locator('tbody tr.ant-table-row').allInnerTexts()) expect(text).toContain('Nguyễn Thị Hồng Nhung');
    await snap('registry-students-search-vi-desktop');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
