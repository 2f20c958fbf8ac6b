import { describe } from 'vitest';
import { expect, test, viewports } from './support/browser.ts';

describe('platform shell', () => {
  test('the root URL serves the app', async ({ baseUrl }) => {
    const res = await fetch(`${baseUrl}/`);
    expect(
      res.status,
      'GET / must answer index.html (server/src/platform/http/web-app.ts registers @fastify/static with index: false, which answers 403 for /; use index: "index.html")',
    ).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  test('opens in Vietnamese, switches to English and back, and the choice survives a reload', async ({ page, baseUrl, snap }) => {
    // Entered through a deep link, then home through the header link (client-side navigation).
    await page.goto(`${baseUrl}/status`);
    await page.getByTestId('product-name').click();
    await page.getByRole('heading', { name: 'Chào mừng đến với Giáo Dục Số' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Tình trạng hệ thống' }).waitFor();
    await snap('home-vi-desktop');

    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Welcome to Giáo Dục Số' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System status' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await snap('home-en-desktop');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System status' }).click();
    await page.waitForURL(`${baseUrl}/status`);
    await page.reload();
    await page.getByRole('heading', { name: 'System status' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await snap('status-en-desktop');

    await page.getByTestId('language-switch').getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { name: 'Tình trạng hệ thống' }).waitFor();
    expect(await page.evaluate(() => window.localStorage.getItem('gds.language'))).toBe('vi');
  });

  test('the system status page shows the database as working and the audit chains intact', { timeout: 120_000 }, async ({
    page,
    baseUrl,
    snap,
  }) => {
    await page.goto(`${baseUrl}/khong-co-trang-nay`);
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Tình trạng hệ thống' }).click();
    await page.waitForURL(`${baseUrl}/status`);
    await page.getByRole('heading', { name: 'Tình trạng hệ thống' }).waitFor();
    expect(await page.getByTestId('overall-status').textContent()).toContain('Hoạt động bình thường');
    expect(await page.getByTestId('database-status').textContent()).toContain('Hoạt động tốt');
    expect(await page.getByTestId('database-kind').textContent()).toContain('PGlite');
    expect(await page.getByTestId('demo-flag').textContent()).toContain('Bật');
    // The first start's anchor job checks the audit hash chains of the demo province.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Làm mới' }).click();
          return page.getByTestId('audit-chain-status').textContent();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toContain('Nguyên vẹn');
    await snap('status-vi-desktop');

    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'System status' }).waitFor();
    expect(await page.getByTestId('database-status').textContent()).toContain('OK');
  });

  test('a deep link reloads to the same page, and an unknown path shows the 404 page', async ({ page, baseUrl, snap }) => {
    await page.goto(`${baseUrl}/status`);
    await page.getByRole('heading', { name: 'Tình trạng hệ thống' }).waitFor();
    await page.reload();
    await page.getByTestId('database-status').waitFor();
    expect(page.url()).toBe(`${baseUrl}/status`);

    const response = await page.goto(`${baseUrl}/khong-co-trang-nay`);
    expect(response?.status()).toBe(200); // the SPA answers; the page says 404
    await page.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
    await snap('not-found-vi-desktop');
    await page.getByRole('button', { name: 'Về trang chủ' }).click();
    await page.getByRole('heading', { name: 'Chào mừng đến với Giáo Dục Số' }).waitFor();
  });

  test('an API error is shown with its translated title and request id', async ({ page, baseUrl, snap }) => {
    // The real server's problem+json for an unknown API route, served in place of /api/health.
    const res = await fetch(`${baseUrl}/api/khong-co`, { headers: { 'accept-language': 'vi' } });
    const problem = (await res.json()) as { title: string; requestId: string };
    await page.route('**/api/health', (route) =>
      route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify(problem) }),
    );
    await page.goto(`${baseUrl}/status`);
    await page.getByRole('alert').filter({ hasText: problem.title }).waitFor();
    expect(await page.getByTestId('request-id').textContent()).toContain(problem.requestId);
    await snap('status-problem-vi-desktop');
  });

  test('an unreachable API says so', async ({ page, baseUrl, snap }) => {
    await page.route('**/api/health', (route) => route.abort('connectionrefused'));
    await page.goto(`${baseUrl}/status`);
    await page.getByRole('alert').filter({ hasText: 'Không kết nối được máy chủ' }).waitFor({ timeout: 20_000 });
    await snap('status-unreachable-vi-desktop');
  });

  test('on a phone the menu is a drawer', async ({ page, baseUrl, snap }) => {
    await page.setViewportSize(viewports.phone);
    await page.goto(`${baseUrl}/status`);
    await page.getByTestId('database-status').waitFor();
    await snap('status-vi-phone');
    await page.getByRole('button', { name: 'Mở menu' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('link', { name: 'Trang chủ' }).waitFor();
    await page.waitForTimeout(500); // the drawer's slide-in animation, for the screenshot
    await snap('drawer-vi-phone');
    await drawer.getByRole('link', { name: 'Trang chủ' }).click();
    await page.getByRole('heading', { name: 'Chào mừng đến với Giáo Dục Số' }).waitFor();
    await drawer.waitFor({ state: 'hidden' });
    await snap('home-vi-phone');
  });
});
