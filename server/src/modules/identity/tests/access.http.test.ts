import { sql } from 'drizzle-orm';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { scopeOf, scopesOf } from '../access.ts';
import { auditCount, createTestTree, signIn, type TestTree } from './factories.ts';

let t: TestApp;
let tree: TestTree;
const routes: RouteOptions[] = [];
beforeAll(async () => {
  t = await createTestApp({ onRoute: (r) => routes.push(r) });
  tree = await createTestTree(t.database);
});
afterAll(async () => t.close());

const fill = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) =>
    name === 'id' && url.includes('sessions/:id') ? 'a'.repeat(64) : '00000000-0000-4000-8000-000000000000',
  );

describe('every route', () => {
  it('declares public, authenticated or a permission', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(api.length).toBeGreaterThan(10);
    for (const r of api) {
      const c = r.config ?? {};
      expect(!!(c.public || c.authenticated || c.permission), `${String(r.method)} ${r.url}`).toBe(true);
    }
  });

  it('refuses unknown fields in every request body (strict zod objects)', () => {
    type Def = { def?: { type?: string; catchall?: { def?: { type?: string } } } };
    const bodies = routes
      .map((r) => ({ r, body: (r.schema as { body?: Def } | undefined)?.body }))
      .filter((x) => x.body?.def?.type === 'object');
    expect(bodies.length).toBeGreaterThan(10);
    const loose = bodies.filter((x) => x.body?.def?.catchall?.def?.type !== 'never').map((x) => x.r);
    expect(loose.map((r) => `${String(r.method)} ${r.url}`)).toEqual([]);
  });

  it('answers 401 without a session, 403 with a session but without the permission', async () => {
    const nobody = await signIn(t.app, t.database, { unitId: tree.schoolA });
    const guarded = routes.filter((r) => r.url.startsWith('/api/') && !r.config?.public && r.method !== 'HEAD');
    for (const r of guarded) {
      const method = (Array.isArray(r.method) ? r.method[0] : r.method) as 'GET';
      const anonymous = await t.app.inject({ method, url: fill(r.url) });
      expect(anonymous.statusCode, `${method} ${r.url}`).toBe(401);
      if (r.config?.permission || r.config?.anyPermission) {
        const res = await t.app.inject({
          method,
          url: fill(r.url),
          headers: nobody.headers,
          payload: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        expect(res.statusCode, `${method} ${r.url}`).toBe(403);
      }
    }
  });

  it('answers 2xx to a caller holding the permission, for every GET without path parameters', async () => {
    // Writes and routes on one record need a body or an id: their allowed case is in each module's HTTP tests.
    const admin = await signIn(t.app, t.database, { roleKey: 'system_admin', unitId: tree.department });
    // Routes whose query has required fields need real values: their module's tests cover them.
    const emptyQueryValid = (r: RouteOptions) => {
      const q = (r.schema as { querystring?: { safeParse?: (v: unknown) => { success: boolean } } } | undefined)?.querystring;
      return !q?.safeParse || q.safeParse({}).success;
    };
    const reads = routes.filter(
      (r) =>
        r.method === 'GET' && r.url.startsWith('/api/') && !r.url.includes(':') && !r.url.startsWith('/api/docs') && emptyQueryValid(r),
    );
    expect(reads.length).toBeGreaterThan(5);
    for (const r of reads) {
      const res = await t.app.inject({ method: 'GET', url: r.url, headers: admin.headers });
      expect(res.statusCode, `GET ${r.url}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
    }
  });
});

describe('organisation scope', () => {
  it('shows a principal the accounts of their school only; another school answers 404', async () => {
    const principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
    const mine = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const theirs = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolB });
    const list = await t.app.inject({ method: 'GET', url: '/api/identity/users?pageSize=200', headers: principal.headers });
    const ids = list.json().items.map((u: { id: string }) => u.id);
    expect(ids).toContain(mine.userId);
    expect(ids).not.toContain(theirs.userId);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/identity/users/${theirs.userId}`, headers: principal.headers })).statusCode,
    ).toBe(404);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/identity/users/00000000-0000-4000-8000-000000000000',
      headers: principal.headers,
    });
    expect(missing.statusCode).toBe(404);
    const detail = await t.app.inject({ method: 'GET', url: `/api/identity/users/${mine.userId}`, headers: principal.headers });
    expect(detail.json().abilities).toEqual({ update: true, resetPassword: true, grant: true, revokeSessions: true });
  });

  it('finds accounts without accents', async () => {
    const admin = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
    await t.database.db.execute(sql`UPDATE identity.users SET display_name = 'Nguyễn Thị Ánh Đào' WHERE id = ${admin.userId}`);
    const res = await t.app.inject({ method: 'GET', url: '/api/identity/users?q=nguyen%20thi%20anh%20dao', headers: admin.headers });
    expect(res.json().items.map((u: { id: string }) => u.id)).toContain(admin.userId);
  });
});

describe('scopes', () => {
  it("reads several permissions' scopes in one query, each the same as scopeOf reads alone", async () => {
    // a teacher at school A who is also school office at school B: student.read at both, student.write at B only
    const who = await signIn(t.app, t.database, {
      roleKey: 'teacher',
      unitId: tree.schoolA,
      grants: [{ roleKey: 'school_office', unitId: tree.schoolB }],
    });
    const perms = ['registry.student.read', 'registry.student.write', 'registry.class.write', 'identity.user.manage'] as const;
    const together = await scopesOf(t.database.db, who, perms);
    for (const p of perms) expect(together[p], p).toEqual(await scopeOf(t.database.db, who, p));
    expect(together['registry.student.write'].paths).toHaveLength(1);
    expect(together['identity.user.manage'].paths).toEqual([]);
  });
});

describe('creating accounts and granting roles', () => {
  it('lets a principal create a teacher at their school and grant the teacher role there', async () => {
    const principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/identity/users',
      headers: principal.headers,
      payload: { username: 'gv.nguyen.an', displayName: 'Nguyễn Văn An', homeUnitId: tree.schoolA, email: 'an@example.vn' },
    });
    expect(created.statusCode).toBe(201);
    const { id, passwordReset } = created.json();
    expect(passwordReset).toMatchObject({ mailed: false, token: expect.any(String) });
    const teacherRole = (await t.app.inject({ method: 'GET', url: '/api/identity/roles', headers: principal.headers }))
      .json()
      .find((r: { key: string }) => r.key === 'teacher');
    const grant = await t.app.inject({
      method: 'POST',
      url: '/api/identity/grants',
      headers: principal.headers,
      payload: { userId: id, roleId: teacherRole.id, unitId: tree.schoolA },
    });
    expect(grant.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/identity/grants',
      headers: principal.headers,
      payload: { userId: id, roleId: teacherRole.id, unitId: tree.schoolA },
    });
    expect(again.json().code).toBe('identity.grantExists');
    expect(await auditCount(t.database, 'identity.user.create')).toBeGreaterThanOrEqual(1);
    expect(await auditCount(t.database, 'identity.grant.create')).toBeGreaterThanOrEqual(1);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/identity/users',
      headers: principal.headers,
      payload: { username: 'gv.nguyen.an', displayName: 'Trùng tên', homeUnitId: tree.schoolA },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('identity.userDuplicate');
  });

  it('refuses grants beyond the granter: a stronger role, another school, a closed unit', async () => {
    const principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const roles = (await t.app.inject({ method: 'GET', url: '/api/identity/roles', headers: principal.headers })).json();
    const roleId = (key: string) => roles.find((r: { key: string }) => r.key === key).id;
    const beyond = await t.app.inject({
      method: 'POST',
      url: '/api/identity/grants',
      headers: principal.headers,
      payload: { userId: teacher.userId, roleId: roleId('department_officer'), unitId: tree.schoolA },
    });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().code).toBe('identity.grantBeyondOwnRights');
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/identity/grants',
      headers: principal.headers,
      payload: { userId: teacher.userId, roleId: roleId('teacher'), unitId: tree.schoolB },
    });
    expect(elsewhere.statusCode).toBe(404);
    await t.database.db.execute(sql`UPDATE org.units SET status = 'closed' WHERE id = ${tree.schoolA}`);
    try {
      const closed = await t.app.inject({
        method: 'POST',
        url: '/api/identity/grants',
        headers: principal.headers,
        payload: { userId: teacher.userId, roleId: roleId('homeroom_teacher'), unitId: tree.schoolA },
      });
      expect(closed.statusCode).toBe(422);
      expect(closed.json().code).toBe('identity.grantUnitClosed');
    } finally {
      await t.database.db.execute(sql`UPDATE org.units SET status = 'active' WHERE id = ${tree.schoolA}`);
    }
    const grants = await t.database.query('SELECT 1 FROM identity.grants WHERE user_id = $1', [teacher.userId]);
    expect(grants).toHaveLength(1);
  });

  it('lets a system administrator define a role only from permissions they hold', async () => {
    const officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
    await t.database.db.execute(
      sql`INSERT INTO identity.role_permissions (role_id, permission_id) SELECT id, 'identity.role.write' FROM identity.roles WHERE key = 'department_officer' ON CONFLICT DO NOTHING`,
    );
    try {
      const tooMuch = await t.app.inject({
        method: 'POST',
        url: '/api/identity/roles',
        headers: officer.headers,
        payload: { key: 'mail_reader', nameVi: 'Đọc thư', nameEn: 'Mail reader', permissions: ['operations.outbox.read'] },
      });
      expect(tooMuch.statusCode).toBe(403);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/identity/roles',
        headers: officer.headers,
        payload: { key: 'auditor', nameVi: 'Thanh tra', nameEn: 'Inspector', permissions: ['identity.audit.read'] },
      });
      expect(ok.statusCode).toBe(201);
    } finally {
      await t.database.db.execute(
        sql`DELETE FROM identity.role_permissions WHERE permission_id = 'identity.role.write' AND role_id = (SELECT id FROM identity.roles WHERE key = 'department_officer')`,
      );
    }
  });

  it('shows the audit trail of the scope only', async () => {
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    const res = await t.app.inject({ method: 'GET', url: '/api/identity/audit?action=identity.user.create', headers: principalB.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.every((e: { orgUnitId: string }) => e.orgUnitId === tree.schoolB)).toBe(true);
    const officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
    const all = await t.app.inject({ method: 'GET', url: '/api/identity/audit?action=identity.user.create', headers: officer.headers });
    expect(all.json().total).toBeGreaterThanOrEqual(1);
  });
});
