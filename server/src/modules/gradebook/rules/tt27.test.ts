import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TT27_2020 } from './rulesets.ts';
import { tt27Award, tt27Overall, tt27Tests, tt27Year, type Tt27YearInput } from './tt27.ts';
import { MISSED, type Tt27QcLevel } from './types.ts';

const R = TT27_2020;
const all = <T>(keys: object, v: T) => Object.fromEntries(Object.keys(keys).map((k) => [k, v])) as Record<string, T>;
const SUBJECTS_4 = ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'DAO_DUC', 'KHOA_HOC', 'LS_DL', 'TIN_HOC_CN', 'GDTC', 'NGHE_THUAT', 'HDTN'];

/** §2.6: grade 4, all subjects HTT, all qualities/competences Tốt, tests TV 10, Toán 9, NN1 9, LS&ĐL 9, Khoa học 10, Tin học & CN 9. */
const grade4 = (): Tt27YearInput => ({
  grade: 4,
  subjects: Object.fromEntries(SUBJECTS_4.map((s) => [s, 'HTT' as const])),
  qualities: all(R.qualities, 'T' as Tt27QcLevel),
  competences: all(R.competences, 'T' as Tt27QcLevel),
  tests: { TIENG_VIET: '10', TOAN: '9', NGOAI_NGU_1: '9', LS_DL: '9', KHOA_HOC: '10', TIN_HOC_CN: '9' },
});

describe('TT 27 overall result and awards — regulations §2.6 worked example', () => {
  it('all HTT, all Tốt, every test ≥ 9 → HTXS → "Học sinh Xuất sắc"', () => {
    expect(tt27Year(grade4(), R)).toEqual({
      status: 'final',
      rulesetId: 'tt27-2020@2020-2021',
      overall: 'HTXS',
      award: 'XS',
      afterSupport: null,
      completed: true,
      completedPrimary: false,
      outcome: 'LL',
    });
  });
  it('same but Toán 8 → HTT', () => {
    const x = grade4();
    x.tests = { ...x.tests, TOAN: '8' };
    expect(tt27Year(x, R)).toMatchObject({ overall: 'HTT', award: null, completed: true });
  });
  it('same but Toán HT with test 6, competence Tính toán Đạt → HT (completes grade 4)', () => {
    const x = grade4();
    x.subjects = { ...x.subjects, TOAN: 'HT' };
    x.tests = { ...x.tests, TOAN: '6' };
    x.competences = { ...x.competences, TINH_TOAN: 'D' };
    expect(tt27Year(x, R)).toMatchObject({ overall: 'HT', award: null, completed: true, outcome: 'LL' });
  });
});

describe('TT 27 Art. 9.2 boundaries (§2.4)', () => {
  type Patch = { [K in 'subjects' | 'qualities' | 'competences' | 'tests']?: Record<string, string> };
  const with_ = (p: Patch) => {
    const x = grade4();
    return tt27Overall(
      {
        subjects: { ...x.subjects, ...p.subjects } as Tt27YearInput['subjects'],
        qualities: { ...x.qualities, ...p.qualities } as Tt27YearInput['qualities'],
        competences: { ...x.competences, ...p.competences } as Tt27YearInput['competences'],
        tests: { ...x.tests, ...p.tests },
      },
      R,
    );
  };
  it.each([
    ['a test of 7 → HTT', { tests: { TOAN: '7' } }, 'HTT'],
    ['a test of 6 → HT', { tests: { TOAN: '6' } }, 'HT'],
    ['a test of 5 → HT', { tests: { TOAN: '5' } }, 'HT'],
    ['a test of 4 → CHT', { tests: { TOAN: '4' } }, 'CHT'],
    ['one quality Đạt (tests ≥ 9) → HT', { qualities: { CHAM_CHI: 'D' } }, 'HT'],
    ['one competence Cần cố gắng → CHT', { competences: { THE_CHAT: 'C' } }, 'CHT'],
    ['one subject HT → HT', { subjects: { GDTC: 'HT' } }, 'HT'],
    ['one subject CHT → CHT', { subjects: { NGHE_THUAT: 'CHT' } }, 'CHT'],
  ] as const)('%s', (_, p, level) => expect(with_(p)).toBe(level));

  it('awards: Tiêu biểu only for HTT recognised by the class', () => {
    expect(tt27Award('HTT', { outstandingSubject: true })).toBe('TB');
    expect(tt27Award('HTT', { clearProgress: true })).toBe('TB');
    expect(tt27Award('HTT', {})).toBeNull();
    expect(tt27Award('HT', { outstandingSubject: true })).toBeNull();
    expect(tt27Award('HTXS', {})).toBe('XS');
  });
});

describe('tests per grade (§2.3) and completion (§2.5)', () => {
  it('grades 1–2: TV, Toán; grade 3 adds NN1, Tin học & CN; grades 4–5 all six plus mid-term TV, Toán', () => {
    expect(tt27Tests(1, R)).toEqual({ endOfTerm: ['TIENG_VIET', 'TOAN'], midTerm: [] });
    expect(tt27Tests(3, R).endOfTerm).toEqual(['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'TIN_HOC_CN']);
    expect(tt27Tests(5, R)).toEqual({
      endOfTerm: ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'LS_DL', 'KHOA_HOC', 'TIN_HOC_CN'],
      midTerm: ['TIENG_VIET', 'TOAN'],
    });
    expect(() => tt27Tests(6, R)).toThrow('gradebook.ruleset.badGrade');
  });
  it('grade 5 completing → Hoàn thành chương trình tiểu học', () => {
    expect(tt27Year({ ...grade4(), grade: 5 }, R)).toMatchObject({ completed: true, completedPrimary: true });
  });
  it('CHT → support plan and re-assessment; completes after it, or the principal decides', () => {
    const x = grade4();
    x.tests = { ...x.tests, TOAN: '3' };
    x.subjects = { ...x.subjects, TOAN: 'CHT' };
    expect(tt27Year(x, R)).toMatchObject({ overall: 'CHT', completed: false, outcome: 'KTL', afterSupport: null });
    expect(tt27Year({ ...x, afterSupport: { subjects: { TOAN: 'HT' }, tests: { TOAN: '5' } } }, R)).toMatchObject({
      overall: 'CHT',
      afterSupport: 'HT',
      completed: true,
      outcome: 'LL',
    });
    const still = { ...x, afterSupport: { tests: { TOAN: '4' } } };
    expect(tt27Year(still, R)).toMatchObject({ afterSupport: 'CHT', completed: false, outcome: 'QD' });
    expect(tt27Year({ ...still, principalDecision: 'OLL' }, R)).toMatchObject({ outcome: 'OLL' });
    expect(tt27Year({ ...still, principalDecision: 'LL' }, R)).toMatchObject({ outcome: 'LL', completed: false });
  });
});

describe('incomplete or bad input', () => {
  it('pending while a test is missing or missed, or a quality/competence is not assessed', () => {
    const x = grade4();
    const { KHOA_HOC: _k, ...tests } = x.tests;
    const { TRUNG_THUC: _t, ...qualities } = x.qualities;
    expect(tt27Year({ ...x, tests: { ...tests, TOAN: MISSED }, qualities }, R)).toEqual({
      status: 'pending',
      reasons: [
        { code: 'gradebook.tt27.qualitiesMissing', params: { items: ['TRUNG_THUC'] } },
        { code: 'gradebook.tt27.testsMissing', params: { subjects: ['KHOA_HOC'] } },
        { code: 'gradebook.average.makeUpPending', params: { cells: ['TOAN'] } },
      ],
    });
  });
  it('refuses decimal or out-of-range test scores, tests a grade does not have, unknown items and levels', () => {
    const x = grade4();
    expect(() => tt27Year({ ...x, tests: { ...x.tests, TOAN: '8.5' } }, R)).toThrow('gradebook.score.notAnInteger');
    expect(() => tt27Year({ ...x, tests: { ...x.tests, TOAN: '0' } }, R)).toThrow('gradebook.score.outOfRange');
    expect(() => tt27Year({ ...x, tests: { ...x.tests, DAO_DUC: '9' } }, R)).toThrow('gradebook.tt27.noTest');
    expect(() => tt27Year({ ...x, qualities: { ...x.qualities, DUNG_CAM: 'T' } }, R)).toThrow('gradebook.tt27.unknownItem');
    expect(() => tt27Year({ ...x, subjects: { ...x.subjects, TOAN: 'Giỏi' as 'HTT' } }, R)).toThrow('gradebook.level.invalid');
    expect(() => tt27Year({ ...x, afterSupport: { tests: { TOAN: '10' } } }, R)).toThrow('gradebook.summer.notRequired');
  });
});

describe('properties', () => {
  const S = ['CHT', 'HT', 'HTT'] as const;
  const Q = ['C', 'D', 'T'] as const;
  const O = ['CHT', 'HT', 'HTT', 'HTXS'];
  it('the overall result never rises when a test score, a subject level or a quality/competence level falls', () => {
    const base = grade4();
    const qcKeys = [...Object.keys(R.qualities), ...Object.keys(R.competences)];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: SUBJECTS_4.length, maxLength: SUBJECTS_4.length }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: qcKeys.length, maxLength: qcKeys.length }),
        fc.nat(6 + SUBJECTS_4.length + qcKeys.length - 1),
        (tests, subj, qc, k) => {
          const build = (t: number[], s: number[], q: number[]) => {
            const qcs = Object.fromEntries(qcKeys.map((key, i) => [key, Q[q[i]!]!]));
            return tt27Overall(
              {
                subjects: Object.fromEntries(SUBJECTS_4.map((c, i) => [c, S[s[i]!]!])),
                qualities: Object.fromEntries(Object.keys(R.qualities).map((key) => [key, qcs[key]!])),
                competences: Object.fromEntries(Object.keys(R.competences).map((key) => [key, qcs[key]!])),
                tests: Object.fromEntries(Object.keys(base.tests).map((c, i) => [c, String(t[i]!)])),
              },
              R,
            );
          };
          const before = build(tests, subj, qc);
          const [t, s, q] = [[...tests], [...subj], [...qc]];
          if (k < 6) t[k] = Math.max(1, t[k]! - 1);
          else if (k < 6 + SUBJECTS_4.length) s[k - 6] = Math.max(0, s[k - 6]! - 1);
          else q[k - 6 - SUBJECTS_4.length] = Math.max(0, q[k - 6 - SUBJECTS_4.length]! - 1);
          expect(O.indexOf(build(t, s, q))).toBeLessThanOrEqual(O.indexOf(before));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
