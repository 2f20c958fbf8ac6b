import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { SeedSize, SeedStep } from '../../../platform/seed/pipeline.ts';
import { createNameGenerator, createRng, type Gender, type Rng } from '../../../platform/seed/names.ts';
import { catalogue, type CatalogueLevel, gradesOfLevel, levelOfGrade } from '../catalogue.ts';
import { makeCccd } from '../identifiers.ts';
import { qualificationStandard, type StaffPosition, type StaffQualification, titleGroupForLevel } from '../rules/staff.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { staff } from '../schema.ts';

type StaffInsert = typeof staff.$inferInsert;

/**
 * Learners per teacher by level (staffing norms give teachers per class; these are the
 * resulting ratios: 19–20 in general schools, 15 in pre-school) and, for schools whose students are not in
 * the registry (pre-school, or a province generated without learners), the learners a school of
 * that level typically has. Province size: ≈ 25,000 staff over ≈ 700 schools.
 */
export const learnersPerTeacher: Record<string, number> = {
  mam_non: 15,
  tieu_hoc: 20,
  thcs: 20,
  thpt: 19,
  gdtx: 20,
  lien_cap: 20,
  lien_cap_thpt: 19,
};
export const typicalLearners: Record<string, number> = {
  mam_non: 150,
  tieu_hoc: 800,
  thcs: 900,
  thpt: 1800,
  gdtx: 500,
  lien_cap: 900,
  lien_cap_thpt: 1200,
};
/** A demo school is smaller (its classes are seeded with 2–4 classes per grade). */
const demoScale = 0.4;

interface SchoolFacts {
  id: string;
  path: string;
  code: string;
  level: string;
  learners: number;
}
interface Account {
  id: string;
  username: string;
  displayName: string;
  roleKey: string | null;
  subjects: string[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 11);
const dateIn = (rng: Rng, year: number) => `${year}-${pad(1 + rng.int(12))}-${pad(1 + rng.int(28))}`;

const namesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/names');
let givenBySex: { female: Set<string>; male: Set<string> } | undefined;
/** The sex a Vietnamese name suggests (for records made from existing accounts, which carry none). */
export function sexOfName(fullName: string): Gender {
  const read = (f: string) =>
    new Set(
      fs
        .readFileSync(path.join(namesDir, f), 'utf8')
        .split('\n')
        .map((l) => l.normalize('NFC').trim())
        .filter(Boolean),
    );
  givenBySex ??= { female: read('given-names-girl.txt'), male: read('given-names-boy.txt') };
  const words = fullName.normalize('NFC').trim().split(/\s+/);
  if (words.includes('Thị')) return 'female';
  if (words.includes('Văn')) return 'male';
  for (let i = 1; i < words.length; i++) {
    const given = words.slice(i).join(' ');
    if (givenBySex.female.has(given) && !givenBySex.male.has(given)) return 'female';
    if (givenBySex.male.has(given) && !givenBySex.female.has(given)) return 'male';
  }
  return 'female';
}

/** Counts per school: one principal, vice principals by size, office staff, teachers by the ratio. */
export function staffPlanOf(level: string, learners: number): { teachers: number; vice: number; office: number } {
  const teachers = Math.max(3, Math.round(learners / (learnersPerTeacher[level] ?? 18)));
  const vice = teachers < 15 ? 1 : teachers < 45 ? 2 : 3;
  const office = level === 'mam_non' ? 2 + (teachers > 15 ? 1 : 0) : teachers < 20 ? 3 : teachers < 50 ? 4 : 5;
  return { teachers, vice, office };
}

const qualificationMix: Record<string, readonly (readonly [StaffQualification, number])[]> = {
  mam_non: [
    ['trung_cap', 8],
    ['cao_dang', 40],
    ['dai_hoc', 50],
    ['thac_si', 2],
  ],
  tieu_hoc: [
    ['trung_cap', 2],
    ['cao_dang', 12],
    ['dai_hoc', 80],
    ['thac_si', 6],
  ],
  thcs: [
    ['cao_dang', 8],
    ['dai_hoc', 85],
    ['thac_si', 7],
  ],
  thpt: [
    ['dai_hoc', 75],
    ['thac_si', 23],
    ['tien_si', 2],
  ],
  staff: [
    ['trung_cap', 40],
    ['cao_dang', 25],
    ['dai_hoc', 35],
  ],
};
const officeMajors = ['Kế toán', 'Văn thư', 'Thư viện', 'Thiết bị', 'Y tế học đường', 'Công nghệ thông tin'];

/** Subjects a teacher of this level teaches, weighted by the periods of the 2018 curriculum. */
function subjectPicker(levels: CatalogueLevel[]) {
  const table = levels.flatMap((l) => catalogue[l].map((s) => [s.code, Object.values(s.periods).reduce((a, b) => a + b, 0)] as const));
  return (rng: Rng, level: CatalogueLevel): string[] => {
    if (level === 'tieu_hoc' && rng.chance(0.65)) return ['TIENG_VIET', 'TOAN'];
    const first = rng.weighted(table.filter(([c]) => catalogue[level].some((s) => s.code === c)));
    if (!rng.chance(0.2)) return [first];
    const second = rng.weighted(table.filter(([c]) => c !== first && catalogue[level].some((s) => s.code === c)));
    return [first, second];
  };
}

/**
 * The staff of one school as a pure function of the seed, its facts and its accounts: accounts
 * that exist (the demo principal and teachers, the province's synthetic staff accounts) become the
 * records of matching positions, linked to them; the rest are new people.
 */
export function planSchoolStaff(
  seed: number,
  school: SchoolFacts,
  accounts: readonly Account[],
  nextSerial: () => number,
  today: string,
): StaffInsert[] {
  const rng = createRng(seed ^ hash(`${school.code}:staff`));
  const names = createNameGenerator(seed ^ hash(`${school.code}:staff-names`), { traditional: 0.45 });
  const provinceId = school.path.split('/').filter(Boolean)[0]!;
  const plan = staffPlanOf(school.level, school.learners);
  const levels = [...new Set(gradesOfLevel(school.level).map(levelOfGrade))];
  const pickSubjects = subjectPicker(levels);
  const femaleShare = school.level === 'mam_non' ? 0.98 : school.level === 'tieu_hoc' ? 0.8 : school.level === 'thpt' ? 0.62 : 0.72;
  const year = Number(today.slice(0, 4));
  const free = [...accounts];
  const take = (roles: string[]) => {
    const i = free.findIndex((a) => a.roleKey !== null && roles.includes(a.roleKey));
    return i < 0 ? undefined : free.splice(i, 1)[0];
  };
  const positions: StaffPosition[] = [
    'principal',
    ...Array<StaffPosition>(plan.vice).fill('vice_principal'),
    ...Array<StaffPosition>(plan.office).fill('staff'),
    ...Array.from(
      { length: plan.teachers },
      (_, i): StaffPosition => (i % 9 === 0 ? 'head_of_group' : i % 9 === 1 ? 'deputy_head_of_group' : 'teacher'),
    ),
  ];
  return positions
    .map((position, i) => {
      const teaching = position !== 'staff';
      // Vice principals are appointed from the staff (no demo account plays one); teachers take the teaching accounts.
      const account =
        position === 'principal'
          ? take(['principal'])
          : position === 'staff'
            ? take(['school_office'])
            : position === 'vice_principal'
              ? undefined
              : take(['teacher', 'homeroom_teacher']);
      const sex: Gender = account
        ? sexOfName(account.displayName)
        : rng.chance(position === 'principal' ? 0.5 : femaleShare)
          ? 'female'
          : 'male';
      const fullName = account?.displayName ?? names.next(sex).fullName;
      const leader = position === 'principal' || position === 'vice_principal';
      const age = leader ? 38 + rng.int(20) : 23 + rng.int(36);
      const dateOfBirth = dateIn(rng, year - age);
      const level: CatalogueLevel | undefined = levels.length ? levels[rng.int(levels.length)] : undefined;
      const qualification = rng.weighted(
        qualificationMix[!teaching ? 'staff' : leader && school.level !== 'mam_non' ? 'thpt' : (level ?? 'mam_non')]!,
      );
      const joinedSector = Math.min(year - 1, year - age + 22 + rng.int(3));
      const joinedSchool = joinedSector + rng.int(Math.max(1, year - joinedSector));
      const subjects = teaching && level ? [...new Set([...(account?.subjects ?? []), ...pickSubjects(rng, level)])] : [];
      const party = rng.chance(leader ? 0.95 : teaching ? 0.35 : 0.2);
      const rank = !teaching
        ? null
        : rng.weighted<'I' | 'II' | 'III'>(
            school.level === 'thpt' || leader
              ? [
                  ['I', 15],
                  ['II', 55],
                  ['III', 30],
                ]
              : [
                  ['I', 3],
                  ['II', 45],
                  ['III', 52],
                ],
          );
      return {
        id: crypto.randomUUID(),
        provinceId,
        schoolId: school.id,
        staffCode: `${school.code}.${pad(i + 1, 3)}`,
        cccd: makeCccd(rng.chance(0.7) ? '027' : rng.pick(['024', '001', '019', '026', '030']), { dateOfBirth, sex }, nextSerial()),
        fullName,
        sortKey: vietnameseSortKey(fullName),
        sex,
        dateOfBirth,
        ethnicityCode: rng.weighted([
          ['01', 93],
          ['02', 2],
          ['07', 2],
          ['18', 2],
          ['04', 1],
        ]),
        position,
        titleGroup: teaching ? titleGroupForLevel(school.level, level === 'tieu_hoc' ? 3 : level === 'thcs' ? 7 : 11) : 'nhan_vien',
        titleRank: rank,
        qualification,
        qualificationStandard: qualificationStandard(qualification, position, school.level),
        major: teaching
          ? level
            ? `Sư phạm ${subjects[0] ? (catalogue[level].find((s) => s.code === subjects[0])?.name ?? '') : ''}`.trim()
            : 'Giáo dục mầm non'
          : rng.pick(officeMajors),
        subjects,
        contractType: rng.chance(teaching ? 0.9 : 0.6) ? 'vien_chuc' : 'hop_dong',
        joinedSectorOn: `${joinedSector}-08-15`,
        joinedSchoolOn: `${joinedSchool}-${joinedSchool === joinedSector ? '08-15' : '09-01'}`,
        standardRating: rng.weighted([
          ['tot', 35],
          ['kha', 45],
          ['dat', 18],
          ['chua_dat', 2],
        ]),
        standardRatingYear: year - 1,
        regularTraining: rng.chance(0.97) ? 'hoan_thanh' : 'chua_hoan_thanh',
        regularTrainingYear: year - 1,
        partyMember: party,
        partyJoinedOn: party ? `${year - age + 25 + rng.int(Math.max(1, age - 25))}-${pad(1 + rng.int(12))}-${pad(1 + rng.int(28))}` : null,
        status: rng.weighted([
          ['working', 96],
          ['on_leave', 3],
          ['transferred', 0.5],
          ['retired', 0.5],
        ]),
        phone: `09${pad(rng.int(100_000_000), 8)}`,
        userId: account?.id ?? null,
      } satisfies StaffInsert;
    })
    .map((r) => (r.partyJoinedOn && r.partyJoinedOn > today ? { ...r, partyJoinedOn: null, partyMember: false } : r));
}

async function schoolsToSeed(tx: Parameters<SeedStep['run']>[0]['tx'], size: SeedSize): Promise<SchoolFacts[]> {
  const result = await tx.execute(sql`
    SELECT u.id, u.path, u.code, u.school_level AS level,
      (SELECT count(*)::int FROM registry.students s WHERE s.school_id = u.id AND s.status IN ('enrolled', 'transferred_in', 'repeating')) AS learners
    FROM org.units u
    WHERE u.type = 'school' AND u.status = 'active' AND NOT EXISTS (SELECT 1 FROM registry.staff st WHERE st.school_id = u.id)
    ORDER BY u.code`);
  return (result.rows as unknown as SchoolFacts[]).map((s) => ({
    ...s,
    learners: s.learners > 0 ? s.learners : Math.round((typicalLearners[s.level] ?? 600) * (size === 'demo' ? demoScale : 1)),
  }));
}

/** Accounts of the schools (demo users, synthetic staff accounts) not yet tied to a record, with the subjects they are assigned. */
async function accountsBySchool(tx: Parameters<SeedStep['run']>[0]['tx']): Promise<Map<string, Account[]>> {
  const result = await tx.execute(sql`
    SELECT u.id, u.username, u.display_name AS "displayName", u.home_unit_id AS "schoolId",
      (SELECT r.key FROM identity.grants g JOIN identity.roles r ON r.id = g.role_id
        WHERE g.user_id = u.id AND g.unit_id = u.home_unit_id AND g.revoked_at IS NULL ORDER BY r.key LIMIT 1) AS "roleKey",
      coalesce((SELECT array_agg(DISTINCT ta.subject_code) FROM registry.teaching_assignments ta WHERE ta.teacher_id = u.id), '{}') AS subjects
    FROM identity.users u JOIN org.units hu ON hu.id = u.home_unit_id AND hu.type = 'school'
    WHERE u.status = 'active' AND NOT EXISTS (SELECT 1 FROM registry.staff st WHERE st.user_id = u.id)
    ORDER BY u.username`);
  const out = new Map<string, Account[]>();
  for (const row of result.rows as unknown as (Account & { schoolId: string })[]) {
    const list = out.get(row.schoolId) ?? [];
    list.push(row);
    out.set(row.schoolId, list);
  }
  return out;
}

/**
 * Phase 20, demo and province size: the staff of every school (≈ 25,000 in the province), in
 * batches; schools that already have staff are left alone (re-runnable). Accounts of a school are
 * tied to the records of their positions.
 */
export const staffSeedStep: SeedStep = {
  id: 'registry.staff',
  version: 1,
  phase: 20,
  async run({ tx, size, seed, log }) {
    const today = new Date().toISOString().slice(0, 10);
    const schools = await schoolsToSeed(tx, size);
    const accounts = await accountsBySchool(tx);
    const [existing] = (await tx.execute(sql`SELECT count(*)::int AS n FROM registry.staff`)).rows as { n: number }[];
    let next = 700_000 + (existing?.n ?? 0);
    const nextSerial = () => next++;
    let batch: StaffInsert[] = [];
    const counts = { schools: 0, staff: 0, linked: 0 };
    const flush = async () => {
      if (batch.length === 0) return;
      await tx.insert(staff).values(batch).onConflictDoNothing();
      batch = [];
    };
    for (const school of schools) {
      const rows = planSchoolStaff(seed, school, accounts.get(school.id) ?? [], nextSerial, today);
      counts.schools++;
      counts.staff += rows.length;
      counts.linked += rows.filter((r) => r.userId).length;
      batch.push(...rows);
      if (batch.length >= 1000) await flush();
    }
    await flush();
    await recordAudit(tx, systemActor('seed'), {
      action: 'registry.staff.seed',
      entityType: 'registry.staff',
      bulk: { counts, source: `seed:${size}:${seed}` },
    });
    log.info(counts, 'registry staff seeded');
  },
};
