import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

/** One HTTP request that autocannon repeats, the same against the app and the baseline. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Bodies sent in turn instead of one `body` (e.g. sign-ins of many accounts, so no account
   * sees a request rate a real person would not produce).
   */
  bodies?: readonly string[];
  /** Any other status counts as an error of the run (recorded as `unexpectedStatus`). */
  expectStatus: number;
}

export interface SetupContext {
  /** A pool on the benchmark database, after the app has migrated it. */
  pool: pg.Pool;
  /** `--size` of the run (scenarios that seed data decide what it means). */
  size: string;
  /** The running app (e.g. to sign in and take the session cookie). */
  appUrl: string;
}

export interface SetupResult {
  /** What the data looks like, recorded as `settings.dataSize`. */
  dataSize: Record<string, unknown>;
  /** Extra headers of the app request (a session cookie, a CSRF token…). */
  appHeaders?: Record<string, string>;
  /** Handed to `baseline()` in the baseline process (JSON): ids, a captured document… */
  baselineContext?: unknown;
}

/**
 * A benchmark scenario, one file each in bench/scenarios/ and listed in scenarios/index.ts:
 * what it prepares, the request it sends, and the bare Fastify + pg route it is compared with.
 */
export interface Scenario {
  name: string;
  description: string;
  request: BenchRequest;
  /** The SQL the baseline route runs, recorded in the result next to the figures. */
  baselineSql: string | null;
  /**
   * Prepares the run after the app started and migrated the database, before the baseline
   * starts and before any warm-up: seeds data, signs in, reads what the baseline needs.
   * Must be idempotent (the benchmark database may be reused).
   */
  setup?(ctx: SetupContext): Promise<SetupResult>;
  /** Registers the baseline route (same method and path as `request`) on a bare Fastify. */
  baseline(app: FastifyInstance, pool: pg.Pool, context: unknown): void;
  /**
   * A one-shot scenario (an import end to end, a latency survey) instead of the load rounds:
   * runs once after `setup` against the app and returns its figures (recorded as `figures`, next
   * to the app's memory). No baseline process is started; its own comparison, if any, is part of
   * the figures.
   */
  run?(ctx: RunContext): Promise<Record<string, unknown>>;
}

export interface RunContext extends SetupContext {
  /** The headers `setup` returned for the app (a session cookie…). */
  appHeaders: Record<string, string>;
  /** Progress lines on stderr. */
  say(line: string): void;
  /** The app process's memory so far (VmHWM = peak since it started). */
  appMemory(): { peakRssMb: number | null; maxSampledRssMb: number | null };
  /** Where a scenario may write large temporary files. */
  tmpDir: string;
}
