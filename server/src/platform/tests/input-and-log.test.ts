import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { hashPassword } from '../../modules/identity/crypto.ts';
import { createTestTree, type SignedIn, signIn, type TestTree } from '../../modules/identity/tests/factories.ts';
import { modules } from '../../modules.ts';
import { pathsWithNul } from '../http/nul-guard.ts';
import { createLogger, maskSecrets } from '../logger.ts';
import type { ModuleDefinition } from '../module.ts';

/**
 * Issue 14 items 4 and 5: U+0000 refused once by the platform for every string of every body,
 * query and path parameter; and a run that provokes every class of error leaves no SQL parameter,
 * body, password hash, token, CCCD or e-mail in the log.
 */
const secrets = {
  email: 'nguyen.thi.bi.mat@example.edu.vn',
  cccd: '001203004567',
  token: 'tK9fQ2xLm8Rz4WvB7nHc3JpY6sDg1AeU5oZi0',
  password: 'Mật-khẩu-bí-mật-2026',
  phone: '0912345678',
};
let hash = '';

/** Routes that fail the way a bug would: a failing SQL statement with personal parameters, a thrown message, a leaking response. */
const probe: ModuleDefinition = {
  name: 'probe',
  messages: { vi: {}, en: {} },
  async routes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/sql', { config: { public: true } }, async () => {
      await app.platform.database.db.execute(
        sql`INSERT INTO identity.users (id, username, display_name, email, password_hash) VALUES (${secrets.email}::uuid, ${secrets.cccd}, ${secrets.token}, ${secrets.email}, ${hash})`,
      );
      return {};
    });
    r.post('/unique', { config: { public: true } }, async () => {
      for (let i = 0; i < 2; i++) {
        await app.platform.database.db.execute(
          sql`INSERT INTO identity.users (username, display_name, email, password_hash) VALUES (${`probe-${secrets.cccd}`}, 'Probe', ${secrets.email}, ${hash})`,
        );
      }
      return {};
    });
    r.post('/thrown', { config: { public: true } }, async () => {
      throw new Error(`could not mail ${secrets.email} (CCCD ${secrets.cccd}, token ${secrets.token}, hash ${hash})`);
    });
    r.get(
      '/leak',
      { config: { public: true }, schema: { response: { 200: z.object({ n: z.number() }) } } },
      async () => ({ n: secrets.email }) as never,
    );
  },
};

let t: TestApp;
let tree: TestTree;
let principal: SignedIn;
const lines: string[] = [];
beforeAll(async () => {
  hash = await hashPassword(secrets.password, { memoryKib: 19456, timeCost: 2, parallelism: 1 });
  t = await createTestApp({
    modules: [...modules, probe],
    env: { LOGIN_IP_MAX_FAILURES: '1', BODY_LIMIT_BYTES: '2048' },
    logger: createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) }),
  });
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
});
afterAll(async () => t.close());

const NUL = '\u0000';

describe('U+0000 in any text (item 4)', () => {
  it('finds every string holding it, values and keys, at any depth (rule)', () => {
    expect(pathsWithNul({ a: 'ok', b: [`x${NUL}`, { c: NUL }], [`k${NUL}`]: 1 }, 'body')).toEqual([
      'body.b.0',
      'body.b.1.c',
      'body.k\\u0000',
    ]);
    expect(pathsWithNul({ a: 'ok', n: 3, d: null }, 'body')).toEqual([]);
  });

  it.each([
    ['a search of users', 'GET', `/api/identity/users?q=${encodeURIComponent(`an${NUL}`)}`, undefined, 'query.q'],
    ['a search of students', 'GET', `/api/registry/students?q=${encodeURIComponent(`an${NUL}`)}`, undefined, 'query.q'],
    ['a search of units', 'GET', `/api/org/units/search?q=${encodeURIComponent(`tr${NUL}`)}`, undefined, 'query.q'],
    ['a path parameter', 'GET', '/api/org/units/%00', undefined, 'params.id'],
    [
      'a new user',
      'POST',
      '/api/identity/users',
      { username: 'nul-user', displayName: `Nguyễn${NUL} An`, email: secrets.email, homeUnitId: '00000000-0000-4000-8000-000000000000' },
      'body.displayName',
    ],
    ['a new student', 'POST', '/api/registry/students', { fullName: `An${NUL}`, guardians: [{ fullName: NUL }] }, 'body.fullName'],
  ])('refuses it in %s with 400 naming the field', async (_label, method, url, payload, path) => {
    const res = await t.app.inject({ method: method as 'GET', url, payload, headers: principal.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('platform.validation');
    expect(res.json().errors).toContainEqual(expect.objectContaining({ path, code: 'validation.nulCharacter' }));
    expect(res.json().errors[0].message).toMatch(/U\+0000/);
  });
});

describe('nothing secret in the log (item 5)', () => {
  it('provokes every class of error and finds no secret in what was logged', async () => {
    const inject = (o: InjectOptions) => t.app.inject(o);
    const statuses = [
      // 400: validation (zod), NUL, malformed JSON
      (
        await inject({
          method: 'POST',
          url: '/api/identity/login',
          payload: { login: secrets.email, password: secrets.password, x: secrets.cccd },
        })
      ).statusCode,
      (
        await inject({
          method: 'POST',
          url: '/api/identity/login',
          payload: { login: `${secrets.email}${NUL}`, password: secrets.password },
        })
      ).statusCode,
      (
        await inject({
          method: 'POST',
          url: '/api/identity/login',
          headers: { 'content-type': 'application/json' },
          payload: `{"login":"${secrets.email}",`,
        })
      ).statusCode,
      // 401: a wrong password; 401: no session
      (
        await inject({
          method: 'POST',
          url: '/api/identity/login',
          payload: { login: secrets.email, password: secrets.password },
          remoteAddress: '10.8.0.1',
        })
      ).statusCode,
      (await inject({ method: 'GET', url: `/api/identity/users?q=${secrets.email}` })).statusCode,
      // 403: CSRF; 404: a route and a record; 409/422: a domain refusal
      (await inject({ method: 'POST', url: '/api/identity/logout', headers: { cookie: principal.headers.cookie! } })).statusCode,
      (await inject({ method: 'GET', url: `/api/nothing/${secrets.token}?email=${secrets.email}` })).statusCode,
      (await inject({ method: 'GET', url: '/api/identity/users/00000000-0000-4000-8000-000000000000', headers: principal.headers }))
        .statusCode,
      (
        await inject({
          method: 'POST',
          url: '/api/identity/me/password',
          headers: principal.headers,
          payload: { currentPassword: secrets.password, newPassword: secrets.password },
        })
      ).statusCode,
      // 413, 415
      (await inject({ method: 'POST', url: '/api/identity/login', payload: { login: secrets.email, password: secrets.cccd.repeat(300) } }))
        .statusCode,
      (
        await inject({
          method: 'POST',
          url: '/api/identity/login',
          headers: { 'content-type': 'text/csv' },
          payload: `${secrets.email},${secrets.cccd}`,
        })
      ).statusCode,
      // 400: a reset token guessed; 429: the address throttled (1 failure here)
      (
        await inject({
          method: 'POST',
          url: '/api/identity/password-reset',
          payload: { token: secrets.token, newPassword: secrets.password },
        })
      ).statusCode,
      (
        await inject({
          method: 'POST',
          url: '/api/identity/login',
          payload: { login: secrets.phone, password: secrets.password },
          remoteAddress: '10.8.0.1',
        })
      ).statusCode,
      // 500: SQL that fails on a parameter, a unique violation, a thrown message, a response that leaks
      (await inject({ method: 'POST', url: '/api/probe/sql' })).statusCode,
      (await inject({ method: 'POST', url: '/api/probe/unique' })).statusCode,
      (await inject({ method: 'POST', url: '/api/probe/thrown' })).statusCode,
      (await inject({ method: 'GET', url: '/api/probe/leak' })).statusCode,
    ];
    expect(new Set(statuses)).toEqual(new Set([400, 401, 403, 404, 413, 415, 422, 429, 500]));
    const log = lines.join('');
    // The errors were logged, with what an operator needs to find them.
    expect(log).toContain('"sqlState":"22P02"');
    expect(log).toContain('"sqlState":"23505"');
    expect(log).toContain('"constraint":"users_username_uq"');
    expect(log).toContain('request failed');
    expect(log).toContain('"route":"/api/identity/users"');
    for (const [name, value] of Object.entries({ ...secrets, hash, argon2: '$argon2', sql: 'INSERT INTO', params: 'params:' })) {
      expect(log.includes(value), `${name} in the log`).toBe(false);
    }
    expect(log.toLowerCase()).not.toContain(secrets.email.toLowerCase());
  });

  it('masks e-mails, hashes, long digit runs and tokens in a message (rule)', () => {
    expect(maskSecrets(`a ${secrets.email}, ${secrets.cccd}; $argon2id$v=19$m=19456,t=2,p=1$abc$def ${secrets.token}`)).toBe(
      'a [e-mail], [digits]; [hash] [token]',
    );
  });
});
