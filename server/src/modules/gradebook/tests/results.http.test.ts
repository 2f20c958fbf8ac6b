import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, type SignedIn, signIn } from '../../identity/tests/factories.ts';
import { createGradebookFixture, fillYearMarks, type GradebookFixture, lockYear } from './factories.ts';

let t: TestApp;
let f: GradebookFixture;

const base = () => `/api/gradebook/classes/${f.classId}`;
const inject = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  f = await createGradebookFixture(t.app, t.database);
  await fillYearMarks(t.app, f);
});
afterAll(async () => t.close());

describe('class summary and year results (TT 22)', () => {
  it('the summary shows term results computed from the cells while sheets are open, and names what is missing', async () => {
    const res = await inject(f.homeroom, 'GET', `${base()}/summary`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const an = body.students.find((s: { fullName: string }) => s.fullName === 'Nguyễn Văn An');
    expect(an.terms[1].subjects).toMatchObject({ TOAN: '8.5', TIN_HOC: '6.8', GDTC: 'D' });
    expect(an.terms[1].learning).toEqual({ level: 'T', actual: 'T', adjustedFor: null });
    expect(an.year).toBeNull();
    expect(an.missing).toEqual(['HK1:conduct', 'HK2:conduct']);
    expect(body.openSheets).toHaveLength(24);
    expect(body.abilities).toEqual({ homeroom: true, finalised: false, principal: false });
  });

  it('a subject teacher who is not the homeroom teacher cannot record conduct (403); another school gets 404', async () => {
    const rec = {
      changes: [
        { studentId: f.students[0]!.id, conduct: 'T', absencesExcused: 0, absencesUnexcused: 0, comment: null, expectedVersion: 0 },
      ],
    };
    expect((await inject(f.teacher, 'PUT', `${base()}/terms/1/records`, rec)).statusCode).toBe(403);
    expect((await inject(f.otherTeacher, 'PUT', `${base()}/terms/1/records`, rec)).statusCode).toBe(404);
    expect((await inject(f.otherTeacher, 'GET', `${base()}/summary`)).statusCode).toBe(404);
  });

  it('the homeroom teacher records conduct and absences for both terms', async () => {
    for (const termNo of [1, 2]) {
      const changes = f.students.map((s) => ({
        studentId: s.id,
        conduct: 'T',
        absencesExcused: 2,
        absencesUnexcused: termNo,
        comment: 'Ngoan, lễ phép.',
        expectedVersion: 0,
      }));
      const res = await inject(f.homeroom, 'PUT', `${base()}/terms/${termNo}/records`, { changes });
      expect(res.statusCode, res.body).toBe(200);
    }
    const again = await inject(f.homeroom, 'PUT', `${base()}/terms/1/records`, {
      changes: [
        { studentId: f.students[0]!.id, conduct: 'K', absencesExcused: 0, absencesUnexcused: 0, comment: null, expectedVersion: 0 },
      ],
    });
    expect(again.statusCode).toBe(409);
  });

  it('finalising refuses while sheets are open, naming them', async () => {
    const res = await inject(f.homeroom, 'POST', `${base()}/finalise`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('gradebook.year.sheetsOpen');
  });

  it('after the principal locks every sheet, the year is computed: Giỏi, the adjustment to Khá, re-assessment; then finalised and audited', async () => {
    await lockYear(t.app, f);
    const summary = (await inject(f.principal, 'GET', `${base()}/summary`)).json();
    const year = (name: string) => summary.students.find((s: { fullName: string }) => s.fullName === name).year;
    expect(year('Nguyễn Văn An')).toMatchObject({ learning: 'T', conduct: 'T', outcome: 'LL', title: 'G', status: 'computed' });
    expect(year('Trần Thị Bình')).toMatchObject({ learning: 'K', outcome: 'LL', title: null });
    expect(year('Lê Minh Châu')).toMatchObject({ learning: 'CD', outcome: 'KTL', reassessSubjects: ['TOAN', 'NGOAI_NGU_1'] });

    const res = await inject(f.homeroom, 'POST', `${base()}/finalise`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ students: 3 });
    expect(await auditCount(t.database, 'gradebook.year.finalise')).toBe(1);
  });

  it('re-assessment replaces the subject results and keeps the original: Toán 5.5, NN1 4.0 → Đạt, promoted', async () => {
    const chau = f.students.find((s) => s.fullName === 'Lê Minh Châu')!;
    const res = await inject(f.homeroom, 'PUT', `${base()}/students/${chau.id}/summer`, {
      reassessment: { scored: { TOAN: '5.5', NGOAI_NGU_1: '4.0' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ outcome: 'LL', finalLearning: 'D', finalConduct: 'T' });
    const wrong = await inject(f.homeroom, 'PUT', `${base()}/students/${chau.id}/summer`, { reassessment: { scored: { KHTN: '9.0' } } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('gradebook.reassessment.notRequired');
  });

  it('statistics count the finalised results of the school and the department; a school B principal gets 404 for school A', async () => {
    const dep = await signIn(t.app, t.database, { roleKey: 'department_leader', unitId: f.tree.department });
    const res = await inject(dep, 'GET', `/api/gradebook/statistics?unitId=${f.tree.department}&startYear=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      students: 3,
      byGrade: [{ gradeNo: 6, students: 3, outcome: { LL: 3 }, title: { G: 1, none: 2 }, learning: { T: 1, K: 1, D: 1 } }],
    });
    const otherPrincipal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: f.tree.schoolB });
    expect((await inject(otherPrincipal, 'GET', `/api/gradebook/statistics?unitId=${f.tree.schoolA}&startYear=2026`)).statusCode).toBe(404);
    expect((await inject(f.teacher, 'GET', `/api/gradebook/statistics?unitId=${f.tree.schoolA}&startYear=2026`)).statusCode).toBe(403);
  });

  it('the student report shows published marks and the final result, never a ranking; a teacher of another school gets 404', async () => {
    const an = f.students[0]!;
    const res = await inject(f.homeroom, 'GET', `/api/gradebook/students/${an.id}/report`);
    expect(res.statusCode, res.body).toBe(200);
    const year = res.json().years[0];
    expect(year.result).toEqual({ learning: 'T', conduct: 'T', outcome: 'LL', title: 'G' });
    expect(year.subjects.find((s: { code: string }) => s.code === 'TOAN').terms[0]).toMatchObject({
      status: 'locked',
      result: '8.5',
      marks: { tx1: '8.5' },
    });
    expect(JSON.stringify(res.json())).not.toMatch(/rank|xếp hạng/i);
    expect((await inject(f.otherTeacher, 'GET', `/api/gradebook/students/${an.id}/report`)).statusCode).toBe(404);
  });
});
