import { describe } from 'vitest';
import { seriousAccessibilityViolations } from './support/axe.ts';
import { expect, test } from './support/browser.ts';
import { signInAs } from './support/identity.ts';

describe('running the platform', () => {
  test('the administrator sees every declared job and runs one by hand into the run log', async ({ page, baseUrl, snap }) => {
    await signInAs(page, baseUrl, 'admin', { next: '/admin/jobs', totpOffsetMs: 30_000 });
    await page.getByRole('heading', { name: 'Tác vụ nền' }).waitFor();
    const jobs = page.getByTestId('jobs-table');
    await jobs.getByText('operations.outbox.deliver').waitFor();
    expect(await jobs.getByRole('row', { name: /operations\.outbox\.deliver/ }).textContent()).toContain('* * * * *');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Queued where the queue runs (JOBS=1 in this run), then worked: the run log shows it.
    await jobs
      .getByRole('row', { name: /operations\.jobs\.prune/ })
      .getByRole('button', { name: 'Chạy ngay' })
      .click();
    await page.getByText('Đã đưa tác vụ vào hàng đợi.').waitFor();
    const manualRun = page.getByTestId('job-runs-table').getByRole('row', { name: /operations\.jobs\.prune.*Chạy tay/ });
    for (let i = 0; i < 20 && !(await manualRun.first().isVisible()); i++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Làm mới' }).click();
    }
    await manualRun.first().getByText('Thành công').waitFor();
    await snap('jobs-vi-desktop');
  });

  test('a teacher turns SMS off and keeps quiet hours for their notifications', async ({ page, baseUrl }) => {
    await signInAs(page, baseUrl, 'giaovien', { next: '/notifications' });
    await page.getByRole('heading', { name: 'Nhận thông báo' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('checkbox', { name: 'SMS' }).uncheck();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu lựa chọn nhận thông báo.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Nhận thông báo' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'SMS' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'E-mail' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Giờ yên lặng' }).isChecked()).toBe(true);
  });
});
