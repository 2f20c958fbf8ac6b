import { sql } from 'drizzle-orm';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { createNameGenerator, createRng } from '../../../platform/seed/names.ts';
import { hashPassword, insertStaffAccounts, type StaffAccount } from '../../identity/public.ts';
import type { SchoolLevel } from '../rules/levels.ts';

/** The one password of every synthetic staff account (province size, benchmarks only). */
export const SYNTHETIC_STAFF_PASSWORD = 'GiaoDucSo@Synthetic2026';
export const PROVINCE_STAFF_TOTAL = 25_000;

/** Relative staff size of a school by level (a THPT has about three times a pre-school's staff). */
const staffWeight: Record<SchoolLevel, number> = {
  mam_non: 25,
  tieu_hoc: 35,
  thcs: 40,
  thpt: 75,
  gdtx: 30,
  lien_cap: 50,
  lien_cap_thpt: 70,
};

interface HomeUnit {
  id: string;
  code: string;
  type: string;
  level: SchoolLevel | null;
}

/**
 * Plans the staff of the province as a pure function of the seed and the units: per division
 * ~16, per commune 2 officers, the rest across schools by level weight (one principal, an office
 * clerk or two, teachers, a third of them homeroom teachers).
 */
export function planStaff(seed: number, homes: readonly HomeUnit[], total: number, passwordHash: string): StaffAccount[] {
  const names = createNameGenerator(seed + 1);
  const rng = createRng(seed + 2);
  const out: StaffAccount[] = [];
  const push = (u: HomeUnit, n: number, role: (i: number) => string) => {
    for (let i = 1; i <= n; i++) {
      out.push({
        username: `${u.code.toLowerCase()}.${String(i).padStart(3, '0')}`,
        displayName: names.next(rng.chance(0.7) && u.type === 'school' ? 'female' : undefined).fullName,
        homeUnitId: u.id,
        roleKey: role(i),
        passwordHash,
      });
    }
  };
  for (const u of homes.filter((h) => h.type === 'division')) push(u, 16, (i) => (i <= 2 ? 'department_leader' : 'department_officer'));
  for (const u of homes.filter((h) => h.type === 'commune')) push(u, 2, () => 'commune_officer');
  const schools = homes.filter((h) => h.type === 'school');
  const left = Math.max(0, total - out.length);
  const weightSum = schools.reduce((s, u) => s + staffWeight[u.level ?? 'thcs'], 0);
  let assigned = 0;
  schools.forEach((u, idx) => {
    const n = idx === schools.length - 1 ? left - assigned : Math.round((left * staffWeight[u.level ?? 'thcs']) / weightSum);
    assigned += n;
    push(u, Math.max(0, n), (i) => (i === 1 ? 'principal' : i <= 3 ? 'school_office' : rng.chance(0.35) ? 'homeroom_teacher' : 'teacher'));
  });
  return out;
}

/** Province size only: ≈ 25,000 staff accounts through identity's bulk insert (re-runnable). */
export const staffAccountsStep: SeedStep = {
  id: 'org.staff',
  version: 1,
  phase: 10,
  async run({ tx, size, seed, log }) {
    if (size !== 'province') return;
    const result = await tx.execute(sql`
      SELECT id::text AS id, code, type, school_level AS level FROM org.units
      WHERE status = 'active' AND type IN ('division', 'commune', 'school') ORDER BY code`);
    const homes = result.rows as unknown as HomeUnit[];
    // Synthetic accounts share one password: one hash, not 25,000.
    const hash = await hashPassword(SYNTHETIC_STAFF_PASSWORD, { memoryKib: 19456, timeCost: 2, parallelism: 1 });
    const accounts = planStaff(seed, homes, PROVINCE_STAFF_TOTAL, hash);
    const created = await insertStaffAccounts(tx, accounts);
    log.info({ planned: accounts.length, created }, 'synthetic staff accounts');
  },
};
