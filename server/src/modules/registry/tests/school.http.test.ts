import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';

let t: TestApp;
let tree: TestTree;
let principalA: SignedIn;
let principalB: SignedIn;
let officeA: SignedIn;
let communeA: SignedIn;
let communeB: SignedIn;
let teacherA: SignedIn;
let department: SignedIn;
let commune: string;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principalA = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  officeA = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  communeA = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
  communeB = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeB });
  teacherA = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
  department = await signIn(t.app, t.database, { roleKey: 'department_leader', unitId: tree.department });
  const rows = await t.database.query<{ code: string }>("SELECT code FROM org.admin_units WHERE level = 'commune' ORDER BY code LIMIT 1");
  commune = rows[0]!.code;
});
afterAll(async () => t.close());

const req = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, who?: SignedIn, payload?: object) =>
  t.app.inject({ method, url, ...(who ? { headers: who.headers } : {}), ...(payload ? { payload } : {}) });
const profileUrl = (unit: string) => `/api/registry/schools/${unit}/profile`;
const facilitiesUrl = (unit: string, year = 2026) => `/api/registry/schools/${unit}/facilities/${year}`;

const fullProfile = (version: number, extra: object = {}) => ({
  version,
  address: 'Thôn Đông, xã An Bình',
  difficultArea: 'kho_khan',
  nationalStandard: 'muc_1',
  nationalStandardOn: '2022-06-15',
  accreditationLevel: 2,
  accreditedOn: '2022-05-20',
  principalUserId: null,
  principalName: 'Nguyễn Thị Hoa',
  phone: '0222 3812 345',
  email: 'C2AnBinh@BacNinh.edu.vn',
  website: 'thcsanbinh.edu.vn',
  sessionsPerDay: 2,
  foundedYear: 1965,
  ...extra,
});

const facilities = (version: number, extra: object = {}) => ({
  version,
  classroomsSolid: 14,
  classroomsSemiSolid: 2,
  classroomsTemporary: 0,
  subjectRooms: [
    { kind: 'tin_hoc', count: 2 },
    { kind: 'khtn', count: 1 },
  ],
  hasLibrary: true,
  libraryStandard: 'muc_1',
  equipmentSets: [
    { gradeNo: 6, sets: 4, missing: 0 },
    { gradeNo: 7, sets: 3, missing: 1 },
  ],
  computersTeaching: 40,
  computersManagement: 5,
  internet: 'fiber',
  toiletsStudents: 6,
  toiletsStaff: 2,
  toiletsMeetStandard: true,
  cleanWater: true,
  teacherHousingRooms: 0,
  landArea: '12500,5',
  playgroundArea: '3200',
  ...extra,
});

describe('school profile', () => {
  it('answers 401 without a session', async () => {
    expect((await req('GET', profileUrl(tree.schoolA))).statusCode).toBe(401);
  });

  it('starts empty (version 0) with the org facts read-only; the principal saves it, audited, with canonical phone and website', async () => {
    const empty = await req('GET', profileUrl(tree.schoolA), principalA);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({
      version: 0,
      difficultArea: 'none',
      nationalStandard: 'chua_dat',
      sites: [],
      abilities: { update: true },
      school: { id: tree.schoolA, schoolLevel: 'thcs' },
    });
    expect(empty.json().principalCandidates.map((c: { id: string }) => c.id)).toContain(principalA.userId);
    const before = await auditCount(t.database, 'registry.school.profile.create');
    const saved = await req('PUT', profileUrl(tree.schoolA), principalA, fullProfile(0));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      version: 1,
      phone: '02223812345',
      email: 'c2anbinh@bacninh.edu.vn',
      website: 'https://thcsanbinh.edu.vn',
      accreditationLevel: 2,
      principalName: 'Nguyễn Thị Hoa',
    });
    expect(await auditCount(t.database, 'registry.school.profile.create')).toBe(before + 1);
  });

  it('links the principal to an account of the school, and refuses an account of another school', async () => {
    const linked = await req(
      'PUT',
      profileUrl(tree.schoolA),
      officeA,
      fullProfile(1, { principalUserId: principalA.userId, principalName: null }),
    );
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({
      version: 2,
      principalUserId: principalA.userId,
      principalName: `Người dùng ${principalA.username}`,
    });
    const other = await req(
      'PUT',
      profileUrl(tree.schoolA),
      principalA,
      fullProfile(2, { principalUserId: principalB.userId, principalName: null }),
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().errors).toEqual([
      expect.objectContaining({ path: 'body.principalUserId', code: 'registry.school.principalNotStaff' }),
    ]);
    expect(await auditCount(t.database, 'registry.school.profile.update')).toBeGreaterThan(0);
  });

  it('reports every bad field in Vietnamese, refuses unknown fields and codes outside the enumerations, and a stale version', async () => {
    const bad = await req(
      'PUT',
      profileUrl(tree.schoolA),
      principalA,
      fullProfile(2, { phone: '12345', email: 'x@', nationalStandardOn: null, foundedYear: 2100 }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.nationalStandardOn',
      'body.phone',
      'body.email',
      'body.foundedYear',
    ]);
    expect(bad.json().errors[1].message).toContain('Số điện thoại không đúng');
    expect((await req('PUT', profileUrl(tree.schoolA), principalA, fullProfile(2, { difficultArea: 'rat_kho' }))).statusCode).toBe(400);
    expect((await req('PUT', profileUrl(tree.schoolA), principalA, fullProfile(2, { schoolLevel: 'thpt' }))).statusCode).toBe(400);
    expect((await req('PUT', profileUrl(tree.schoolA), principalA, fullProfile(2, { accreditationLevel: 5 }))).statusCode).toBe(400);
    const stale = await req('PUT', profileUrl(tree.schoolA), principalA, fullProfile(1));
    expect(stale.statusCode).toBe(409);
  });

  it('lets the commune officer and the department read without editing; the other commune and other school get 404; a teacher 403', async () => {
    const ro = await req('GET', profileUrl(tree.schoolA), communeA);
    expect(ro.statusCode).toBe(200);
    expect(ro.json()).toMatchObject({ abilities: { update: false }, principalCandidates: [], version: 2 });
    expect((await req('GET', profileUrl(tree.schoolA), department)).json().abilities.update).toBe(false);
    expect((await req('PUT', profileUrl(tree.schoolA), communeA, fullProfile(2))).statusCode).toBe(403);
    expect((await req('GET', profileUrl(tree.schoolA), communeB)).statusCode).toBe(404);
    expect((await req('GET', profileUrl(tree.schoolB), principalA)).statusCode).toBe(404);
    expect((await req('PUT', profileUrl(tree.schoolB), principalA, fullProfile(0))).statusCode).toBe(404);
    expect((await req('GET', profileUrl(tree.communeA), communeA)).statusCode).toBe(404);
    expect((await req('GET', profileUrl('not-a-uuid'), principalA)).statusCode).toBe(404);
    expect((await req('GET', profileUrl(tree.schoolA), teacherA)).statusCode).toBe(403);
  });
});

describe('satellite sites', () => {
  let siteId: string;
  it('adds, renames and removes a site (audited); a name twice is 409 on the field; an unknown commune code is 422', async () => {
    const url = `/api/registry/schools/${tree.schoolA}/sites`;
    const made = await req('POST', url, principalA, {
      name: 'Điểm trường Thôn Đoài',
      address: 'Thôn Đoài',
      communeCode: commune,
      classCount: 4,
      studentCount: 96,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ version: 1, classCount: 4, communeCode: commune, communeName: expect.any(String) });
    siteId = made.json().id;
    const dup = await req('POST', url, principalA, {
      name: 'điểm trường thôn đoài',
      address: null,
      communeCode: null,
      classCount: 0,
      studentCount: 0,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0]).toMatchObject({ path: 'body.name', code: 'registry.school.siteNameTaken' });
    const unknown = await req('POST', url, principalA, {
      name: 'Điểm Hạ',
      address: null,
      communeCode: '99999',
      classCount: 0,
      studentCount: 0,
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('body.communeCode');
    expect(
      (await req('POST', url, principalA, { name: 'Điểm âm', address: null, communeCode: null, classCount: -1, studentCount: 0 }))
        .statusCode,
    ).toBe(400);
    const edited = await req('PUT', `${url}/${siteId}`, principalA, {
      version: 1,
      name: 'Điểm trường Đoài',
      address: 'Thôn Đoài',
      communeCode: commune,
      classCount: 5,
      studentCount: 120,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, classCount: 5 });
    expect((await req('GET', profileUrl(tree.schoolA), communeA)).json().sites).toEqual([
      expect.objectContaining({ id: siteId, name: 'Điểm trường Đoài', studentCount: 120 }),
    ]);
    expect(await auditCount(t.database, 'registry.school.site.update')).toBeGreaterThan(0);
  });

  it('keeps other schools and readers out of the sites', async () => {
    expect((await req('DELETE', `/api/registry/schools/${tree.schoolB}/sites/${siteId}`, principalB, { version: 2 })).statusCode).toBe(404);
    expect((await req('DELETE', `/api/registry/schools/${tree.schoolA}/sites/${siteId}`, principalB, { version: 2 })).statusCode).toBe(404);
    expect((await req('DELETE', `/api/registry/schools/${tree.schoolA}/sites/${siteId}`, communeA, { version: 2 })).statusCode).toBe(403);
    expect((await req('DELETE', `/api/registry/schools/${tree.schoolA}/sites/${siteId}`, principalA, { version: 1 })).statusCode).toBe(409);
    const gone = await req('DELETE', `/api/registry/schools/${tree.schoolA}/sites/${siteId}`, principalA, { version: 2 });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(await auditCount(t.database, 'registry.school.site.delete')).toBe(1);
  });
});

describe('facilities per school year', () => {
  it('starts empty for a year, saves with exact areas and totals, audited; the same values again change nothing', async () => {
    const empty = await req('GET', facilitiesUrl(tree.schoolA), principalA);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({
      version: 0,
      yearName: '2026–2027',
      grades: [6, 7, 8, 9],
      totals: { classrooms: 0, solidShare: null },
      abilities: { update: true },
    });
    const saved = await req('PUT', facilitiesUrl(tree.schoolA), principalA, facilities(0));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      version: 1,
      landArea: '12500.50',
      playgroundArea: '3200.00',
      totals: { classrooms: 16, solidShare: '87.5', subjectRooms: 3, computers: 45, equipmentSets: 7, equipmentMissing: 1, toilets: 8 },
    });
    const audits = await auditCount(t.database, 'registry.school.facilities.update');
    expect(audits).toBe(1);
    const again = await req(
      'PUT',
      facilitiesUrl(tree.schoolA),
      principalA,
      facilities(1, {
        landArea: '12500.50',
        subjectRooms: [
          { kind: 'khtn', count: 1 },
          { kind: 'tin_hoc', count: 2 },
        ],
      }),
    );
    expect(again.json().version).toBe(1);
    expect(await auditCount(t.database, 'registry.school.facilities.update')).toBe(audits);
    const years = await req('GET', `/api/registry/schools/${tree.schoolA}/facilities`, communeA);
    expect(years.json()).toMatchObject({ years: [{ startYear: 2026, name: '2026–2027', recorded: true }], abilities: { update: false } });
  });

  it('refuses negative counts, decimals, bad areas, a grade the school does not teach, a playground larger than the land', async () => {
    for (const extra of [
      { classroomsSolid: -1 },
      { computersTeaching: 2.5 },
      { landArea: '12,345' },
      { landArea: '-5' },
      { internet: 'wifi' },
    ]) {
      const res = await req('PUT', facilitiesUrl(tree.schoolA), principalA, facilities(1, extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
    }
    const rules = await req(
      'PUT',
      facilitiesUrl(tree.schoolA),
      principalA,
      facilities(1, { equipmentSets: [{ gradeNo: 10, sets: 1, missing: 0 }], playgroundArea: '20000' }),
    );
    expect(rules.statusCode).toBe(422);
    expect(rules.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.equipmentSets.0.gradeNo', 'body.playgroundArea']);
    expect((await req('PUT', facilitiesUrl(tree.schoolA), principalA, facilities(0))).statusCode).toBe(409);
  });

  it('keeps facilities per year apart and in scope: school B 404, teacher 403, commune reads, bad year 404', async () => {
    const next = await req('PUT', facilitiesUrl(tree.schoolA, 2027), officeA, facilities(0, { classroomsTemporary: 3 }));
    expect(next.statusCode, next.body).toBe(200);
    expect((await req('GET', facilitiesUrl(tree.schoolA, 2026), communeA)).json().classroomsTemporary).toBe(0);
    expect((await req('GET', facilitiesUrl(tree.schoolA, 2027), department)).json().classroomsTemporary).toBe(3);
    expect((await req('GET', facilitiesUrl(tree.schoolB), principalA)).statusCode).toBe(404);
    expect((await req('PUT', facilitiesUrl(tree.schoolB), principalA, facilities(0))).statusCode).toBe(404);
    expect((await req('GET', facilitiesUrl(tree.schoolA), communeB)).statusCode).toBe(404);
    expect((await req('GET', facilitiesUrl(tree.schoolA), teacherA)).statusCode).toBe(403);
    expect((await req('PUT', facilitiesUrl(tree.schoolA), teacherA, facilities(1))).statusCode).toBe(403);
    expect((await req('PUT', facilitiesUrl(tree.schoolA), communeA, facilities(1))).statusCode).toBe(403);
    expect((await req('GET', `/api/registry/schools/${tree.schoolA}/facilities/26`, principalA)).statusCode).toBe(404);
    const far = await req('PUT', facilitiesUrl(tree.schoolA, 2099), principalA, facilities(0));
    expect(far.statusCode).toBe(422);
    expect(far.json().code).toBe('registry.facilities.yearTooFar');
  });

  it('keeps a closed school readable and refuses changes with 409', async () => {
    await t.database.query("UPDATE org.units SET status = 'closed', closed_at = now() WHERE id = $1", [tree.schoolB]);
    const read = await req('GET', profileUrl(tree.schoolB), principalB);
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities.update).toBe(false);
    const write = await req('PUT', profileUrl(tree.schoolB), principalB, fullProfile(0));
    expect(write.statusCode).toBe(409);
    expect(write.json().code).toBe('registry.school.unitClosed');
    expect((await req('PUT', facilitiesUrl(tree.schoolB), principalB, facilities(0))).statusCode).toBe(409);
  });
});
