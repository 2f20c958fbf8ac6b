import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

export interface RowsResult<T> {
  rows: T[];
}

/** What `execute()` returns on both drivers: PGlite's Results and node-postgres's QueryResult both carry `rows`. */
export interface RowsResultHKT extends PgQueryResultHKT {
  readonly type: RowsResult<this['row']>;
}

/** The one query surface every module uses; both drivers produce it. */
export type Db = PgDatabase<RowsResultHKT>;
export type Tx = PgTransaction<RowsResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Repos take either: a call inside a command passes its transaction. */
export type Queryable = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw parameterised query (pg-boss adapter, scripts). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations, pg-boss DDL). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
  /** Present on the embedded database: tests dump and clone it. */
  pglite?: PGlite;
  /** Present on a server database: the benchmark reads pool statistics. */
  pool?: pg.Pool;
}

export const pgliteExtensions = { unaccent, pg_trgm };

export function wrapPglite(client: PGlite): Database {
  return {
    kind: 'pglite',
    db: drizzlePglite(client) as unknown as Db,
    pglite: client,
    async query(text, params) {
      if (params && params.length > 0) return (await client.query(text, params)).rows as never[];
      // pg-boss sends multi-statement scripts without parameters and reads the last rows.
      const results = await client.exec(text);
      return results.flatMap((r) => r.rows) as never[];
    },
    async exec(script) {
      await client.exec(script);
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const client = await PGlite.create({ dataDir, loadDataDir, extensions: pgliteExtensions });
  return wrapPglite(client);
}

// numeric and bigint stay strings (decimal scores and money must never pass through a float);
// count(*) is cast to int in SQL where a number is wanted.
export function openPostgres(connectionString: string, max: number): Database {
  const pool = new pg.Pool({ connectionString, max, application_name: 'giao-duc-so' });
  pool.on('error', () => {
    // An idle client lost its server; the pool replaces it. Queries in flight get their own error.
  });
  return wrapPostgres(pool);
}

/** A `Database` over a node-postgres pool (the server's own, or one a script or benchmark holds); closing ends the pool. */
export function wrapPostgres(pool: pg.Pool): Database {
  return {
    kind: 'postgres',
    db: drizzlePg(pool) as unknown as Db,
    pool,
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await pool.end();
    },
  };
}

/** The PostgreSQL error under a Drizzle wrapper (DrizzleQueryError keeps it as `cause`). */
export interface PgErrorInfo {
  code?: string;
  message: string;
  constraint?: string;
}
export function pgErrorOf(err: unknown): PgErrorInfo | undefined {
  for (let e = err as { code?: unknown; cause?: unknown; message?: unknown; constraint?: unknown } | undefined; e; ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, message: String(e.message), constraint: e.constraint as string | undefined };
    }
    e = e.cause as typeof e;
  }
  return undefined;
}
