import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { modules } from '../../../modules.ts';
import type { ModuleDefinition } from '../../../platform/module.ts';
import { createClass, createStudent, createYear } from '../../registry/tests/factories.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from './factories.ts';

/** A second module with its own scope, so a client can hold a real scope that is not the roster's. */
const probe: ModuleDefinition = {
  name: 'probe',
  messages: { vi: {}, en: {} },
  apiScopes: [{ id: 'probe.ping', label: { vi: 'Thử', en: 'Probe' } }],
  async routes(app: FastifyInstance) {
    app.get('/ping', { config: { apiScope: 'probe.ping' } }, async (request) => ({ client: request.apiClient?.name }));
  },
};

let t: TestApp;
let tree: TestTree;
let officer: SignedIn;
let studentId: string;
beforeAll(async () => {
  t = await createTestApp({ modules: [...modules, probe] });
  tree = await createTestTree(t.database);
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
  const principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  const yearId = (await createYear(t.app, principal.headers, tree.schoolA)).id;
  const classId = (await createClass(t.app, principal.headers, tree.schoolA, yearId, '6A1')).id;
  studentId = (await createStudent(t.app, principal.headers, tree.schoolA, 'Nguyễn Văn An')).id;
  const enrol = await t.app.inject({
    method: 'POST',
    url: `/api/registry/students/${studentId}/enrolments`,
    headers: principal.headers,
    payload: { classId, startedOn: '2026-09-05' },
  });
  expect(enrol.statusCode, enrol.body).toBe(201);
});
afterAll(async () => t.close());

const create = (body: object, who = officer) =>
  t.app.inject({ method: 'POST', url: '/api/identity/api-clients', headers: who.headers, payload: body });
const roster = (token: string | undefined, schoolId = tree.schoolA) =>
  t.app.inject({
    method: 'GET',
    url: `/api/registry/integration/schools/${schoolId}/roster?startYear=2026`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

describe('API clients', () => {
  let id: string;
  let token: string;

  it('are created by an administrator at a unit of their tree; the token is shown once, only its hash is kept', async () => {
    const scopes = (await t.app.inject({ method: 'GET', url: '/api/identity/api-scopes', headers: officer.headers })).json();
    expect(scopes.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['registry.roster.read', 'probe.ping']));
    const res = await create({ name: 'LMS trường A', unitId: tree.schoolA, scopes: ['registry.roster.read'] });
    expect(res.statusCode, res.body).toBe(201);
    ({ token } = res.json());
    id = res.json().client.id;
    expect(token).toMatch(new RegExp(`^gds_${id}\\.[A-Za-z0-9_-]{43}$`));
    expect(res.json().client).toMatchObject({
      name: 'LMS trường A',
      unit: { id: tree.schoolA },
      scopes: ['registry.roster.read'],
      status: 'active',
    });
    const [row] = await t.database.query<{ secret_hash: string }>('SELECT secret_hash FROM identity.api_clients WHERE id = $1', [id]);
    expect(row!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.secret_hash).not.toContain(token.split('.')[1]);
    const list = (await t.app.inject({ method: 'GET', url: '/api/identity/api-clients', headers: officer.headers })).body;
    expect(list).toContain(id);
    expect(list).not.toContain(row!.secret_hash);
    expect(list).not.toContain(token);
    expect(await auditCount(t.database, 'identity.apiClient.create')).toBe(1);
  });

  it('refuses unknown scopes (422), a principal without the permission (403) and a unit out of reach (404)', async () => {
    const unknown = await create({ name: 'Thử nghiệm', unitId: tree.schoolA, scopes: ['registry.student.write'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'body.scopes.0', code: 'identity.apiScopeUnknown' });
    const principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
    expect((await create({ name: 'Thử nghiệm', unitId: tree.schoolA, scopes: ['probe.ping'] }, principal)).statusCode).toBe(403);
    expect((await create({ name: 'Thử nghiệm', unitId: '00000000-0000-4000-8000-000000000000', scopes: ['probe.ping'] })).statusCode).toBe(
      404,
    );
  });

  it("reads its school's roster with the token alone: no session, no CSRF; every use audited", async () => {
    const res = await roster(token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ school: { id: tree.schoolA }, startYear: 2026, classes: [{ name: '6A1', gradeNo: 6 }] });
    expect(res.json().classes[0].students).toEqual([expect.objectContaining({ id: studentId, fullName: 'Nguyễn Văn An' })]);
    // the response is a whitelist: no identity numbers or dates of birth leave through it
    expect(Object.keys(res.json().classes[0].students[0]).sort()).toEqual(['fullName', 'id', 'schoolCode', 'sex']);
    const [used] = await t.database.query<{ actor_label: string; actor_user_id: string | null; org_unit_id: string }>(
      "SELECT actor_label, actor_user_id, org_unit_id FROM platform.audit_events WHERE action = 'identity.apiClient.use' ORDER BY id DESC LIMIT 1",
    );
    expect(used).toEqual({ actor_label: 'api-client:LMS trường A', actor_user_id: null, org_unit_id: tree.schoolA });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/identity/api-clients', headers: officer.headers })).json();
    expect(listed.find((c: { id: string }) => c.id === id).lastUsedAt).not.toBeNull();
  });

  it('is refused outside its unit (another school: 404) and outside its scope (403, audited)', async () => {
    expect((await roster(token, tree.schoolB)).statusCode).toBe(404);
    expect((await roster(token, tree.department)).statusCode).toBe(404);
    const ping = await t.app.inject({ method: 'GET', url: '/api/probe/ping', headers: { authorization: `Bearer ${token}` } });
    expect(ping.statusCode).toBe(403);
    expect(ping.json().code).toBe('identity.apiScopeMissing');
    const other = await create({ name: 'Máy chấm công', unitId: tree.schoolA, scopes: ['probe.ping'] });
    const otherToken = other.json().token as string;
    const pinged = await t.app.inject({ method: 'GET', url: '/api/probe/ping', headers: { authorization: `Bearer ${otherToken}` } });
    expect(pinged.json()).toEqual({ client: 'Máy chấm công' });
    const refused = await roster(otherToken);
    expect(refused.statusCode).toBe(403);
    expect(await auditCount(t.database, 'identity.apiClient.refused')).toBe(2);
    // a client at a commune reads the schools below it only
    const commune = await create({ name: 'Xã A', unitId: tree.communeA, scopes: ['registry.roster.read'] });
    expect((await roster(commune.json().token)).statusCode).toBe(200);
    expect((await roster(commune.json().token, tree.schoolB)).statusCode).toBe(404);
  });

  it('answers 401 to a session, no token, a malformed or a wrong token', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/registry/integration/schools/${tree.schoolA}/roster`, headers: officer.headers }))
        .statusCode,
    ).toBe(401);
    expect((await roster(undefined)).statusCode).toBe(401);
    expect((await roster('not-a-token')).statusCode).toBe(401);
    const wrong = `${token.slice(0, -4)}AAAA`;
    const res = await roster(wrong === token ? `${token.slice(0, -4)}BBBB` : wrong);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('identity.apiClientInvalid');
  });

  it('rotates (the old token stops at once) and revokes for good, audited', async () => {
    const rotated = await t.app.inject({ method: 'POST', url: `/api/identity/api-clients/${id}/rotate`, headers: officer.headers });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json().token as string;
    expect(fresh).not.toBe(token);
    expect((await roster(token)).statusCode).toBe(401);
    expect((await roster(fresh)).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/identity/api-clients/${id}/revoke`,
      headers: officer.headers,
      payload: { reason: 'Hết hợp đồng' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    expect((await roster(fresh)).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: `/api/identity/api-clients/${id}/rotate`, headers: officer.headers });
    expect(again.statusCode).toBe(409);
    expect(await auditCount(t.database, 'identity.apiClient.rotate')).toBe(1);
    expect(await auditCount(t.database, 'identity.apiClient.revoke')).toBe(1);
    // another school's principal cannot touch it (no permission), nor see it
    const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
    expect((await t.app.inject({ method: 'GET', url: '/api/identity/api-clients', headers: principalB.headers })).statusCode).toBe(403);
  });
});
