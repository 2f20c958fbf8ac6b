import { TOTP } from 'otpauth';
import { seriousAccessibilityViolations } from './support/axe.ts';
import { expect, test } from './support/browser.ts';

/** No serious or critical WCAG 2.1 AA violation on the main screens (axe-core in Chromium). */
test('the sign-in page, the home page and the status page pass axe-core', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(/Tên đăng nhập/i).waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.goto('/status');
  await page
    .getByRole('heading', { name: /Tình trạng hệ thống/i })
    .first()
    .waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.goto('/login');
  await page.getByLabel(/Tên đăng nhập/i).fill('lanhdao.so');
  await page.getByLabel(/Mật khẩu/i).fill('GiaoDucSo@2026');
  await page.getByRole('button', { name: /Đăng nhập/i }).click();
  await page.getByLabel(/Mã xác thực/i).fill(new TOTP({ secret: 'GDSDEMOLEADERAAAAAAAAAAAAAAAAAAA' }).generate());
  await page.keyboard.press('Enter');
  await page.getByTestId('org-overview').waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});
