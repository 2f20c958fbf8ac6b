import { describe } from 'vitest';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

describe('school profile and facilities', () => {
  test('the principal edits the profile, a site and the facilities; the commune officer sees them read-only', async ({ page, baseUrl, context, snap }) => {
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
    await expect.poll(() => officer.locator('.ant-card').filter({ has: officer.getByText('Thông tin chung', { exact: true }) }).textContent()).toContain(address);
    expect(await officer.getByRole('button', { name: 'Sửa' }).count()).toBe(0);
    expect(await officer.getByRole('button', { name: 'Thêm điểm trường' }).count()).toBe(0);
    await officer.getByRole('cell', { name: siteName }).waitFor();
    await officer.getByRole('tab', { name: 'Cơ sở vật chất' }).click();
    await officer.getByText('Tổng hợp', { exact: true }).waitFor();
    await expect.poll(() => officer.locator('.ant-card').filter({ has: officer.getByText('Đất đai và nhà công vụ', { exact: true }) }).textContent()).toContain('15.000,5');
    expect(await officer.getByRole('button', { name: 'Sửa' }).count()).toBe(0);
  });
});
