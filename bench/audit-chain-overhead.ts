/**
 * The cost of the audit hash chain per entry, apart from the HTTP scenarios (whose figures drown
 * it on a busy host): DATABASE_URL=postgres://… npx tsx bench/audit-chain-overhead.ts [entries]
 *
 * On a fresh database of the server (dropped at the end) it writes `entries` audit entries one
 * transaction each, in alternating rounds with the chain trigger on and off (off = the cost before
 * migration 0025), from 8 connections on 8 streams (one school each) and then on one stream (one
 * school, the worst case: every writer queues on the head row). Prints entries/s per round.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { modules } from '../server/src/modules.ts';
import { prepareDatabase } from '../server/src/platform/boot.ts';
import { openPostgres } from '../server/src/platform/db/database.ts';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('DATABASE_URL is required');
const entries = Number(process.argv[2] ?? 4000);
const name = `gds_chain_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = openPostgres(url.toString(), 8);
try {
  await prepareDatabase(database, modules);
  const insert = `INSERT INTO platform.audit_events (actor_label, action, entity_type, entity_id, org_unit_id, after)
    VALUES ('bench', 'bench.chain', 'bench', $1, $2, '{"studentId": "x", "slot": "tx1", "value": "7.5"}')`;
  async function round(streams: string[], chained: boolean): Promise<number> {
    await database.query(`ALTER TABLE platform.audit_events ${chained ? 'ENABLE' : 'DISABLE'} TRIGGER audit_events_chain`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const client = await database.pool!.connect();
        try {
          while (next < entries) {
            const i = next++;
            await client.query('BEGIN');
            await client.query(insert, [String(i), streams[w % streams.length]]);
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    return Math.round(entries / ((performance.now() - started) / 1000));
  }
  // Without the trigger the chain columns would be empty: a placeholder default for the off rounds.
  await database.query("ALTER TABLE platform.audit_events ALTER COLUMN chain_stream SET DEFAULT 'off'");
  await database.query('ALTER TABLE platform.audit_events ALTER COLUMN chain_hash SET DEFAULT $$$$');
  await database.query(
    "CREATE SEQUENCE bench_seq; ALTER TABLE platform.audit_events ALTER COLUMN chain_seq SET DEFAULT nextval('bench_seq')",
  );
  const eight = Array.from({ length: 8 }, () => randomUUID());
  const one = [randomUUID()];
  const results: Record<string, number[]> = { 'on, 8 streams': [], 'off, 8 streams': [], 'on, 1 stream': [], 'off, 1 stream': [] };
  for (let r = 0; r < 3; r++) {
    results['on, 8 streams']!.push(await round(eight, true));
    results['off, 8 streams']!.push(await round(eight, false));
    results['on, 1 stream']!.push(await round(one, true));
    results['off, 1 stream']!.push(await round(one, false));
  }
  const [load] = (await import('node:os')).loadavg();
  console.log(JSON.stringify({ entries, connections: 8, loadAverage1m: load, entriesPerSecond: results }, null, 2));
} finally {
  await database.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
