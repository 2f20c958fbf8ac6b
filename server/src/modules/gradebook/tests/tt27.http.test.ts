import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { auditCount, type SignedIn, signIn } from '../../identity/tests/factories.ts';
import { slotsOf, tt27Slots } from '../cells.ts';
import { TT27_2020 } from '../rules/rulesets.ts';
import { parsePdfsig, tempDir, tool } from '../../../../tests/support/pdf-tools.ts';
import { addTrustedRoot, createTestPki } from '../../signing/public.ts';
import {
  COMPETENCE_CODES,
  createPrimaryFixture,
  fillPrimaryYear,
  lockPrimaryYear,
  PRIMARY_EXAMPLES,
  type PrimaryFixture,
  QUALITY_CODES,
  qcBodyFor,
} from './tt27-factories.ts';

let t: TestApp;
let f: PrimaryFixture;
const PASS = { homeroomTeacher: 'gvcn-passphrase-1', principal: 'ht-passphrase-22', seal: 'seal-passphrase-333' };

const inject = (who: SignedIn | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(who ? { headers: who.headers } : {}), ...(payload ? { payload } : {}) });
const base = () => `/api/gradebook/classes/${f.classId}`;
const sheetUrl = (code: string, term: string) => `${base()}/subjects/${code}/terms/${term}`;
const summary = async (who: SignedIn = f.homeroom) => {
  const res = await inject(who, 'GET', `${base()}/summary`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
type Row = {
  missing: string[];
  year: unknown;
  terms: Record<number, { subjects: Record<string, string | null> }>;
  tt27: {
    assessments: { termNo: number; point: string; competences: Record<string, string> }[];
    tests: Record<string, Record<string, string>>;
    year: ({ overall: string; status: string } & Record<string, unknown>) | null;
  };
};
const byName = (body: { students: { fullName: string }[] }, name: string) =>
  body.students.find((s) => s.fullName === name) as unknown as Row;

beforeAll(async () => {
  t = await createTestApp();
  f = await createPrimaryFixture(t.app, t.database);
}, 240_000);
afterAll(async () => t.close());

describe('TT 27 slots (pure)', () => {
  it('a test cell only where the ruleset has a periodic test; mid-term tests in grades 4–5 for Tiếng Việt and Toán', () => {
    expect(tt27Slots('TOAN', 4, TT27_2020)).toEqual(['gk', 'gkt', 'lvl', 'test']);
    expect(tt27Slots('KHOA_HOC', 4, TT27_2020)).toEqual(['gk', 'lvl', 'test']);
    expect(tt27Slots('DAO_DUC', 4, TT27_2020)).toEqual(['gk', 'lvl']);
    expect(tt27Slots('TOAN', 2, TT27_2020)).toEqual(['gk', 'lvl', 'test']);
    expect(tt27Slots('NGOAI_NGU_1', 3, TT27_2020)).toEqual(['gk', 'lvl', 'test']);
    expect(tt27Slots('LS_DL', 3, TT27_2020)).toEqual(['gk', 'lvl']);
    expect(tt27Slots('TIN_HOC_CN', 5, TT27_2020)).toEqual(['gk', 'lvl', 'test']);
    expect(slotsOf('TT27', null, { subjectCode: 'GDTC', gradeNo: 5, ruleset: TT27_2020.id })).toEqual(['gk', 'lvl']);
    // TT 22 slots are unchanged.
    expect(slotsOf('NXDS', 3, { subjectCode: 'TOAN', gradeNo: 6, ruleset: 'tt22-2021@2021-2022' })).toEqual([
      'tx1',
      'tx2',
      'tx3',
      'gk',
      'ck',
    ]);
  });
});

describe('TT 27 sheets (primary, grade 4)', () => {
  it('each subject gets the slots of the ruleset: Toán has mid-term and end tests, Đạo đức only levels', async () => {
    const toan = (await inject(f.teacher, 'GET', sheetUrl('TOAN', f.term1))).json();
    expect(toan.sheet).toMatchObject({ assessment: 'TT27', ruleset: TT27_2020.id, slots: ['gk', 'gkt', 'lvl', 'test'] });
    const dd = (await inject(f.teacher, 'GET', sheetUrl('DAO_DUC', f.term2))).json();
    expect(dd.sheet.slots).toEqual(['gk', 'lvl']);
    const kh = (await inject(f.teacher, 'GET', sheetUrl('KHOA_HOC', f.term1))).json();
    expect(kh.sheet.slots).toEqual(['gk', 'lvl', 'test']);
  });

  it('refuses a test where there is none, a decimal or out-of-range test score, a TT 22 level; stores an integer and a level', async () => {
    const s = f.students[0]!.id;
    const put = (code: string, changes: object[]) => inject(f.teacher, 'PUT', `${sheetUrl(code, f.term1)}/marks`, { changes });
    const noTest = await put('DAO_DUC', [{ studentId: s, slot: 'test', value: '9', expectedVersion: 0 }]);
    expect(noTest.statusCode).toBe(422);
    expect(noTest.json().errors[0]).toMatchObject({ path: 'body.changes.0.value', code: 'gradebook.slot.invalid' });
    const noMid = await put('KHOA_HOC', [{ studentId: s, slot: 'gkt', value: '9', expectedVersion: 0 }]);
    expect(noMid.json().errors[0].code).toBe('gradebook.slot.invalid');
    for (const value of ['8.5', '11', '0', 'T']) {
      const bad = await put('TOAN', [{ studentId: s, slot: 'test', value, expectedVersion: 0 }]);
      expect(bad.statusCode, value).toBe(422);
    }
    const badLevel = await put('TOAN', [{ studentId: s, slot: 'lvl', value: 'K', expectedVersion: 0 }]);
    expect(badLevel.statusCode).toBe(422);
    const ok = await put('TOAN', [
      { studentId: s, slot: 'gkt', value: '8', expectedVersion: 0 },
      { studentId: s, slot: 'gk', value: 'HTT', expectedVersion: 0 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    const sheet = (await inject(f.teacher, 'GET', sheetUrl('TOAN', f.term1))).json();
    const row = sheet.students.find((x: { id: string }) => x.id === s);
    expect(row.marks).toEqual({ gkt: { value: '8', version: 1 }, gk: { value: 'HTT', version: 1 } });
    // Clear them again so the year below starts from version 0 everywhere.
    await t.database.db.execute(sql`DELETE FROM gradebook.marks WHERE student_id = ${s}`);
  });
});

describe('TT 27 qualities and competences (homeroom teacher)', () => {
  const url = (termNo: number, point: string) => `${base()}/terms/${termNo}/qualities/${point}`;

  it('the homeroom teacher saves mid-term and end-of-term assessments; version guard; audited', async () => {
    const changes = qcBodyFor(f);
    for (const termNo of [1, 2]) {
      for (const point of ['gk', 'ck']) {
        const res = await inject(f.homeroom, 'PUT', url(termNo, point), { changes });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().saved).toHaveLength(4);
      }
    }
    const stale = await inject(f.homeroom, 'PUT', url(1, 'gk'), { changes: [changes[0]] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].code).toBe('gradebook.recordChanged');
    const again = await inject(f.homeroom, 'PUT', url(1, 'gk'), { changes: [{ ...changes[0], expectedVersion: 1 }] });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().saved[0].version).toBe(2);
    expect(await auditCount(t.database, 'gradebook.tt27.qualities.save')).toBe(5);
    const body = await summary();
    const an = byName(body, 'Nguyễn Văn An');
    expect(an.tt27.assessments).toHaveLength(4);
    expect(an.tt27.assessments.find((a) => a.termNo === 2 && a.point === 'ck')?.competences.TINH_TOAN).toBe('T');
    expect(body.tt27.qualities.map((q: { code: string }) => q.code)).toEqual([...QUALITY_CODES]);
    expect(body.tt27.competences.map((q: { code: string }) => q.code)).toEqual([...COMPETENCE_CODES]);
  });

  it('refuses unknown items, bad levels, a bad point or term (422/400), a student of another class', async () => {
    const s = f.students[0]!.id;
    const unknown = await inject(f.homeroom, 'PUT', url(1, 'ck'), {
      changes: [{ studentId: s, qualities: { DUNG_CAM: 'T' }, competences: {}, expectedVersion: 1 }],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'body.changes.0.qualities.DUNG_CAM', code: 'gradebook.tt27.unknownItem' });
    const level = await inject(f.homeroom, 'PUT', url(1, 'ck'), {
      changes: [{ studentId: s, qualities: { YEU_NUOC: 'K' }, competences: {}, expectedVersion: 1 }],
    });
    expect([400, 422]).toContain(level.statusCode);
    expect((await inject(f.homeroom, 'PUT', url(1, 'cuoi'), { changes: qcBodyFor(f) })).statusCode).toBe(400);
    expect((await inject(f.homeroom, 'PUT', url(3, 'ck'), { changes: qcBodyFor(f) })).statusCode).toBe(400);
    const extra = await inject(f.homeroom, 'PUT', url(1, 'ck'), {
      changes: [{ studentId: s, qualities: {}, competences: {}, expectedVersion: 1, note: 'x' }],
    });
    expect(extra.statusCode).toBe(400);
    const stranger = await inject(f.homeroom, 'PUT', url(1, 'ck'), {
      changes: [{ studentId: '00000000-0000-4000-8000-000000000000', qualities: {}, competences: {}, expectedVersion: 0 }],
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().errors[0].code).toBe('gradebook.studentNotInClass');
  });

  it('only the homeroom teacher: a subject teacher of the class and the principal get 403, a teacher of another school 404', async () => {
    const body = { changes: qcBodyFor(f) };
    expect((await inject(f.otherHomeroom, 'PUT', url(1, 'ck'), body)).statusCode).toBe(403);
    expect((await inject(f.teacher, 'PUT', url(1, 'ck'), body)).statusCode).toBe(403);
    expect((await inject(f.principal, 'PUT', url(1, 'ck'), body)).statusCode).toBe(403);
    expect((await inject(f.outsider, 'PUT', url(1, 'ck'), body)).statusCode).toBe(404);
    const office = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: f.schoolId });
    expect((await inject(office, 'PUT', url(1, 'ck'), body)).statusCode).toBe(403);
  });

  it('the homeroom teacher records absences and comments of a primary term; a conduct level is refused', async () => {
    const s = f.students[0]!.id;
    const records = `${base()}/terms/1/records`;
    const conduct = await inject(f.homeroom, 'PUT', records, {
      changes: [{ studentId: s, conduct: 'T', absencesExcused: 1, absencesUnexcused: 0, comment: null, expectedVersion: 0 }],
    });
    expect(conduct.statusCode).toBe(422);
    expect(conduct.json().errors[0]).toMatchObject({ path: 'body.changes.0.conduct', code: 'gradebook.tt27.noConduct' });
    const ok = await inject(f.homeroom, 'PUT', records, {
      changes: [{ studentId: s, conduct: null, absencesExcused: 1, absencesUnexcused: 0, comment: 'Chăm ngoan.', expectedVersion: 0 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(byName(await summary(), 'Nguyễn Văn An').terms[1]).toMatchObject({ absencesExcused: 1, comment: 'Chăm ngoan.', conduct: null });
  });

  it('a TT 22 class refuses the route (409)', async () => {
    const { createGradebookFixture } = await import('./factories.ts');
    const g = await createGradebookFixture(t.app, t.database);
    const res = await inject(g.homeroom, 'PUT', `/api/gradebook/classes/${g.classId}/terms/1/qualities/ck`, {
      changes: [{ studentId: g.students[0]!.id, qualities: {}, competences: {}, expectedVersion: 0 }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('gradebook.tt27.notPrimary');
  });
});

describe('TT 27 year: summary, finalisation, support plan, statistics, transcripts', () => {
  it('before the sheets are filled the summary names what is missing and finalising is refused', async () => {
    const body = await summary();
    expect(body.class.ruleset).toBe(TT27_2020.id);
    expect(body.tt27.testSubjects).toEqual({
      endOfTerm: ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'LS_DL', 'KHOA_HOC', 'TIN_HOC_CN'],
      midTerm: ['TIENG_VIET', 'TOAN'],
    });
    const an = byName(body, 'Nguyễn Văn An');
    expect(an.year).toBeNull();
    expect(an.tt27.year).toBeNull();
    expect(an.missing).toContain('HK2:TOAN');
    expect(an.missing).toContain('HK2:test:TOAN');
    expect((await inject(f.homeroom, 'POST', `${base()}/finalise`)).statusCode).toBe(409);
  });

  it('computes the §2.6 examples: HTXS (Xuất sắc), HTT, HT, CHT (support plan); finalised into year_results', async () => {
    await fillPrimaryYear(t.app, f);
    const computed = await summary();
    for (const s of f.students) {
      const row = byName(computed, s.fullName);
      expect(row.missing, s.fullName).toEqual([]);
      expect(row.tt27.year?.overall, s.fullName).toBe(PRIMARY_EXAMPLES[s.fullName]!.expected);
      expect(row.tt27.year?.status).toBe('computed');
      expect(row.terms[2]?.subjects.TOAN).toBe(PRIMARY_EXAMPLES[s.fullName]!.levels.TOAN ?? 'HTT');
    }
    expect(byName(computed, 'Nguyễn Văn An').tt27.tests.TOAN).toEqual({ 'HK1:gkt': '9', 'HK1:test': '9', 'HK2:gkt': '9', 'HK2:test': '9' });
    // Sheets still open: refused.
    const open = await inject(f.homeroom, 'POST', `${base()}/finalise`);
    expect(open.statusCode).toBe(409);
    expect(open.json().code).toBe('gradebook.year.sheetsOpen');
    await lockPrimaryYear(t.app, f);
    expect((await inject(f.teacher, 'POST', `${base()}/finalise`)).statusCode).toBe(403);
    const fin = await inject(f.homeroom, 'POST', `${base()}/finalise`);
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json()).toEqual({ students: 4 });
    const { rows } = await t.database.db.execute<{
      name: string;
      circular: string;
      level: string;
      conduct: string | null;
      final_level: string;
      outcome: string;
      title: string | null;
    }>(sql`
      SELECT s.full_name AS name, y.circular, y.level, y.conduct, y.final_level, y.outcome, y.title
      FROM gradebook.year_results y JOIN registry.students s ON s.id = y.student_id WHERE y.class_id = ${f.classId} ORDER BY s.full_name`);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(by['Nguyễn Văn An']).toMatchObject({
      circular: 'tt27',
      level: 'HTXS',
      conduct: null,
      final_level: 'HTXS',
      outcome: 'LL',
      title: 'XS',
    });
    expect(by['Trần Thị Bình']).toMatchObject({ level: 'HTT', outcome: 'LL', title: null });
    expect(by['Lê Minh Châu']).toMatchObject({ level: 'HT', outcome: 'LL', title: null });
    expect(by['Phạm Văn Dũng']).toMatchObject({ level: 'CHT', final_level: 'CHT', outcome: 'KTL', title: null });
    expect(await auditCount(t.database, 'gradebook.year.finalise')).toBe(1);
    const after = await summary();
    expect(after.abilities.finalised).toBe(true);
    expect(byName(after, 'Nguyễn Văn An').tt27.year).toMatchObject({
      overall: 'HTXS',
      award: 'XS',
      completed: true,
      completedPrimary: false,
      outcome: 'LL',
      status: 'final',
    });
    // After finalisation the qualities are frozen.
    const frozen = await inject(f.homeroom, 'PUT', `${base()}/terms/2/qualities/ck`, {
      changes: [{ ...qcBodyFor(f)[0], expectedVersion: 1 }],
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().code).toBe('gradebook.tt27.yearFinalised');
  });

  it('the class recognition gives the HTT student the Tiêu biểu award; the support plan re-assessment completes the CHT student; wrong steps refused', async () => {
    const step = (name: string, body: object, who: SignedIn = f.homeroom) =>
      inject(who, 'PUT', `${base()}/students/${f.students.find((s) => s.fullName === name)!.id}/tt27-year`, body);
    const tb = await step('Trần Thị Bình', { recognition: { outstandingSubject: true } });
    expect(tb.statusCode, tb.body).toBe(200);
    expect(tb.json()).toMatchObject({ overall: 'HTT', award: 'TB', outcome: 'LL' });
    const notNeeded = await step('Trần Thị Bình', { afterSupport: { subjects: { TOAN: 'HTT' } } });
    expect(notNeeded.statusCode).toBe(422);
    expect(notNeeded.json().code).toBe('gradebook.summer.notRequired');
    expect((await step('Phạm Văn Dũng', { afterSupport: { tests: { TOAN: '6.5' } } })).statusCode).toBe(400);
    const noSubject = await step('Phạm Văn Dũng', { afterSupport: { subjects: { NGU_VAN: 'HT' } } });
    expect(noSubject.statusCode).toBe(422);
    expect(noSubject.json().errors[0].path).toBe('body.afterSupport.subjects.NGU_VAN');
    const noTest = await step('Phạm Văn Dũng', { afterSupport: { tests: { DAO_DUC: '7' } } });
    expect(noTest.statusCode).toBe(422);
    expect(noTest.json().code).toBe('gradebook.tt27.noTest');
    expect((await step('Phạm Văn Dũng', { afterSupport: { subjects: { TOAN: 'HT' } } }, f.principal)).statusCode).toBe(403);
    const early = await step('Phạm Văn Dũng', { principalDecision: 'OLL' }, f.principal);
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('gradebook.summer.trainingFirst');
    const still = await step('Phạm Văn Dũng', { afterSupport: { subjects: { TOAN: 'HT' }, tests: { TOAN: '4' } } });
    expect(still.json()).toMatchObject({ overall: 'CHT', afterSupport: 'CHT', outcome: 'QD', completed: false });
    // The decision is the principal's (the summary tells the screen so): the homeroom teacher 403, a teacher of another school 404.
    expect((await inject(f.principal, 'GET', `${base()}/summary`)).json().abilities).toMatchObject({ principal: true, homeroom: false });
    expect((await summary()).abilities).toMatchObject({ principal: false, homeroom: true });
    const byHomeroom = await step('Phạm Văn Dũng', { principalDecision: 'LL' });
    expect(byHomeroom.statusCode).toBe(403);
    expect(byHomeroom.json().code).toBe('gradebook.tt27.principalOnly');
    expect((await step('Phạm Văn Dũng', { principalDecision: 'LL' }, f.outsider)).statusCode).toBe(404);
    const decided = await step('Phạm Văn Dũng', { principalDecision: 'OLL' }, f.principal);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ afterSupport: 'CHT', outcome: 'OLL', completed: false });
    // A new re-assessment by the homeroom teacher replaces the decision taken on the previous one.
    const done = await step('Phạm Văn Dũng', {
      afterSupport: { subjects: { TOAN: 'HT' }, tests: { TOAN: '6' }, competences: { TINH_TOAN: 'D' } },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ overall: 'CHT', afterSupport: 'HT', outcome: 'LL', completed: true });
    expect(await auditCount(t.database, 'gradebook.tt27.steps.save')).toBe(4);
    const dung = byName(await summary(), 'Phạm Văn Dũng');
    expect(dung.tt27.year).toMatchObject({ overall: 'CHT', afterSupport: 'HT', outcome: 'LL' });
    // A re-finalise keeps the recorded steps.
    expect((await inject(f.homeroom, 'POST', `${base()}/finalise`)).statusCode).toBe(200);
    const { rows } = await t.database.db.execute<{ title: string | null }>(
      sql`SELECT title FROM gradebook.year_results y JOIN registry.students s ON s.id = y.student_id WHERE s.full_name = 'Trần Thị Bình' AND y.class_id = ${f.classId}`,
    );
    expect(rows[0]!.title).toBe('TB');
  });

  it('statistics count the primary results by overall level, outcome and award', async () => {
    const res = await inject(f.principal, 'GET', `/api/gradebook/statistics?unitId=${f.schoolId}&startYear=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      students: 4,
      byGrade: [
        {
          gradeNo: 4,
          students: 4,
          learning: { HTXS: 1, HTT: 1, HT: 2 },
          outcome: { LL: 4 },
          title: { XS: 1, TB: 1, none: 2 },
          conduct: { none: 4 },
        },
      ],
    });
  });

  it('generates, signs in order and seals a primary transcript (học bạ tiểu học); pdfsig reports three valid signatures; it verifies', async () => {
    const pki = await createTestPki({
      schoolName: 'Trường Tiểu học An Bình',
      homeroomTeacherName: 'Đặng Thu Hà',
      principalName: 'Phạm Thị Lan',
      passphrases: PASS,
    });
    await addTrustedRoot(t.database.db, pki.ca.name, pki.ca.certificate, true);
    for (const [who, id, kind, pass] of [
      [f.homeroom, pki.homeroomTeacher, 'personal', PASS.homeroomTeacher],
      [f.principal, pki.principal, 'personal', PASS.principal],
      [f.principal, pki.seal, 'seal', PASS.seal],
    ] as const) {
      const res = await inject(who, 'POST', '/api/signing/keys', {
        kind,
        ...(kind === 'seal' ? { unitId: f.schoolId } : {}),
        p12Base64: id.p12.toString('base64'),
        passphrase: pass,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const gen = await inject(f.homeroom, 'POST', `${base()}/transcripts`);
    expect(gen.statusCode, gen.body).toBe(200);
    expect(gen.json()).toEqual({ generated: 4 });
    for (const [who, role] of [
      [f.homeroom, 'homeroomTeacher'],
      [f.principal, 'principal'],
      [f.principal, 'seal'],
    ] as const) {
      const res = await inject(who, 'POST', `${base()}/transcripts/sign`, { role, passphrase: PASS[role] });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      expect(res.json().signed).toBe(4);
    }
    const items = (await inject(f.principal, 'GET', `${base()}/transcripts`)).json().items;
    expect(items.every((x: { status: string }) => x.status === 'sealed')).toBe(true);
    const an = items.find((x: { studentName: string }) => x.studentName === 'Nguyễn Văn An');
    const pdf = (await inject(f.principal, 'GET', `/api/gradebook/transcripts/${an.id}/pdf`)).rawPayload;
    const dir = tempDir();
    try {
      const file = dir.file('hoc-ba-tieu-hoc.pdf', pdf);
      const sigs = parsePdfsig(tool('pdfsig', [file]).stdout);
      expect(sigs).toHaveLength(3);
      expect(sigs.every((s) => /Signature is Valid/.test(s.validation ?? ''))).toBe(true);
      const text = tool('pdftotext', ['-layout', file, '-']).stdout;
      // (The diagonal TEST watermark splits some lines in pdftotext's output: these needles avoid it.)
      for (const needle of [
        'TIỂU HỌC',
        'Những năng lực cốt lõi',
        'Giải quyết vấn đề và sáng tạo',
        'HTT (9)',
        'Hoàn thành xuất sắc',
        'Học sinh Xuất sắc',
        'Hoàn thành chương trình lớp 4',
      ]) {
        expect(text, needle).toContain(needle);
      }
    } finally {
      dir.cleanup();
    }
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/signing/verify?code=${an.code}`,
      headers: { 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, registered: true, problems: [] });
  });
});
