import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { runSeedPipeline } from '../../../platform/seed/pipeline.ts';
import { managedBy, type SchoolLevel } from '../rules/levels.ts';
import { demoDepartmentCode } from '../seed/demo.ts';
import { planProvince, provinceMix } from '../seed/plan.ts';
import { planStaff } from '../seed/staff.ts';
import { communeFacts, orgTreeStep } from '../seed/steps.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());
const log = createLogger({ logLevel: 'silent' });

describe('synthetic province plan', () => {
  it('is deterministic from the seed', async () => {
    const communes = await communeFacts(database.db, '24');
    expect(communes).toHaveLength(99);
    expect(planProvince(7, 'province', '24', communes)).toEqual(planProvince(7, 'province', '24', communes));
    expect(planProvince(7, 'demo', '24', communes)).not.toEqual(planProvince(8, 'demo', '24', communes));
  });

  it('demo: the department, 7 divisions, all 99 communes and about 30 schools; a prefix of the province', async () => {
    const communes = await communeFacts(database.db, '24');
    const demo = planProvince(20250701, 'demo', '24', communes);
    const count = (type: string) => demo.filter((u) => u.type === type).length;
    expect([count('department'), count('division'), count('commune')]).toEqual([1, 7, 99]);
    expect(count('school')).toBeGreaterThanOrEqual(25);
    expect(count('school')).toBeLessThanOrEqual(35);
    expect(new Set(demo.filter((u) => u.type === 'school').map((u) => u.schoolLevel)).size).toBe(7);
    const province = planProvince(20250701, 'province', '24', communes);
    expect(province.slice(0, demo.length)).toEqual(demo);
  });

  it('province: about 700 schools with a real province mix, placed by management level', async () => {
    const communes = await communeFacts(database.db, '24');
    const plan = planProvince(1, 'province', '24', communes);
    const schools = plan.filter((u) => u.type === 'school');
    expect(schools).toHaveLength(700);
    const share = (levels: SchoolLevel[]) => schools.filter((s) => levels.includes(s.schoolLevel!)).length / schools.length;
    expect(share(['mam_non'])).toBeCloseTo(0.4, 1);
    expect(share(['tieu_hoc'])).toBeCloseTo(0.33, 1);
    expect(share(['thcs'])).toBeCloseTo(0.22, 1);
    expect(share(['thpt', 'gdtx', 'lien_cap', 'lien_cap_thpt'])).toBeCloseTo(0.05, 1);
    expect(Object.values(provinceMix).reduce((a, b) => a + b, 0)).toBe(700);
    for (const s of schools) {
      expect(s.adminUnitCode).toMatch(/^\d{5}$/);
      expect(s.parentCode).toBe(managedBy(s.schoolLevel!) === 'department' ? demoDepartmentCode : `XA${s.adminUnitCode}`);
    }
    expect(new Set(plan.map((u) => u.code)).size).toBe(plan.length);
    expect(new Set(schools.map((u) => u.name)).size).toBe(schools.length);
  });

  it('plans ≈ 25,000 staff accounts, deterministic, one per username', async () => {
    const communes = await communeFacts(database.db, '24');
    const plan = planProvince(1, 'province', '24', communes);
    const homes = plan.map((u, i) => ({ id: String(i), code: u.code, type: u.type, level: u.schoolLevel }));
    const staff = planStaff(1, homes, 25_000, 'hash');
    expect(staff).toHaveLength(25_000);
    expect(new Set(staff.map((s) => s.username)).size).toBe(25_000);
    expect(planStaff(1, homes, 25_000, 'hash')).toEqual(staff);
    expect(staff.filter((s) => s.roleKey === 'principal')).toHaveLength(700);
  });
});

describe('seeding the tree', () => {
  it('writes the demo tree, consistent and idempotent; re-running changes nothing', async () => {
    const r1 = await runSeedPipeline(database, [orgTreeStep], { size: 'demo', log });
    expect(r1.applied).toEqual(['org.tree']);
    const snapshot = async () =>
      database.query<{ code: string; name: string; path: string; version: number }>(
        'SELECT code, name, path, version FROM org.units ORDER BY code',
      );
    const first = await snapshot();
    expect(first.length).toBeGreaterThan(130);
    // Every path is its parent's path plus its own id; depths agree.
    const bad = await database.query(`
      SELECT u.code FROM org.units u LEFT JOIN org.units p ON p.id = u.parent_id
      WHERE u.path <> coalesce(p.path, '/') || u.id::text || '/' OR u.depth <> coalesce(p.depth + 1, 0)`);
    expect(bad).toEqual([]);
    // The step at a higher version (an upgrade) re-runs as an upsert: same rows, nothing rewritten.
    await runSeedPipeline(database, [{ ...orgTreeStep, version: 2 }], { size: 'demo', log });
    expect(await snapshot()).toEqual(first);
    const [dep] = await database.query<{ name: string }>(`SELECT name FROM org.units WHERE code = '${demoDepartmentCode}'`);
    expect(dep?.name).toBe('Sở Giáo dục và Đào tạo tỉnh Bắc Ninh');
  });
});
