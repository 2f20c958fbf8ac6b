import { createRequire } from 'node:module';
import type { BenchRequest } from './types.ts';

/** The fields of an autocannon 8 result that the harness reads (the package ships no types). */
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { average: number; p50: number; p90: number; p99: number; max: number; totalCount: number };
  requests: { average: number; total: number; sent: number };
  throughput: { average: number };
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

export interface LoadFigures {
  requestsPerSecond: number;
  requestsTotal: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  throughputBytesPerSecond: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  unexpectedStatus: number;
  statusCodes: Record<string, number>;
}

/** autocannon's per-request hook: the next body of the list, round-robin over all connections. */
function rotate(bodies: readonly string[]) {
  let next = 0;
  return (req: Record<string, unknown>) => {
    req.body = bodies[next++ % bodies.length];
    return req;
  };
}

/** One autocannon run: no pipelining, a fresh request each time (autocannon never caches). */
export async function runLoad(baseUrl: string, request: BenchRequest, load: LoadSettings): Promise<LoadFigures> {
  const r = await autocannon({
    url: baseUrl + request.path,
    method: request.method,
    headers: { 'cache-control': 'no-cache', ...request.headers },
    body: request.body,
    ...(request.bodies?.length ? { requests: [{ setupRequest: rotate(request.bodies) }] } : {}),
    connections: load.connections,
    duration: load.durationSeconds,
    pipelining: 1,
    timeout: 10,
  });
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  const answered = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: round(r.requests.average),
    requestsTotal: r.requests.total,
    latencyMs: {
      mean: round(r.latency.average),
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
    },
    throughputBytesPerSecond: Math.round(r.throughput.average),
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    unexpectedStatus: answered - (statusCodes[String(request.expectStatus)] ?? 0),
    statusCodes,
  };
}
