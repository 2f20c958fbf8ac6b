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
 * (inside the accepted window) when the same account signs in twice within 30 s; a refused code
 * is typed again from the next step.
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
  const arrived = (timeout?: number) => page.waitForURL((url) => url.pathname === next.split('?')[0], timeout ? { timeout } : {});
  if (secret) {
    await page.getByRole('heading', { name: 'Xác thực hai lớp' }).waitFor();
    let offset = options.totpOffsetMs ?? 0;
    for (let attempt = 0; ; attempt++) {
      await page.getByLabel('Mã xác thực').fill(totpCode(secret, Date.now() + offset));
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      // The server takes a code once: when another journey of the run signed this account in during
      // the same 30 s step, the code is refused and the next step's code is the one to use.
      if (
        attempt === 2 ||
        (await arrived(5_000).then(
          () => true,
          () => false,
        ))
      )
        break;
      offset = 0;
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    }
  }
  await arrived();
}
