import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { createLogger } from '../../../platform/logger.ts';
import { runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { auditCount, signIn, type SignedIn } from '../../identity/tests/factories.ts';
import { orgTreeStep } from '../seed/steps.ts';

let t: TestApp;
const ids: Record<string, string> = {};
let officer: SignedIn;
let communeOfficer: SignedIn;
let otherCommuneOfficer: SignedIn;
let teacher: SignedIn;
let standing: { communeId: string; communeCode: string; schoolId: string };

const q1 = async <T>(text: string, params: unknown[] = []) => (await t.database.query<T>(text, params))[0]!;
const get = (url: string, who?: SignedIn) => t.app.inject({ method: 'GET', url, headers: who?.headers ?? {} });
const send = (method: 'POST' | 'PATCH', url: string, who: SignedIn | undefined, payload: unknown) =>
  t.app.inject({ method, url, headers: who?.headers ?? {}, payload: payload as object });

beforeAll(async () => {
  t = await createTestApp();
  await runSeedPipeline(t.database, [orgTreeStep], { size: 'demo', log: createLogger({ logLevel: 'silent' }) });
  for (const r of await t.database.query<{ id: string; code: string }>('SELECT id::text AS id, code FROM org.units')) ids[r.code] = r.id;
  // A commune where a department-managed school stands, and a commune school of another commune.
  standing = await q1(`
    SELECT c.id::text AS "communeId", c.admin_unit_code AS "communeCode", s.id::text AS "schoolId"
    FROM org.units s JOIN org.units c ON c.type = 'commune' AND c.admin_unit_code = s.admin_unit_code
    WHERE s.school_level = 'thpt' ORDER BY s.code LIMIT 1`);
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: ids.SGD24! });
  communeOfficer = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: standing.communeId });
  const other = await q1<{ id: string }>(
    `SELECT c.id::text AS id FROM org.units c WHERE c.type = 'commune' AND c.id <> $1
     AND EXISTS (SELECT 1 FROM org.units s WHERE s.parent_id = c.id) ORDER BY c.code LIMIT 1`,
    [standing.communeId],
  );
  otherCommuneOfficer = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: other.id });
  const school = await q1<{ id: string }>(
    "SELECT id::text AS id FROM org.units WHERE type = 'school' AND school_level = 'thcs' ORDER BY code LIMIT 1",
  );
  teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: school.id });
});
afterAll(async () => t.close());

describe('GET /api/org/units (browse)', () => {
  it('answers 401 without a session', async () => {
    for (const url of [
      '/api/org/units/roots',
      `/api/org/units/${ids.SGD24}`,
      `/api/org/units/${ids.SGD24}/children`,
      '/api/org/overview',
      '/api/org/map',
    ]) {
      expect((await get(url)).statusCode).toBe(401);
    }
    expect((await send('POST', '/api/org/units', undefined, {})).statusCode).toBe(401);
  });

  it('department staff start at the department and see its children with counts', async () => {
    const roots = await get('/api/org/units/roots', officer);
    expect(roots.statusCode).toBe(200);
    expect(roots.json().items.map((u: { code: string }) => u.code)).toEqual(['SGD24']);
    const dep = roots.json().items[0];
    expect(dep.counts.schools).toBeGreaterThanOrEqual(25);
    expect(dep.abilities).toEqual({ update: true, move: false, close: false, createChild: true });
    const children = await get(`/api/org/units/${ids.SGD24}/children`, officer);
    const items = children.json().items as { type: string; counts: { schools: number; users?: number }; hasChildren: boolean }[];
    expect(items.filter((u) => u.type === 'division')).toHaveLength(7);
    expect(items.filter((u) => u.type === 'commune')).toHaveLength(99);
    expect(items.filter((u) => u.type === 'school').length).toBeGreaterThanOrEqual(5);
    expect(items.every((u) => typeof u.counts.users === 'number')).toBe(true);
  });

  it('commune statistics include the department schools that stand in the commune', async () => {
    const res = await get(`/api/org/units/${standing.communeId}`, officer);
    expect(res.statusCode).toBe(200);
    expect(res.json().counts.byLevel.thpt).toBeGreaterThanOrEqual(1);
    expect(res.json().ancestors.map((a: { type: string }) => a.type)).toEqual(['department']);
  });

  it('a commune officer reaches their commune and the schools standing in it, read-only', async () => {
    const roots = await get('/api/org/units/roots', communeOfficer);
    const ids2 = roots.json().items.map((u: { id: string }) => u.id);
    expect(ids2).toContain(standing.communeId);
    expect(ids2).toContain(standing.schoolId);
    const school = await get(`/api/org/units/${standing.schoolId}`, communeOfficer);
    expect(school.statusCode).toBe(200);
    expect(school.json().abilities).toEqual({ update: false, move: false, close: false, createChild: false });
    expect(school.json()).not.toHaveProperty('path');
    expect((await get(`/api/org/units/${ids.SGD24}`, communeOfficer)).statusCode).toBe(404);
  });

  it("another commune's school answers 404, exactly like a missing one", async () => {
    const res = await get(`/api/org/units/${standing.schoolId}`, otherCommuneOfficer);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('platform.notFound');
    expect((await get('/api/org/units/00000000-0000-4000-8000-000000000000', officer)).statusCode).toBe(404);
    expect((await get('/api/org/units/not-a-uuid', officer)).statusCode).toBe(404);
    expect((await get(`/api/org/units/${standing.communeId}/children`, otherCommuneOfficer)).statusCode).toBe(404);
  });

  it('school staff see only their school', async () => {
    const roots = await get('/api/org/units/roots', teacher);
    expect(roots.json().items).toHaveLength(1);
    expect(roots.json().items[0].type).toBe('school');
    expect((await get(`/api/org/units/${standing.communeId}`, teacher)).statusCode).toBe(404);
  });

  it('searches without accents, within scope only', async () => {
    const res = await get('/api/org/units/search?q=truong%20thpt%20han%20thuyen', officer);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((u: { name: string }) => u.name)).toEqual(['Trường THPT Hàn Thuyên']);
    const schoolsAll = await get('/api/org/units/search?q=truong&type=school&limit=100', officer);
    const schoolsMine = await get('/api/org/units/search?q=truong&type=school&limit=100', otherCommuneOfficer);
    expect(schoolsMine.json().items.length).toBeGreaterThan(0);
    expect(schoolsMine.json().items.length).toBeLessThan(schoolsAll.json().items.length);
    expect((await get('/api/org/units/search?q=', officer)).statusCode).toBe(400);
  });
});

describe('writes', () => {
  let created: { id: string; version: number; code: string };

  it('creates a pre-school under a commune, with a generated code, audited', async () => {
    const before = await auditCount(t.database, 'org.unit.create');
    const res = await send('POST', '/api/org/units', officer, {
      parentId: standing.communeId,
      type: 'school',
      name: 'Trường Mầm non Hoa Sen',
      schoolLevel: 'mam_non',
      adminUnitCode: standing.communeCode,
    });
    expect(res.statusCode).toBe(201);
    created = res.json();
    expect(created.code).toMatch(/^24MN\d{4}$/);
    expect(res.json()).toMatchObject({ type: 'school', schoolLevel: 'mam_non', ownership: 'cong_lap', status: 'active', version: 1 });
    expect(await auditCount(t.database, 'org.unit.create')).toBe(before + 1);
    // Visible to the commune's officer, not to another commune's.
    expect((await get(`/api/org/units/${created.id}`, communeOfficer)).statusCode).toBe(200);
    expect((await get(`/api/org/units/${created.id}`, otherCommuneOfficer)).statusCode).toBe(404);
  });

  it('refuses bad input with clear codes and writes nothing', async () => {
    const base = { parentId: standing.communeId, type: 'school', name: 'Trường Tiểu học Thử', adminUnitCode: standing.communeCode };
    const cases: [unknown, number, string][] = [
      [base, 422, 'org.schoolLevelRequired'],
      [{ ...base, schoolLevel: 'tieu_hoc', adminUnitCode: '99999' }, 422, 'org.communeUnknown'],
      [{ ...base, schoolLevel: 'thpt' }, 422, 'org.schoolUnderDepartment'],
      [{ ...base, schoolLevel: 'tieu_hoc', code: created.code }, 409, 'org.codeTaken'],
      [{ ...base, schoolLevel: 'dai_hoc' }, 400, 'platform.validation'],
      [{ ...base, schoolLevel: 'tieu_hoc', extra: 1 }, 400, 'platform.validation'],
    ];
    const count = await q1<{ n: number }>('SELECT count(*)::int AS n FROM org.units');
    for (const [payload, status, code] of cases) {
      const res = await send('POST', '/api/org/units', officer, payload);
      expect([res.statusCode, res.json().code]).toEqual([status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const vi = await send('POST', '/api/org/units', officer, base);
    expect(vi.json().title).toBe('Trường học phải có cấp học.');
    expect(vi.json().errors[0].path).toBe('body.schoolLevel');
    expect((await q1<{ n: number }>('SELECT count(*)::int AS n FROM org.units')).n).toBe(count.n);
  });

  it('refuses writes to those without the permission (403) or outside their reach (404)', async () => {
    const res = await send('POST', '/api/org/units', communeOfficer, {
      parentId: standing.communeId,
      type: 'school',
      name: 'Trường Mầm non X',
      schoolLevel: 'mam_non',
      adminUnitCode: standing.communeCode,
    });
    expect(res.statusCode).toBe(403);
  });

  it('edits with the version read; a stale version is a conflict', async () => {
    const ok = await send('PATCH', `/api/org/units/${created.id}`, officer, { version: 1, name: 'Trường Mầm non Hoa Sen số 1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Trường Mầm non Hoa Sen số 1', version: 2 });
    const stale = await send('PATCH', `/api/org/units/${created.id}`, officer, { version: 1, name: 'Khác' });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'org.versionConflict']);
    created.version = 2;
  });

  it('moves a subtree and rewrites its paths; never under its own descendant', async () => {
    const district = await send('POST', '/api/org/units', officer, {
      parentId: ids.SGD24,
      type: 'district',
      code: 'HUYEN-CU',
      name: 'Huyện cũ (lưu trữ)',
    });
    expect(district.statusCode).toBe(201);
    const site = await send('POST', '/api/org/units', officer, {
      parentId: created.id,
      type: 'site',
      code: `${created.code}-DT1`,
      name: 'Điểm trường thôn Đông',
    });
    expect(site.statusCode).toBe(201);
    const commune = await q1<{ version: number }>('SELECT version FROM org.units WHERE id = $1', [standing.communeId]);
    const cycle = await send('POST', `/api/org/units/${standing.communeId}/move`, officer, {
      version: commune.version,
      parentId: created.id,
    });
    expect([cycle.statusCode, cycle.json().code]).toEqual([422, 'org.moveUnderDescendant']);
    const moved = await send('POST', `/api/org/units/${standing.communeId}/move`, officer, {
      version: commune.version,
      parentId: district.json().id,
    });
    expect(moved.statusCode).toBe(200);
    const rows = await t.database.query<{ code: string; path: string; depth: number }>(
      'SELECT code, path, depth FROM org.units WHERE id = ANY($1::uuid[]) ORDER BY depth',
      [[standing.communeId, created.id, site.json().id]],
    );
    const prefix = `/${ids.SGD24}/${district.json().id}/${standing.communeId}/`;
    expect(rows.map((r) => r.path)).toEqual([prefix, `${prefix}${created.id}/`, `${prefix}${created.id}/${site.json().id}/`]);
    expect(rows.map((r) => r.depth)).toEqual([2, 3, 4]);
    // The commune officer's grant moved with the commune: still reaches the school.
    expect((await get(`/api/org/units/${created.id}`, communeOfficer)).statusCode).toBe(200);
    expect(await auditCount(t.database, 'org.unit.move')).toBe(1);
  });

  it('closes only units without open children; a closed unit is kept with its history', async () => {
    const commune = await q1<{ version: number }>('SELECT version FROM org.units WHERE id = $1', [standing.communeId]);
    const busy = await send('POST', `/api/org/units/${standing.communeId}/close`, officer, {
      version: commune.version,
      reason: 'Sáp nhập',
    });
    expect([busy.statusCode, busy.json().code]).toEqual([422, 'org.closeHasActiveChildren']);
    const site = await q1<{ id: string; version: number }>('SELECT id::text AS id, version FROM org.units WHERE parent_id = $1', [
      created.id,
    ]);
    const noReason = await send('POST', `/api/org/units/${site.id}/close`, officer, { version: site.version });
    expect(noReason.statusCode).toBe(400);
    const closed = await send('POST', `/api/org/units/${site.id}/close`, officer, {
      version: site.version,
      reason: 'Điểm trường sáp nhập về điểm chính',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', abilities: { update: false, close: false } });
    expect(closed.json().closedAt).toBeTruthy();
    expect((await get(`/api/org/units/${site.id}`, officer)).json().status).toBe('closed');
    const [audit] = await t.database.query<{ reason: string }>("SELECT reason FROM platform.audit_events WHERE action = 'org.unit.close'");
    expect(audit?.reason).toBe('Điểm trường sáp nhập về điểm chính');
    const again = await send('POST', `/api/org/units/${site.id}/close`, officer, { version: site.version + 1, reason: 'lần hai' });
    expect([again.statusCode, again.json().code]).toEqual([422, 'org.alreadyClosed']);
    // Closed children do not keep the parent open; active ones listed by default, all on request.
    expect((await get(`/api/org/units/${created.id}/children`, officer)).json().items).toHaveLength(0);
    expect((await get(`/api/org/units/${created.id}/children?status=all`, officer)).json().items).toHaveLength(1);
  });
});

describe('administrative units, map and overview', () => {
  it('lists the communes of the deployment province', async () => {
    const res = await get('/api/org/admin-units/communes', teacher);
    expect(res.statusCode).toBe(200);
    expect(res.json().provinceCode).toBe('24');
    expect(res.json().items).toHaveLength(99);
    expect((await get('/api/org/admin-units/provinces', teacher)).json().items).toHaveLength(34);
    expect((await get('/api/org/admin-units/communes?province=x', teacher)).statusCode).toBe(400);
  });

  it('gives a figure per commune over the schools in scope, and the polygons', async () => {
    const all = await get('/api/org/map?figure=schools', officer);
    expect(all.statusCode).toBe(200);
    const sum = (r: { json(): { communes: { value: number }[] } }) => r.json().communes.reduce((s, c) => s + c.value, 0);
    expect(all.json().communes).toHaveLength(99);
    const mine = await get('/api/org/map?figure=schools', communeOfficer);
    expect(sum(mine)).toBeGreaterThan(0);
    expect(sum(mine)).toBeLessThan(sum(all));
    expect(
      mine
        .json()
        .communes.filter((c: { value: number }) => c.value > 0)
        .map((c: { code: string }) => c.code),
    ).toEqual([standing.communeCode]);
    const thpt = await get('/api/org/map?figure=thpt', officer);
    expect(sum(thpt)).toBe(thpt.json().communes.reduce((s: number, c: { byLevel: { thpt: number } }) => s + c.byLevel.thpt, 0));
    expect((await get('/api/org/map?figure=nope', officer)).statusCode).toBe(400);
    const geo = await get('/api/org/map/communes.geojson');
    expect(geo.statusCode).toBe(200);
    expect(geo.headers['content-type']).toContain('application/geo+json');
    expect(geo.json().features).toHaveLength(99);
  });

  it('home-page figures follow the scope', async () => {
    const dep = (await get('/api/org/overview', officer)).json();
    const com = (await get('/api/org/overview', communeOfficer)).json();
    const tea = (await get('/api/org/overview', teacher)).json();
    expect(dep.unitsByType.commune).toBe(99);
    expect(dep.unitsByType.division).toBe(7);
    expect(dep.schools).toBeGreaterThan(com.schools);
    expect(com.unitsByType.commune).toBe(1);
    expect(tea).toMatchObject({ schools: 1, unitsByType: { school: 1, commune: 0 } });
    expect(dep.users).toBeGreaterThanOrEqual(4);
    expect(Object.values(dep.schoolsByLevel as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(dep.schools);
  });
});
