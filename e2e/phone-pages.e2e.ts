import type { Request } from 'playwright-core';
import { seriousAccessibilityViolations } from './support/axe.ts';
import { expect, test, viewports } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

/**
 * Issue 15: the light public pages (prerendered, no Ant Design), and the service worker's shell
 * and per-user data on a guardian's phone, dropped at sign-out.
 */
test('the public pages arrive prerendered, without the staff UI library, and pass axe', async ({ page, baseUrl }) => {
  await page.setViewportSize(viewports.phone);
  for (const [path, heading] of [
    ['/login', 'Đăng nhập'],
    ['/activate', 'Kích hoạt tài khoản phụ huynh'],
    ['/verify/KHONGCOMA00000000', 'Xác thực văn bản ký số'],
  ] as const) {
    // The HTML itself holds the first view: no script needed to see the heading.
    const html = await (await fetch(`${baseUrl}${path}`)).text();
    expect(html).toContain(`<h1>${heading}</h1>`);
    const scripts: string[] = [];
    const onRequest = (r: Request) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(`${baseUrl}${path}`);
    await page.getByRole('heading', { name: heading }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[class*="ant-"]').count()).toBe(0);
    expect(scripts.length).toBeLessThanOrEqual(10);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    page.off('request', onRequest);
  }
  // An unknown code is told, on the page that serves every code.
  await page.getByRole('alert').waitFor();
});

test("a guardian's data is kept per user by the service worker and dropped at sign-out", async ({ page, baseUrl }) => {
  await page.setViewportSize(viewports.phone);
  await signInAs(page, baseUrl, 'phuhuynh', { next: '/registry/me/children' });
  await page.getByRole('heading', { name: 'Con của tôi' }).waitFor();
  // Installed after the page's load event, then in control of the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  const cacheNames = () => page.evaluate(() => caches.keys());
  expect((await cacheNames()).some((n) => n.startsWith('gds-shell-'))).toBe(true);

  // The next visit goes through the worker: it learns who is signed in and keeps their children.
  await page.reload();
  await page.getByTestId('own-record-name').first().waitFor();
  await expect
    .poll(async () =>
      page.evaluate(async () => {
        const name = (await caches.keys()).find((n) => n.startsWith('gds-data-'));
        if (!name) return [];
        return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).sort();
      }),
    )
    .toEqual(['/api/identity/me', '/api/registry/me/children']);
  // A repeat visit paints the children from that cache.
  await page.reload();
  await page.getByTestId('own-record-name').first().waitFor();

  // Signing out (the user menu's call; the menu itself is covered by the identity journey) goes
  // through the worker, which drops the data before the answer reaches the page.
  const status = await page.evaluate(async () => {
    const token = /(?:^|; )gds_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
    return (await fetch('/api/identity/logout', { method: 'POST', headers: { 'x-csrf-token': decodeURIComponent(token) } })).status;
  });
  expect(status).toBeLessThan(300);
  await expect.poll(async () => (await cacheNames()).filter((n) => n.startsWith('gds-data-'))).toEqual([]);
});
