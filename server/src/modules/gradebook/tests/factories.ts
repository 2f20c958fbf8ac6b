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
  return { tree, principal, teacher, otherTeacher, homeroom, office, yearId, classId, term1: sheets.terms[0].id, term2: sheets.terms[1].id, students };
}
