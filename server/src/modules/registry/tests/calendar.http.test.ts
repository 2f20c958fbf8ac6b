import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { findUnit } from '../../org/public.ts';
import { schoolDaysOf } from '../public.ts';
import { createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let officer: SignedIn;
let principalA: SignedIn;
let principalB: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
  principalA = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  // 2026–2027 at both schools: 05/09/2026 → 31/05/2027, HKI to 16/01/2027, HKII from 18/01/2027
  await createYear(t.app, principalA.headers, tree.schoolA);
  await createYear(t.app, principalB.headers, tree.schoolB);
});
afterAll(async () => t.close());

const url = (unitId: string) => `/api/registry/units/${unitId}/calendar/2026`;
const get = (unitId: string, who: SignedIn) => t.app.inject({ method: 'GET', url: url(unitId), headers: who.headers });
const put = (unitId: string, who: SignedIn, body: object) =>
  t.app.inject({ method: 'PUT', url: url(unitId), headers: who.headers, payload: body });
const TET = { from: '2027-02-01', to: '2027-02-12', name: 'Nghỉ Tết Nguyên đán' };

describe('school-year calendar', () => {
  it('is Monday to Friday with no breaks until someone sets it: HKI of 2026–2027 has 95 school days, HKII 96', async () => {
    const res = await get(tree.schoolA, principalA);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'default', rules: { weekdays: [1, 2, 3, 4, 5], breaks: [] }, version: 0 });
    // HKI 07/09/2026 (Mon) → 15/01/2027 (Fri): 19 weeks = 95 days; HKII 18/01/2027 (Mon) → 31/05/2027 (Mon): 19 weeks and a day
    expect(res.json().terms.map((x: { schoolDays: number }) => x.schoolDays)).toEqual([95, 96]);
  });

  it("takes the department's week and breaks as the province default, for every school", async () => {
    const res = await put(tree.department, officer, { weekdays: [1, 2, 3, 4, 5], breaks: [TET], expectedVersion: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'own', version: 1 });
    const school = (await get(tree.schoolB, principalB)).json();
    expect(school).toMatchObject({
      source: 'inherited',
      inheritedFrom: { id: tree.department },
      rules: { breaks: [TET] },
      abilities: { update: true },
    });
    // Tết's two weeks come off HKII: 96 - 10
    expect(school.terms.map((x: { schoolDays: number }) => x.schoolDays)).toEqual([95, 86]);
    expect(await auditCount(t.database, 'registry.calendar.save')).toBe(1);
  });

  it('lets a school override it (Saturday classes) and go back to the default; schoolDaysOf follows', async () => {
    const res = await put(tree.schoolA, principalA, { weekdays: [1, 2, 3, 4, 5, 6], breaks: [TET], expectedVersion: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'own', inheritedFrom: null });
    const schoolA = (await findUnit(t.database.db, tree.schoolA))!;
    const schoolB = (await findUnit(t.database.db, tree.schoolB))!;
    expect(await schoolDaysOf(t.database.db, schoolA, 2026, '2026-09-07', '2026-09-13')).toBe(6);
    expect(await schoolDaysOf(t.database.db, schoolB, 2026, '2026-09-07', '2026-09-13')).toBe(5);
    // a stale editor loses; a wrong break is refused by field
    const stale = await put(tree.schoolA, principalA, { weekdays: [1, 2, 3, 4, 5], breaks: [], expectedVersion: 0 });
    expect(stale.statusCode).toBe(409);
    const wrong = await put(tree.schoolA, principalA, {
      weekdays: [1, 2, 3, 4, 5],
      breaks: [{ from: '2027-06-02', to: '2027-06-05', name: 'Sau năm học' }],
      expectedVersion: 1,
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ path: 'body.breaks.0', code: 'registry.calendar.breakOutsideYear' })]);
    const back = await t.app.inject({ method: 'DELETE', url: url(tree.schoolA), headers: principalA.headers });
    expect(back.json()).toMatchObject({ source: 'inherited', inheritedFrom: { id: tree.department } });
    expect(await schoolDaysOf(t.database.db, schoolA, 2026, '2026-09-07', '2026-09-13')).toBe(5);
    expect(await auditCount(t.database, 'registry.calendar.remove')).toBe(1);
  });

  it("keeps each school to its own: another school's principal 404, a teacher 403, a commune has no calendar", async () => {
    expect((await put(tree.schoolA, principalB, { weekdays: [1], breaks: [], expectedVersion: 0 })).statusCode).toBe(404);
    expect((await get(tree.schoolA, principalB)).statusCode).toBe(404);
    expect((await put(tree.department, principalA, { weekdays: [1], breaks: [], expectedVersion: 1 })).statusCode).toBe(404);
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await put(tree.schoolA, teacher, { weekdays: [1], breaks: [], expectedVersion: 0 })).statusCode).toBe(403);
    expect((await get(tree.communeA, officer)).statusCode).toBe(404);
  });
});
