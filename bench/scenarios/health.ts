import type { Scenario } from '../lib/types.ts';

const sql = "SELECT current_setting('server_version') AS v";

/** The public health probe: one trivial query, the platform's hooks, zod serialisation. */
export const health: Scenario = {
  name: 'health',
  description: "GET /api/health (one SELECT current_setting('server_version') per request)",
  request: { method: 'GET', path: '/api/health', expectStatus: 200 },
  baselineSql: sql,
  baseline(app, pool) {
    app.get('/api/health', async () => {
      const started = performance.now();
      const { rows } = await pool.query<{ v: string }>(sql);
      return {
        status: 'ok',
        database: { kind: 'postgres', ok: true, latencyMs: performance.now() - started, serverVersion: rows[0]?.v },
      };
    });
  },
};
