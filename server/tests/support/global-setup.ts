import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { modules } from '../../src/modules.ts';
import { openPglite, openPostgres } from '../../src/platform/db/database.ts';
import { prepareDatabase } from '../../src/platform/boot.ts';
import { templateDatabaseName, tmpDir } from './paths.ts';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates one database per run and lets every test file clone it: on PGlite, a dump of the data
 * folder loaded into a fresh in-memory instance; on a PostgreSQL server, CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${templateDatabaseName}`);
    const target = new URL(url);
    target.pathname = `/${templateDatabaseName}`;
    const database = openPostgres(target.toString(), 2);
    await prepareDatabase(database, modules);
    await database.close();
    project.provide('postgresTemplate', templateDatabaseName);
    project.provide('pgliteTemplate', '');
    return async () => {
      // Leftover clones of crashed workers are dropped; the template stays for inspection.
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'gds_test_clone_%'");
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  fs.mkdirSync(tmpDir, { recursive: true });
  const database = await openPglite(undefined);
  await prepareDatabase(database, modules);
  const dump = await database.pglite!.dumpDataDir('gzip');
  const file = path.join(tmpDir, `pglite-template-${process.pid}.tar.gz`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return async () => fs.rmSync(file, { force: true });
}
