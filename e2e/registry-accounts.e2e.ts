import type { BrowserContext } from 'playwright-core';
import { describe } from 'vitest';
import { seriousAccessibilityViolations } from './support/axe.ts';
import { expect, sharedBrowser, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

const GUARDIAN = { fullName: 'Phạm Thị Thu Trang', email: 'thutrang.pham@example.vn' };
const USERNAME = 'phuhuynh.thutrang';
const PASSWORD = 'Me-Trang-theo-doi-con-2026';

async function csrfOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'gds_csrf')?.value ?? '';
}

describe('guardian accounts', () => {
  test('a clerk invites a guardian by e-mail; the guardian redeems the code from the outbox, signs in and sees the child', async ({
    page,
    context,
    baseUrl,
    snap,
  }) => {
    // The school office clerk of the demo school; a student of theirs gets a guardian with an e-mail address.
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/students' });
    const list = await context.request.get('/api/registry/students?pageSize=1');
    expect(list.status(), await list.text()).toBe(200);
    const child = ((await list.json()) as { items: { id: string; fullName: string }[] }).items[0]!;
    const added = await context.request.post(`/api/registry/students/${child.id}/guardians`, {
      data: { relation: 'mother', guardian: GUARDIAN },
      headers: { 'x-csrf-token': await csrfOf(context) },
    });
    expect(added.status(), await added.text()).toBe(201);

    // The invitation, from the student's page.
    await page.goto(`${baseUrl}/registry/students/${child.id}`);
    const panel = page.getByTestId('guardian-accounts');
    await panel
      .getByRole('row', { name: new RegExp(GUARDIAN.fullName) })
      .getByRole('button', { name: 'Mời qua e-mail' })
      .click();
    await page.getByText(/Đã gửi mã kích hoạt tới t\*+m@example\.vn/).waitFor();
    await panel
      .getByRole('row', { name: new RegExp(GUARDIAN.fullName) })
      .getByText(/Đang chờ/)
      .waitFor();

    // The code, read where an administrator reads the outbox (no SMTP server in the demo).
    const b = await sharedBrowser();
    const adminContext = await b.newContext({ baseURL: baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const admin = await adminContext.newPage();
    await signInAs(admin, baseUrl, 'admin', { next: '/admin/outbox' });
    const mailRow = admin
      .getByTestId('outbox-table')
      .getByRole('row', { name: new RegExp(GUARDIAN.email) })
      .first();
    await mailRow.waitFor();
    await mailRow.locator('.ant-table-row-expand-icon').click();
    const body = await admin
      .getByText(/Mã kích hoạt: [A-Z0-9]{4}-[A-Z0-9]{4}/)
      .first()
      .innerText();
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(body)![1]!;
    await adminContext.close();

    // The guardian, on a device of their own: the public activation page.
    const guardianContext = await b.newContext({ baseURL: baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const g = await guardianContext.newPage();
    await g.goto(`${baseUrl}/activate`);
    await g.getByRole('heading', { name: 'Kích hoạt tài khoản phụ huynh' }).waitFor();
    expect(await seriousAccessibilityViolations(g)).toEqual([]);
    await g.getByLabel('E-mail hoặc số điện thoại đã nhận mã').fill(GUARDIAN.email);
    // a wrong code first: told on the field, with the attempts left
    await g.getByLabel('Mã kích hoạt').fill('AAAA-AAAA');
    await g.getByLabel('Tên đăng nhập').fill(USERNAME);
    await g.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await g.getByRole('button', { name: 'Kích hoạt' }).click();
    await g.getByText('Mã kích hoạt không đúng. Bạn còn 4 lần thử.').waitFor();
    await g.getByLabel('Mã kích hoạt').fill(code.toLowerCase());
    await g.getByRole('button', { name: 'Kích hoạt' }).click();
    await g.getByText(`Đã tạo tài khoản ${USERNAME}.`).waitFor();

    await signInAs(g, baseUrl, USERNAME, { password: PASSWORD, next: '/registry/me/children' });
    await g.getByRole('heading', { name: 'Con của tôi' }).waitFor();
    await expect.poll(() => g.getByTestId('own-record-name').allInnerTexts()).toEqual([child.fullName]);
    await g.getByRole('menuitem', { name: 'Con của tôi' }).waitFor();
    expect(await g.getByRole('menuitem', { name: 'Học sinh' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(g)).toEqual([]);
    await snap('registry-accounts-clerk-invited');
    // no other student's record: the school's routes stay closed to a guardian
    const other = await guardianContext.request.get(`/api/registry/students/${child.id}`);
    expect(other.status()).toBe(403);
    await guardianContext.close();
  });
});
