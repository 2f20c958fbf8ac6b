import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe } from 'vitest';
import { artifactsDir, expect, failureArtifacts, type PageLog, sharedBrowser, test, viewports, watchPage } from './support/browser.ts';
import { confirmPopover } from './support/antd.ts';
import { signInAs } from './support/identity.ts';

/**
 * The sheet's save button, "Lưu (N ô)". Not anchored at the start: Ant Design keeps the loading
 * icon (labelled "loading") in the button until its leave motion ends, which on a busy host can
 * outlast a step (seen in CI: an idle, enabled button named "loading Lưu (72 ô)").
 */
const SAVE = /Lưu \(\d+ ô\)$/;

/** The demo signing passphrase of gvcn, hieutruong and the demo school's seal (README, demo only). */
const PASSPHRASE = 'HocBa@2026';

interface UserPage {
  username: string;
  context: BrowserContext;
  page: Page;
  /** Errors, failed, slow and unanswered requests of this page, written out if the journey fails. */
  log: PageLog;
}

/** Signs `username` in on a context of their own, and adds it to `users` (closed by the journey). */
async function userPage(baseUrl: string, username: string, users: UserPage[]): Promise<UserPage> {
  // A TOTP code is accepted once: when another journey on this shared server has just used the
  // principal's current code, the next one (inside the accepted window) signs in.
  for (const totpOffsetMs of [0, 30_000]) {
    const context = await (await sharedBrowser()).newContext({
      baseURL: baseUrl,
      viewport: viewports.desktop,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const log = watchPage(page);
    try {
      await signInAs(page, baseUrl, username, { totpOffsetMs });
      const user = { username, context, page, log };
      users.push(user);
      return user;
    } catch (err) {
      await context.close();
      if (totpOffsetMs !== 0) throw err;
    }
  }
  throw new Error('unreachable');
}

/** Pastes a block as Excel puts it on the clipboard (tabs and CRLF) into the focused cell. */
async function paste(page: Page, cellLabel: string, text: string): Promise<void> {
  const cell = page.getByLabel(cellLabel, { exact: true });
  await cell.focus();
  await cell.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** A screenshot of one user's page under e2e/artifacts (each user has their own context here). */
const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
};

describe('grade book → transcripts (issue 6 journey)', () => {
  test('a teacher pastes and publishes, a parent sees, the principal locks and approves a correction, the homeroom teacher finalises, the transcripts are signed and verified by QR, and tampering fails', async ({
    baseUrl,
  }) => {
    const users: UserPage[] = [];
    try {
      // 1. The maths teacher opens the first class on the grade book and its empty HK1 Toán sheet.
      const teacher = await userPage(baseUrl, 'giaovien', users);
      const t = teacher.page;
      await t.goto('/gradebook');
      await t.getByRole('heading', { name: 'Sổ điểm — lớp của tôi' }).waitFor();
      await t.getByRole('row').nth(1).getByRole('link').first().click();
      await t.getByRole('tab', { name: 'Học kì I', exact: true }).click();
      await t.getByRole('tabpanel').getByRole('link', { name: 'Toán' }).click();
      await t.getByRole('heading', { name: /Toán — lớp .* — Học kì I/ }).waitFor();
      const names = await t.locator('table.gb-grid tbody th').allInnerTexts();
      expect(names.length).toBeGreaterThan(5);
      const first = names[0]!;

      // 2. A block of TX1, TX2, TX3 pasted from Excel, one score of 11 among them.
      const rows = names.map((_, i) => [`${7 + (i % 3)},5`, String(6 + (i % 4)), i === 2 ? '11' : `${8 - (i % 2)}`].join('\t'));
      await paste(t, `TX1 của ${first}`, `${rows.join('\r\n')}\r\n`);
      await t.getByRole('button', { name: SAVE }).click();
      const bad = t.getByLabel(`TX3 của ${names[2]}`, { exact: true });
      await expect.poll(() => bad.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(async () => (await t.getByRole('alert').allInnerTexts()).join(' ')).toContain('nằm ngoài thang điểm');
      await bad.fill('8');
      await t.getByRole('button', { name: SAVE }).click();
      await t.getByText(/Đã lưu \d+ ô/).waitFor();
      await expect.poll(() => t.getByLabel(`TX1 của ${first}`, { exact: true }).inputValue()).toBe('7,5');
      await shot(t, 'gradebook-sheet-saved');

      // 3. Publish: students and parents see it.
      await t.getByRole('button', { name: 'Công bố cho học sinh, phụ huynh' }).click();
      await confirmPopover(t, 'Công bố cho học sinh, phụ huynh');
      await t.getByText('Đã công bố sổ điểm.').waitFor();
      const sheetUrl = t.url();

      // 4. The parent sees the published marks of their child (first on the class list).
      const parent = await userPage(baseUrl, 'phuhuynh', users);
      await parent.page.goto('/registry/me/children');
      await parent.page.getByRole('link', { name: 'Kết quả học tập' }).first().click();
      await parent.page.getByRole('heading', { name: `Kết quả học tập của ${first}` }).waitFor();
      await expect.poll(() => parent.page.getByRole('row', { name: /Toán/ }).innerText()).toContain('TX1: 7,5');
      await shot(parent.page, 'gradebook-parent-report');

      // 5. The principal locks the sheet.
      const principal = await userPage(baseUrl, 'hieutruong', users);
      const p = principal.page;
      await p.goto(new URL(sheetUrl).pathname);
      await p.getByRole('button', { name: 'Khoá sổ điểm' }).click();
      await confirmPopover(p, 'Khoá sổ điểm');
      await p.getByText('Đã khoá sổ điểm.').waitFor();

      // 6. The teacher asks for a correction of a locked cell, with a reason.
      await t.reload();
      await t.getByLabel(`GK của ${names[1]}`, { exact: true }).dblclick();
      const dialog = t.getByRole('dialog');
      await dialog.getByLabel('Giá trị đề nghị (để trống để xoá ô)').fill('9');
      await dialog.getByLabel('Lý do').fill('Chấm sót câu 3 của bài kiểm tra giữa kì.');
      await dialog.getByRole('button', { name: 'Gửi đề nghị' }).click();
      await t.getByText('Đã gửi đề nghị điều chỉnh.').waitFor();

      // 7. The principal approves it; the cell takes the value.
      await p.goto('/gradebook/corrections');
      await p
        .getByRole('row', { name: new RegExp(names[1]!) })
        .getByRole('button', { name: 'Duyệt' })
        .click();
      await p.getByRole('dialog').getByRole('button', { name: 'Duyệt' }).click();
      await p.getByRole('dialog').waitFor({ state: 'hidden' });
      await expect
        .poll(
          async () => {
            await t.reload();
            return t.getByLabel(`GK của ${names[1]}`, { exact: true }).inputValue();
          },
          { timeout: 20_000 },
        )
        .toBe('9,0');

      // 8. The homeroom teacher finalises the year of their class and generates the transcripts.
      const homeroom = await userPage(baseUrl, 'gvcn', users);
      const h = homeroom.page;
      await h.goto('/gradebook');
      await h
        .getByRole('row', { name: /Chủ nhiệm/ })
        .getByRole('link')
        .first()
        .click();
      await h.getByRole('link', { name: 'Bảng tổng hợp kết quả' }).click();
      await h.getByRole('tab', { name: 'Cả năm' }).click();
      await h.getByRole('button', { name: 'Chốt kết quả cả năm' }).click();
      await confirmPopover(h, 'Chốt kết quả cả năm');
      await h.getByText(/Đã chốt kết quả của \d+ học sinh/).waitFor();
      await h.getByRole('button', { name: 'Học bạ số của lớp' }).click();
      await h.getByRole('button', { name: 'Tạo học bạ' }).click();
      await h.getByText(/Đã tạo \d+ học bạ/).waitFor();
      const transcriptsPath = new URL(h.url()).pathname;

      // 9. Signatures in order: homeroom teacher, principal, school seal.
      const sign = async (page: Page, button: RegExp) => {
        await page.getByRole('button', { name: button }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Mật khẩu chứng thư số').fill(PASSPHRASE);
        // A click that lands while the dialog is still opening does nothing: submit again then.
        for (let attempt = 0; ; attempt++) {
          await dialog.getByRole('button', { name: 'Ký số' }).click();
          const closed = await dialog.waitFor({ state: 'hidden', timeout: 20_000 }).then(
            () => true,
            () => false,
          );
          if (closed) break;
          if (attempt >= 2) throw new Error(`the signing dialog stayed open (${button})`);
        }
      };
      await sign(h, /Ký với tư cách GVCN/);
      await p.goto(transcriptsPath);
      await sign(p, /Ký với tư cách hiệu trưởng/);
      await sign(p, /Đóng dấu của trường/);
      await p.getByText('Đã ký, đóng dấu').first().waitFor();
      await shot(p, 'gradebook-transcripts-sealed');

      // 10. The sealed PDF: its QR code leads anyone to the verification page, which says valid.
      const href = await p.getByRole('link', { name: 'Mở PDF' }).first().getAttribute('href');
      const pdf = Buffer.from(await (await p.request.get(href!)).body());
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-e2e-hocba-'));
      try {
        fs.writeFileSync(path.join(dir, 'hoc-ba.pdf'), pdf);
        // The QR code sits with the signatures on the last page: scan every page the way a phone would.
        execFileSync('pdftoppm', ['-r', '150', '-gray', '-png', path.join(dir, 'hoc-ba.pdf'), path.join(dir, 'page')]);
        const scans = fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.png'))
          .map((png) => {
            try {
              return execFileSync('zbarimg', ['--quiet', '--raw', path.join(dir, png)], { encoding: 'utf8' }).trim();
            } catch {
              return '';
            }
          });
        const qr = scans.find((s) => s !== '') ?? '';
        expect(qr).toMatch(/\/verify\/[A-Z0-9]{16}$/);

        const anyone = await (await sharedBrowser()).newContext({ viewport: viewports.phone, locale: 'vi-VN' });
        const a = await anyone.newPage();
        await a.goto(qr);
        await a.getByText('Học bạ số hợp lệ, đã được ký số và đóng dấu; đây là phiên bản hiện hành.').waitFor();
        await shot(a, 'gradebook-verify-page');

        // 11. The file itself verifies; one flipped byte does not.
        await a.locator('input[type=file]').setInputFiles(path.join(dir, 'hoc-ba.pdf'));
        await a.getByRole('status').getByText('Hợp lệ', { exact: true }).waitFor();
        const tampered = Buffer.from(pdf);
        const at = Math.floor(tampered.length / 3);
        tampered[at] = tampered[at]! ^ 0x01;
        fs.writeFileSync(path.join(dir, 'hoc-ba-sua.pdf'), tampered);
        await a.locator('input[type=file]').setInputFiles(path.join(dir, 'hoc-ba-sua.pdf'));
        await a.getByRole('status').getByText('Không hợp lệ', { exact: true }).waitFor();
        await shot(a, 'gradebook-verify-tampered');
        await anyone.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } catch (err) {
      for (const u of users) await failureArtifacts(`gradebook-${u.username}`, u.page, u.log);
      throw err;
    } finally {
      for (const u of users) await u.context.close();
    }
  }, 240_000);
});
