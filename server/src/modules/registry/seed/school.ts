import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { createNameGenerator, createRng, type Rng } from '../../../platform/seed/names.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { canonicalFacilities, type FacilitiesInput } from '../school/facilities.ts';
import type { DifficultArea, SubjectRoomKind } from '../school/config.ts';
import { schoolFacilities, schoolProfiles, schoolSites } from '../schema.ts';

/** The school year the generated facilities describe (the demo's current year). */
export const seedFacilitiesYear = 2026;
const BATCH = 500;

interface SchoolFacts {
  id: string;
  path: string;
  code: string;
  name: string;
  level: string;
  ownership: string | null;
  commune: string | null;
  communeName: string | null;
  classes: number;
  principalId: string | null;
}

const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);
const between = (rng: Rng, lo: number, hi: number) => lo + rng.int(hi - lo + 1);
const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** Classes a school of this level typically has when the registry holds none for it yet. */
const typicalClasses: Record<string, [number, number]> = {
  mam_non: [6, 12],
  tieu_hoc: [10, 25],
  thcs: [8, 20],
  thpt: [18, 36],
  gdtx: [4, 10],
  lien_cap: [12, 24],
  lien_cap_thpt: [20, 36],
};

/** Subject rooms by level: [kind, min, max] before the difficult-area cut. */
const roomsByLevel: Record<string, readonly (readonly [SubjectRoomKind, number, number])[]> = {
  mam_non: [['da_chuc_nang', 0, 1]],
  tieu_hoc: [
    ['tin_hoc', 0, 1],
    ['ngoai_ngu', 0, 1],
    ['am_nhac', 0, 1],
    ['my_thuat', 0, 1],
    ['da_chuc_nang', 0, 1],
  ],
  thcs: [
    ['tin_hoc', 1, 2],
    ['ngoai_ngu', 0, 1],
    ['khtn', 1, 2],
    ['cong_nghe', 0, 1],
    ['am_nhac', 0, 1],
    ['my_thuat', 0, 1],
  ],
  thpt: [
    ['tin_hoc', 2, 3],
    ['ngoai_ngu', 1, 2],
    ['vat_ly', 1, 1],
    ['hoa_hoc', 1, 1],
    ['sinh_hoc', 1, 1],
    ['cong_nghe', 1, 1],
  ],
  gdtx: [
    ['tin_hoc', 1, 2],
    ['ngoai_ngu', 0, 1],
  ],
  lien_cap: [
    ['tin_hoc', 1, 2],
    ['ngoai_ngu', 0, 1],
    ['khtn', 0, 1],
    ['am_nhac', 0, 1],
    ['my_thuat', 0, 1],
  ],
  lien_cap_thpt: [
    ['tin_hoc', 2, 3],
    ['ngoai_ngu', 1, 2],
    ['khtn', 1, 1],
    ['vat_ly', 1, 1],
    ['hoa_hoc', 1, 1],
    ['sinh_hoc', 1, 1],
  ],
};
/** Land area in m² by level (min, max). */
const landByLevel: Record<string, [number, number]> = {
  mam_non: [1500, 5000],
  tieu_hoc: [5000, 12000],
  thcs: [7000, 15000],
  thpt: [12000, 30000],
  gdtx: [3000, 8000],
  lien_cap: [8000, 16000],
  lien_cap_thpt: [12000, 28000],
};

/**
 * Generated facilities of one school: classrooms from its classes, more temporary and
 * semi-solid rooms, fewer subject rooms, computers, standard toilets and clean water in
 * difficult areas, more teacher housing there. Deterministic for a school and seed.
 */
export function generateFacilities(rng: Rng, level: string, classes: number, area: DifficultArea): FacilitiesInput {
  const hard = area === 'dac_biet_kho_khan' ? 2 : area === 'kho_khan' ? 1 : 0;
  const rooms = Math.max(1, Math.round(classes * (1 + rng.next() * 0.1)));
  // a few schools outside difficult areas still teach in one or two temporary rooms
  const temporary = hard === 0 ? (rng.chance(0.06) ? between(rng, 1, 2) : 0) : Math.round(rooms * [0, 0.07, 0.15][hard]! * rng.next() * 2);
  const semi = Math.round((rooms - temporary) * [0.06, 0.18, 0.3][hard]! * rng.next() * 2);
  const grades = gradesOfLevel(level);
  const perGrade = grades.length ? Math.max(1, Math.round(classes / grades.length)) : 0;
  const subjectRooms = (roomsByLevel[level] ?? [])
    .map(([kind, lo, hi]) => ({ kind, count: rng.chance(hard === 2 ? 0.5 : hard === 1 ? 0.75 : 0.95) ? between(rng, lo, hi) : 0 }))
    .filter((r) => r.count > 0);
  const equipmentSets = grades.map((gradeNo) => {
    const missing = Math.min(perGrade, rng.chance([0.15, 0.35, 0.55][hard]!) ? between(rng, 1, Math.max(1, Math.ceil(perGrade / 2))) : 0);
    return { gradeNo, sets: perGrade - missing, missing };
  });
  const hasLibrary = level === 'mam_non' ? rng.chance(0.3) : rng.chance([0.98, 0.92, 0.8][hard]!);
  const libraryStandard = !hasLibrary
    ? 'chua_dat'
    : rng.weighted<'chua_dat' | 'muc_1' | 'muc_2'>([
        ['chua_dat', 30 + 15 * hard],
        ['muc_1', 50],
        ['muc_2', 20 - 8 * hard],
      ]);
  const secondary = ['thcs', 'thpt', 'lien_cap', 'lien_cap_thpt', 'gdtx'].includes(level);
  const computersTeaching =
    level === 'mam_non' ? between(rng, 0, 3) : Math.round((secondary ? between(rng, 20, 45) : between(rng, 8, 25)) * [1, 0.75, 0.5][hard]!);
  const [lo, hi] = landByLevel[level] ?? [3000, 10000];
  const land = between(rng, lo, hi) * 10 + rng.int(10);
  const toiletsStudents = Math.max(2, Math.round(rooms / 3) + rng.int(3));
  return canonicalFacilities({
    classroomsSolid: rooms - temporary - semi,
    classroomsSemiSolid: semi,
    classroomsTemporary: temporary,
    subjectRooms,
    hasLibrary,
    libraryStandard,
    equipmentSets,
    computersTeaching,
    computersManagement: between(rng, 2, 6),
    internet: rng.weighted([
      ['fiber', [92, 80, 60][hard]!],
      ['mobile', [7, 15, 30][hard]!],
      ['none', [1, 5, 10][hard]!],
    ]),
    toiletsStudents,
    toiletsStaff: between(rng, 1, 3),
    toiletsMeetStandard: rng.chance([0.8, 0.6, 0.4][hard]!),
    cleanWater: rng.chance([0.98, 0.9, 0.72][hard]!),
    teacherHousingRooms: [rng.chance(0.05) ? between(rng, 1, 2) : 0, between(rng, 0, 4), between(rng, 2, 8)][hard]!,
    landArea: `${Math.floor(land / 10)}.${land % 10}0`,
    playgroundArea: `${Math.floor((land / 10) * (0.2 + rng.next() * 0.15))}.00`,
  });
}

const villages = ['Thôn Đông', 'Thôn Đoài', 'Thôn Trung', 'Thôn Thượng', 'Thôn Hạ', 'Khu phố 1', 'Khu phố 2', 'Bản Nà', 'Bản Khuổi'];

/**
 * Phase 20, demo and province sizes: a profile for every school (contacts, difficult-area
 * status — about 1 in 8 schools in a difficult area, 1 in 20 in a very difficult one —,
 * national-standard and accreditation levels, the principal's account where one is granted
 * there), satellite sites for some pre-school and primary schools, and the facilities of the
 * 2026–2027 year. Batched inserts; a school that already has a profile or facilities keeps them.
 */
export const schoolProfileSeedStep: SeedStep = {
  id: 'registry.school-profiles',
  version: 1,
  phase: 20,
  async run({ tx, size, seed, log }) {
    const schools = await loadSchools(tx);
    const names = createNameGenerator(seed ^ 0x5c401);
    const profiles: (typeof schoolProfiles.$inferInsert)[] = [];
    const sites: (typeof schoolSites.$inferInsert)[] = [];
    const facilities: (typeof schoolFacilities.$inferInsert)[] = [];
    for (const s of schools) {
      const rng = createRng(seed ^ hash(s.code));
      const provinceId = s.path.split('/').filter(Boolean)[0]!;
      const area = rng.weighted<DifficultArea>([
        ['none', 83],
        ['kho_khan', 12],
        ['dac_biet_kho_khan', 5],
      ]);
      const hard = area !== 'none';
      const standard = rng.weighted<'chua_dat' | 'muc_1' | 'muc_2'>([
        ['chua_dat', hard ? 55 : 35],
        ['muc_1', hard ? 40 : 50],
        ['muc_2', hard ? 5 : 15],
      ]);
      const accredited = standard !== 'chua_dat' || rng.chance(0.4);
      const accreditationLevel = accredited ? (standard === 'muc_2' ? between(rng, 3, 4) : between(rng, 1, 3)) : null;
      const decided = `${between(rng, 2015, 2025)}-${String(between(rng, 1, 12)).padStart(2, '0')}-${String(between(rng, 1, 28)).padStart(2, '0')}`;
      const village = rng.pick(villages);
      const commune = s.communeName ?? '';
      profiles.push({
        schoolId: s.id,
        provinceId,
        address: commune ? `${village}, ${commune}` : village,
        difficultArea: area,
        nationalStandard: standard,
        nationalStandardOn: standard === 'chua_dat' ? null : decided,
        accreditationLevel,
        accreditedOn: accreditationLevel ? decided : null,
        principalUserId: s.principalId,
        principalName: s.principalId ? null : names.next(rng.chance(0.55) ? 'female' : 'male').fullName,
        phone: `0222${String(rng.int(10_000_000)).padStart(7, '0')}`,
        email: `${slug(s.code)}@gddt.edu.vn`,
        website: rng.chance(0.6) ? `https://${slug(s.code)}.edu.vn` : null,
        sessionsPerDay: s.level === 'mam_non' || s.level === 'tieu_hoc' || rng.chance(0.3) ? 2 : 1,
        foundedYear: between(rng, 1950, 2015),
      });
      if ((s.level === 'mam_non' || s.level === 'tieu_hoc' || s.level === 'lien_cap') && rng.chance(hard ? 0.7 : 0.25)) {
        const n = between(rng, 1, hard ? 3 : 1);
        for (let i = 0; i < n; i++) {
          const classCount = between(rng, 2, 5);
          const place = villages[(((hash(s.code) + i) % villages.length) + villages.length) % villages.length]!;
          sites.push({
            provinceId,
            schoolId: s.id,
            name: `Điểm trường ${place.replace(/^(Thôn|Bản|Khu phố) /, '')}`,
            address: `${place}${commune ? `, ${commune}` : ''}`,
            communeCode: s.commune,
            classCount,
            studentCount: classCount * between(rng, 12, 28),
          });
        }
      }
      const classes = s.classes > 0 ? s.classes : between(rng, ...(typicalClasses[s.level] ?? [6, 12]));
      facilities.push({ provinceId, schoolId: s.id, startYear: seedFacilitiesYear, ...generateFacilities(rng, s.level, classes, area) });
    }
    const counts = { profiles: 0, sites: 0, facilities: 0 };
    const created = new Set<string>();
    for (let i = 0; i < profiles.length; i += BATCH) {
      const rows = await tx
        .insert(schoolProfiles)
        .values(profiles.slice(i, i + BATCH))
        .onConflictDoNothing()
        .returning({ schoolId: schoolProfiles.schoolId });
      for (const r of rows) created.add(r.schoolId);
    }
    counts.profiles = created.size;
    const newSites = sites.filter((x) => created.has(x.schoolId));
    for (let i = 0; i < newSites.length; i += BATCH) {
      counts.sites += (
        await tx
          .insert(schoolSites)
          .values(newSites.slice(i, i + BATCH))
          .onConflictDoNothing()
          .returning({ id: schoolSites.id })
      ).length;
    }
    for (let i = 0; i < facilities.length; i += BATCH) {
      counts.facilities += (
        await tx
          .insert(schoolFacilities)
          .values(facilities.slice(i, i + BATCH))
          .onConflictDoNothing()
          .returning({ s: schoolFacilities.schoolId })
      ).length;
    }
    await recordAudit(tx, systemActor('seed'), {
      action: 'registry.school.seed',
      entityType: 'registry.school',
      bulk: { counts, source: `seed:${size}:${seed}` },
    });
    log.info(counts, 'registry school profiles and facilities seeded');
  },
};

async function loadSchools(tx: Tx): Promise<SchoolFacts[]> {
  const result = await tx.execute(sql`
    SELECT u.id, u.path, u.code, u.name, u.school_level AS level, u.ownership, u.admin_unit_code AS commune,
      a.full_name AS "communeName",
      (SELECT count(*)::int FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id
        WHERE c.school_id = u.id AND y.start_year = ${seedFacilitiesYear} AND c.status = 'active') AS classes,
      (SELECT g.user_id FROM identity.grants g JOIN identity.roles r ON r.id = g.role_id
        WHERE g.unit_id = u.id AND r.key = 'principal' AND g.revoked_at IS NULL ORDER BY g.granted_at LIMIT 1) AS "principalId"
    FROM org.units u LEFT JOIN org.admin_units a ON a.code = u.admin_unit_code
    WHERE u.type = 'school' AND u.status = 'active' ORDER BY u.code`);
  return result.rows as unknown as SchoolFacts[];
}
