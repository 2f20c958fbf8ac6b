import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe } from 'vitest';
import { compareVietnameseNames } from '../server/src/modules/registry/rules/vietnamese-sort.ts';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

const option = (page: import('playwright-core').Page, text: string) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();

describe('school structure', () => {
  test('a school clerk creates a class, assigns its homeroom and a subject teacher, reads a class list in Vietnamese order and marks a student as dropped out with a reason', async ({ page, baseUrl, snap }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/classes' });
    await page.getByRole('heading', { name: 'Lớp học', exact: true }).waitFor();

    // 1. Create a class with its homeroom teacher (the demo's homeroom teacher, Đặng Thu Hà).
    await page.getByRole('button', { name: /^(plus )?Thêm lớp$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/^Khối \d+$/).first().waitFor();
    const grade = Number(/\d+/.exec((await dialog.getByText(/^Khối \d+$/).first().textContent()) ?? '')?.[0]);
    expect(grade).toBeGreaterThan(0);
    const name = `${grade}E${Date.now() % 90 + 10}`;
    await dialog.getByLabel('Tên lớp').fill(name);
    await dialog.getByLabel('Giáo viên chủ nhiệm').click();
    await dialog.getByLabel('Giáo viên chủ nhiệm').fill('dang thu');
    await option(page, 'Đặng Thu Hà').click();
    await dialog.getByLabel('Học 2 buổi/ngày').click();
    await snap('registry-structure-class-create-vi');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Lớp ${name}`, exact: true }) });
    await expect.poll(() => row.textContent()).toContain('Đặng Thu Hà');
    expect(await row.textContent()).toContain('Có');

    // 2. The subject teacher: Toán in the new class → Vũ Minh Tuấn, in the assignment matrix.
    await page.goto(`${baseUrl}/registry/assignments`);
    await page.getByRole('heading', { name: 'Phân công giảng dạy' }).waitFor();
    await page.getByRole('tab', { name: `Khối ${grade}` }).click();
    const cell = page.getByLabel(`Giáo viên môn Toán lớp ${name}`);
    await cell.click();
    await cell.fill('vu minh');
    await option(page, 'Vũ Minh Tuấn').click();
    await page.getByText('Đã lưu').first().waitFor();
    await snap('registry-structure-matrix-vi');

    // The class page names both teachers.
    await page.getByRole('link', { name: `Lớp ${name}`, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`^Lớp ${name}`) }).waitFor();
    const teachers = page.locator('.ant-card').filter({ hasText: 'Giáo viên của lớp' });
    await expect.poll(() => teachers.getByRole('row').filter({ hasText: 'Toán' }).textContent()).toContain('Vũ Minh Tuấn');
    expect(await page.locator('.ant-card').filter({ hasText: 'Thông tin lớp' }).textContent()).toContain('Đặng Thu Hà');

    // 3. An existing class of that grade: the list in the Vietnamese order (given name, middle, surname).
    await page.getByRole('link', { name: '← Danh sách lớp' }).click();
    await page.getByRole('link', { name: `Lớp ${grade}A1`, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`^Lớp ${grade}A1`) }).waitFor();
    const list = page.locator('.ant-card').filter({ hasText: 'Danh sách lớp' });
    await list.getByRole('button', { name: /^Đổi trạng thái của / }).first().waitFor();
    const names = await list.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort(compareVietnameseNames));
    const numbers = (await list.locator('tbody tr td:nth-child(1)').allTextContents()).map(Number);
    expect(numbers).toEqual(names.map((_, i) => i + 1));
    await snap('registry-structure-class-list-vi');

    // 4. Mark the third student as dropped out: the reason is required, then kept with the status.
    const student = names[2]!;
    await list.getByRole('button', { name: `Đổi trạng thái của ${student}` }).click();
    const statusDialog = page.getByRole('dialog');
    await statusDialog.getByLabel('Trạng thái mới').click();
    await option(page, 'Thôi học').click();
    await statusDialog.getByRole('button', { name: 'Lưu' }).click();
    await statusDialog.getByText('Hãy ghi lý do thôi học').waitFor();
    await statusDialog.getByLabel('Lý do').fill('Gia đình chuyển vào Bình Dương làm ăn');
    await snap('registry-structure-drop-out-vi');
    await statusDialog.getByRole('button', { name: 'Lưu' }).click();
    await statusDialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => list.locator('tbody tr td:nth-child(2)').allTextContents()).not.toContain(student);

    await list.getByLabel('Hiện cả học sinh đã chuyển đi, thôi học').check();
    const dropped = list.getByRole('row').filter({ hasText: student });
    await expect.poll(() => dropped.textContent()).toContain('Thôi học');
    expect(await dropped.textContent()).toContain('Gia đình chuyển vào Bình Dương làm ăn');
  });

  test('a school clerk imports classes from the Excel template, fixes a wrong homeroom teacher shown by row and column, and finds the classes in the list', async ({ page, baseUrl, snap }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/classes' });
    await page.getByRole('heading', { name: 'Lớp học', exact: true }).waitFor();
    const title = (await page.locator('.ant-card-head-title').filter({ hasText: /^Khối \d+/ }).first().textContent()) ?? '';
    const grade = Number(/^Khối (\d+)/.exec(title)?.[1]);
    expect(grade).toBeGreaterThan(0);

    await page.getByRole('button', { name: /Nhập lớp từ Excel$/ }).click();
    const dialog = page.getByRole('dialog');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /Tải mẫu Excel$/ }).click()]);
    expect(download.suggestedFilename()).toBe('mau-nhap-lop-hoc.xlsx');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-e2e-classes-'));
    const templatePath = path.join(dir, 'mau.xlsx');
    await download.saveAs(templatePath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(templatePath);
    const ws = wb.getWorksheet('Lớp học')!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Khối (*)', 'Tên lớp (*)', 'Giáo viên chủ nhiệm']);
    const tag = Date.now() % 90 + 10;
    const names = [`${grade}K${tag}`, `${grade}L${tag}`];
    const write = async (homeroom: string, file: string) => {
      ws.getRow(2).values = [String(grade), names[0], 'gvcn', 'x', null, null, null, 'Tiếng Anh'];
      ws.getRow(3).values = [String(grade), names[1], homeroom, null, null, null, null, 'Tiếng Anh'];
      await wb.xlsx.writeFile(file);
    };

    // A homeroom teacher who is not at the school: the error names row 3, column C.
    const wrongPath = path.join(dir, 'lop-loi.xlsx');
    await write('khong.co.ai', wrongPath);
    await dialog.locator('input[type=file]').setInputFiles(wrongPath);
    await dialog.getByText('Tệp có 1 lỗi').waitFor();
    const issue = dialog.locator('tbody tr.ant-table-row').first();
    const cells = (await issue.locator('td').allInnerTexts()).map((x) => x.trim());
    expect(cells.slice(0, 2)).toEqual(['3', 'C']);
    expect(cells[3]).toContain('khong.co.ai');
    await snap('registry-structure-class-import-errors-vi');

    // Fixed (the teacher's username): two classes to create, written in one go.
    const fixedPath = path.join(dir, 'lop.xlsx');
    await write('giaovien', fixedPath);
    await dialog.locator('input[type=file]').setInputFiles(fixedPath);
    await dialog.getByText(/Tệp hợp lệ: thêm mới 2, cập nhật 0, không đổi 0 lớp/).waitFor();
    await dialog.getByRole('button', { name: 'Ghi vào hệ thống' }).click();
    await dialog.getByText(/Đã ghi: thêm mới 2, cập nhật 0, không đổi 0 lớp/).waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).first().click();
    const first = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Lớp ${names[0]}`, exact: true }) });
    await expect.poll(() => first.textContent()).toContain('Đặng Thu Hà');
    expect(await page.getByRole('row').filter({ has: page.getByRole('link', { name: `Lớp ${names[1]}`, exact: true }) }).textContent()).toContain('Vũ Minh Tuấn');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
