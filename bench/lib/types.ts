import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

/** One HTTP request that autocannon repeats, the same against the app and the baseline. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Any other status counts as an error of the run (recorded as `unexpectedStatus`). */
  expectStatus: number;
}

export interface SetupContext {
  /** A pool on the benchmark database, after the app has migrated it. */
  pool: pg.Pool;
  /** `--size` of the run (scenarios that seed data decide what it means). */
  size: string;
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
   * Prepares the benchmark database (runs after the app started and migrated it, before the
   * warm-up); returns a description of the data, recorded as `dataSize`. Must be idempotent.
   */
  setup?(ctx: SetupContext): Promise<Record<string, unknown>>;
  /** Reads something from the running app that the baseline needs (e.g. a document it serves). */
  captureFromApp?(appUrl: string): Promise<unknown>;
  /** Registers the baseline route (same method and path as `request`) on a bare Fastify. */
  baseline(app: FastifyInstance, pool: pg.Pool, captured: unknown): void;
}
