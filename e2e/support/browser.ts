import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
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
  return name
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** What `watchPage` saw of a page, written out by `failureArtifacts`. */
export interface PageLog {
  lines: string[];
  /** Requests sent and not yet answered, with when they were sent. */
  pending: Map<Request, number>;
}

/**
 * What a page's user does not see but a failed journey needs: script errors, console errors, and
 * requests that failed, answered 4xx/5xx, took over 2 s, or are still unanswered at the failure.
 */
export function watchPage(page: Page): PageLog {
  const log: PageLog = { lines: [], pending: new Map() };
  const add = (line: string) => log.lines.push(`${clock(Date.now())} ${line}`);
  page.on('pageerror', (err) => add(`pageerror ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') add(`console ${m.text()}`);
  });
  page.on('request', (r) => log.pending.set(r, Date.now()));
  page.on('requestfailed', (r) => {
    log.pending.delete(r);
    add(`failed ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (res) => {
    const ms = Date.now() - (log.pending.get(res.request()) ?? Date.now());
    log.pending.delete(res.request());
    if (res.status() >= 400 || ms > 2000) add(`${res.status()} ${res.request().method()} ${res.url()} ${ms} ms`);
  });
  return log;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** Leaves e2e/artifacts/failed-<name>.png, .html and .log (what watchPage saw) behind. */
export async function failureArtifacts(name: string, page: Page, log: PageLog): Promise<void> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const base = path.join(artifactsDir, `failed-${fileSafe(name)}`);
  await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => {});
  await page.content().then(
    (html) => fs.writeFileSync(`${base}.html`, html),
    () => {},
  );
  const pending = [...log.pending].map(([r, since]) => `${clock(since)} unanswered ${r.method()} ${r.url()}`);
  fs.writeFileSync(`${base}.log`, `${[...log.lines, ...pending].join('\n')}\n`);
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
    const log = watchPage(page);
    await use(page);
    // Fixtures are torn down after the test's result is known and before the context closes.
    if (task.result?.state === 'fail') await failureArtifacts(task.name, page, log);
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
