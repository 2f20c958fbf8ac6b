import { describe } from 'vitest';
import { compareVietnameseNames } from '../server/src/modules/registry/rules/vietnamese-sort.ts';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

describe('staff records', () => {
  test('a school clerk opens the staff list, finds a teacher typed without accents, edits the record and sees the change', async ({
    page,
    baseUrl,
    snap,
  }) => {
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/staff' });
    await page.getByRole('heading', { name: 'Cán bộ, giáo viên, nhân viên' }).waitFor();

    // The school's staff in the Vietnamese order (given name, middle name, surname), done by the server.
    const table = page.locator('.ant-table');
    await table.locator('tbody tr a').first().waitFor();
    const names = await table.locator('tbody tr.ant-table-row td:nth-child(1)').allTextContents();
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort(compareVietnameseNames));
    await snap('registry-staff-list-vi');

    // Search without accents finds the demo teacher.
    await page.getByLabel('Tìm theo họ tên (gõ không dấu cũng được), CCCD hoặc mã cán bộ').fill('vu minh tuan');
    await page.getByLabel('Tìm theo họ tên (gõ không dấu cũng được), CCCD hoặc mã cán bộ').press('Enter');
    await expect.poll(() => table.locator('tbody tr.ant-table-row a').allTextContents()).toEqual(['Vũ Minh Tuấn']);
    expect(await table.locator('tbody tr.ant-table-row').first().textContent()).toContain('Toán');

    // Open the record: linked to the teacher's login.
    await table.getByRole('link', { name: 'Vũ Minh Tuấn' }).click();
    await page.getByRole('heading', { name: 'Vũ Minh Tuấn' }).waitFor();
    expect(await page.locator('.ant-card').filter({ hasText: 'Tài khoản' }).textContent()).toContain('giaovien');

    // Edit: the major and the phone; the record shows them after saving.
    const major = `Sư phạm Toán – Tin ${Date.now() % 1000}`;
    await page.getByRole('button', { name: 'Sửa hồ sơ' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Chuyên ngành').fill(major);
    await dialog.getByLabel('Điện thoại').fill('0912345678');
    await snap('registry-staff-edit-vi');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu hồ sơ.').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const work = page.locator('.ant-card').filter({ hasText: 'Công tác' });
    await expect.poll(() => work.textContent()).toContain(major);
    expect(await page.locator('.ant-card').filter({ hasText: 'Thông tin cá nhân' }).textContent()).toContain('0912345678');

    // A wrong CCCD is refused on its field, in Vietnamese.
    await page.getByRole('button', { name: 'Sửa hồ sơ' }).click();
    await dialog.getByLabel('Số định danh (CCCD)').fill('12345');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText(/12 chữ số/).waitFor();
    await dialog.getByRole('button', { name: 'Huỷ' }).click();

    // Back in the list, after a reload, the change is there.
    await page.goto(`${baseUrl}/registry/staff?q=vu%20minh%20tuan`);
    await page.getByRole('link', { name: 'Vũ Minh Tuấn' }).click();
    await expect.poll(() => page.locator('.ant-card').filter({ hasText: 'Công tác' }).textContent()).toContain(major);
    await snap('registry-staff-record-vi');

    // The Excel import is one button away: the dialog offers the template.
    await page.goto(`${baseUrl}/registry/staff`);
    await page.getByRole('button', { name: /Nhập từ Excel$/ }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Tải mẫu Excel$/ })
      .waitFor();
    await snap('registry-staff-import-vi');
  });
});
