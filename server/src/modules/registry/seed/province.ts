import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { createNameGenerator, createRng, type Gender, type Rng } from '../../../platform/seed/names.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { makeCccd } from '../identifiers.ts';
import { pgArray } from '../import/engine.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { demoYear } from './demo.ts';

/** The province's ethnic mix in percent (Bắc Ninh after the 2025 merger: Kinh, Nùng, Tày, Sán Chay, Sán Dìu, Hoa, Dao). */
const ethnicMix: readonly (readonly [string, number])[] = [
  ['01', 88.5],
  ['07', 4.5],
  ['02', 2.6],
  ['15', 1.8],
  ['18', 1.6],
  ['04', 0.6],
  ['09', 0.4],
];

/**
 * Class sizes and counts by level (Thông tư 28/2020 and 32/2020: at most 35 pupils in a primary
 * class, 45 above), tuned so that the province's ≈ 420 schools with grades hold ≈ 400,000 students.
 */
const levelShape = (grade: number) =>
  grade <= 5
    ? { classes: [3, 7] as const, size: [31, 36] as const }
    : grade <= 9
      ? { classes: [4, 8] as const, size: [36, 44] as const }
      : { classes: [11, 20] as const, size: [40, 46] as const };

const occupations = ['Nông dân', 'Công nhân', 'Giáo viên', 'Kinh doanh', 'Công chức', 'Lao động tự do', 'Kỹ sư', 'Nội trợ'];
const villages = ['Thôn Đông', 'Thôn Đoài', 'Thôn Trung', 'Khu phố 1', 'Khu phố 2', 'Thôn Hạ', 'Thôn Thượng', 'Tổ dân phố 3'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);
const between = (rng: Rng, [lo, hi]: readonly [number, number]) => lo + rng.int(hi - lo + 1);

interface SchoolFacts {
  id: string;
  path: string;
  code: string;
  level: string;
  commune: string | null;
}
interface Family {
  surname: string;
  fatherId: string;
  motherId: string;
  phone: string;
}

/**
 * CCCD serials: one counter per (province code, birth year, sex), starting at 500,000 so the demo
 * data (small serials) and the benchmark's import files (800,000 and up) never collide.
 */
export class CccdSerials {
  private next = new Map<string, number>();
  constructor(private readonly start = 500_000) {}
  make(provinceCode: string, person: { dateOfBirth: string; sex: Gender }): string {
    const key = `${provinceCode}|${person.dateOfBirth.slice(0, 4)}|${person.sex}`;
    const n = this.next.get(key) ?? this.start;
    this.next.set(key, n + 1);
    return makeCccd(provinceCode, person, n);
  }
}

export interface ProvinceSeedCounts {
  schools: number;
  classes: number;
  students: number;
  guardians: number;
  siblings: number;
}

/** Rows waiting for one multi-row statement per table. */
class Batch {
  students: Array<
    [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string | null,
      string,
      string | null,
      string,
      string,
      string,
    ]
  > = [];
  guardians: Array<[string, string, number, string, string, string]> = [];
  links: Array<[string, string, string, boolean]> = [];
  enrolments: Array<[string, string, string, string, string, number, string]> = [];
}

/**
 * `--size province`: every school with grades gets the current year 2026–2027 with its terms,
 * its grades, classes per grade by level and size, and its students (ages by grade, the province's
 * ethnic mix, 51/49 boys/girls, valid CCCD numbers, guardians — about one child in six shares
 * parents with an older or younger sibling in a school of the same commune), enrolled in the
 * current year. Written with multi-row statements, 5,000 students at a time. Deterministic and
 * idempotent (a school that already has the year is left alone).
 */
export async function seedProvinceStudents(
  tx: Tx,
  options: { seed: number; schoolIds?: string[]; log?: (counts: ProvinceSeedCounts) => void },
): Promise<ProvinceSeedCounts> {
  const schools = (
    await tx.execute(sql`SELECT id::text, path, code, school_level AS level, admin_unit_code AS commune
    FROM org.units WHERE type = 'school' AND status = 'active' AND school_level <> 'mam_non'
      ${options.schoolIds ? sql`AND id = ANY(${pgArray(options.schoolIds)}::uuid[])` : sql``} ORDER BY code`)
  ).rows as unknown as SchoolFacts[];
  const counts: ProvinceSeedCounts = { schools: 0, classes: 0, students: 0, guardians: 0, siblings: 0 };
  const serials = new CccdSerials();
  const families = new Map<string, Family[]>();
  let moet = 0;
  let batch = new Batch();
  const flush = async () => {
    await writeBatch(tx, batch);
    batch = new Batch();
  };
  for (const school of schools) {
    const gradeNos = gradesOfLevel(school.level);
    if (gradeNos.length === 0) continue;
    const provinceId = school.path.split('/').filter(Boolean)[0]!;
    const [year] = (
      await tx.execute(sql`INSERT INTO registry.school_years (province_id, school_id, start_year, name, starts_on, ends_on, status)
      VALUES (${provinceId}, ${school.id}, ${demoYear.startYear}, ${demoYear.name}, ${demoYear.startsOn}, ${demoYear.endsOn}, 'current')
      ON CONFLICT DO NOTHING RETURNING id::text`)
    ).rows as Array<{ id: string }>;
    if (!year) continue; // already seeded
    counts.schools++;
    for (const t of demoYear.terms) {
      await tx.execute(sql`INSERT INTO registry.terms (province_id, school_id, school_year_id, no, name, starts_on, ends_on)
        VALUES (${provinceId}, ${school.id}, ${year.id}, ${t.no}, ${t.name}, ${t.startsOn}, ${t.endsOn})`);
    }
    const rng = createRng(options.seed ^ hash(school.code));
    const names = createNameGenerator(options.seed ^ hash(`${school.code}:names`), { traditional: 0.15 });
    const adults = createNameGenerator(options.seed ^ hash(`${school.code}:adults`), { traditional: 0.5 });
    const pool = families.get(school.commune ?? '') ?? [];
    families.set(school.commune ?? '', pool);
    // grades and classes of the school: a few statements per school
    const classPlan: Array<{ id: string; gradeId: string; gradeNo: number; name: string; size: number }> = [];
    const gradeIds = new Map(gradeNos.map((g) => [g, randomUUID()]));
    for (const g of gradeNos) {
      const shape = levelShape(g);
      const n = between(rng, shape.classes);
      for (let i = 1; i <= n; i++)
        classPlan.push({ id: randomUUID(), gradeId: gradeIds.get(g)!, gradeNo: g, name: `${g}A${i}`, size: between(rng, shape.size) });
    }
    await tx.execute(sql`INSERT INTO registry.grades (id, province_id, school_id, grade_no, name)
      SELECT id, ${provinceId}::uuid, ${school.id}::uuid, g, 'Khối ' || g FROM unnest(${pgArray([...gradeIds.values()])}::uuid[], ${pgArray([...gradeIds.keys()])}::smallint[]) AS t(id, g)`);
    await tx.execute(sql`INSERT INTO registry.classes (id, province_id, school_id, school_year_id, grade_id, grade_no, name, two_sessions, foreign_language, subject_combination)
      SELECT id, ${provinceId}::uuid, ${school.id}::uuid, ${year.id}::uuid, grade_id, grade_no, name, grade_no <= 5, CASE WHEN grade_no >= 3 THEN 'Tiếng Anh' END,
        CASE WHEN grade_no >= 10 THEN (ARRAY['KHTN1', 'KHTN2', 'KHXH1', 'KHXH2'])[1 + (abs(hashtext(id::text)) % 4)] END
      FROM unnest(${pgArray(classPlan.map((c) => c.id))}::uuid[], ${pgArray(classPlan.map((c) => c.gradeId))}::uuid[],
        ${pgArray(classPlan.map((c) => c.gradeNo))}::smallint[], ${pgArray(classPlan.map((c) => c.name))}::text[]) AS t(id, grade_id, grade_no, name)`);
    counts.classes += classPlan.length;
    let inSchool = 0;
    for (const cls of classPlan) {
      for (let k = 0; k < cls.size; k++) {
        const sex: Gender = rng.chance(0.51) ? 'male' : 'female';
        const family = pool.length > 20 && rng.chance(0.17) ? rng.pick(pool) : undefined;
        const person = names.next(sex);
        const fullName = family ? `${family.surname} ${person.givenNames}` : person.fullName;
        // ages by grade: grade 1 at six; a few repeat a year or started late
        const birthYear = demoYear.startYear - 5 - cls.gradeNo - (rng.chance(0.03) ? 1 : 0);
        const dateOfBirth = `${birthYear}-${pad(1 + rng.int(12))}-${pad(1 + rng.int(28))}`;
        const id = randomUUID();
        inSchool++;
        const policy = rng.chance(0.04) ? 'con_thuong_binh' : rng.chance(0.03) ? 'dan_toc_thieu_so_vung_kho_khan' : null;
        const address = JSON.stringify({ area: rng.pick(villages), communeCode: school.commune ?? undefined, provinceCode: '24' });
        batch.students.push([
          id,
          provinceId,
          school.id,
          `${school.code}-${pad(inSchool, 5)}`,
          `27${pad(++moet, 9)}`,
          serials.make(rng.chance(0.6) ? '027' : '024', { dateOfBirth, sex }),
          fullName,
          vietnameseSortKey(fullName),
          sex,
          dateOfBirth,
          rng.weighted(ethnicMix),
          address,
          address,
          `${demoYear.startYear - (cls.gradeNo - gradeNos[0]!)}-09-05`,
          policy,
          rng.chance(0.05) ? 'poor' : rng.chance(0.05) ? 'near_poor' : 'none',
          rng.chance(0.08) ? 'Công giáo' : null,
          cls.gradeNo <= 5 && rng.chance(0.4) ? 'semi_boarding' : 'none',
          JSON.stringify({ heightCm: 110 + cls.gradeNo * 5 + rng.int(10), weightKg: 18 + cls.gradeNo * 3 + rng.int(8) }),
          school.commune ?? '',
        ]);
        batch.enrolments.push([randomUUID(), provinceId, school.id, id, cls.id, cls.gradeNo, year.id]);
        if (family) {
          batch.links.push([provinceId, id, family.fatherId, false], [provinceId, id, family.motherId, true]);
          counts.siblings++;
        } else {
          const father = adults.next('male');
          const mother = adults.next('female');
          const f: Family = {
            surname: person.surname,
            fatherId: randomUUID(),
            motherId: randomUUID(),
            phone: `09${pad(rng.int(100_000_000), 8)}`,
          };
          for (const [gid, name, gsex] of [
            [f.fatherId, `${person.surname} ${father.givenNames}`, 'male'],
            [f.motherId, mother.fullName, 'female'],
          ] as const) {
            const by = birthYear - 24 - rng.int(12);
            batch.guardians.push([
              gid,
              provinceId,
              by,
              name,
              serials.make(rng.chance(0.6) ? '027' : '024', { dateOfBirth: `${by}-01-01`, sex: gsex }),
              `${rng.pick(occupations)}|${gsex === 'male' ? f.phone : `03${pad(rng.int(100_000_000), 8)}`}`,
            ]);
          }
          batch.links.push([provinceId, id, f.fatherId, false], [provinceId, id, f.motherId, true]);
          counts.guardians += 2;
          if (pool.length < 3000) pool.push(f);
          else pool[rng.int(pool.length)] = f;
        }
        counts.students++;
        if (batch.students.length >= 5000) await flush();
      }
    }
    if (counts.schools % 50 === 0) options.log?.(counts);
  }
  await flush();
  return counts;
}

async function writeBatch(tx: Tx, b: Batch): Promise<void> {
  if (b.students.length === 0) return;
  const col = <T extends unknown[]>(rows: T[], i: number) => pgArray(rows.map((r) => r[i] as string | number | boolean | null));
  const s = b.students;
  await tx.execute(sql`INSERT INTO registry.students (id, province_id, school_id, school_code, moet_code, cccd, full_name, sort_key, sex, date_of_birth,
      ethnicity_code, current_address, permanent_address, admission_date, admission_form, policy_groups, household_status, religion, boarding, health,
      current_commune_code, birthplace, birth_province_code, status)
    SELECT id, province_id, school_id, school_code, moet_code, cccd, full_name, sort_key, sex, date_of_birth, ethnicity_code, cur, perm, admission, 'Tuyển mới',
      CASE WHEN policy IS NULL THEN '{}'::text[] ELSE ARRAY[policy] END, household, religion, boarding, health, nullif(commune, ''), 'Bắc Ninh', '24', 'enrolled'
    FROM unnest(${col(s, 0)}::uuid[], ${col(s, 1)}::uuid[], ${col(s, 2)}::uuid[], ${col(s, 3)}::text[], ${col(s, 4)}::text[], ${col(s, 5)}::text[],
      ${col(s, 6)}::text[], ${col(s, 7)}::text[], ${col(s, 8)}::text[], ${col(s, 9)}::date[], ${col(s, 10)}::text[], ${col(s, 11)}::jsonb[], ${col(s, 12)}::jsonb[],
      ${col(s, 13)}::date[], ${col(s, 14)}::text[], ${col(s, 15)}::text[], ${col(s, 16)}::text[], ${col(s, 17)}::text[], ${col(s, 18)}::jsonb[], ${col(s, 19)}::text[])
      AS t(id, province_id, school_id, school_code, moet_code, cccd, full_name, sort_key, sex, date_of_birth, ethnicity_code, cur, perm, admission, policy,
        household, religion, boarding, health, commune)`);
  const g = b.guardians;
  if (g.length > 0) {
    await tx.execute(sql`INSERT INTO registry.guardians (id, province_id, birth_year, full_name, cccd, occupation, phone)
      SELECT id, province_id, birth_year, full_name, cccd, split_part(extra, '|', 1), split_part(extra, '|', 2)
      FROM unnest(${col(g, 0)}::uuid[], ${col(g, 1)}::uuid[], ${col(g, 2)}::smallint[], ${col(g, 3)}::text[], ${col(g, 4)}::text[], ${col(g, 5)}::text[])
        AS t(id, province_id, birth_year, full_name, cccd, extra)`);
  }
  const l = b.links;
  await tx.execute(sql`INSERT INTO registry.student_guardians (province_id, student_id, guardian_id, relation, primary_contact)
    SELECT province_id, student_id, guardian_id, CASE WHEN primary_contact THEN 'mother' ELSE 'father' END, primary_contact
    FROM unnest(${col(l, 0)}::uuid[], ${col(l, 1)}::uuid[], ${col(l, 2)}::uuid[], ${col(l, 3)}::boolean[]) AS t(province_id, student_id, guardian_id, primary_contact)`);
  const e = b.enrolments;
  await tx.execute(sql`INSERT INTO registry.enrolments (id, province_id, school_id, student_id, class_id, grade_no, school_year_id, start_year, status, started_on)
    SELECT id, province_id, school_id, student_id, class_id, grade_no, school_year_id, ${demoYear.startYear}, 'enrolled', ${demoYear.startsOn}::date
    FROM unnest(${col(e, 0)}::uuid[], ${col(e, 1)}::uuid[], ${col(e, 2)}::uuid[], ${col(e, 3)}::uuid[], ${col(e, 4)}::uuid[], ${col(e, 5)}::smallint[], ${col(e, 6)}::uuid[])
      AS t(id, province_id, school_id, student_id, class_id, grade_no, school_year_id)`);
  await tx.execute(sql`INSERT INTO registry.enrolment_events (province_id, school_id, enrolment_id, student_id, status, "on")
    SELECT province_id, school_id, id, student_id, 'enrolled', started_on FROM registry.enrolments WHERE id = ANY(${col(e, 0)}::uuid[])`);
}

export const provinceRegistryStep: SeedStep = {
  id: 'registry.province',
  version: 1,
  phase: 20,
  async run({ tx, size, seed, log }) {
    if (size !== 'province') return;
    const started = performance.now();
    const counts = await seedProvinceStudents(tx, { seed, log: (c) => log.info(c, 'registry province seed: progress') });
    await recordAudit(tx, systemActor('seed'), {
      action: 'registry.seed',
      entityType: 'registry.student',
      bulk: { counts: { ...counts }, source: `seed:${size}:${seed}` },
    });
    log.info({ ...counts, ms: Math.round(performance.now() - started) }, 'registry province data seeded');
  },
};
