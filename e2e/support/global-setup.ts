import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { assertChromium } from './chromium.ts';
import { freePort } from '../../server/tests/support/server-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromiumPath: string;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function waitHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The platform exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The platform did not answer /api/health within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * Checks the browser, makes sure web/dist is current, starts the platform as `npm start` would
 * (embedded database in a fresh temp folder, demo province), and stops it with SIGTERM at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = assertChromium();

  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/ensure-web-build.mjs')], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error('The web app could not be built (scripts/ensure-web-build.mjs failed).');
  if (!fs.existsSync(path.join(repoRoot, 'web/dist/index.html'))) {
    throw new Error('web/dist/index.html is missing after scripts/ensure-web-build.mjs: is vite installed (npm install)?');
  }

  fs.mkdirSync(path.join(repoRoot, 'e2e/artifacts'), { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // The e2e platform always runs on its own embedded database, never on a shared server.
    if (k === 'DATABASE_URL' || k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'TEST') continue;
    env[k] = v;
  }
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: baseUrl, LOG_LEVEL: 'warn', DEMO: '1' });

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (s: string) => {
    log = (log + s).slice(-20_000);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitHealthy(baseUrl, child, () => log, 90_000);
  } catch (err) {
    await stop();
    throw err;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('chromiumPath', chromium);
  return stop;
}
