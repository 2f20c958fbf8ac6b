import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { encryptSecret } from '../crypto.ts';
import { newTotpSecret, totpCode } from '../rules/totp.ts';
import { users } from '../schema.ts';
import { auditCount, createTestTree, signIn, TEST_PASSWORD, type TestTree } from './factories.ts';

/** Issue 14 items 1–3: second-factor guessing limits, lockout per account, session rotation. */
let t: TestApp;
let tree: TestTree;
beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
});
afterAll(async () => t.close());

const cookiesOf = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers['set-cookie'];
  const list = (Array.isArray(raw) ? raw : [raw]).filter(Boolean) as string[];
  const jar = Object.fromEntries(list.map((c) => c.split(';')[0]!.split('=') as [string, string]));
  return {
    token: jar.gds_session,
    headers: { cookie: `gds_session=${jar.gds_session}; gds_csrf=${jar.gds_csrf}`, 'x-csrf-token': jar.gds_csrf ?? '' },
  };
};
const login = (app: TestApp, name: string, password: string, ip: string) =>
  app.app.inject({ method: 'POST', url: '/api/identity/login', payload: { login: name, password }, remoteAddress: ip });
const submitCode = (app: TestApp, headers: Record<string, string>, code: string, ip = '10.7.0.1') =>
  app.app.inject({ method: 'POST', url: '/api/identity/login/mfa', headers, payload: { code }, remoteAddress: ip });
const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/identity/me', headers });

/** A code that none of the three accepted steps (now ± 30 s) produces. */
function wrongCode(secret: string): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, now + d)));
  for (let n = 123456; ; n++) {
    const c = String(n % 1_000_000).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

/** An account with TOTP enabled (secret returned) and an e-mail; its school's administrator has one too. */
async function mfaAccount(app: TestApp, email: string) {
  const u = await signIn(app.app, app.database, { roleKey: 'teacher', unitId: tree.schoolA });
  const secret = newTotpSecret();
  await app.database.db
    .update(users)
    .set({ email, mfaSecret: encryptSecret(secret, app.settings.sessionSecret), mfaEnabledAt: new Date() })
    .where(eq(users.id, u.userId));
  return { ...u, secret };
}

async function mailTo(app: TestApp, to: string): Promise<{ subject: string; body: string }[]> {
  return app.database.query<{ subject: string; body: string }>(
    'SELECT subject, body FROM platform.outbox WHERE channel = \'email\' AND "to" = $1',
    [to],
  );
}

describe('second factor guessing limits (item 1)', () => {
  it(`ends a pending sign-in after ${3} wrong codes: the right code no longer works on it`, async () => {
    const u = await mfaAccount(t, 'gv.pending@example.edu.vn');
    const pending = cookiesOf(await login(t, u.username, TEST_PASSWORD, '10.7.1.1')).headers;
    const first = await submitCode(t, pending, wrongCode(u.secret));
    expect(first.statusCode).toBe(422);
    expect(first.json()).toMatchObject({ code: 'identity.mfaCodeInvalid', errors: [{ path: 'body.code' }] });
    expect((await submitCode(t, pending, 'AAAA-BBBB-CC')).statusCode).toBe(422); // a wrong recovery code counts too
    const third = await submitCode(t, pending, wrongCode(u.secret));
    expect(third.statusCode).toBe(401);
    expect(third.json().code).toBe('identity.mfaSignInEnded');
    expect((await submitCode(t, pending, totpCode(u.secret, Date.now()))).statusCode).toBe(401);
    expect((await me(pending)).statusCode).toBe(401);
  });

  it('locks the account’s second factor after 10 wrong codes over several sign-ins, refuses the right code, audits and mails the user and the administrators', async () => {
    const admin = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
    await t.database.db.update(users).set({ email: 'qtv.truong-a@example.edu.vn' }).where(eq(users.id, admin.userId));
    const u = await mfaAccount(t, 'gv.locked@example.edu.vn');
    let last = 0;
    for (let signInNo = 0; signInNo < 5 && last !== 429; signInNo++) {
      const pending = cookiesOf(await login(t, u.username, TEST_PASSWORD, '10.7.2.1')).headers;
      for (let i = 0; i < 2 && last !== 429; i++) last = (await submitCode(t, pending, wrongCode(u.secret))).statusCode;
    }
    expect(last).toBe(429);
    // A fresh sign-in with the right password and the right code is still refused while locked.
    const again = cookiesOf(await login(t, u.username, TEST_PASSWORD, '10.7.2.2')).headers;
    const right = await submitCode(t, again, totpCode(u.secret, Date.now()));
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('identity.mfaLocked');
    expect(right.json().title).toMatch(/tạm khoá/);
    expect((await me(again)).json().pending).toBe('mfa');
    expect(await auditCount(t.database, 'identity.mfa.lockout')).toBe(1);
    const toUser = await mailTo(t, 'gv.locked@example.edu.vn');
    expect(toUser).toHaveLength(1);
    expect(toUser[0]!.subject).toBe('Xác thực hai lớp của tài khoản đã bị tạm khoá');
    const toAdmin = await mailTo(t, 'qtv.truong-a@example.edu.vn');
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]!.body).toContain(u.username);
    // The lock ends with its window, and then the right code passes.
    await t.database.db.execute(
      sql`UPDATE identity.login_throttle SET locked_until = now() - interval '1 second' WHERE key = ${`mfa:${u.userId}`}`,
    );
    expect((await submitCode(t, again, totpCode(u.secret, Date.now()))).statusCode).toBe(200);
  });

  it('rate-limits the sign-in, code, reset and invitation routes per address', async () => {
    const limited = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const routes = [
        { url: '/api/identity/login', payload: { login: 'someone', password: 'x' } },
        { url: '/api/identity/password-reset', payload: { token: 'x'.repeat(40), newPassword: 'Một mật khẩu mới thật dài' } },
        {
          url: '/api/registry/account-invitations/redeem',
          payload: { contact: 'ph@example.vn', code: '12345678', username: 'ph.moi', password: 'Một mật khẩu mới thật dài' },
        },
      ];
      for (const route of routes) {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          statuses.push((await limited.app.inject({ method: 'POST', ...route, remoteAddress: '10.7.3.1' })).statusCode);
        }
        expect(statuses.slice(0, 3), route.url).not.toContain(429);
        const over = await limited.app.inject({ method: 'POST', ...route, remoteAddress: '10.7.3.1' });
        expect(over.statusCode, route.url).toBe(429);
        expect(over.json().code).toBe('platform.tooManyRequests');
        expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
        // Another address is not held back by this one.
        expect((await limited.app.inject({ method: 'POST', ...route, remoteAddress: '10.7.3.2' })).statusCode).not.toBe(429);
      }
    } finally {
      await limited.close();
    }
  }, 120_000); // a second app: its own database and migrations, on a shared and busy host
});

describe('lockout per account (item 2)', () => {
  it('counts the failures of an account whichever identifier names it', async () => {
    const u = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const email = `${u.username}@example.edu.vn`;
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await t.database.db.update(users).set({ email, phone }).where(eq(users.id, u.userId));
    const names = [u.username, email.toUpperCase(), phone, u.username, email];
    for (const [i, name] of names.entries()) expect((await login(t, name, `sai-${i}`, `10.7.4.${i}`)).statusCode).toBe(401);
    for (const name of [email, phone, u.username]) {
      const res = await login(t, name, TEST_PASSWORD, '10.7.4.9');
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('identity.accountLocked');
    }
  });

  it('counts an identifier that names no account apart, answering exactly as for an account', async () => {
    const known = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const answers = async (name: string, ip: string) => {
      const out: { status: number; code: string; title: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await login(t, name, `sai-${i}`, ip);
        out.push({ status: res.statusCode, code: res.json().code, title: res.json().title.replace(/\d+ giây/, 'N giây') });
      }
      return out;
    };
    const unknown = await answers('khong-co-ai-ten-nay', '10.7.5.1');
    expect(await answers(known.username, '10.7.5.2')).toEqual(unknown);
    expect(unknown.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    // The unknown name's count is its own: the account it is not stays open.
    const other = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await login(t, other.username, TEST_PASSWORD, '10.7.5.3')).statusCode).toBe(200);
  });
});

describe('session rotation (item 3)', () => {
  it('issues a new session token when the second factor completes; the pending one stops working', async () => {
    const u = await mfaAccount(t, 'gv.rotate@example.edu.vn');
    const pending = cookiesOf(await login(t, u.username, TEST_PASSWORD, '10.7.6.1'));
    const done = await submitCode(t, pending.headers, totpCode(u.secret, Date.now()));
    expect(done.statusCode).toBe(200);
    const fresh = cookiesOf(done);
    expect(fresh.token).toBeTruthy();
    expect(fresh.token).not.toBe(pending.token);
    expect((await me(pending.headers)).statusCode).toBe(401);
    expect((await me(fresh.headers)).json()).toMatchObject({ username: u.username, pending: 'none' });
  });

  it('does the same when enrolment finishes a sign-in', async () => {
    const p = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
    const pending = cookiesOf(await login(t, p.username, TEST_PASSWORD, '10.7.6.2'));
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/identity/me/mfa/enrolment', headers: pending.headers })).json();
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/identity/me/mfa/enrolment/confirm',
      headers: pending.headers,
      payload: { code: totpCode(secret, Date.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    const fresh = cookiesOf(confirm);
    expect(fresh.token).not.toBe(pending.token);
    expect((await me(pending.headers)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/identity/users', headers: fresh.headers })).statusCode).toBe(200);
  });
});
