import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import type { ModuleDefinition } from '../module.ts';

/** A module that exists only in this test, to exercise the platform's request pipeline. */
const probe: ModuleDefinition = {
  name: 'probe',
  messages: { vi: { 'probe.custom': 'Điểm phải từ 0 đến 10.' }, en: { 'probe.custom': 'A score is 0 to 10.' } },
  async routes(app: FastifyInstance) {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/echo',
      {
        config: { public: true },
        schema: {
          body: z.strictObject({
            name: z.string().min(1),
            count: z.number().int(),
            score: z
              .string()
              .refine((v) => Number(v) <= 10, { params: { code: 'probe.custom' } })
              .optional(),
          }),
          response: { 200: z.object({ name: z.string() }) },
        },
      },
      async (request) => ({ name: request.body.name, secret: 'must not leak' }),
    );
    app.get('/boom', { config: { public: true } }, async () => {
      throw new Error('relation "students" does not exist at SELECT * FROM registry.students');
    });
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [probe] });
});
afterAll(async () => t.close());

describe('API platform', () => {
  it('reports health of the process and the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { ok: true, kind: t.database.kind } });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers unknown API paths with a problem document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'platform.routeNotFound', title: 'Không có địa chỉ API này.', status: 404 });
  });

  it('rejects malformed JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "An",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('platform.malformedJson');
  });

  it('names each bad field, in Vietnamese by default and English on request', async () => {
    const payload = { name: '', count: 'three', extra: true };
    const vi = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload });
    expect(vi.statusCode).toBe(400);
    const body = vi.json();
    expect(body.code).toBe('platform.validation');
    const byPath = Object.fromEntries(body.errors.map((e: { path: string; code: string }) => [e.path, e.code]));
    expect(byPath).toMatchObject({
      'body.name': 'validation.tooSmall',
      'body.count': 'validation.invalidType',
      'body.extra': 'validation.unrecognizedKeys',
    });
    expect(body.title).toMatch(/không hợp lệ|chưa hợp lệ/);
    const en = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload, headers: { 'accept-language': 'en' } });
    expect(en.json().title).toBe('Some fields are not valid. Please check the marked fields.');
  });

  it('reports a missing field as required and a refinement by its own code', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload: { name: 'An', score: '11' } });
    const errors = res.json().errors as { path: string; code: string; message: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ path: 'body.count', code: 'validation.required' }));
    expect(errors).toContainEqual({ path: 'body.score', code: 'probe.custom', message: 'Điểm phải từ 0 đến 10.' });
  });

  it('sends only whitelisted response fields', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload: { name: 'An', count: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'An' });
  });

  it('refuses a 10 MB body with 413 before reading it all', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024), count: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'platform.payloadTooLarge', title: expect.stringContaining('1 MB') });
  });

  it('never leaks internals of a failure', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/probe/boom', headers: { 'x-request-id': 'trace-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.payload).not.toMatch(/students|SELECT|at .*\.ts/);
    expect(res.json()).toMatchObject({ code: 'platform.internal', requestId: 'trace-42' });
  });

  it('publishes OpenAPI 3.1 with the routes and a reference UI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/probe/echo']));
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });
});

describe('route declarations', () => {
  it('refuses to start when a route declares neither a permission nor public', async () => {
    const careless: ModuleDefinition = {
      name: 'careless',
      messages: { vi: {}, en: {} },
      async routes(app) {
        app.get('/open', async () => ({}));
      },
    };
    await expect(createTestApp({ modules: [careless] })).rejects.toThrow(/GET \/api\/careless\/open/);
  });
});
