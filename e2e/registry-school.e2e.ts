import ExcelJS from 'exceljs';
import { describe } from 'vitest';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

describe('school profile and facilities', () => {
  test('the principal edits the profile, a site and the facilities; the commune officer sees them read-only', async ({
    page,
    baseUrl,
    context,
    snap,
  }) => {
    const stamp = Date.now() % 100000;
    const address = `Số ${stamp}, thôn Đông`;
    await signInAs(page, baseUrl, 'hieutruong');
    await page.getByRole('menuitem', { name: 'Hồ sơ trường' }).click();
    await page.waitForURL(/\/registry\/schools\/[0-9a-f-]+\/profile$/);
    const schoolId = new URL(page.url()).pathname.split('/')[3]!;
    const general = page.locator('.ant-card').filter({ has: page.getByText('Thông tin chung', { exact: true }) });
    await general.getByRole('button', { name: 'Sửa' }).click();

    // A wrong phone number is refused on its field, in Vietnamese; then the right one saves.
    await general.getByLabel('Địa chỉ').fill(address);
    await general.getByLabel('Điện thoại').fill('12345');
    await general.getByRole('button', { name: 'Lưu' }).click();
    await general.getByText(/Số điện thoại không đúng/).waitFor();
    await general.getByLabel('Điện thoại').fill('0222 3812 345');
    await snap('registry-school-profile-edit-vi');
    await general.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu.').first().waitFor();
    await expect.poll(() => general.textContent()).toContain(address);
    expect(await general.textContent()).toContain('02223812345');

    // A satellite site.
    const siteName = `Điểm trường Bản ${stamp}`;
    await page.getByRole('button', { name: 'Thêm điểm trường' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên điểm trường').fill(siteName);
    await dialog.getByLabel('Số lớp').fill('3');
    await dialog.getByLabel('Số học sinh').fill('64');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: siteName }).waitFor();

    // Facilities of the school year: temporary classrooms and the land area (Vietnamese decimal comma).
    await page.getByRole('tab', { name: 'Cơ sở vật chất' }).click();
    await page.waitForURL(/\/facilities/);
    await page.getByText('Tổng hợp', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sửa' }).click();
    await page.getByLabel('Tạm', { exact: true }).fill('2');
    await page.getByLabel('Diện tích đất (m²)').fill('15000,5');
    await page.getByLabel('Diện tích sân chơi, bãi tập (m²)').fill('20000');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Diện tích sân chơi không được lớn hơn diện tích đất.').waitFor();
    await page.getByLabel('Diện tích sân chơi, bãi tập (m²)').fill('4200');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu.').first().waitFor();
    const land = page.locator('.ant-card').filter({ has: page.getByText('Đất đai và nhà công vụ', { exact: true }) });
    await expect.poll(() => land.textContent()).toContain('15.000,5');
    const rooms = page.locator('.ant-card').filter({ has: page.getByText('Phòng học', { exact: true }) });
    expect(await rooms.textContent()).toMatch(/Tạm\s*2/);
    await snap('registry-school-facilities-vi');

    // The commune officer reaches the school from the organisation tree and only reads.
    await context.clearCookies();
    const officer = await context.newPage();
    await signInAs(officer, baseUrl, 'canbo.xa', { next: `/org/units/${schoolId}` });
    await officer.getByRole('link', { name: 'Hồ sơ trường' }).click();
    await officer.getByText('Bạn chỉ có quyền xem hồ sơ này.').waitFor();
    await expect
      .poll(() =>
        officer
          .locator('.ant-card')
          .filter({ has: officer.getByText('Thông tin chung', { exact: true }) })
          .textContent(),
      )
      .toContain(address);
    expect(await officer.getByRole('button', { name: 'Sửa' }).count()).toBe(0);
    expect(await officer.getByRole('button', { name: 'Thêm điểm trường' }).count()).toBe(0);
    await officer.getByRole('cell', { name: siteName }).waitFor();
    await officer.getByRole('tab', { name: 'Cơ sở vật chất' }).click();
    await officer.getByText('Tổng hợp', { exact: true }).waitFor();
    await expect
      .poll(() =>
        officer
          .locator('.ant-card')
          .filter({ has: officer.getByText('Đất đai và nhà công vụ', { exact: true }) })
          .textContent(),
      )
      .toContain('15.000,5');
    expect(await officer.getByRole('button', { name: 'Sửa' }).count()).toBe(0);
  });

  test('the department officer imports the facilities of the schools from the pre-filled Excel template', async ({ page, baseUrl }) => {
    await signInAs(page, baseUrl, 'chuyenvien.so');
    await page.getByRole('menuitem', { name: 'Hồ sơ trường' }).click();
    await page.getByText(/Bạn quản lý nhiều trường/).waitFor();
    await page.getByRole('button', { name: 'Nhập cơ sở vật chất các trường từ Excel' }).click();
    const dialog = page.getByRole('dialog');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Tải mẫu Excel' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('Cơ sở vật chất')!;
    const header = Array.from(ws.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const col = (name: string) => header.findIndex((h) => h.startsWith(name));
    expect(ws.rowCount).toBeGreaterThan(5); // one row per school of the province
    const code = String(ws.getRow(2).getCell(1).value);
    // the template carries the figures recorded for the year; the clerk changes the first school's only
    ws.getRow(2).getCell(col('Phòng học kiên cố')).value = 18;
    ws.getRow(2).getCell(col('Phòng học bán kiên cố')).value = 0;
    ws.getRow(2).getCell(col('Phòng học tạm')).value = 1;
    ws.getRow(2).getCell(col('Máy tính dạy học')).value = 35;
    ws.getRow(2).getCell(col('Diện tích đất (m²)')).value = '9800,25';
    const file = `${await download.path()}.xlsx`;
    await wb.xlsx.writeFile(file);
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByText(/Tệp hợp lệ: thêm mới 0, cập nhật 1, không đổi \d+ trường/).waitFor();
    expect(await dialog.getByRole('cell', { name: code, exact: true }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Ghi vào hệ thống' }).click();
    await dialog.getByText(/Đã ghi: thêm mới 0, cập nhật 1/).waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).first().click();

    // the school's facilities screen shows the imported figures
    const res = await page.request.get(`${baseUrl}/api/org/units/search?q=${encodeURIComponent(code)}`);
    const unit = ((await res.json()) as { items: { id: string; code: string }[] }).items.find((u) => u.code === code)!;
    await page.goto(`${baseUrl}/registry/schools/${unit.id}/facilities?year=2026`);
    const land = page.locator('.ant-card').filter({ has: page.getByText('Đất đai và nhà công vụ', { exact: true }) });
    await expect.poll(() => land.textContent()).toContain('9.800,25');
    expect(
      await page
        .locator('.ant-card')
        .filter({ has: page.getByText('Tổng hợp', { exact: true }) })
        .textContent(),
    ).toContain('19');
  });
});
