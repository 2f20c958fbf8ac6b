import os from 'node:os';
import type { LoadFigures } from './load.ts';
import type { BenchProcess } from './processes.ts';

export interface SideFigures {
  /** Medians over the rounds (req/s, latency), sums (errors, statuses), memory at the end. */
  requestsPerSecond: number;
  requestsTotal: number;
  latencyMs: LoadFigures['latencyMs'];
  throughputBytesPerSecond: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  unexpectedStatus: number;
  statusCodes: Record<string, number>;
  memory: ReturnType<BenchProcess['memory']>;
  rounds: { requestsPerSecond: number; latencyMs: LoadFigures['latencyMs'] }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function summarise(rounds: LoadFigures[], memory: SideFigures['memory']): SideFigures {
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const lat = (k: keyof LoadFigures['latencyMs']) => median(rounds.map((r) => r.latencyMs[k]));
  return {
    requestsPerSecond: Math.round(median(rounds.map((r) => r.requestsPerSecond)) * 10) / 10,
    requestsTotal: sum(rounds.map((r) => r.requestsTotal)),
    latencyMs: {
      mean: lat('mean'),
      p50: lat('p50'),
      p90: lat('p90'),
      p99: lat('p99'),
      max: Math.max(...rounds.map((r) => r.latencyMs.max)),
    },
    throughputBytesPerSecond: Math.round(median(rounds.map((r) => r.throughputBytesPerSecond))),
    errors: sum(rounds.map((r) => r.errors)),
    timeouts: sum(rounds.map((r) => r.timeouts)),
    non2xx: sum(rounds.map((r) => r.non2xx)),
    unexpectedStatus: sum(rounds.map((r) => r.unexpectedStatus)),
    statusCodes,
    memory,
    rounds: rounds.map((r) => ({ requestsPerSecond: r.requestsPerSecond, latencyMs: r.latencyMs })),
  };
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000);

export function ratios(app: SideFigures, baseline: SideFigures) {
  return {
    requestsPerSecond: ratio(app.requestsPerSecond, baseline.requestsPerSecond),
    latencyP50: ratio(app.latencyMs.p50, baseline.latencyMs.p50),
    latencyP90: ratio(app.latencyMs.p90, baseline.latencyMs.p90),
    latencyP99: ratio(app.latencyMs.p99, baseline.latencyMs.p99),
    peakRss: ratio(app.memory.peakRssMb, baseline.memory.peakRssMb),
  };
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg(),
    note: 'load generator (autocannon), server under test and PostgreSQL share this machine',
  };
}
