import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe } from 'vitest';
import { compareVietnameseNames } from '../server/src/modules/registry/rules/vietnamese-sort.ts';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

/** The id of a school year of the signed-in user's school, by its name, through the API. */
async function yearIdOf(page: import('playwright-core').Page, baseUrl: string, name: string): Promise<string> {
  const me = (await (await page.request.get(`${baseUrl}/api/identity/me`)).json()) as { homeUnit: { id: string } };
  const s = (await (await page.request.get(`${baseUrl}/api/registry/schools/${me.homeUnit.id}/structure`)).json()) as {
    years: { id: string; name: string }[];
  };
  return s.years.find((y) => y.name === name)!.id;
}

type Page = import('playwright-core').Page;
type Locator = import('playwright-core').Locator;
const option = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();

/**
 * Picks `text` in an antd Select (opened by `field`, typed into when `typed` is given) and checks
 * that `shown` then displays it; retried, since a click during the dropdown's opening animation
 * can miss.
 */
async function choose(page: Page, field: Locator, text: string, shown: Locator, typed?: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await field.click();
    if (typed) await field.fill(typed);
    await option(page, text).waitFor();
    await page.waitForTimeout(200);
    await option(page, text).click();
    try {
      await expect.poll(() => shown.textContent(), { timeout: 3000 }).toContain(text);
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`could not choose ${text}`);
}

describe('school structure', () => {
  test('a school clerk creates a class, assigns its homeroom and a subject teacher, reads a class list in Vietnamese order and marks a student as dropped out with a reason', {
    timeout: 120_000,
  }, async ({ page, baseUrl, snap }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/classes' });
    await page.getByRole('heading', { name: 'Lớp học', exact: true }).waitFor();

    // 1. Create a class with its homeroom teacher (the demo's homeroom teacher, Đặng Thu Hà).
    await page.getByRole('button', { name: /^(plus )?Thêm lớp$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(/^Khối \d+$/)
      .first()
      .waitFor();
    const grade = Number(
      /\d+/.exec(
        (await dialog
          .getByText(/^Khối \d+$/)
          .first()
          .textContent()) ?? '',
      )?.[0],
    );
    expect(grade).toBeGreaterThan(0);
    const name = `${grade}E${(Date.now() % 90) + 10}`;
    await dialog.getByLabel('Tên lớp').fill(name);
    const homeroomItem = dialog.locator('.ant-form-item').filter({ hasText: 'Giáo viên chủ nhiệm' });
    await choose(page, dialog.getByLabel('Giáo viên chủ nhiệm'), 'Đặng Thu Hà', homeroomItem, 'dang thu');
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
    const cellRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Lớp ${name}`, exact: true }) });
    await choose(page, cell, 'Vũ Minh Tuấn', cellRow, 'vu minh');
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
    await list
      .getByRole('button', { name: /^Đổi trạng thái của / })
      .first()
      .waitFor();
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
    await choose(
      page,
      statusDialog.getByLabel('Trạng thái mới'),
      'Thôi học',
      statusDialog.locator('.ant-form-item').filter({ hasText: 'Trạng thái mới' }),
    );
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

    // She comes back a month later: enrolled again, in the class created above.
    await page.getByRole('link', { name: '← Danh sách lớp' }).click();
    await page.getByRole('link', { name: `Lớp ${name}`, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`^Lớp ${name}`) }).waitFor();
    await page.getByRole('button', { name: 'Xếp học sinh vào lớp' }).click();
    const enrolDialog = page.getByRole('dialog');
    const typed = student.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    await choose(
      page,
      enrolDialog.getByLabel('Học sinh'),
      student,
      enrolDialog.locator('.ant-form-item').filter({ hasText: 'Học sinh' }).first(),
      typed,
    );
    await enrolDialog.getByRole('button', { name: 'Lưu' }).click();
    await enrolDialog.waitFor({ state: 'hidden' });
    const newList = page.locator('.ant-card').filter({ hasText: 'Danh sách lớp' });
    await expect.poll(async () => newList.locator('tbody tr.ant-table-row td:nth-child(2)').allTextContents()).toContain(student);
  });

  test('a school clerk imports classes from the Excel template, fixes a wrong homeroom teacher shown by row and column, and finds the classes in the list', async ({
    page,
    baseUrl,
    snap,
  }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/classes' });
    await page.getByRole('heading', { name: 'Lớp học', exact: true }).waitFor();
    const title =
      (await page
        .locator('.ant-card-head-title')
        .filter({ hasText: /^Khối \d+/ })
        .first()
        .textContent()) ?? '';
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
    const tag = (Date.now() % 90) + 10;
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
    expect(
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: `Lớp ${names[1]}`, exact: true }) })
        .textContent(),
    ).toContain('Vũ Minh Tuấn');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the clerk adjusts the periods of a subject for the year and opens the next school year from this one', { timeout: 90_000 }, async ({
    page,
    baseUrl,
    snap,
  }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/subjects' });
    await page.getByRole('heading', { name: 'Môn học và số tiết' }).waitFor();
    const input = page.getByLabel(/^Số tiết\/năm môn Toán khối \d+$/).first();
    await input.waitFor();
    const before = Number(await input.inputValue());
    expect(before).toBeGreaterThan(0);
    await input.fill(String(before + 5));
    await page.getByRole('button', { name: 'Lưu 1 thay đổi' }).click();
    await page.getByText('Đã lưu').first().waitFor();
    await expect.poll(async () => page.locator('.ant-tag').filter({ hasText: 'Đã điều chỉnh' }).count()).toBeGreaterThan(0);
    await snap('registry-structure-periods-vi');

    await page.goto(`${baseUrl}/registry/years`);
    await page.getByRole('heading', { name: 'Năm học và học kì' }).waitFor();
    const current = page.getByRole('row').filter({ hasText: '2026–2027' });
    expect(await current.textContent()).toContain('Học kì I: 05/09/2026 – 16/01/2027');
    await current.getByRole('button', { name: 'Mở năm học 2027–2028' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Ngày bắt đầu').inputValue()).toBe('05/09/2027');
    await snap('registry-structure-next-year-vi');
    // The other journeys share this demo server: pupils promoted now into next year's classes would
    // move their school record to the 2027–2028 enrolment for every later journey.
    await dialog.getByLabel(/Xếp học sinh đang học vào lớp mới tương ứng/).uncheck();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page
      .getByText(/^Đã mở năm học mới: \d+ lớp, \d+ học sinh được lên lớp, \d+ học sinh lưu ban cần được xếp vào lớp cùng khối\.$/)
      .waitFor();
    const next = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '2027–2028', exact: true }) });
    await expect.poll(async () => next.textContent()).toContain('Chuẩn bị');

    // The new year's classes are the old ones one grade up.
    await page.goto(`${baseUrl}/registry/classes?yearId=${await yearIdOf(page, baseUrl, '2027–2028')}`);
    await page.getByRole('heading', { name: 'Lớp học', exact: true }).waitFor();
    await expect.poll(async () => page.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await snap('registry-structure-next-year-classes-vi');
  });

  test('a department officer, whose account belongs to no school, picks a school and reads its classes', async ({
    page,
    baseUrl,
    snap,
  }) => {
    await signInAs(page, baseUrl, 'chuyenvien.so', { next: '/registry/classes' });
    await page.getByRole('heading', { name: 'Chọn trường' }).waitFor();
    const found = (await (await page.request.get(`${baseUrl}/api/org/units/search?q=THCS&limit=20`)).json()) as {
      items: { id: string; name: string; type: string }[];
    };
    const school = found.items.find((u) => u.type === 'school')!;
    const picker = page.getByLabel('Tìm và chọn trường');
    await choose(
      page,
      picker,
      school.name,
      page.locator('body'),
      school.name
        .replace(/^Trường THCS /, '')
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/đ/gi, 'd'),
    );
    await page.waitForURL((url) => url.searchParams.get('schoolId') === school.id);
    await page.getByRole('heading', { name: 'Lớp học', exact: true }).waitFor();
    await expect.poll(async () => page.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await snap('registry-structure-officer-classes-vi');
  });
});
