import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../../platform/db/database.ts';
import { createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { units } from '../../org/schema.ts';
import { createClass, createStudent, createYear } from '../../registry/tests/factories.ts';

export interface PrimaryFixture {
  tree: TestTree;
  /** A primary school (schoolLevel tieu_hoc) under commune A. */
  schoolId: string;
  principal: SignedIn;
  /** Teaches every subject of 4A. */
  teacher: SignedIn;
  /** Homeroom teacher of 4A. */
  homeroom: SignedIn;
  /** A homeroom teacher of the same school who does not lead 4A (and teaches there nothing). */
  otherHomeroom: SignedIn;
  /** A teacher of school B (THCS, another commune). */
  outsider: SignedIn;
  yearId: string;
  classId: string;
  term1: string;
  term2: string;
  students: { id: string; fullName: string }[];
}

export const PRIMARY_SUBJECTS = [
  'TIENG_VIET',
  'TOAN',
  'NGOAI_NGU_1',
  'DAO_DUC',
  'KHOA_HOC',
  'LS_DL',
  'TIN_HOC_CN',
  'GDTC',
  'NGHE_THUAT',
  'HDTN',
] as const;

/**
 * regulations.md §2.6 (grade 4, year end) and a student who needs the support plan. Subject levels,
 * end-of-year tests, and the competence Tính toán; every other quality/competence is Tốt.
 */
export const PRIMARY_EXAMPLES: Record<
  string,
  { levels: Record<string, string>; tests: Record<string, string>; tinhToan: string; expected: string }
> = {
  // All HTT, all Tốt, tests ≥ 9 → HTXS, Học sinh Xuất sắc.
  'Nguyễn Văn An': {
    levels: {},
    tests: { TIENG_VIET: '10', TOAN: '9', NGOAI_NGU_1: '9', LS_DL: '9', KHOA_HOC: '10', TIN_HOC_CN: '9' },
    tinhToan: 'T',
    expected: 'HTXS',
  },
  // Same but Toán 8 → HTT.
  'Trần Thị Bình': {
    levels: {},
    tests: { TIENG_VIET: '10', TOAN: '8', NGOAI_NGU_1: '9', LS_DL: '9', KHOA_HOC: '10', TIN_HOC_CN: '9' },
    tinhToan: 'T',
    expected: 'HTT',
  },
  // Toán HT with test 6, Tính toán Đạt → HT (completes grade 4).
  'Lê Minh Châu': {
    levels: { TOAN: 'HT' },
    tests: { TIENG_VIET: '10', TOAN: '6', NGOAI_NGU_1: '9', LS_DL: '9', KHOA_HOC: '10', TIN_HOC_CN: '9' },
    tinhToan: 'D',
    expected: 'HT',
  },
  // Toán CHT with test 4 → CHT: support plan, re-assessment.
  'Phạm Văn Dũng': {
    levels: { TOAN: 'CHT' },
    tests: { TIENG_VIET: '7', TOAN: '4', NGOAI_NGU_1: '7', LS_DL: '7', KHOA_HOC: '7', TIN_HOC_CN: '7' },
    tinhToan: 'C',
    expected: 'CHT',
  },
};

const call = async (app: FastifyInstance, who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
  const res = await app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

/** A primary school with class 4A (four students), its teachers, a year of two terms. */
export async function createPrimaryFixture(app: FastifyInstance, database: Database): Promise<PrimaryFixture> {
  const tree = await createTestTree(database);
  const [commune] = await database.db.select({ path: units.path }).from(units).where(sql`${units.id} = ${tree.communeA}`);
  const schoolId = randomUUID();
  await database.db.insert(units).values({
    id: schoolId,
    parentId: tree.communeA,
    path: `${commune!.path}${schoolId}/`,
    depth: 2,
    type: 'school',
    code: `school-th-${schoolId.slice(0, 8)}`,
    name: 'Trường Tiểu học An Bình',
    schoolLevel: 'tieu_hoc',
  });
  const principal = await signIn(app, database, { roleKey: 'principal', unitId: schoolId });
  const teacher = await signIn(app, database, { roleKey: 'teacher', unitId: schoolId });
  const homeroom = await signIn(app, database, { roleKey: 'homeroom_teacher', unitId: schoolId });
  const otherHomeroom = await signIn(app, database, { roleKey: 'homeroom_teacher', unitId: schoolId });
  const outsider = await signIn(app, database, { roleKey: 'teacher', unitId: tree.schoolB });
  const yearId = (await createYear(app, principal.headers, schoolId)).id;
  const classId = (await createClass(app, principal.headers, schoolId, yearId, '4A', 4)).id;
  for (const code of PRIMARY_SUBJECTS)
    await call(app, principal, 'POST', `/api/registry/classes/${classId}/assignments`, { subjectCode: code, teacherId: teacher.userId });
  // The other homeroom teacher teaches Đạo đức in 4A: they reach the class but do not lead it.
  await call(app, principal, 'POST', `/api/registry/classes/${classId}/assignments`, {
    subjectCode: 'DAO_DUC',
    teacherId: otherHomeroom.userId,
  });
  const detail = await call(app, principal, 'GET', `/api/registry/classes/${classId}`);
  await call(app, principal, 'PUT', `/api/registry/classes/${classId}/homeroom`, { version: detail.version, teacherId: homeroom.userId });
  const students = [];
  for (const fullName of Object.keys(PRIMARY_EXAMPLES)) {
    const s = await createStudent(app, principal.headers, schoolId, fullName);
    await call(app, principal, 'POST', `/api/registry/students/${s.id}/enrolments`, { classId, startedOn: '2026-09-05' });
    students.push({ id: s.id, fullName });
  }
  const sheets = await call(app, principal, 'GET', `/api/gradebook/classes/${classId}/sheets`);
  return {
    tree,
    schoolId,
    principal,
    teacher,
    homeroom,
    otherHomeroom,
    outsider,
    yearId,
    classId,
    term1: sheets.terms[0].id,
    term2: sheets.terms[1].id,
    students,
  };
}

/** Every slot of every sheet of both terms: levels from the examples (HTT by default), tests from the examples. */
export async function fillPrimaryYear(app: FastifyInstance, f: PrimaryFixture): Promise<void> {
  for (const term of [f.term1, f.term2]) {
    for (const code of PRIMARY_SUBJECTS) {
      const url = `/api/gradebook/classes/${f.classId}/subjects/${code}/terms/${term}`;
      const sheet = await call(app, f.teacher, 'GET', url);
      const changes = f.students.flatMap((s) => {
        const ex = PRIMARY_EXAMPLES[s.fullName]!;
        return (sheet.sheet.slots as string[]).map((slot) => ({
          studentId: s.id,
          slot,
          expectedVersion: 0,
          value: slot === 'gk' || slot === 'lvl' ? (ex.levels[code] ?? 'HTT') : (ex.tests[code] ?? '9'),
        }));
      });
      await call(app, f.teacher, 'PUT', `${url}/marks`, { changes });
    }
  }
}

export async function lockPrimaryYear(app: FastifyInstance, f: PrimaryFixture): Promise<void> {
  for (const term of [f.term1, f.term2]) {
    for (const code of PRIMARY_SUBJECTS)
      await call(app, f.principal, 'POST', `/api/gradebook/classes/${f.classId}/subjects/${code}/terms/${term}/lock`);
  }
}

export const QUALITY_CODES = ['YEU_NUOC', 'NHAN_AI', 'CHAM_CHI', 'TRUNG_THUC', 'TRACH_NHIEM'] as const;
export const COMPETENCE_CODES = [
  'TU_CHU_TU_HOC',
  'GIAO_TIEP_HOP_TAC',
  'GQVD_SANG_TAO',
  'NGON_NGU',
  'TINH_TOAN',
  'KHOA_HOC',
  'CONG_NGHE',
  'TIN_HOC',
  'THAM_MI',
  'THE_CHAT',
] as const;

export const qcBodyFor = (f: PrimaryFixture) =>
  f.students.map((s) => ({
    studentId: s.id,
    qualities: Object.fromEntries(QUALITY_CODES.map((c) => [c, 'T'])),
    competences: Object.fromEntries(COMPETENCE_CODES.map((c) => [c, c === 'TINH_TOAN' ? PRIMARY_EXAMPLES[s.fullName]!.tinhToan : 'T'])),
    expectedVersion: 0,
  }));
