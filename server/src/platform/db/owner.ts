import PgBoss from 'pg-boss';
import type { HashChain } from '../audit-chain.ts';
import { type Database, openPostgres } from './database.ts';
import { applyMigrations } from './migrate.ts';

/**
 * PostgreSQL only: the schema belongs to an owner role (MIGRATION_DATABASE_URL) and the app
 * connects as another role (DATABASE_URL) that may read and write rows but owns nothing, so it can
 * neither disable a trigger nor alter a table, and is not allowed to set
 * session_replication_role. The owner applies the migrations, installs the pg-boss schema, and
 * grants the app role what it needs: row privileges on every table of the platform's schemas,
 * except changing or removing entries of the append-only histories.
 */
export const appSchemas = ['platform', 'identity', 'org', 'registry', 'gradebook', 'pgboss'] as const;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function migrateAsOwner(ownerUrl: string, app: Database, chains: readonly HashChain[]): Promise<{ appRole: string }> {
  const [who] = await app.query<{ role: string }>('SELECT current_user AS role');
  const appRole = who!.role;
  const owner = openPostgres(ownerUrl, 2);
  try {
    const [me] = await owner.query<{ role: string }>('SELECT current_user AS role');
    if (me!.role === appRole) throw new Error('MIGRATION_DATABASE_URL must name another role than DATABASE_URL');
    await applyMigrations(owner);
    // pg-boss installs or upgrades its schema at start: the owner does it once, with no workers.
    const boss = new PgBoss({ connectionString: ownerUrl, schema: 'pgboss', supervise: false, schedule: false, max: 2 });
    boss.on('error', () => {});
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
    const role = ident(appRole);
    const statements: string[] = [];
    for (const schema of appSchemas) {
      const s = ident(schema);
      statements.push(
        `GRANT USAGE ON SCHEMA ${s} TO ${role}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`,
        `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
      );
    }
    // A new queue is a new partition table: pg-boss's create_queue runs as the owner.
    statements.push(
      'ALTER FUNCTION pgboss.create_queue(text, json) SECURITY DEFINER',
      'ALTER FUNCTION pgboss.create_queue(text, json) SET search_path = pg_catalog, pgboss',
    );
    // The histories: append only, already at the privilege level (the triggers stay as a second lock).
    for (const c of chains) statements.push(`REVOKE UPDATE, DELETE, TRUNCATE ON ${c.table} FROM ${role}`);
    for (const statement of statements) await owner.query(statement);
  } finally {
    await owner.close();
  }
  return { appRole };
}
