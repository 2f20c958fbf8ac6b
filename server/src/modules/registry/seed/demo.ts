import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { createNameGenerator, createRng, type Gender, type Rng } from '../../../platform/seed/names.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { makeCccd } from '../identifiers.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import {
  classes,
  enrolmentEvents,
  enrolments,
  grades,
  guardians,
  schoolYears,
  studentGuardians,
  students,
  teachingAssignments,
  terms,
} from '../schema.ts';

/** The demo's current school year, 2026–2027, and its two terms (typical MOET frame). */
export const demoYear = {
  startYear: 2026,
  name: '2026–2027',
  startsOn: '2026-09-05',
  endsOn: '2027-05-31',
  terms: [
    { no: 1, name: 'Học kì I', startsOn: '2026-09-05', endsOn: '2027-01-16' },
    { no: 2, name: 'Học kì II', startsOn: '2027-01-18', endsOn: '2027-05-31' },
  ],
};

const ethnicMix: readonly (readonly [string, number])[] = [
  ['01', 90],
  ['02', 3],
  ['07', 3],
  ['18', 2],
  ['04', 1],
  ['15', 1],
];
const occupations = ['Nông dân', 'Công nhân', 'Giáo viên', 'Kinh doanh', 'Công chức', 'Lao động tự do', 'Kỹ sư', 'Nội trợ'];
const villages = ['Thôn Đông', 'Thôn Đoài', 'Thôn Trung', 'Khu phố 1', 'Khu phố 2', 'Thôn Hạ', 'Thôn Thượng'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateIn = (rng: Rng, year: number) => `${year}-${pad(1 + rng.int(12))}-${pad(1 + rng.int(28))}`;
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);

interface SchoolFacts {
  id: string;
  path: string;
  code: string;
  level: string;
  commune: string | null;
}
interface Family {
  surname: string;
  guardianIds: string[];
}

/**
 * Each demo school gets the 2026–2027 year with terms, the grades of its level, 2–4 classes per
 * grade and about 25 students per class, with valid CCCD numbers and guardians (some families
 * have several children). The demo teachers get classes: `giaovien` teaches two classes at the
 * demo school, `gvcn` is homeroom teacher of one. Deterministic (seeded), idempotent (a school
 * that already has the year is left alone).
 */
export const demoRegistryStep: SeedStep = {
  id: 'registry.demo',
  version: 1,
  phase: 20,
  async run({ tx, size, seed, log }) {
    if (size !== 'demo') return;
    const result = await tx.execute(sql`SELECT id, path, code, school_level AS level, admin_unit_code AS commune
      FROM org.units WHERE type = 'school' AND status = 'active' AND school_level <> 'mam_non' ORDER BY code`);
    const schools = result.rows as unknown as SchoolFacts[];
    let serial = 0;
    const counts = { schools: 0, classes: 0, students: 0, guardians: 0 };
    for (const school of schools) {
      const made = await seedSchool(tx, school, seed, () => ++serial, counts);
      if (made) counts.schools++;
    }
    await assignDemoTeachers(tx);
    await recordAudit(tx, systemActor('seed'), {
      action: 'registry.seed',
      entityType: 'registry.student',
      bulk: { counts, source: `seed:${size}:${seed}` },
    });
    log.info(counts, 'registry demo data seeded');
  },
};

async function seedSchool(tx: Tx, school: SchoolFacts, seed: number, next: () => number, counts: Record<string, number>): Promise<boolean> {
  const gradeNos = gradesOfLevel(school.level);
  if (gradeNos.length === 0) return false;
  const provinceId = school.path.split('/').filter(Boolean)[0]!;
  const [year] = await tx
    .insert(schoolYears)
    .values({
      provinceId,
      schoolId: school.id,
      startYear: demoYear.startYear,
      name: demoYear.name,
      startsOn: demoYear.startsOn,
      endsOn: demoYear.endsOn,
      status: 'current',
    })
    .onConflictDoNothing()
    .returning();
  if (!year) return false; // already seeded
  await tx.insert(terms).values(demoYear.terms.map((t) => ({ provinceId, schoolId: school.id, schoolYearId: year.id, ...t })));
  const gradeRows = await tx
    .insert(grades)
    .values(gradeNos.map((g) => ({ provinceId, schoolId: school.id, gradeNo: g, name: `Khối ${g}` })))
    .onConflictDoNothing()
    .returning();
  const rng = createRng(seed ^ hash(school.code));
  const names = createNameGenerator(seed ^ hash(`${school.code}:names`), { traditional: 0.15 });
  const adults = createNameGenerator(seed ^ hash(`${school.code}:adults`), { traditional: 0.5 });
  const families: Family[] = [];
  const newGuardians: (typeof guardians.$inferInsert)[] = [];
  const links: (typeof studentGuardians.$inferInsert)[] = [];
  const studentRows: (typeof students.$inferInsert & { classId: string; gradeNo: number })[] = [];
  for (const grade of gradeRows) {
    const classCount = 2 + rng.int(3);
    const classRows = await tx
      .insert(classes)
      .values(
        Array.from({ length: classCount }, (_, i) => ({
          provinceId,
          schoolId: school.id,
          schoolYearId: year.id,
          gradeId: grade.id,
          gradeNo: grade.gradeNo,
          name: `${grade.gradeNo}A${i + 1}`,
          twoSessions: grade.gradeNo <= 5 || rng.chance(0.3),
          foreignLanguage: grade.gradeNo >= 3 ? 'Tiếng Anh' : null,
          subjectCombination: grade.gradeNo >= 10 ? rng.pick(['KHTN1', 'KHTN2', 'KHXH1', 'KHXH2']) : null,
        })),
      )
      .returning();
    counts.classes! += classRows.length;
    for (const cls of classRows) {
      const size = 22 + rng.int(7);
      for (let k = 0; k < size; k++) {
        const sex: Gender = rng.chance(0.51) ? 'male' : 'female';
        // About one child in seven has an older or younger sibling at the same school.
        const family = families.length > 5 && rng.chance(0.15) ? rng.pick(families) : undefined;
        const person = names.next(sex);
        const fullName = family ? `${family.surname} ${person.givenNames}` : person.fullName;
        const birthYear = demoYear.startYear - 5 - grade.gradeNo;
        const dateOfBirth = dateIn(rng, birthYear);
        const id = crypto.randomUUID();
        studentRows.push({
          id,
          provinceId,
          schoolId: school.id,
          fullName,
          sortKey: vietnameseSortKey(fullName),
          sex,
          dateOfBirth,
          cccd: makeCccd(rng.chance(0.6) ? '027' : '024', { dateOfBirth, sex }, next()),
          moetCode: `24${pad(next() % 1_000_000_000, 9)}`,
          schoolCode: `${school.code}-${pad(counts.students! + studentRows.length + 1, 5)}`,
          ethnicityCode: rng.weighted(ethnicMix),
          religion: rng.chance(0.08) ? 'Công giáo' : rng.chance(0.05) ? 'Phật giáo' : null,
          birthplace: 'Bắc Ninh',
          birthProvinceCode: '24',
          currentAddress: { area: rng.pick(villages), communeCode: school.commune ?? undefined, provinceCode: '24' },
          permanentAddress: { area: rng.pick(villages), communeCode: school.commune ?? undefined, provinceCode: '24' },
          admissionDate: `${demoYear.startYear - (grade.gradeNo - gradeNos[0]!)}-09-05`,
          admissionForm: 'Tuyển mới',
          policyGroups: rng.chance(0.04) ? ['con_thuong_binh'] : [],
          householdStatus: rng.chance(0.05) ? 'poor' : rng.chance(0.05) ? 'near_poor' : 'none',
          boarding: grade.gradeNo <= 5 && rng.chance(0.4) ? 'semi_boarding' : 'none',
          status: 'enrolled',
          health: { heightCm: 110 + grade.gradeNo * 5 + rng.int(10), weightKg: 18 + grade.gradeNo * 3 + rng.int(8) },
          classId: cls.id,
          gradeNo: grade.gradeNo,
        });
        if (family) {
          for (const [i, gid] of family.guardianIds.entries()) {
            links.push({ provinceId, studentId: id, guardianId: gid, relation: i === 0 ? 'father' : 'mother', primaryContact: i === 1 });
          }
          continue;
        }
        const father = adults.next('male');
        const mother = adults.next('female');
        const fatherName = `${person.surname} ${father.givenNames}`;
        const fatherId = crypto.randomUUID();
        const motherId = crypto.randomUUID();
        for (const [gid, name, gsex] of [
          [fatherId, fatherName, 'male'],
          [motherId, mother.fullName, 'female'],
        ] as const) {
          const by = birthYear - 24 - rng.int(12);
          newGuardians.push({
            id: gid,
            provinceId,
            fullName: name,
            birthYear: by,
            occupation: rng.pick(occupations),
            workplace: null,
            cccd: makeCccd(rng.chance(0.6) ? '027' : '024', { dateOfBirth: `${by}-01-01`, sex: gsex }, next()),
            phone: `09${pad(rng.int(100_000_000), 8)}`,
          });
        }
        links.push(
          { provinceId, studentId: id, guardianId: fatherId, relation: 'father' },
          { provinceId, studentId: id, guardianId: motherId, relation: 'mother', primaryContact: true },
        );
        families.push({ surname: person.surname, guardianIds: [fatherId, motherId] });
      }
    }
  }
  for (let i = 0; i < studentRows.length; i += 500) {
    await tx.insert(students).values(studentRows.slice(i, i + 500).map(({ classId: _c, gradeNo: _g, ...s }) => s));
  }
  for (let i = 0; i < newGuardians.length; i += 500) await tx.insert(guardians).values(newGuardians.slice(i, i + 500));
  for (let i = 0; i < links.length; i += 1000) await tx.insert(studentGuardians).values(links.slice(i, i + 1000));
  const enrolRows = studentRows.map((s) => ({
    id: crypto.randomUUID(),
    provinceId,
    schoolId: school.id,
    studentId: s.id!,
    classId: s.classId,
    schoolYearId: year.id,
    startYear: demoYear.startYear,
    gradeNo: s.gradeNo,
    status: 'enrolled' as const,
    startedOn: demoYear.startsOn,
  }));
  for (let i = 0; i < enrolRows.length; i += 1000) {
    const chunk = enrolRows.slice(i, i + 1000);
    await tx.insert(enrolments).values(chunk);
    await tx.insert(enrolmentEvents).values(
      chunk.map((e) => ({
        provinceId,
        schoolId: school.id,
        enrolmentId: e.id,
        studentId: e.studentId,
        status: e.status,
        on: e.startedOn,
      })),
    );
  }
  counts.students! += studentRows.length;
  counts.guardians! += newGuardians.length;
  return true;
}

/** The demo teachers' classes at their schools: what makes the relationship rules visible. */
async function assignDemoTeachers(tx: Tx): Promise<void> {
  const result = await tx.execute(
    sql`SELECT u.username, u.id, u.home_unit_id AS "schoolId" FROM identity.users u WHERE u.username IN ('giaovien', 'gvcn', 'giaovien2')`,
  );
  const people = result.rows as { username: string; id: string; schoolId: string }[];
  for (const p of people) {
    const cls =
      await tx.execute(sql`SELECT id, province_id AS "provinceId", school_id AS "schoolId", school_year_id AS "schoolYearId", grade_no AS "gradeNo", name
      FROM registry.classes WHERE school_id = ${p.schoolId} ORDER BY grade_no, name LIMIT 3`);
    const list = cls.rows as { id: string; provinceId: string; schoolId: string; schoolYearId: string; gradeNo: number; name: string }[];
    if (list.length < 2) continue;
    const subject = (g: number) => (g <= 5 ? 'TOAN' : 'TOAN');
    if (p.username === 'gvcn') {
      const target = list[1]!;
      await tx
        .update(classes)
        .set({ homeroomTeacherId: p.id })
        .where(sql`${classes.id} = ${target.id} AND ${classes.homeroomTeacherId} IS NULL`);
      await tx
        .insert(teachingAssignments)
        .values({ ...pick(target), classId: target.id, subjectCode: target.gradeNo <= 5 ? 'TIENG_VIET' : 'NGU_VAN', teacherId: p.id })
        .onConflictDoNothing();
    } else {
      for (const target of [list[0]!, list[2] ?? list[1]!]) {
        await tx
          .insert(teachingAssignments)
          .values({ ...pick(target), classId: target.id, subjectCode: subject(target.gradeNo), teacherId: p.id })
          .onConflictDoNothing();
      }
    }
  }
}

const pick = (c: { provinceId: string; schoolId: string; schoolYearId: string }) => ({
  provinceId: c.provinceId,
  schoolId: c.schoolId,
  schoolYearId: c.schoolYearId,
});
