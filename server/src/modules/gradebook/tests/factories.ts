import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../../platform/db/database.ts';
import { createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { createClass, createStudent, createYear } from '../../registry/tests/factories.ts';

export interface GradebookFixture {
  tree: TestTree;
  principal: SignedIn;
  /** Teaches TOAN in 6A1 (whole year). */
  teacher: SignedIn;
  /** Teaches TOAN in school B. */
  otherTeacher: SignedIn;
  /** Homeroom teacher of 6A1, teaches nothing there. */
  homeroom: SignedIn;
  office: SignedIn;
  yearId: string;
  classId: string;
  term1: string;
  term2: string;
  students: { id: string; fullName: string }[];
}

/**
 * A school year with two terms at school A, class 6A1 with three students, a maths teacher, a
 * homeroom teacher, the principal, the school office; a maths teacher of school B.
 */
export async function createGradebookFixture(app: FastifyInstance, database: Database): Promise<GradebookFixture> {
  const tree = await createTestTree(database);
  const principal = await signIn(app, database, { roleKey: 'principal', unitId: tree.schoolA });
  const teacher = await signIn(app, database, { roleKey: 'teacher', unitId: tree.schoolA });
  const homeroom = await signIn(app, database, { roleKey: 'homeroom_teacher', unitId: tree.schoolA });
  const office = await signIn(app, database, { roleKey: 'school_office', unitId: tree.schoolA });
  const otherTeacher = await signIn(app, database, { roleKey: 'teacher', unitId: tree.schoolB });
  const yearId = (await createYear(app, principal.headers, tree.schoolA)).id;
  const classId = (await createClass(app, principal.headers, tree.schoolA, yearId, '6A1')).id;
  const inject = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
    const res = await app.inject({ method, url, headers: principal.headers, payload: payload as object });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  await inject('POST', `/api/registry/classes/${classId}/assignments`, { subjectCode: 'TOAN', teacherId: teacher.userId });
  const detail = (await app.inject({ method: 'GET', url: `/api/registry/classes/${classId}`, headers: principal.headers })).json();
  await inject('PUT', `/api/registry/classes/${classId}/homeroom`, { version: detail.version, teacherId: homeroom.userId });
  const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu'];
  const students = [];
  for (const fullName of names) {
    const s = await createStudent(app, principal.headers, tree.schoolA, fullName);
    await inject('POST', `/api/registry/students/${s.id}/enrolments`, { classId, startedOn: '2026-09-05' });
    students.push({ id: s.id, fullName });
  }
  const sheets = (await app.inject({ method: 'GET', url: `/api/gradebook/classes/${classId}/sheets`, headers: principal.headers })).json();
  return {
    tree,
    principal,
    teacher,
    otherTeacher,
    homeroom,
    office,
    yearId,
    classId,
    term1: sheets.terms[0].id,
    term2: sheets.terms[1].id,
    students,
  };
}

export const SCORED = ['TOAN', 'NGU_VAN', 'NGOAI_NGU_1', 'GDCD', 'LS_DL', 'KHTN', 'CONG_NGHE', 'TIN_HOC'] as const;
export const COMMENT = ['GDTC', 'NGHE_THUAT', 'HDTN_HN', 'GDDP'] as const;

/** regulations.md §1.12 Ex. 5: year averages per student (every cell of both terms holds the value, so ĐTBmhk = ĐTBmcn = value). */
export const EXAMPLE_YEARS: Record<string, Record<string, string>> = {
  // Tốt; six ≥ 8.0, one ≥ 9.0 → with rèn luyện Tốt: Học sinh Giỏi.
  'Nguyễn Văn An': {
    TOAN: '8.5',
    NGU_VAN: '8.2',
    NGOAI_NGU_1: '9.0',
    GDCD: '8.0',
    LS_DL: '8.1',
    KHTN: '8.4',
    CONG_NGHE: '7.0',
    TIN_HOC: '6.8',
  },
  // Tin học 4.8: actual Đạt, Tốt when ignoring it → Khá (the adjustment rule).
  'Trần Thị Bình': {
    TOAN: '8.5',
    NGU_VAN: '8.2',
    NGOAI_NGU_1: '9.0',
    GDCD: '8.0',
    LS_DL: '8.1',
    KHTN: '8.4',
    CONG_NGHE: '7.0',
    TIN_HOC: '4.8',
  },
  // Toán 3.2 and NN1 3.0: Chưa đạt → re-assess Toán and NN1.
  'Lê Minh Châu': {
    TOAN: '3.2',
    NGU_VAN: '8.2',
    NGOAI_NGU_1: '3.0',
    GDCD: '8.0',
    LS_DL: '8.1',
    KHTN: '8.4',
    CONG_NGHE: '7.0',
    TIN_HOC: '6.8',
  },
};

const call = async (app: FastifyInstance, who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
  const res = await app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

/** The fixture's teacher takes every subject of 6A1 and enters both terms from EXAMPLE_YEARS (comment subjects Đạt). */
export async function fillYearMarks(app: FastifyInstance, f: GradebookFixture): Promise<void> {
  for (const code of [...SCORED, ...COMMENT].filter((c) => c !== 'TOAN')) {
    await call(app, f.principal, 'POST', `/api/registry/classes/${f.classId}/assignments`, {
      subjectCode: code,
      teacherId: f.teacher.userId,
    });
  }
  for (const term of [f.term1, f.term2]) {
    for (const code of [...SCORED, ...COMMENT]) {
      const url = `/api/gradebook/classes/${f.classId}/subjects/${code}/terms/${term}`;
      const sheet = await call(app, f.teacher, 'GET', url);
      const changes = f.students.flatMap((s) =>
        sheet.sheet.slots.map((slot: string) => ({
          studentId: s.id,
          slot,
          value: EXAMPLE_YEARS[s.fullName]![code] ?? 'Đ',
          expectedVersion: 0,
        })),
      );
      await call(app, f.teacher, 'PUT', `${url}/marks`, { changes });
    }
  }
}

/** The principal locks every sheet of both terms. */
export async function lockYear(app: FastifyInstance, f: GradebookFixture): Promise<void> {
  for (const term of [f.term1, f.term2]) {
    for (const code of [...SCORED, ...COMMENT])
      await call(app, f.principal, 'POST', `/api/gradebook/classes/${f.classId}/subjects/${code}/terms/${term}/lock`);
  }
}

/** The homeroom teacher records conduct Tốt and a few absences for both terms. */
export async function recordConduct(app: FastifyInstance, f: GradebookFixture): Promise<void> {
  for (const termNo of [1, 2]) {
    const changes = f.students.map((s) => ({
      studentId: s.id,
      conduct: 'T',
      absencesExcused: 2,
      absencesUnexcused: termNo,
      comment: 'Ngoan, lễ phép.',
      expectedVersion: 0,
    }));
    await call(app, f.homeroom, 'PUT', `/api/gradebook/classes/${f.classId}/terms/${termNo}/records`, { changes });
  }
}
