/**
 * npm run bench -- <scenario> [--rounds 3] [--duration 10] [--warmup 5] [--connections 32]
 *                             [--pool 10] [--size default] [--log-level info]
 *
 * Runs one scenario against the real app (non-demo, production settings) on the PostgreSQL
 * server of DATABASE_URL (or a throwaway cluster with BENCH_START_PG=1) and against a bare
 * Fastify + pg baseline (bench/baseline.ts) with the same request and pool size, both as child
 * processes. Rounds alternate app, baseline, app, baseline… so a noisy neighbour on the machine
 * hits both alike; figures are medians over the rounds. Writes
 * bench/results/<scenario>-<timestamp>.json (settings next to figures, every app figure also as
 * a ratio to the baseline's) and prints it to stdout.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type LoadFigures, runLoad } from './lib/load.ts';
import { type Cluster, startThrowawayCluster } from './lib/pg-cluster.ts';
import { type BenchProcess, repoRoot, startNodeServer } from './lib/processes.ts';
import { machine, ratios, summarise } from './lib/result.ts';
import type { BenchRequest } from './lib/types.ts';
import { loadScenario, scenarioNames } from './scenarios/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
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

const scenario = await loadScenario(positionals[0] ?? '');
if (!scenario) {
  const all = await Promise.all(scenarioNames.map(loadScenario));
  fail(
    'Usage: npm run bench -- <scenario> [--rounds n] [--duration s] [--warmup s] [--connections n] [--pool n] [--size s] [--log-level l]\n' +
      `Scenarios:\n${all.map((s) => `  ${s?.name.padEnd(14)} ${s?.description}`).join('\n')}`,
  );
}
const settings = {
  rounds: Number(values.rounds),
  roundSeconds: Number(values.duration),
  warmupSeconds: Number(values.warmup),
  connections: Number(values.connections),
  poolSize: Number(values.pool),
  size: values.size,
  logLevel: values['log-level'],
};
if (![settings.rounds, settings.roundSeconds, settings.connections, settings.poolSize].every((n) => Number.isInteger(n) && n > 0)) {
  fail('--rounds, --duration, --connections and --pool must be positive integers');
}

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
const logFile = (what: string) => path.join(logDir, `${scenario.name}-${stamp}-${what}`);
const started: BenchProcess[] = [];
const cleanup = () => {
  for (const p of started) p.child.kill('SIGKILL');
  cluster?.stop();
};
process.once('SIGINT', () => {
  cleanup();
  process.exit(130);
});
const say = (line: string) => process.stderr.write(`${line}\n`);

try {
  say(`bench ${scenario.name}: starting the app`);
  const app = await startNodeServer({
    name: 'app',
    script: 'server/src/main.ts',
    readyPath: '/api/health',
    logFile: logFile('app.log'),
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
  const prepared = (await scenario.setup?.({ pool, size: settings.size, appUrl: app.url })) ?? {
    dataSize: { description: 'migrated schema, no seeded data' },
  };
  if (scenario.run) {
    // one-shot scenario: no baseline, no load rounds
    app.startSampling(100);
    const machineAtStart = machine();
    const figures = await scenario.run({
      pool,
      size: settings.size,
      appUrl: app.url,
      appHeaders: prepared.appHeaders ?? {},
      say,
      appMemory: () => app.memory(),
      tmpDir: logDir,
    });
    const memory = app.memory();
    const appExit = await app.stop();
    const { rows } = await pool.query<{ version: string; size: string }>(
      "SELECT current_setting('server_version') AS version, pg_database_size(current_database())::text AS size",
    );
    await pool.end();
    const result = {
      scenario: scenario.name,
      description: scenario.description,
      at: new Date().toISOString(),
      machine: { ...machineAtStart, loadAverageAtEnd: machine().loadAverageAtStart },
      database: {
        kind: 'postgres',
        serverVersion: rows[0]?.version,
        throwawayCluster: cluster !== undefined,
        poolSizeApp: settings.poolSize,
        databaseSizeMb: Math.round((Number(rows[0]?.size) / 1024 ** 2) * 10) / 10,
      },
      settings: {
        dataSize: prepared.dataSize,
        app: { demo: false, logLevel: settings.logLevel, nodeEnv: 'production', exitCode: appExit },
      },
      figures,
      app: { memory },
    };
    const dir = path.join(repoRoot, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${scenario.name}-${stamp}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    say(`written ${path.relative(repoRoot, file)}`);
    cleanup();
    process.exit(0);
  }
  let contextFile: string | undefined;
  if (prepared.baselineContext !== undefined) {
    contextFile = logFile('baseline-context.json');
    fs.writeFileSync(contextFile, JSON.stringify(prepared.baselineContext));
  }
  say(`bench ${scenario.name}: starting the baseline`);
  const baseline = await startNodeServer({
    name: 'baseline',
    script: 'bench/baseline.ts',
    readyPath: '/__bench/ready',
    logFile: logFile('baseline.log'),
    env: {
      DATABASE_URL: databaseUrl,
      DB_POOL_SIZE: String(settings.poolSize),
      BENCH_SCENARIO: scenario.name,
      NODE_ENV: 'production',
      ...(contextFile ? { BENCH_CONTEXT_FILE: contextFile } : {}),
    },
  });
  started.push(baseline);

  const sides = [
    {
      proc: app,
      request: { ...scenario.request, headers: { ...scenario.request.headers, ...prepared.appHeaders } },
      rounds: [] as LoadFigures[],
    },
    { proc: baseline, request: scenario.request as BenchRequest, rounds: [] as LoadFigures[] },
  ];
  const load = (seconds: number) => ({ connections: settings.connections, durationSeconds: seconds });
  for (const side of sides) {
    say(`  ${side.proc.name}: warm-up ${settings.warmupSeconds} s`);
    if (settings.warmupSeconds > 0) await runLoad(side.proc.url, side.request, load(settings.warmupSeconds));
    side.proc.startSampling();
  }
  for (let round = 1; round <= settings.rounds; round++) {
    for (const side of sides) {
      say(`  round ${round}/${settings.rounds}, ${side.proc.name}: ${settings.roundSeconds} s, ${settings.connections} connections`);
      side.rounds.push(await runLoad(side.proc.url, side.request, load(settings.roundSeconds)));
    }
  }
  const [appSide, baseSide] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const appFigures = summarise(appSide.rounds, app.memory());
  const baseFigures = summarise(baseSide.rounds, baseline.memory());
  const appExit = await app.stop();
  await baseline.stop();

  const { rows } = await pool.query<{ version: string; max_connections: string; size: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('max_connections') AS max_connections, pg_database_size(current_database())::text AS size",
  );
  await pool.end();
  const db = rows[0];
  const result = {
    scenario: scenario.name,
    description: scenario.description,
    request: scenario.request,
    baselineSql: scenario.baselineSql,
    at: new Date().toISOString(),
    machine: machine(),
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
      rounds: settings.rounds,
      durationSecondsPerRound: settings.roundSeconds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
      pipelining: 1,
      dataSize: prepared.dataSize,
      app: { demo: false, logLevel: settings.logLevel, jobs: true, nodeEnv: 'production', exitCode: appExit },
      baseline: 'bare Fastify 5 + pg.Pool, no logger, no plugins (bench/baseline.ts)',
      figures: 'medians over the rounds; errors and statuses summed; peakRssMb = VmHWM of the process',
    },
    app: appFigures,
    baseline: baseFigures,
    ratioToBaseline: ratios(appFigures, baseFigures),
  };
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario.name}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  say(`written ${path.relative(repoRoot, file)}`);
  cleanup();
  const bad = appFigures.errors + appFigures.unexpectedStatus + baseFigures.errors + baseFigures.unexpectedStatus;
  if (bad > 0) {
    say(`${bad} failed or unexpected responses: the figures are not comparable.`);
    process.exit(1);
  }
} catch (err) {
  cleanup();
  say(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
