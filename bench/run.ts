/**
 * npm run bench -- <scenario> [--duration 20] [--warmup 5] [--connections 32] [--pool 10]
 *                             [--size <as scenario defines>] [--log-level info]
 *
 * Runs one scenario against the real app (non-demo, production settings) on the PostgreSQL
 * server of DATABASE_URL (or a throwaway cluster with BENCH_START_PG=1), then against a bare
 * Fastify + pg baseline (bench/baseline.ts) with the same request and pool size, and writes
 * bench/results/<scenario>-<timestamp>.json: the settings of the run next to the figures, and
 * each app figure as a ratio to the baseline's. The JSON is printed to stdout too.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type LoadFigures, runLoad } from './lib/load.ts';
import { type Cluster, startThrowawayCluster } from './lib/pg-cluster.ts';
import { type BenchProcess, repoRoot, startNodeServer } from './lib/processes.ts';
import type { Scenario } from './lib/types.ts';
import { findScenario, scenarios } from './scenarios/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    pool: { type: 'string', default: '10' },
    size: { type: 'string', default: 'default' },
    'log-level': { type: 'string', default: 'info' },
  },
});

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(2);
}

const scenario = findScenario(positionals[0] ?? '');
if (!scenario) {
  fail(
    `Usage: npm run bench -- <scenario> [--duration s] [--warmup s] [--connections n] [--pool n]\nScenarios:\n${scenarios.map((s) => `  ${s.name.padEnd(14)} ${s.description}`).join('\n')}`,
  );
}
const settings = {
  durationSeconds: Number(values.duration),
  warmupSeconds: Number(values.warmup),
  connections: Number(values.connections),
  poolSize: Number(values.pool),
  size: values.size,
  logLevel: values['log-level'],
};

let cluster: Cluster | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  if (process.env.BENCH_START_PG !== '1') {
    fail(
      'DATABASE_URL is not set. Benchmarks run on a real PostgreSQL server, never on the embedded database:\n' +
        '  DATABASE_URL=postgres://user:password@127.0.0.1:5432/gds_bench npm run bench -- health\n' +
        'or let the harness start a throwaway cluster (needs `apt-get install postgresql`, run as root or postgres):\n' +
        '  BENCH_START_PG=1 npm run bench -- health',
    );
  }
  cluster = await startThrowawayCluster();
  databaseUrl = cluster.url;
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const logDir = path.join(repoRoot, '.tmp', 'bench');
fs.mkdirSync(logDir, { recursive: true });
const started: BenchProcess[] = [];
const cleanup = () => {
  for (const p of started) p.child.kill('SIGKILL');
  cluster?.stop();
};
process.once('SIGINT', () => {
  cleanup();
  process.exit(130);
});

async function measure(proc: BenchProcess, s: Scenario): Promise<LoadFigures & { memory: ReturnType<BenchProcess['memory']> }> {
  process.stderr.write(`  ${proc.name}: warm-up ${settings.warmupSeconds} s, then ${settings.durationSeconds} s with ${settings.connections} connections\n`);
  if (settings.warmupSeconds > 0) await runLoad(proc.url, s.request, { connections: settings.connections, durationSeconds: settings.warmupSeconds });
  proc.startSampling();
  const figures = await runLoad(proc.url, s.request, { connections: settings.connections, durationSeconds: settings.durationSeconds });
  return { ...figures, memory: proc.memory() };
}

try {
  process.stderr.write(`bench ${scenario.name}: app\n`);
  const app = await startNodeServer({
    name: 'app',
    script: 'server/src/main.ts',
    readyPath: '/api/health',
    logFile: path.join(logDir, `${scenario.name}-${stamp}-app.log`),
    env: {
      DATABASE_URL: databaseUrl,
      DB_POOL_SIZE: String(settings.poolSize),
      DEMO: '0',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: settings.logLevel,
      NODE_ENV: 'production',
    },
  });
  started.push(app);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const dataSize = (await scenario.setup?.({ pool, size: settings.size })) ?? { description: 'migrated schema, no seeded data' };
  const appFigures = await measure(app, scenario);
  const captured = await scenario.captureFromApp?.(app.url);
  const appExit = await app.stop();

  process.stderr.write(`bench ${scenario.name}: baseline\n`);
  let capturedFile: string | undefined;
  if (captured !== undefined) {
    capturedFile = path.join(logDir, `${scenario.name}-${stamp}-captured.json`);
    fs.writeFileSync(capturedFile, JSON.stringify(captured));
  }
  const baseline = await startNodeServer({
    name: 'baseline',
    script: 'bench/baseline.ts',
    readyPath: '/__bench/ready',
    logFile: path.join(logDir, `${scenario.name}-${stamp}-baseline.log`),
    env: {
      DATABASE_URL: databaseUrl,
      DB_POOL_SIZE: String(settings.poolSize),
      BENCH_SCENARIO: scenario.name,
      NODE_ENV: 'production',
      ...(capturedFile ? { BENCH_CAPTURED_FILE: capturedFile } : {}),
    },
  });
  started.push(baseline);
  const baseFigures = await measure(baseline, scenario);
  await baseline.stop();

  const { rows } = await pool.query<{ version: string; max_connections: string; size: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('max_connections') AS max_connections, pg_database_size(current_database())::text AS size",
  );
  await pool.end();
  const db = rows[0];
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000);
  const cpus = os.cpus();
  const result = {
    scenario: scenario.name,
    description: scenario.description,
    request: scenario.request,
    baselineSql: scenario.baselineSql,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      loadAverageAtStart: os.loadavg(),
      note: 'load generator (autocannon), server under test and PostgreSQL share this machine',
    },
    database: {
      kind: 'postgres',
      serverVersion: db?.version,
      maxConnections: Number(db?.max_connections),
      throwawayCluster: cluster !== undefined,
      poolSizeApp: settings.poolSize,
      poolSizeBaseline: settings.poolSize,
      databaseSizeMb: Math.round((Number(db?.size) / 1024 ** 2) * 10) / 10,
    },
    settings: {
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
      pipelining: 1,
      dataSize,
      app: { demo: false, logLevel: settings.logLevel, jobs: true, nodeEnv: 'production', exitCode: appExit },
      baseline: 'bare Fastify 5 + pg.Pool, no logger, no plugins (bench/baseline.ts)',
    },
    app: appFigures,
    baseline: baseFigures,
    ratioToBaseline: {
      requestsPerSecond: ratio(appFigures.requestsPerSecond, baseFigures.requestsPerSecond),
      latencyP50: ratio(appFigures.latencyMs.p50, baseFigures.latencyMs.p50),
      latencyP90: ratio(appFigures.latencyMs.p90, baseFigures.latencyMs.p90),
      latencyP99: ratio(appFigures.latencyMs.p99, baseFigures.latencyMs.p99),
      peakRss: ratio(appFigures.memory.peakRssMb, baseFigures.memory.peakRssMb),
    },
  };
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario.name}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`written ${path.relative(repoRoot, file)}\n`);
  const bad = appFigures.errors + appFigures.unexpectedStatus + baseFigures.errors + baseFigures.unexpectedStatus;
  cleanup();
  if (bad > 0) {
    process.stderr.write(`${bad} failed or unexpected responses: the figures are not comparable.\n`);
    process.exit(1);
  }
} catch (err) {
  cleanup();
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
