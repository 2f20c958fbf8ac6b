import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { makeCccd } from '../identifiers.ts';
import { compareVietnameseNames } from '../rules/vietnamese-sort.ts';

let t: TestApp;
let tree: TestTree;
let principal: SignedIn;
let principalB: SignedIn;
let serial = 500000;
const cccd = (dateOfBirth: string, sex: 'male' | 'female') => makeCccd('027', { dateOfBirth, sex }, serial++);

type Staff = {
  id: string;
  version: number;
  cccd: string | null;
  fullName: string;
  qualificationStandard: string | null;
  abilities: { update: boolean; linkAccount: boolean };
  account: { id: string; username: string } | null;
};

async function createStaff(who: SignedIn, schoolId: string, fullName: string, extra: Record<string, unknown> = {}): Promise<Staff> {
  const sex = (extra.sex as 'male' | 'female' | undefined) ?? 'female';
  const dateOfBirth = (extra.dateOfBirth as string | undefined) ?? '1985-04-02';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/registry/staff',
    headers: who.headers,
    payload: {
      schoolId,
      fullName,
      sex,
      dateOfBirth,
      cccd: cccd(dateOfBirth, sex),
      position: 'teacher',
      qualification: 'dai_hoc',
      subjects: ['TOAN'],
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const get = (url: string, who?: SignedIn) => t.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });
const patch = (url: string, who: SignedIn, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url, headers: who.headers, payload });

let lan: Staff;
let staffB: Staff;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  lan = await createStaff(principal, tree.schoolA, 'Nguyễn Thị Lan', { staffCode: 'CB-A-001', subjects: ['TOAN', 'KHTN'] });
  staffB = await createStaff(principalB, tree.schoolB, 'Trần Văn Bắc', { sex: 'male', staffCode: 'CB-B-001' });
});
afterAll(async () => t.close());

describe('staff records', () => {
  it('answers 401 without a session', async () => {
    expect((await get('/api/registry/staff')).statusCode).toBe(401);
    expect((await get(`/api/registry/staff/${lan.id}`)).statusCode).toBe(401);
  });

  it('creates a record with the derived qualification standard, audited', async () => {
    expect(lan).toMatchObject({
      fullName: 'Nguyễn Thị Lan',
      qualificationStandard: 'meets',
      abilities: { update: true, linkAccount: true },
      account: null,
    });
    const master = await createStaff(principal, tree.schoolA, 'Lê Văn Hải', {
      sex: 'male',
      qualification: 'thac_si',
      position: 'vice_principal',
      titleGroup: 'gv_thcs',
      titleRank: 'II',
    });
    expect(master.qualificationStandard).toBe('above');
    const clerk = await createStaff(principal, tree.schoolA, 'Phạm Thị Thu', {
      position: 'staff',
      qualification: 'trung_cap',
      subjects: [],
    });
    expect(clerk.qualificationStandard).toBeNull();
    expect(await auditCount(t.database, 'registry.staff.create')).toBeGreaterThanOrEqual(4);
  });

  it('names the field of each broken rule', async () => {
    const post = (extra: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/registry/staff',
        headers: principal.headers,
        payload: {
          schoolId: tree.schoolA,
          fullName: 'Hoàng Văn Sai',
          sex: 'male',
          dateOfBirth: '1990-01-01',
          position: 'teacher',
          ...extra,
        },
      });
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ cccd: '027090000001', sex: 'female' }, 422, 'body.cccd', 'registry.cccd.sexMismatch'],
      [{ cccd: lan.cccd, dateOfBirth: '1985-04-02', sex: 'female' }, 409, 'body.cccd', 'registry.staff.cccdTaken'],
      [{ staffCode: 'CB-A-001' }, 409, 'body.staffCode', 'registry.staff.codeTaken'],
      [{ staffCode: 'CB Á 1' }, 422, 'body.staffCode', 'registry.staff.codeInvalidChars'],
      [{ subjects: ['TIENG_VIET'] }, 422, 'body.subjects', 'registry.staff.subjectUnknown'],
      [{ joinedSectorOn: '2015-09-01', joinedSchoolOn: '2012-09-01' }, 422, 'body.joinedSchoolOn', 'registry.staff.joinedSchoolInvalid'],
      [{ dateOfBirth: '2015-01-01' }, 422, 'body.dateOfBirth', 'registry.staff.dateOfBirthInvalid'],
      [{ partyJoinedOn: '2015-01-01' }, 422, 'body.partyJoinedOn', 'registry.staff.partyDateWithoutMembership'],
    ];
    for (const [extra, status, path, code] of cases) {
      const res = await post(extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(status);
      expect(res.json().errors[0]).toMatchObject({ path, code });
    }
    const unknownField = await post({ salary: 1 });
    expect(unknownField.statusCode).toBe(400);
    const vi = await post({ subjects: ['TIENG_VIET'] });
    expect(vi.json().detail ?? vi.json().title).toContain('TIENG_VIET');
  });

  it('lists in Vietnamese name order across pages, filters, and finds a name typed without accents', async () => {
    for (const name of ['Đỗ Thị Ánh', 'Vũ Minh Anh', 'Bùi Thị Ân', 'Trịnh Văn Đức'])
      await createStaff(principal, tree.schoolA, name, { sex: name.includes('Thị') ? 'female' : 'male' });
    const pages: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await get(`/api/registry/staff?schoolId=${tree.schoolA}&page=${page}&pageSize=2`, principal);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      pages.push(...body.items.map((s: Staff) => s.fullName));
      if (page * 2 >= body.total) break;
    }
    expect(pages.length).toBe(7);
    expect(pages).toEqual([...pages].sort(compareVietnameseNames));
    expect(pages.slice(0, 3)).toEqual(['Vũ Minh Anh', 'Đỗ Thị Ánh', 'Bùi Thị Ân']);
    const found = (await get('/api/registry/staff?q=nguyen%20thi%20lan', principal)).json();
    expect(found.items.map((s: Staff) => s.fullName)).toEqual(['Nguyễn Thị Lan']);
    expect((await get(`/api/registry/staff?q=${lan.cccd}`, principal)).json().total).toBe(1);
    expect((await get('/api/registry/staff?q=CB-A-001', principal)).json().total).toBe(1);
    expect((await get('/api/registry/staff?position=vice_principal', principal)).json().items.map((s: Staff) => s.fullName)).toEqual([
      'Lê Văn Hải',
    ]);
    expect((await get('/api/registry/staff?subject=KHTN', principal)).json().items.map((s: Staff) => s.fullName)).toEqual([
      'Nguyễn Thị Lan',
    ]);
    expect((await get('/api/registry/staff?qualificationStandard=above', principal)).json().total).toBe(1);
    expect((await get('/api/registry/staff?status=retired', principal)).json().total).toBe(0);
  });

  it('edits with the optimistic version, audits before and after, and recomputes the standard', async () => {
    const res = await patch(`/api/registry/staff/${lan.id}`, principal, {
      version: lan.version,
      fullName: 'Nguyễn  Thị Lan Anh',
      qualification: 'cao_dang',
      status: 'on_leave',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      fullName: 'Nguyễn Thị Lan Anh',
      qualificationStandard: 'below',
      status: 'on_leave',
      version: lan.version + 1,
    });
    const stale = await patch(`/api/registry/staff/${lan.id}`, principal, { version: lan.version, major: 'Sư phạm Toán' });
    expect(stale.statusCode).toBe(409);
    const rows = await t.database.query<{ before: { fullName: string }; after: { fullName: string } }>(
      "SELECT before, after FROM platform.audit_events WHERE action = 'registry.staff.update' AND entity_id = $1",
      [lan.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ before: { fullName: 'Nguyễn Thị Lan' }, after: { fullName: 'Nguyễn Thị Lan Anh' } });
    expect((await get('/api/registry/staff?q=lan%20anh', principal)).json().total).toBe(1);
    lan = res.json();
  });
});

describe('staff access', () => {
  it('a principal of school B gets 404 for school A records, sees none of them in lists', async () => {
    expect((await get(`/api/registry/staff/${lan.id}`, principalB)).statusCode).toBe(404);
    expect((await patch(`/api/registry/staff/${lan.id}`, principalB, { version: lan.version, major: 'x' })).statusCode).toBe(404);
    const list = (await get(`/api/registry/staff?schoolId=${tree.schoolA}`, principalB)).json();
    expect(list.total).toBe(0);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/registry/staff',
      headers: principalB.headers,
      payload: { schoolId: tree.schoolA, fullName: 'Ngô Văn Lạ', sex: 'male', dateOfBirth: '1990-01-01', position: 'teacher' },
    });
    expect(create.statusCode).toBe(404);
  });

  it('a teacher without the permission gets 403', async () => {
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await get('/api/registry/staff', teacher)).statusCode).toBe(403);
    expect((await get(`/api/registry/staff/${lan.id}`, teacher)).statusCode).toBe(403);
    expect((await patch(`/api/registry/staff/${lan.id}`, teacher, { version: lan.version, major: 'x' })).statusCode).toBe(403);
  });

  it('a commune officer reads the schools of the commune with CCCD masked, and cannot edit (403)', async () => {
    const officer = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
    const list = (await get('/api/registry/staff', officer)).json();
    expect(list.total).toBe(7);
    const row = list.items.find((s: Staff) => s.id === lan.id);
    expect(row.cccd).toMatch(/^\d{4}\*{6}\d{2}$/);
    expect(row.abilities).toEqual({ update: false, linkAccount: false });
    expect((await get(`/api/registry/staff/${staffB.id}`, officer)).statusCode).toBe(404);
    expect((await patch(`/api/registry/staff/${lan.id}`, officer, { version: lan.version, major: 'x' })).statusCode).toBe(403);
  });

  it('the department sees every school', async () => {
    const dept = await signIn(t.app, t.database, { roleKey: 'department_leader', unitId: tree.department });
    const all = (await get('/api/registry/staff?q=tran%20van%20bac', dept)).json();
    expect(all.items.map((s: Staff) => s.id)).toEqual([staffB.id]);
  });

  it('the school office edits records but may not create accounts', async () => {
    const office = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
    const one = (await get(`/api/registry/staff/${lan.id}`, office)).json();
    expect(one.abilities).toEqual({ update: true, linkAccount: false });
    expect(one.cccd).toBe(lan.cccd);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${lan.id}/account`,
      headers: office.headers,
      payload: { version: one.version, create: { username: 'gv.lan', roleKey: 'teacher' } },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('accounts', () => {
  it('creates an account with a role at the school and ties it to the record, in one step', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${lan.id}/account`,
      headers: principal.headers,
      payload: { version: lan.version, create: { username: 'gv.lananh', roleKey: 'teacher' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: true, staff: { account: { username: 'gv.lananh' }, abilities: { linkAccount: false } } });
    expect(body.passwordReset.resetUrl).toContain('reset-password');
    const [grant] = await t.database.query<{ role: string; unit: string; name: string }>(
      `SELECT r.key AS role, g.unit_id::text AS unit, u.display_name AS name FROM identity.users u
       JOIN identity.grants g ON g.user_id = u.id JOIN identity.roles r ON r.id = g.role_id WHERE u.username = 'gv.lananh'`,
    );
    expect(grant).toEqual({ role: 'teacher', unit: tree.schoolA, name: 'Nguyễn Thị Lan Anh' });
    expect(await auditCount(t.database, 'registry.staff.linkAccount')).toBe(1);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${lan.id}/account`,
      headers: principal.headers,
      payload: { version: body.staff.version, create: { username: 'gv.lananh2', roleKey: 'teacher' } },
    });
    expect(again.statusCode).toBe(409);
  });

  it('leaves nothing behind when the username is taken', async () => {
    const s = await createStaff(principal, tree.schoolA, 'Đinh Văn Khoa', { sex: 'male' });
    const users = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.users'))[0]!.n;
    const before = await users();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${s.id}/account`,
      headers: principal.headers,
      payload: { version: s.version, create: { username: principal.username, roleKey: 'teacher' } },
    });
    expect(res.statusCode).toBe(409);
    expect(await users()).toBe(before);
    expect((await get(`/api/registry/staff/${s.id}`, principal)).json()).toMatchObject({ account: null, version: s.version });
  });

  it('shows a person their own record once it is tied to their account (a teacher without the permission too)', async () => {
    const s = await createStaff(principal, tree.schoolA, 'Tạ Thị Mai');
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await get('/api/registry/staff/me', teacher)).json()).toEqual({ record: null });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${s.id}/account`,
      headers: principal.headers,
      payload: { version: s.version, userId: teacher.userId },
    });
    expect(res.statusCode, res.body).toBe(200);
    const me = await get('/api/registry/staff/me', teacher);
    expect(me.statusCode).toBe(200);
    expect(me.json().record).toMatchObject({
      id: s.id,
      fullName: 'Tạ Thị Mai',
      cccd: s.cccd,
      abilities: { update: false, linkAccount: false },
    });
    expect((await get(`/api/registry/staff/${s.id}`, teacher)).statusCode).toBe(403);
  });

  it('links an existing account of the school, and refuses one of another school', async () => {
    const s = await createStaff(principal, tree.schoolA, 'Mai Thị Hoa');
    const own = await signIn(t.app, t.database, { unitId: tree.schoolA });
    const candidates = (await get(`/api/registry/staff/${s.id}/account-candidates`, principal)).json();
    expect(candidates.items.map((c: { id: string }) => c.id)).toContain(own.userId);
    expect(candidates.items.map((c: { username: string }) => c.username)).not.toContain('gv.lananh');
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${s.id}/account`,
      headers: principal.headers,
      payload: { version: s.version, userId: principalB.userId },
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0]).toMatchObject({ path: 'body.userId', code: 'registry.staff.accountUnknown' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/registry/staff/${s.id}/account`,
      headers: principal.headers,
      payload: { version: s.version, userId: own.userId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: false, userId: own.userId, passwordReset: null });
  });

  it('serves the code lists with Vietnamese labels', async () => {
    const codes = (await get('/api/registry/staff/codes', principal)).json();
    expect(codes.position.find((p: { code: string }) => p.code === 'principal').vi).toBe('Hiệu trưởng');
    expect(codes.titleRank.map((p: { code: string }) => p.code)).toEqual(['I', 'II', 'III']);
  });
});
