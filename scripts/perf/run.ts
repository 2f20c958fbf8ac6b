/**
 * `npm run perf`: Lighthouse 12 (the npm package, pinned) in its default mobile mode — simulated
 * slow 4G, 4× CPU slowdown, a phone's screen — on every phone page of phone-pages.ts, three runs
 * each, against the app started as `npm start` starts it (embedded database in a temp folder, demo
 * province). Then one repeat visit (caches and the service worker kept) for the bytes a second
 * visit transfers. Prints the medians as JSON, with the byte budget of perf:budget beside them.
 * Scores are reported, not gated: on a loaded 2-core machine they move by several points.
 *
 *   npm run perf                          all pages, 3 runs
 *   npm run perf -- sign-in guardian      pages whose name contains one of the words
 *   PERF_RUNS=5 npm run perf              more runs
 *   PERF_BASE_URL=http://127.0.0.1:3000   an app already running (demo accounts needed)
 *   CHROME_PATH=/usr/bin/chromium         the browser (Debian's chromium by default)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { measureBudgets } from './budget.ts';
import { type PhonePage, phonePages } from './phone-pages.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoPassword = 'GiaoDucSo@2026';
const runs = Number(process.env.PERF_RUNS ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startApp(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  if (process.env.PERF_BASE_URL) return { baseUrl: process.env.PERF_BASE_URL.replace(/\/$/, ''), stop: async () => undefined };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-perf-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: baseUrl };
  delete env.DATABASE_URL;
  Object.assign(env, { DEMO: '1', LOG_LEVEL: 'warn' });
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-old-space-size=768', '--max-semi-space-size=32', '--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (log = (log + s).slice(-10_000)));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (log = (log + s).slice(-10_000)));
  // A first start migrates and seeds the demo province: minutes on a loaded host.
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${log}`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the app did not answer within 600 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    stop: async () => {
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await closed;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a demo account in over the API: the session's cookies as one Cookie header. */
async function signIn(baseUrl: string, user: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: demoPassword }),
  });
  const body = (await res.json()) as { status?: string };
  if (!res.ok || body.status !== 'ok') throw new Error(`${user} could not sign in (${res.status} ${JSON.stringify(body)})`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

interface Figures {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  transferKB: number;
  scriptKB: number;
}

interface NetworkItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
}

/** One Lighthouse run; a run that failed to record its trace (NO_NAVSTART… on a loaded host) is tried again. */
async function lighthouseRun(url: string, port: number, cookie: string | undefined, keepStorage: boolean) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lighthouseOnce(url, port, cookie, keepStorage);
    } catch (err) {
      if (attempt >= 3) throw err;
      process.stderr.write(`perf: ${url}: ${err instanceof Error ? err.message : String(err)}; again\n`);
    }
  }
}

async function lighthouseOnce(url: string, port: number, cookie: string | undefined, keepStorage: boolean) {
  const result = await lighthouse(
    url,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      disableStorageReset: keepStorage,
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    },
    undefined,
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message} (${url})`);
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter(
    (i) => !i.url.startsWith('data:'),
  );
  const sum = (list: NetworkItem[]) => list.reduce((s, i) => s + (i.transferSize ?? 0), 0) / 1024;
  const figures: Figures = {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    fcpMs: Math.round(audit('first-contentful-paint')),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: +audit('cumulative-layout-shift').toFixed(3),
    speedIndexMs: Math.round(audit('speed-index')),
    transferKB: +sum(items).toFixed(1),
    scriptKB: +sum(items.filter((i) => i.resourceType === 'Script')).toFixed(1),
  };
  const apiKB = +sum(items.filter((i) => new URL(i.url).pathname.startsWith('/api/'))).toFixed(1);
  return { figures, apiKB };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function measure(page: PhonePage, baseUrl: string, chromePort: number) {
  let cookie: string | undefined;
  let pathname = typeof page.path === 'string' ? page.path : '';
  if (page.kind === 'signed-in') {
    cookie = await signIn(baseUrl, page.user);
    const sessionCookie = cookie;
    if (typeof page.path !== 'string') {
      pathname = await page.path(async (p) => {
        const res = await fetch(`${baseUrl}${p}`, { headers: { cookie: sessionCookie } });
        if (!res.ok) throw new Error(`${p}: ${res.status}`);
        return res.json();
      });
    }
  }
  const url = `${baseUrl}${pathname}`;
  const all: Figures[] = [];
  for (let i = 0; i < runs; i++) all.push((await lighthouseRun(url, chromePort, cookie, false)).figures);
  // A repeat visit: the last cold run left the HTTP cache and the service worker in place.
  const repeat = await lighthouseRun(url, chromePort, cookie, true);
  const keys = Object.keys(all[0] ?? {}) as (keyof Figures)[];
  const medians = Object.fromEntries(keys.map((k) => [k, +median(all.map((f) => f[k])).toFixed(3)])) as unknown as Figures;
  return {
    name: page.name,
    kind: page.kind,
    path: pathname,
    runs: all.length,
    median: medians,
    each: all.map((f) => ({ performance: f.performance, lcpMs: f.lcpMs, tbtMs: f.tbtMs })),
    repeatVisit: {
      performance: repeat.figures.performance,
      lcpMs: repeat.figures.lcpMs,
      transferKB: repeat.figures.transferKB,
      besidesDataKB: +(repeat.figures.transferKB - repeat.apiKB).toFixed(1),
    },
  };
}

async function main() {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const pages = phonePages.filter((p) => filters.length === 0 || filters.some((f) => p.name.includes(f)));
  if (pages.length === 0) throw new Error(`no phone page matches ${filters.join(', ')}`);
  const budgets = measureBudgets();
  const app = await startApp();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'],
  });
  const started = new Date();
  try {
    const results = [];
    for (const page of pages) {
      process.stderr.write(`perf: ${page.name}…\n`);
      const r = await measure(page, app.baseUrl, chrome.port);
      process.stderr.write(`perf: ${page.name}: ${JSON.stringify(r.median)} repeat ${JSON.stringify(r.repeatVisit)}\n`);
      results.push({ ...r, budget: budgets.find((b) => b.name === page.name) });
    }
    console.log(
      JSON.stringify(
        {
          tool: 'lighthouse 12.8.2, default mobile (simulated slow 4G, 4x CPU slowdown)',
          at: started.toISOString(),
          machine: {
            cpus: os.cpus().length,
            model: os.cpus()[0]?.model,
            loadavg: os.loadavg().map((l) => +l.toFixed(2)),
            node: process.version,
          },
          pages: results,
        },
        null,
        2,
      ),
    );
  } finally {
    chrome.kill();
    await app.stop();
  }
}

await main();
