import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, expect, fileSafe, test, viewports } from './support/browser.ts';
import { demoPassword, signInAs } from './support/identity.ts';

interface UserItem {
  id: string;
  username: string;
  homeUnit: { id: string; name: string } | null;
}

/** A screenshot at desktop width and at 390 px, back to desktop afterwards. */
async function snapBoth(page: Page, snap: (name: string) => Promise<string>, name: string) {
  await page.waitForTimeout(300);
  await snap(`${name}-desktop`);
  await page.setViewportSize(viewports.phone);
  await page.waitForTimeout(400);
  await snap(`${name}-phone`);
  await page.setViewportSize(viewports.desktop);
  await page.waitForTimeout(200);
}

/** The `snap` fixture for a page of another browser context. */
function snapOf(page: Page) {
  return async (name: string) => {
    fs.mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${fileSafe(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

async function findUser(page: Page, baseUrl: string, username: string): Promise<UserItem> {
  const res = await page.request.get(`${baseUrl}/api/identity/users?q=${encodeURIComponent(username)}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: UserItem[] };
  const user = body.items.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return user;
}

describe('identity and access', () => {
  test('a wrong password shows the Vietnamese error', async ({ page, baseUrl, snap }) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await snapBoth(page, snap, 'login-vi');
    await page.getByLabel('Tên đăng nhập, e-mail hoặc số điện thoại').fill('vanphong');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('khong-dung-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/login`);
    await snapBoth(page, snap, 'login-wrong-password-vi');
  });

  test('an administrator with MFA creates a teacher at a school; the teacher cannot reach another school', async ({
    page,
    context,
    baseUrl,
    snap,
  }) => {
    // A protected page sends an anonymous visitor to sign in, and back there afterwards.
    await page.goto(`${baseUrl}/admin/users`);
    await page.waitForURL(`${baseUrl}/login?next=%2Fadmin%2Fusers`);
    await page.getByLabel('Tên đăng nhập, e-mail hoặc số điện thoại').fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(demoPassword);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Xác thực hai lớp' }).waitFor();
    await snapBoth(page, snap, 'login-mfa-vi');
    const { totpCode } = await import('../server/src/modules/identity/rules/totp.ts');
    await page.getByLabel('Mã xác thực').fill(totpCode('GDSDEMOADMINAAAAAAAAAAAAAAAAAAAA', Date.now()));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForURL(`${baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'Người dùng' }).waitFor();
    await page.getByTestId('users-table').getByRole('link', { name: 'Phạm Thị Lan' }).waitFor();
    await snapBoth(page, snap, 'users-vi');

    // The principal's school, and a teacher of another commune's school.
    const principal = await findUser(page, baseUrl, 'hieutruong');
    const other = await findUser(page, baseUrl, 'giaovien2');
    const school = principal.homeUnit!;
    const otherSchool = other.homeUnit!;
    expect(school.id).not.toBe(otherSchool.id);

    // Create the teacher with the teacher role at that school.
    const username = `gv.moi${Date.now() % 100000}`;
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill(username);
    await dialog.getByLabel('Họ và tên').fill('Ngô Thị Thuỷ');
    await dialog.getByLabel('Đơn vị công tác').fill(school.name.slice(0, 40));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: school.name }).first().click();
    await dialog.getByLabel('Vai trò').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Giáo viên bộ môn' }).first().click();
    await snapBoth(page, snap, 'user-create-vi');
    await dialog.getByRole('button', { name: 'Thêm người dùng' }).click();
    await dialog.getByTestId('user-created').waitFor();
    const resetUrl = (await dialog.getByTestId('reset-link').textContent())?.trim() ?? '';
    expect(resetUrl).toContain('/reset-password#token=');
    await snapBoth(page, snap, 'user-created-vi');

    // Its page lists the grant: teacher @ school.
    await dialog.getByRole('button', { name: 'Xem chi tiết' }).click();
    await page.getByRole('heading', { name: /Ngô Thị Thuỷ/ }).waitFor();
    const grants = page.getByTestId('user-grants');
    await grants.getByText('Giáo viên bộ môn').waitFor();
    expect(await grants.textContent()).toContain(school.name);
    await snapBoth(page, snap, 'user-detail-vi');

    // The teacher opens the one-time link in a fresh browser and sets a password.
    const browser = context.browser()!;
    const teacherContext = await browser.newContext({ viewport: viewports.desktop, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    teacherContext.setDefaultTimeout(15_000);
    try {
      const tp = await teacherContext.newPage();
      await tp.goto(resetUrl);
      await tp.getByRole('heading', { name: 'Đặt mật khẩu mới' }).waitFor();
      const password = 'Hoa-sen-no-ven-ho-2026';
      await tp.getByLabel('Mật khẩu mới', { exact: true }).fill(password);
      await tp.getByLabel('Nhập lại mật khẩu mới').fill(password);
      await snapBoth(tp, snapOf(tp), 'reset-password-vi');
      await tp.getByRole('button', { name: 'Lưu mật khẩu' }).click();
      await tp.getByText('Đã đặt mật khẩu mới. Bạn có thể đăng nhập.').waitFor();
      await tp.getByRole('button', { name: 'Đến trang đăng nhập' }).click();

      // The teacher signs in (no MFA for a teacher) and sees their school on the profile.
      await signInAs(tp, baseUrl, username, { password, next: '/profile' });
      await tp.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
      expect(await tp.getByTestId('my-grants').textContent()).toContain(school.name);
      expect(await tp.getByTestId('my-grants').textContent()).toContain('Giáo viên bộ môn');
      await snapBoth(tp, snapOf(tp), 'profile-teacher-vi');

      // The UI: no account administration in the menu, and the users page says "no access".
      const nav = tp.getByRole('navigation', { name: 'Điều hướng chính' });
      await nav.getByRole('link', { name: 'Trang chủ' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
      await tp.goto(`${baseUrl}/admin/users`);
      await tp.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();

      // Their own school's page opens; the other school's does not show it.
      await tp.goto(`${baseUrl}/org/units/${school.id}`);
      await tp.getByText(school.name).first().waitFor();
      await tp.goto(`${baseUrl}/org/units/${otherSchool.id}`);
      await tp.getByRole('alert').first().waitFor();
      expect(await tp.getByText(otherSchool.name).count()).toBe(0);

      // The API: the other school's teacher and unit answer 404 (or 403), the search finds nothing.
      const user = await tp.request.get(`${baseUrl}/api/identity/users/${other.id}`);
      expect([403, 404]).toContain(user.status());
      const unit = await tp.request.get(`${baseUrl}/api/org/units/${otherSchool.id}`);
      expect([403, 404]).toContain(unit.status());
      const search = await tp.request.get(`${baseUrl}/api/org/units/search?q=${encodeURIComponent(otherSchool.name)}`);
      expect(search.status()).toBe(200);
      const found = (await search.json()) as { items: { id: string }[] };
      expect(found.items.map((u) => u.id)).not.toContain(otherSchool.id);
      const own = await tp.request.get(`${baseUrl}/api/org/units/${school.id}`);
      expect(own.status()).toBe(200);
    } finally {
      await teacherContext.close();
    }
  });
});

describe('identity administration screens', () => {
  test('profile, role matrix, audit log and outbox of the administrator', async ({ page, baseUrl, snap }) => {
    // admin signed in during the journey above: the next time step's code (accepted once).
    await signInAs(page, baseUrl, 'admin', { next: '/profile', totpOffsetMs: 30_000 });
    await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
    await page.getByTestId('my-sessions').getByText('Phiên hiện tại').waitFor();
    expect(await page.getByTestId('mfa-status').textContent()).toContain('Đang bật');
    await snapBoth(page, snap, 'profile-admin-vi');

    // A password-policy error lands on the new-password field.
    await page.getByLabel('Mật khẩu hiện tại').fill(demoPassword);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('ngan');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Mật khẩu phải có ít nhất 10 ký tự.').waitFor();
    await snap('profile-password-policy-vi-desktop');

    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Vai trò và quyền' }).click();
    await page.getByRole('heading', { name: 'Vai trò và quyền' }).waitFor();
    const matrix = page.getByTestId('role-matrix');
    await matrix.getByText('Quản trị hệ thống').first().waitFor();
    await matrix.getByText('Xem tài khoản người dùng').waitFor();
    await snapBoth(page, snap, 'roles-vi');

    await nav.getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
    await page.getByRole('heading', { name: 'Nhật ký kiểm toán' }).waitFor();
    const audit = page.getByTestId('audit-table');
    await audit.getByText('identity.user.create').first().waitFor();
    await audit.locator('.ant-table-row-expand-icon').first().click();
    await page.getByText('Sau', { exact: true }).first().waitFor();
    await snapBoth(page, snap, 'audit-vi');
    await page.getByLabel('Hành động (bắt đầu bằng)').fill('identity.grant');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/action=identity\.grant/);
    await audit.getByText('identity.user.create').first().waitFor({ state: 'detached' });
    await audit.getByText('identity.grant.create').first().waitFor();

    await nav.getByRole('link', { name: 'Hộp thư đi' }).click();
    await page.getByRole('heading', { name: 'Hộp thư đi' }).waitFor();
    await page.getByTestId('outbox-table').waitFor();
    await page.getByTestId('outbox-channels').getByText('SMS: chưa kết nối, chỉ ghi lại').waitFor();
    await snapBoth(page, snap, 'outbox-vi');

    // Sign out from the user menu: back to /login, and protected pages ask to sign in again.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${baseUrl}/login`);
    await page.goto(`${baseUrl}/profile`);
    await page.waitForURL(`${baseUrl}/login?next=%2Fprofile`);
  });

  test('a teacher turns on two-factor authentication from the profile', async ({ page, baseUrl, snap }) => {
    await signInAs(page, baseUrl, 'giaovien2', { next: '/profile' });
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('mfa-qr').waitFor();
    const secret = ((await dialog.getByTestId('mfa-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await snapBoth(page, snap, 'mfa-enrol-vi');
    const { totpCode } = await import('../server/src/modules/identity/rules/totp.ts');
    await dialog.getByLabel('Mã 6 chữ số hiện trong ứng dụng').fill(totpCode(secret, Date.now()));
    await dialog.getByRole('button', { name: 'Kích hoạt' }).click();
    const codes = dialog.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    await snapBoth(page, snap, 'mfa-recovery-codes-vi');
    expect(await dialog.getByRole('button', { name: 'Tiếp tục' }).isDisabled()).toBe(true);
    await dialog.getByText('Tôi đã lưu các mã khôi phục').click();
    await dialog.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByTestId('mfa-status').getByText('Đang bật').waitFor();
  });
});
