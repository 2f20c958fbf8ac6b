import { createRng } from '../../../platform/seed/names.ts';
import { communeUnitCode, departmentCode, schoolCode } from '../rules/codes.ts';
import { managedBy, type Ownership, type SchoolLevel } from '../rules/levels.ts';
import type { UnitType } from '../schema.ts';
import { demoDepartmentName, demoDivisions, demoUpperSchools, upperSchoolNames } from './demo.ts';

export interface CommuneFacts {
  code: string;
  fullName: string;
  /** Names of the pre-2025 communes it was formed from ("Xã Đông Phong"…), for school names. */
  oldNames: string[];
}

export interface PlannedUnit {
  code: string;
  type: UnitType;
  name: string;
  parentCode: string | null;
  adminUnitCode: string | null;
  schoolLevel: SchoolLevel | null;
  ownership: Ownership | null;
}

export type PlanSize = 'demo' | 'province';

/** A real province's level mix (≈ 40% pre-school, 33% primary, 22% lower-secondary, 5% the rest). */
export const provinceMix: Record<SchoolLevel, number> = {
  mam_non: 280,
  tieu_hoc: 231,
  thcs: 154,
  thpt: 24,
  gdtx: 5,
  lien_cap: 3,
  lien_cap_thpt: 3,
};
const demoMix: Record<SchoolLevel, number> = { mam_non: 9, tieu_hoc: 8, thcs: 7, thpt: 4, gdtx: 1, lien_cap: 1, lien_cap_thpt: 1 };

const levelWords: Record<SchoolLevel, string> = {
  mam_non: 'Trường Mầm non',
  tieu_hoc: 'Trường Tiểu học',
  thcs: 'Trường THCS',
  thpt: 'Trường THPT',
  gdtx: 'Trung tâm GDNN – GDTX',
  lien_cap: 'Trường TH và THCS',
  lien_cap_thpt: 'Trường Phổ thông liên cấp',
};

const placeName = (full: string) => full.replace(/^(Xã|Phường|Thị trấn|Đặc khu)\s+/u, '');

/**
 * The organisation of the synthetic province, as a pure function of the seed and the communes:
 * the department, its divisions, every commune, and schools with plausible names (the pre-2025
 * commune names the schools were named after). The demo plan is a prefix of the province plan,
 * so growing a demo database to province size keeps its schools.
 */
export function planProvince(seed: number, size: PlanSize, provinceCode: string, communes: readonly CommuneFacts[]): PlannedUnit[] {
  const rng = createRng(seed);
  const dept = departmentCode(provinceCode);
  const out: PlannedUnit[] = [
    {
      code: dept,
      type: 'department',
      name: demoDepartmentName,
      parentCode: null,
      adminUnitCode: provinceCode,
      schoolLevel: null,
      ownership: null,
    },
    ...demoDivisions.map((d) => ({
      ...d,
      type: 'division' as const,
      parentCode: dept,
      adminUnitCode: null,
      schoolLevel: null,
      ownership: null,
    })),
    ...communes.map((c) => ({
      code: communeUnitCode(c.code),
      type: 'commune' as const,
      name: c.fullName,
      parentCode: dept,
      adminUnitCode: c.code,
      schoolLevel: null,
      ownership: null,
    })),
  ];
  const sorted = [...communes].sort((a, b) => a.code.localeCompare(b.code));
  const sequence: Record<string, number> = {};
  const usedNames = new Set<string>();
  const add = (level: SchoolLevel, commune: CommuneFacts, ownership: Ownership, fixedName?: string) => {
    sequence[level] = (sequence[level] ?? 0) + 1;
    let name = fixedName;
    if (!name) {
      const places = [...commune.oldNames.map(placeName), placeName(commune.fullName)];
      const base = places.map((p) => `${levelWords[level]} ${p}`).find((n) => !usedNames.has(n));
      name = base ?? `${levelWords[level]} ${placeName(commune.fullName)} số ${sequence[level]}`;
      for (let k = 2; usedNames.has(name); k++) name = `${levelWords[level]} ${placeName(commune.fullName)} số ${k}`;
    }
    usedNames.add(name);
    out.push({
      code: schoolCode(provinceCode, level, sequence[level]),
      type: 'school',
      name,
      parentCode: managedBy(level) === 'department' ? dept : communeUnitCode(commune.code),
      adminUnitCode: commune.code,
      schoolLevel: level,
      ownership,
    });
  };
  const ownershipFor = (level: SchoolLevel): Ownership =>
    level === 'mam_non'
      ? rng.weighted([
          ['cong_lap', 80],
          ['tu_thuc', 15],
          ['dan_lap', 5],
        ])
      : rng.weighted([
          ['cong_lap', 95],
          ['tu_thuc', 5],
        ]);

  // Demo: a handful of communes, each with schools of several levels; the named upper schools.
  const demoCommunes = Array.from({ length: 10 }, () => rng.pick(sorted));
  const levelsDemo = (['mam_non', 'tieu_hoc', 'thcs', 'lien_cap'] as const).flatMap((l) => Array.from({ length: demoMix[l] }, () => l));
  for (const [i, level] of levelsDemo.entries()) add(level, demoCommunes[i % demoCommunes.length]!, ownershipFor(level));
  for (const [i, s] of demoUpperSchools.entries()) add(s.level, demoCommunes[(i * 3) % demoCommunes.length]!, s.ownership, s.name);
  if (size === 'demo') return out;

  // Province: every commune has at least one pre-school, primary and lower-secondary school;
  // the rest of the mix goes to communes at random; upper schools carry people's and places' names.
  const counts = { ...provinceMix };
  for (const l of Object.keys(demoMix) as SchoolLevel[]) counts[l] -= demoMix[l];
  for (const level of ['mam_non', 'tieu_hoc', 'thcs'] as const) {
    for (const c of sorted) {
      if (counts[level] <= 0) break;
      add(level, c, ownershipFor(level));
      counts[level]--;
    }
  }
  let upperName = 0;
  for (const level of Object.keys(counts) as SchoolLevel[]) {
    for (; counts[level] > 0; counts[level]--) {
      const commune = rng.pick(sorted);
      const fixed =
        managedBy(level) === 'department' && level !== 'gdtx' && upperName < upperSchoolNames.length
          ? `${levelWords[level]} ${upperSchoolNames[upperName++]}`
          : undefined;
      add(level, commune, level === 'lien_cap_thpt' ? 'tu_thuc' : ownershipFor(level), fixed);
    }
  }
  return out;
}
