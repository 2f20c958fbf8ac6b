/**
 * The baseline of every benchmark: a bare Fastify with a pg.Pool of the same size as the app's,
 * no plugins, no logger, serving the scenario's baseline route. Started by bench/run.ts as a
 * child process of its own, like the app, so both are measured the same way.
 *   PORT, DATABASE_URL, DB_POOL_SIZE, BENCH_SCENARIO, BENCH_CONTEXT_FILE (optional JSON)
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { loadScenario } from './scenarios/index.ts';

const scenario = await loadScenario(process.env.BENCH_SCENARIO ?? '');
if (!scenario) throw new Error(`unknown scenario ${process.env.BENCH_SCENARIO}`);
const contextFile = process.env.BENCH_CONTEXT_FILE;
const context: unknown = contextFile ? JSON.parse(fs.readFileSync(contextFile, 'utf8')) : undefined;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  application_name: 'gds-bench-baseline',
});
const app = Fastify({ logger: false });
app.get('/__bench/ready', async () => {
  await pool.query('SELECT 1');
  return { ok: true };
});
scenario.baseline(app, pool, context);

await app.listen({ port: Number(process.env.PORT ?? 3900), host: '127.0.0.1' });
const stop = () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
