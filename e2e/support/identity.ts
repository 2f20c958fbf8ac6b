import type { Page } from 'playwright-core';
import { totpCode } from '../../server/src/modules/identity/rules/totp.ts';

export const demoPassword = 'GiaoDucSo@2026';

/** TOTP secrets of the demo accounts that must use MFA (published, demo only). */
export const demoTotp: Record<string, string> = {
  admin: 'GDSDEMOADMINAAAAAAAAAAAAAAAAAAAA',
  'lanhdao.so': 'GDSDEMOLEADERAAAAAAAAAAAAAAAAAAA',
  'chuyenvien.so': 'GDSDEMOOFFICERAAAAAAAAAAAAAAAAAA',
  hieutruong: 'GDSDEMOPRINCIPALAAAAAAAAAAAAAAAA',
};

/**
 * Signs in through the /login page (password, then the TOTP step for accounts that have one).
 * A TOTP code is accepted once per account: `totpOffsetMs: 30_000` uses the next step's code
 * (inside the accepted window) when the same account signs in twice within 30 s.
 */
export async function signInAs(
  page: Page,
  baseUrl: string,
  username: string,
  options: { password?: string; next?: string; totpOffsetMs?: number } = {},
): Promise<void> {
  const next = options.next ?? '/';
  await page.goto(`${baseUrl}/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
  await page.getByLabel('Tên đăng nhập, e-mail hoặc số điện thoại').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(options.password ?? demoPassword);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const secret = demoTotp[username];
  if (secret) {
    await page.getByRole('heading', { name: 'Xác thực hai lớp' }).waitFor();
    await page.getByLabel('Mã xác thực').fill(totpCode(secret, Date.now() + (options.totpOffsetMs ?? 0)));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
  }
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}
