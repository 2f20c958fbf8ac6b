import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe } from 'vitest';
import { totpCode } from '../server/src/modules/identity/rules/totp.ts';
import { makeCccd } from '../server/src/modules/registry/rules/cccd.ts';
import { DEMO_PASSWORD, demoAccounts } from '../server/src/modules/identity/seed/demo-accounts.ts';
import { artifactsDir, expect, sharedBrowser, test } from './support/browser.ts';
import { confirmPopover, pickOption } from './support/antd.ts';
import { signInAs } from './support/identity.ts';

const csrfOf = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'gds_csrf')?.value ?? '';

/** A demo account signed in through the API (password + TOTP; the next step's code if this one was just used). */
async function apiSignIn(context: BrowserContext, username: string): Promise<BrowserContext> {
  const account = demoAccounts.find((a) => a.username === username)!;
  const login = await context.request.post('/api/identity/login', { data: { login: account.username, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  for (const offset of [0, 30_000]) {
    const mfa = await context.request.post('/api/identity/login/mfa', {
      data: { code: totpCode(account.totpSecret!, Date.now() + offset) },
      headers: { 'x-csrf-token': await csrfOf(context) },
    });
    if (mfa.status() === 200) return context;
  }
  throw new Error(`${username} could not finish the second factor`);
}

async function officerContext(baseUrl: string): Promise<BrowserContext> {
  return apiSignIn(await (await sharedBrowser()).newContext({ baseURL: baseUrl, locale: 'vi-VN' }), 'chuyenvien.so');
}

async function api<T>(context: BrowserContext, method: 'get' | 'post', url: string, data?: unknown): Promise<T> {
  const res =
    method === 'get'
      ? await context.request.get(url)
      : await context.request.post(url, { data, headers: { 'x-csrf-token': await csrfOf(context) } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/**
 * School B (the school of the demo's second teacher) and a new office clerk of it, made by the
 * department; `tag` keeps the usernames of two journeys apart.
 */
async function schoolBClerk(baseUrl: string, tag: string) {
  const officer = await officerContext(baseUrl);
  try {
    const teacher2 = (await api<{ items: { homeUnit: { id: string; name: string } }[] }>(officer, 'get', '/api/identity/users?q=giaovien2'))
      .items[0]!;
    const schoolB = teacher2.homeUnit;
    const username = `vanphong.${tag}${Date.now() % 100000}`;
    const password = 'Truong-B-chuyen-truong-2026';
    const created = await api<{ id: string }>(officer, 'post', '/api/identity/users', {
      username,
      displayName: 'Văn phòng trường B',
      homeUnitId: schoolB.id,
      password,
    });
    const roles = await api<{ id: string; key: string }[]>(officer, 'get', '/api/identity/roles');
    await api(officer, 'post', '/api/identity/grants', {
      userId: created.id,
      roleId: roles.find((r) => r.key === 'school_office')!.id,
      unitId: schoolB.id,
    });
    return { schoolB, username, password };
  } finally {
    await officer.close();
  }
}

/** Signs a new account in: a password set by someone else is changed at the first sign-in. */
async function firstSignIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await signInAs(page, baseUrl, username, { password, next: '/registry/transfers' });
  await page.getByRole('heading', { name: 'Đổi mật khẩu lần đầu' }).waitFor();
  await page.getByLabel('Mật khẩu hiện tại').fill(password);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(`${password}-moi`);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(`${password}-moi`);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.getByRole('heading', { name: 'Đổi mật khẩu lần đầu' }).waitFor({ state: 'detached' });
}

describe('transfers between schools', () => {
  test("school A's clerk starts a transfer, school B's clerk accepts into a class, the student is in B's list and A sees only the past year", {
    timeout: 150_000,
  }, async ({ page, baseUrl, snap }) => {
    const { schoolB, username, password } = await schoolBClerk(baseUrl, 'b');

    // 1. School A's clerk opens a student in a class and starts the transfer to school B.
    await signInAs(page, baseUrl, 'vanphong', { next: '/registry/students' });
    const listA = (await (await page.request.get(`${baseUrl}/api/registry/students?status=enrolled&pageSize=1`)).json()) as {
      items: { id: string; fullName: string; schoolId: string }[];
    };
    const student = listA.items[0]!;
    const schoolA = student.schoolId;
    await page.goto(`${baseUrl}/registry/students/${student.id}`);
    await page.getByRole('heading', { name: student.fullName }).waitFor();
    await page.getByRole('button', { name: 'Chuyển trường' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Chuyển trường cho học sinh ${student.fullName}`).waitFor();
    const schoolField = dialog.getByLabel('Trường chuyển đến');
    // Typed without accents, as a clerk would.
    const words = schoolB.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').split(' ');
    await pickOption(page, schoolField, schoolB.name, words.slice(-2).join(' '));
    await dialog.getByLabel('Lý do chuyển').fill('Gia đình chuyển nơi ở');
    await dialog.getByLabel('Hồ sơ kèm theo (học bạ, giấy giới thiệu…)').fill('Học bạ, giấy giới thiệu chuyển trường');
    await snap('registry-transfer-start-vi');
    await dialog.getByRole('button', { name: 'Gửi đề nghị chuyển trường' }).click();
    await page.getByText('Đã gửi đề nghị. Trường tiếp nhận sẽ xác nhận và xếp lớp.').waitFor();
    // It waits in A's outgoing list.
    await page.goto(`${baseUrl}/registry/transfers?direction=outgoing`);
    const outRow = page.getByRole('row').filter({ hasText: student.fullName });
    await expect.poll(() => outRow.first().textContent()).toContain('Chờ xử lý');

    // 2. School B's clerk sees it among incoming transfers and accepts it into a class.
    const contextB = await (await sharedBrowser()).newContext({ baseURL: baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const pageB = await contextB.newPage();
    try {
      await firstSignIn(pageB, baseUrl, username, password);
      await pageB.goto(`${baseUrl}/registry/transfers`);
      await pageB.getByRole('heading', { name: 'Chuyển trường', exact: true }).waitFor();
      const row = pageB.getByRole('row').filter({ hasText: student.fullName });
      await row.getByRole('button', { name: 'Tiếp nhận' }).click();
      const accept = pageB.getByRole('dialog');
      await accept.getByText(`Tiếp nhận học sinh ${student.fullName}`).waitFor();
      const classField = accept.getByLabel('Chọn lớp');
      await classField.click();
      const firstClass = pageB.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
      const className = ((await firstClass.textContent()) ?? '').replace(/\s*\(.*$/, '').trim();
      await pickOption(pageB, classField, className);
      expect(className).not.toBe('');
      fs.mkdirSync(artifactsDir, { recursive: true });
      await pageB.screenshot({ path: path.join(artifactsDir, 'registry-transfer-accept-vi.png'), fullPage: true });
      await accept.getByRole('button', { name: 'Tiếp nhận' }).click();
      await pageB.getByText(`Đã tiếp nhận học sinh vào lớp ${className}`).waitFor();
      await expect.poll(() => row.first().textContent()).toContain('Đã tiếp nhận');

      // The student is now in B's list, in that class.
      await pageB.goto(`${baseUrl}/registry/students`);
      await pageB.getByLabel('Tìm theo họ tên (gõ không dấu cũng được), CCCD hoặc mã học sinh').fill(student.fullName);
      await pageB.getByLabel('Tìm theo họ tên (gõ không dấu cũng được), CCCD hoặc mã học sinh').press('Enter');
      const inB = pageB.getByRole('row').filter({ hasText: student.fullName });
      await expect.poll(() => inB.first().textContent()).toContain(className);
    } catch (err) {
      fs.mkdirSync(artifactsDir, { recursive: true });
      await pageB.screenshot({ path: path.join(artifactsDir, 'failed-registry-transfer-school-b.png'), fullPage: true }).catch(() => {});
      throw err;
    } finally {
      await contextB.close();
    }

    // 3. School A sees only the past year: its own enrolment, ended as "Chuyển đi"; nothing of school B.
    await page.goto(`${baseUrl}/registry/students/${student.id}`);
    await page.getByText('Học sinh đã chuyển khỏi trường').waitFor();
    const history = page.locator('.ant-card').filter({ hasText: 'Quá trình học' });
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Chuyển đi');
    expect(await page.locator('main').textContent()).not.toContain(schoolB.name);
    await expect
      .poll(
        async () =>
          (await page.getByRole('button', { name: 'Chuyển trường' }).count()) +
          (await page.getByRole('button', { name: 'Sửa hồ sơ' }).count()),
      )
      .toBe(0);
    await snap('registry-transfer-past-vi');
    // …and the student is no longer in A's current list.
    const still = (await (
      await page.request.get(`${baseUrl}/api/registry/students?schoolId=${schoolA}&q=${encodeURIComponent(student.fullName)}`)
    ).json()) as { items: { id: string }[] };
    expect(still.items.map((s) => s.id)).not.toContain(student.id);
  });

  test("school B asks for a pupil of school A by MOET code and date of birth: a wrong date says only 'not found'; school A sees the request and declines it", {
    timeout: 150_000,
  }, async ({ page, baseUrl, snap }) => {
    const { username, password } = await schoolBClerk(baseUrl, 'r');
    // The pupil as the family's papers give it: a pupil of school A (the demo's office clerk's school).
    const officer = await officerContext(baseUrl);
    const clerkA = (await api<{ items: { homeUnit: { id: string } }[] }>(officer, 'get', '/api/identity/users?q=vanphong')).items.find(
      Boolean,
    )!;
    const listA = await api<{ items: { id: string }[] }>(
      officer,
      'get',
      `/api/registry/students?schoolId=${clerkA.homeUnit.id}&status=enrolled&pageSize=20`,
    );
    // Far down the list: the other journey of this file takes the first pupil.
    const pupil = await api<{ fullName: string; moetCode: string; dateOfBirth: string }>(
      officer,
      'get',
      `/api/registry/students/${listA.items.at(-1)!.id}`,
    );
    await officer.close();
    expect(pupil.moetCode).toBeTruthy();
    const [y, m, d] = pupil.dateOfBirth.split('-');
    const wrongDay = `${String((Number(d) % 28) + 1).padStart(2, '0')}/${m}/${y}`;

    await firstSignIn(page, baseUrl, username, password);
    await page.goto(`${baseUrl}/registry/transfers`);
    await page.getByRole('button', { name: 'Xin tiếp nhận học sinh trong tỉnh' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Xin tiếp nhận học sinh từ trường khác trong tỉnh').waitFor();
    await dialog.getByLabel('Mã học sinh (Bộ GD&ĐT)').fill(pupil.moetCode);
    const birth = dialog.getByLabel('Ngày sinh');
    await birth.fill(wrongDay);
    await birth.press('Enter');
    const classField = dialog.getByLabel('Chọn lớp');
    await classField.click();
    const firstClass = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const className = ((await firstClass.textContent()) ?? '').replace(/\s*\(.*$/, '').trim();
    await pickOption(page, classField, className);
    await dialog.getByRole('button', { name: 'Gửi đề nghị chuyển trường' }).click();
    // The same words as for a code that names nobody: the date of birth is not confirmed either way.
    await dialog
      .getByText('Không có học sinh nào trong tỉnh khớp cả số định danh lẫn ngày sinh đã nhập.', { exact: false })
      .first()
      .waitFor();
    expect(await dialog.textContent()).not.toContain(pupil.fullName);
    await snap('registry-transfer-request-no-match-vi');
    await birth.fill(`${d}/${m}/${y}`);
    await birth.press('Enter');
    await dialog.getByRole('button', { name: 'Gửi đề nghị chuyển trường' }).click();
    await page.getByText('Đã gửi đề nghị tiếp nhận').waitFor();
    const mine = page.getByRole('row').filter({ hasText: pupil.fullName });
    await expect.poll(() => mine.first().textContent()).toContain('Chờ xử lý');

    // School A's clerk finds the request among its transfers and declines it, with the reason.
    const contextA = await (await sharedBrowser()).newContext({ baseURL: baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const pageA = await contextA.newPage();
    try {
      await signInAs(pageA, baseUrl, 'vanphong', { next: '/registry/transfers' });
      const row = pageA.getByRole('row').filter({ hasText: pupil.fullName });
      await expect.poll(() => row.first().textContent()).toContain('Chờ xử lý');
      fs.mkdirSync(artifactsDir, { recursive: true });
      await pageA.screenshot({ path: path.join(artifactsDir, 'registry-transfer-request-at-sender-vi.png'), fullPage: true });
      await row.getByRole('button', { name: 'Từ chối' }).click();
      const reject = pageA.getByRole('dialog');
      await reject.getByLabel('Lý do từ chối').fill('Gia đình chưa nộp đơn xin chuyển trường');
      await reject.getByRole('button', { name: 'Từ chối' }).click();
      await expect.poll(() => row.first().textContent()).toContain('Bị từ chối');
    } catch (err) {
      fs.mkdirSync(artifactsDir, { recursive: true });
      await pageA.screenshot({ path: path.join(artifactsDir, 'failed-registry-transfer-school-a.png'), fullPage: true }).catch(() => {});
      throw err;
    } finally {
      await contextA.close();
    }
  });

  test('a principal compares two records of one student side by side, merges them, and the old link opens the kept record', async ({
    page,
    context,
    baseUrl,
    snap,
  }) => {
    await apiSignIn(context, 'hieutruong');
    const me = await api<{ homeUnit: { id: string } }>(context, 'get', '/api/identity/me');
    const cccd = makeCccd('027', 2014, 'male', 900000 + (Date.now() % 90000));
    const withId = await api<{ id: string }>(context, 'post', '/api/registry/students', {
      schoolId: me.homeUnit.id,
      fullName: 'Trịnh Văn Quang',
      sex: 'male',
      dateOfBirth: '2014-02-02',
      cccd,
    });
    const typedAgain = await api<{ id: string }>(context, 'post', '/api/registry/students', {
      schoolId: me.homeUnit.id,
      fullName: 'Trinh Van Quang',
      sex: 'male',
      dateOfBirth: '2014-02-02',
      phone: '0912345678',
    });

    await page.goto(`${baseUrl}/registry/duplicates`);
    await page.getByRole('heading', { name: 'Hồ sơ học sinh nghi trùng' }).waitFor();
    const pair = page.getByRole('row').filter({ hasText: 'Trịnh Văn Quang' }).filter({ hasText: 'Trinh Van Quang' });
    expect(await pair.textContent()).toContain('Cùng họ tên và ngày sinh');
    await pair.getByRole('button', { name: 'So sánh' }).click();
    await page.getByRole('heading', { name: 'So sánh hai hồ sơ' }).waitFor();
    // Keep the accented name; the CCCD and the phone come from whichever record has them.
    await page.getByLabel('Họ và tên: Trịnh Văn Quang').check();
    await snap('registry-duplicates-compare-vi');
    // Confirm in the popover; once merged the page moves to the kept record.
    const merged = (url: URL) => /\/registry\/students\/[0-9a-f-]{36}$/.test(url.pathname);
    await confirmPopover(page, 'Gộp', page.getByRole('button', { name: 'Gộp hai hồ sơ' }));
    await page.waitForURL(merged);
    const survivorId = page.url().split('/').at(-1)!;
    expect([withId.id, typedAgain.id]).toContain(survivorId);
    await page.getByRole('heading', { name: 'Trịnh Văn Quang' }).waitFor();
    expect(await page.locator('.ant-card').filter({ hasText: 'Hồ sơ học sinh' }).first().textContent()).toContain(cccd);

    // The other record's old link opens the kept one; the pair is no longer suggested.
    const mergedId = survivorId === withId.id ? typedAgain.id : withId.id;
    await page.goto(`${baseUrl}/registry/students/${mergedId}`);
    await page.waitForURL((url) => url.pathname === `/registry/students/${survivorId}`);
    await page.getByRole('heading', { name: 'Trịnh Văn Quang' }).waitFor();
    const left = await api<{ items: { first: { id: string }; second: { id: string } }[] }>(context, 'get', '/api/registry/duplicates');
    expect(left.items.some((p) => [p.first.id, p.second.id].includes(survivorId))).toBe(false);
  });
});
