import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from './paths.ts';

/**
 * The real platform (`server/src/main.ts`) or a support script as a child process: what
 * `npm start` runs, with a free port and its own data folder. Used by the lifecycle tests
 * (crash safety, data-folder lock, clean stop); e2e and bench take `freePort` from here.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ChildRun {
  child: ChildProcess;
  pid: number;
  /** Everything written so far (stdout and stderr kept apart). */
  stdout(): string;
  stderr(): string;
  /** Resolves once with the exit code (or the signal name when killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
}

/** Environment of a child: the parent's minus the database and test-runner variables, plus `env`. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'TEST') continue;
    base[k] = v;
  }
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** Runs `node --import tsx <script> …args` from the repository root. */
export function runTsScript(script: string, args: string[], env: Record<string, string | undefined>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let done = false;
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' waits for the pipes to drain, so stdout() is complete once this resolves.
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  return { child, pid: child.pid, stdout: () => out, stderr: () => err, exited, hasExited: () => done };
}

export interface ServerProcess extends ChildRun {
  url: string;
  port: number;
  /** Waits until GET /api/health answers 200 (throws with the output when the process exits first). */
  waitHealthy(timeoutMs?: number): Promise<unknown>;
  /** SIGTERM, then waits for the exit (SIGKILL after the timeout). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL and wait: a crash, as far as the data folder is concerned. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  /** Embedded database folder (ignored by the server when databaseUrl is given). */
  dataDir: string;
  databaseUrl?: string;
  port?: number;
  env?: Record<string, string | undefined>;
}

/** Non-demo by default so a start does not seed the demo province (faster, deterministic). */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const run = runTsScript('server/src/main.ts', [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl,
    DEMO: '0',
    SESSION_SECRET: 'lifecycle-test-session-secret-0123456789abcdef',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  const describeOutput = () => `\n--- stdout ---\n${run.stdout().slice(-4000)}\n--- stderr ---\n${run.stderr().slice(-4000)}`;
  return {
    ...run,
    url,
    port,
    async waitHealthy(timeoutMs = 80_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (run.hasExited()) {
          const { code, signal } = await run.exited;
          throw new Error(`server exited (code ${code}, signal ${signal}) before it was healthy${describeOutput()}`);
        }
        try {
          const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
          if (res.status === 200) return await res.json();
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      run.child.kill('SIGKILL');
      throw new Error(`server not healthy after ${timeoutMs} ms${describeOutput()}`);
    },
    async stop(timeoutMs = 20_000) {
      if (!run.hasExited()) run.child.kill('SIGTERM');
      const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
      try {
        return await run.exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (!run.hasExited()) run.child.kill('SIGKILL');
      await run.exited;
    },
  };
}
