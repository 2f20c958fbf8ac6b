import type { BrowserContext } from 'playwright-core';
import { describe } from 'vitest';
import { demoAccounts, DEMO_PASSWORD } from '../server/src/modules/identity/seed/demo-accounts.ts';
import { totpCode } from '../server/src/modules/identity/rules/totp.ts';
import { expect, sharedBrowser, test } from './support/browser.ts';

/** Signs a demo account in through the API (password, then TOTP when the role needs it); the context keeps the cookies. */
async function signInAs(context: BrowserContext, username: string): Promise<void> {
  const account = demoAccounts.find((a) => a.username === username)!;
  const login = await context.request.post('/api/identity/login', { data: { login: username, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  if (account.totpSecret) {
    const csrf = (await context.cookies()).find((c) => c.name === 'gds_csrf')?.value ?? '';
    const mfa = await context.request.post('/api/identity/login/mfa', {
      data: { code: totpCode(account.totpSecret, Date.now()) },
      headers: { 'x-csrf-token': csrf },
    });
    expect(mfa.status(), await mfa.text()).toBe(200);
  }
}

const json = async <T>(context: BrowserContext, url: string): Promise<T> => {
  const res = await context.request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
};
type Unit = { id: string; type: string; code: string; name: string; adminUnitCode: string | null };

describe('organisation tree', () => {
  test('a department officer creates a school under a commune and finds it on the map; another commune cannot see it', async ({
    page,
    context,
    baseUrl,
    snap,
  }) => {
    // The commune officer of the demo (canbo.xa) and, for the officer, a different commune.
    const b = await sharedBrowser();
    const communeContext = await b.newContext({ baseURL: baseUrl, locale: 'vi-VN' });
    await signInAs(communeContext, 'canbo.xa');
    const theirs = (await json<{ items: Unit[] }>(communeContext, '/api/org/units/roots')).items.find((u) => u.type === 'commune')!;

    await signInAs(context, 'chuyenvien.so');
    const [department] = (await json<{ items: Unit[] }>(context, '/api/org/units/roots')).items;
    const communes = (await json<{ items: Unit[] }>(context, `/api/org/units/${department!.id}/children`)).items.filter(
      (u) => u.type === 'commune' && u.id !== theirs.id,
    );
    const target = communes[0]!;

    await page.goto(`${baseUrl}/org/units/${target.id}`);
    await page.getByRole('heading', { name: target.name }).waitFor();
    await page.getByRole('button', { name: 'Thêm trường' }).click();
    const dialog = page.getByRole('dialog');
    const name = `Trường Mầm non Hoa Sen ${Date.now() % 100000}`;
    await dialog.getByLabel('Tên đơn vị').fill(name);
    await dialog.getByLabel('Cấp học').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Mầm non' }).first().click();
    await snap('org-create-school-vi-desktop');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { name }).waitFor();
    const schoolUrl = page.url();
    const schoolId = schoolUrl.split('/').pop()!;
    expect(await page.getByText(target.name).count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Xem trên bản đồ' }).click();
    await page.waitForURL(/\/org\/map\?commune=/);
    await page.getByRole('heading', { name: 'Bản đồ trường học theo xã/phường' }).waitFor();
    await page.getByTestId('org-map').locator('canvas').waitFor();
    const map = await json<{ communes: { code: string; byLevel: { mam_non: number } }[] }>(context, '/api/org/map?figure=mam_non');
    expect(map.communes.find((c) => c.code === target.adminUnitCode)!.byLevel.mam_non).toBeGreaterThanOrEqual(1);
    await snap('org-map-vi-desktop');

    // The other commune's officer: the school answers 404 and search does not list it.
    expect((await communeContext.request.get(`/api/org/units/${schoolId}`)).status()).toBe(404);
    const found = await json<{ items: Unit[] }>(communeContext, `/api/org/units/search?q=${encodeURIComponent(name)}`);
    expect(found.items).toEqual([]);
    const page2 = await communeContext.newPage();
    await page2.goto(schoolUrl);
    await page2.getByRole('alert').waitFor();
    expect(await page2.getByRole('heading', { name }).count()).toBe(0);
    await communeContext.close();
  });
});
