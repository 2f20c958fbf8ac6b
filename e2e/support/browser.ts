import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, inject, test as base } from 'vitest';

export const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const viewports = {
  desktop: { width: 1366, height: 860 },
  phone: { width: 390, height: 844 },
} as const;

let browser: Browser | undefined;

/** One Chromium per test file, launched on first use and closed after the file. */
export async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: inject('chromiumPath'), args: chromiumArgs });
  return browser;
}

afterAll(async () => {
  await browser?.close();
  browser = undefined;
});

export function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}

export interface E2EFixtures {
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** Saves a screenshot under e2e/artifacts/<name>.png (for looking at screens by hand). */
  snap: (name: string) => Promise<string>;
}

/**
 * `test` with a fresh browser context and page per test (desktop viewport, Vietnamese browser).
 * A failing test leaves e2e/artifacts/<test name>.png behind.
 */
export const test = base.extend<E2EFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
  baseUrl: async ({}, use) => {
    await use(inject('baseUrl'));
  },
  context: async ({ baseUrl }, use) => {
    const b = await sharedBrowser();
    const context = await b.newContext({ baseURL: baseUrl, viewport: viewports.desktop, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(15_000);
    await use(context);
    await context.close();
  },
  page: async ({ context, task }, use) => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await use(page);
    // Fixtures are torn down after the test's result is known and before the context closes.
    if (task.result?.state === 'fail') {
      fs.mkdirSync(artifactsDir, { recursive: true });
      const base = path.join(artifactsDir, `failed-${fileSafe(task.name)}`);
      await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => {});
      if (errors.length > 0) fs.writeFileSync(`${base}.errors.txt`, errors.join('\n'));
    }
  },
  snap: async ({ page }, use) => {
    await use(async (name: string) => {
      fs.mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, `${fileSafe(name)}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    });
  },
});

export { expect } from 'vitest';
