import type { Scenario } from '../lib/types.ts';

/**
 * The largest public response: the OpenAPI document (no database work). Measures what the
 * platform adds around a big JSON body (helmet headers, request id, language, serialisation);
 * the baseline serves the same bytes, captured from the app, from a bare Fastify route.
 */
export const openapi: Scenario = {
  name: 'openapi',
  description: 'GET /api/openapi.json (large JSON, no database work)',
  request: { method: 'GET', path: '/api/openapi.json', expectStatus: 200 },
  baselineSql: null,
  async setup({ appUrl }) {
    const res = await fetch(`${appUrl}/api/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    const text = await res.text();
    return {
      dataSize: { description: 'no database work', documentBytes: Buffer.byteLength(text) },
      baselineContext: JSON.parse(text),
    };
  },
  baseline(app, _pool, document) {
    app.get('/api/openapi.json', async () => document);
  },
};
