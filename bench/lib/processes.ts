import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../server/tests/support/server-process.ts';

export { freePort };

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface BenchProcess {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
  /** The process's own peak resident set (VmHWM) and the highest sample of VmRSS, in MiB. */
  memory(): { peakRssMb: number | null; maxSampledRssMb: number | null };
  startSampling(intervalMs?: number): void;
  stop(): Promise<number | null>;
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null; // not Linux, or the process has gone
  }
}
const mb = (kb: number | null) => (kb === null ? null : Math.round((kb / 1024) * 10) / 10);

/**
 * Starts `node --import tsx <script>` from the repository root and waits until `readyPath`
 * answers 200. The child is node itself (no npm or tsx wrapper), so /proc/<pid> is the server.
 * Its output goes to `logFile`.
 */
/**
 * The node flags of the server's own start script (`npm start`: its heap sizes), so the bench
 * measures the server as it is run, never a differently tuned one.
 */
function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const own = pkg.scripts.start.split(/\s+/).filter((a) => /^--max-(old|semi)-space-size=/.test(a));
  // BENCH_SERVER_NODE_FLAGS: extra flags for a look inside (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
  return [...own, ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter((a) => a !== '')];
}

export async function startNodeServer(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  readyPath: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<BenchProcess> {
  const port = await freePort();
  const log = fs.openSync(options.logFile, 'a');
  const env = { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' };
  const child = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', options.script], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name}`);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`${options.name} exited with ${exitCode} before it was ready; see ${options.logFile}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} not ready in time; see ${options.logFile}`);
    }
    try {
      const res = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  let maxSampledKb: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  return {
    name: options.name,
    pid,
    url,
    child,
    memory: () => ({ peakRssMb: mb(readStatusKb(pid, 'VmHWM')), maxSampledRssMb: mb(maxSampledKb) }),
    startSampling(intervalMs = 200) {
      const sample = () => {
        const kb = readStatusKb(pid, 'VmRSS');
        if (kb !== null && (maxSampledKb === null || kb > maxSampledKb)) maxSampledKb = kb;
      };
      sample();
      timer = setInterval(sample, intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (exitCode === undefined) child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(force);
      return code;
    },
  };
}
