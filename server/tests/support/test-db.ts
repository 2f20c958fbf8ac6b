import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../../src/platform/db/database.ts';

/**
 * A clone of the run's migrated template on the PostgreSQL server of `serverUrl`, for one test
 * file or one child process: its URL, and `drop` to remove it.
 */
export async function cloneServerDatabase(serverUrl: string, prefix = 'gds_test_clone'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Two clones of one template at the same instant can collide; a short retry settles it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      }
    }
  } finally {
    await admin.end();
  }
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      try {
        // After a large seed, autovacuum may be working in the clone: FORCE cannot end a superuser's
        // worker for an ordinary role (42501), so wait for it to finish and try again.
        for (let attempt = 0; ; attempt++) {
          try {
            await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '42501' || attempt >= 40) throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      } finally {
        await drop.end();
      }
    },
  };
}

/**
 * The database a child process (the real server, a fixture script) runs on: a clone on the
 * PostgreSQL server of DATABASE_URL, or, without one, no URL (the child opens the embedded
 * database in its DATA_DIR). `drop` removes the clone, if any.
 */
export async function childDatabase(prefix: string): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? cloneServerDatabase(serverUrl, prefix) : { url: undefined, async drop() {} };
}

/**
 * A private, migrated database for one test file: a clone of the run's template on the
 * database under test (PGlite by default, the PostgreSQL server of DATABASE_URL otherwise).
 * Closing it drops the clone.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = inject('pgliteTemplate');
    return openPglite(undefined, new Blob([fs.readFileSync(file)]));
  }
  const clone = await cloneServerDatabase(url);
  const database = openPostgres(clone.url, 5);
  const close = database.close;
  database.close = async () => {
    await close();
    await clone.drop();
  };
  return database;
}
