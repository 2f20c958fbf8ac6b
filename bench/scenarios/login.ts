import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Scenario } from '../lib/types.ts';

/**
 * Password sign-in with the production argon2id cost (m = 19 MiB, t = 2, p = 1), spread over many
 * accounts: verify the hash, write a server-side session, set the cookies. The baseline does the
 * same work (one user lookup, one argon2 verify, one session insert) on a bare Fastify.
 * Anchor: Keycloak sizes 15 password logins/s per vCPU; target ≥ 30/s per core.
 */
const ACCOUNTS = 2000;
const PASSWORD = 'Bench-mat-khau-2026';
const username = (i: number) => `bench.login.${String(i).padStart(5, '0')}`;
const bodies = Array.from({ length: ACCOUNTS }, (_, i) => JSON.stringify({ login: username(i), password: PASSWORD }));

const lookup = 'SELECT id, password_hash FROM identity.users WHERE username = $1';
const insertSession =
  "INSERT INTO identity.sessions (id, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, now() + interval '12 hours', $4, $5)";

export const login: Scenario = {
  name: 'login',
  description: `POST /api/identity/login over ${ACCOUNTS} accounts, argon2id m=19 MiB t=2 p=1`,
  request: { method: 'POST', path: '/api/identity/login', headers: { 'content-type': 'application/json' }, bodies, expectStatus: 200 },
  baselineSql: `${lookup}; ${insertSession}`,
  async setup({ pool }) {
    // ARGON2ID = 2 (the package's const enum); the production minimum cost, as the app's settings.
    const passwordHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    await pool.query(
      `INSERT INTO identity.users (username, display_name, password_hash)
       SELECT 'bench.login.' || lpad(i::text, 5, '0'), 'Tài khoản đo tải ' || i, $1
       FROM generate_series(0, ${ACCOUNTS - 1}) AS i
       ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash`,
      [passwordHash],
    );
    // Earlier runs' sessions and throttle rows would only make the tables bigger.
    await pool.query("DELETE FROM identity.sessions WHERE user_id IN (SELECT id FROM identity.users WHERE username LIKE 'bench.login.%')");
    await pool.query("DELETE FROM identity.login_throttle WHERE key LIKE 'acct:bench.login.%'");
    return { dataSize: { accounts: ACCOUNTS, argon2: { memoryKib: 19456, timeCost: 2, parallelism: 1 } } };
  },
  baseline(app, pool) {
    app.post('/api/identity/login', async (request, reply) => {
      const body = request.body as { login: string; password: string };
      const { rows } = await pool.query<{ id: string; password_hash: string }>(lookup, [body.login.toLowerCase()]);
      const user = rows[0];
      if (!user || !(await verify(user.password_hash, body.password))) return reply.status(401).send({ status: 'denied' });
      const token = randomUUID();
      await pool.query(insertSession, [token, user.id, randomUUID(), request.ip, request.headers['user-agent'] ?? null]);
      reply.header('set-cookie', `gds_session=${token}; HttpOnly; Path=/; SameSite=Lax`);
      return { status: 'ok' };
    });
  },
};
