import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TT22_2021 } from './rulesets.ts';
import { Dec } from './tenths.ts';
import {
  commentSubjectSemester,
  commentSubjectYear,
  regularScoresRequired,
  scoreSubjectSemester,
  semesterAverage,
  yearAverage,
} from './tt22-averages.ts';
import { classifyLearning, yearConduct } from './tt22-classification.ts';
import { GradebookRuleError, MISSED, type Tt22Level } from './types.ts';

const R = TT22_2021;

// ---------------------------------------------------------------- Appendix A, in decimal.js (oracle)
const D = (v: string | number) => new Dec(String(v));
const r1 = (x: Decimal) => x.toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
const oracleMhk = (tx: string[], gk: string, ck: string) =>
  r1(
    tx
      .reduce((s, v) => s.plus(D(v)), D(0))
      .plus(D(gk).times(2))
      .plus(D(ck).times(3))
      .dividedBy(tx.length + 5),
  );
const oracleMcn = (h1: string, h2: string) => r1(D(h1).plus(D(h2).times(2)).dividedBy(3));

describe('ĐTBmhk / ĐTBmcn, TT 22 Art. 9 — regulations §1.12 worked examples', () => {
  it('Ex. 1 — Toán grade 10 (105 periods → 4 ĐĐGtx): TX 8, 7, 9, 8.5; GK 7.5; CK 8 → 71.5/9 → 7.9', () => {
    expect(regularScoresRequired(105, R)).toBe(4);
    expect(semesterAverage(['8.0', '7.0', '9.0', '8.5'], '7.5', '8.0')).toBe('7.9');
  });
  it('Ex. 2 — year: 7.9, 8.4 → 24.7/3 = 8.2333 → 8.2', () => {
    expect(yearAverage('7.9', '8.4')).toBe('8.2');
  });
  it('Ex. 3 — the half-up trap (Lịch sử 52 periods → 3): TX 7, 6.5, 8; GK 6.8; CK 7.1 → 56.4/8 = 7.05 → 7.1', () => {
    expect(regularScoresRequired(52, R)).toBe(3);
    expect(semesterAverage(['7', '6.5', '8'], '6.8', '7.1')).toBe('7.1');
    // the binary-float computation the rule forbids gives 7.0
    expect(((7 + 6.5 + 8 + 2 * 6.8 + 3 * 7.1) / 8).toFixed(1)).toBe('7.0');
  });
  it('Ex. 4 — GDQP-AN 35 periods → 2: TX 7, 8; GK 6; CK 7 → 48/7 = 6.857 → 6.9', () => {
    expect(regularScoresRequired(35, R)).toBe(2);
    expect(semesterAverage(['7', '8'], '6', '7')).toBe('6.9');
  });
  it('§1.6 rounding: 7.04 → 7.0, 6.45 → 6.5 (only the final average is rounded)', () => {
    const exact = (tx: string[], gk: string, ck: string) =>
      tx
        .reduce((s, v) => s.plus(D(v)), D(0))
        .plus(D(gk).times(2))
        .plus(D(ck).times(3))
        .dividedBy(tx.length + 5)
        .toString();
    // (6 + 6 + 6 + 2×6.3 + 3×7) / 8 = 51.6 / 8 = 6.45 exactly → half up 6.5
    expect(exact(['6', '6', '6'], '6.3', '7')).toBe('6.45');
    expect(semesterAverage(['6', '6', '6'], '6.3', '7')).toBe('6.5');
    // (7 + 7 + 7 + 7 + 7.1 + 2×7 + 3×7.1) / 10 = 70.4 / 10 = 7.04 exactly → 7.0
    expect(exact(['7', '7', '7', '7', '7.1'], '7', '7.1')).toBe('7.04');
    expect(semesterAverage(['7', '7', '7', '7', '7.1'], '7', '7.1')).toBe('7.0');
    // The year takes the recorded, rounded semesters: 6.5 and 6.4 → 19.3/3 = 6.4333 → 6.4.
    expect(yearAverage('6.5', '6.4')).toBe('6.4');
  });
  it('uses the registry rule for the number of regular scores, plus one for a study-topic cluster [U]', () => {
    expect([35, 36, 70, 71, 140].map((p) => regularScoresRequired(p, R))).toEqual([2, 3, 3, 4, 4]);
    expect(regularScoresRequired(70, R, true)).toBe(4);
    expect(() => regularScoresRequired(0, R)).toThrow(GradebookRuleError);
  });
  it('refuses two-decimal or out-of-scale inputs instead of rounding them', () => {
    expect(() => semesterAverage(['7.25', '8'], '6', '7')).toThrow('gradebook.score.tooManyDecimals');
    expect(() => semesterAverage(['11', '8'], '6', '7')).toThrow('gradebook.score.outOfRange');
    expect(() => semesterAverage([], '6', '7')).toThrow('gradebook.average.regularMissing');
  });
});

describe('a grade-book row: completeness, missed and make-up (§1.3, §1.4)', () => {
  const opts = { requiredRegular: 3, makeUpClosed: false };
  it('final when exactly the required ĐĐGtx, GK and CK are present', () => {
    expect(scoreSubjectSemester({ regular: ['7.0', '6.5', '8.0'], midterm: '6.8', endterm: '7.1' }, opts, R)).toEqual({
      status: 'final',
      value: '7.1',
      madeZero: [],
    });
  });
  it('pending with every reason', () => {
    const r = scoreSubjectSemester({ regular: ['7.0', null], midterm: null, endterm: MISSED }, opts, R);
    expect(r).toEqual({
      status: 'pending',
      reasons: [
        { code: 'gradebook.average.regularMissing', params: { required: 3, present: 1 } },
        { code: 'gradebook.average.midtermMissing' },
        { code: 'gradebook.average.makeUpPending', params: { cells: ['CK'] } },
      ],
    });
    expect(scoreSubjectSemester({ regular: ['7.0', '7.0', '7.0', '7.0'], midterm: '7.0', endterm: '7.0' }, opts, R)).toMatchObject({
      status: 'pending',
      reasons: [{ code: 'gradebook.average.tooManyRegular' }],
    });
  });
  it('a missed CK is not 0 while the make-up window is open, and is 0 once it closes [U]', () => {
    const cells = { regular: ['8.0', '8.0', '8.0'], midterm: '8.0', endterm: MISSED } as const;
    expect(scoreSubjectSemester(cells, opts, R).status).toBe('pending');
    expect(scoreSubjectSemester(cells, { ...opts, makeUpClosed: true }, R)).toEqual({ status: 'final', value: '5.0', madeZero: ['CK'] });
    // 0 typed as a score is a real 0 at once
    expect(scoreSubjectSemester({ ...cells, endterm: '0.0' }, opts, R)).toEqual({ status: 'final', value: '5.0', madeZero: [] });
  });
  it('comment subjects: Đạt iff every assessment present and Đạt; year = HKII (§1.5)', () => {
    const all = { regular: ['D', 'D'], midterm: 'D', endterm: 'D' } as const;
    expect(commentSubjectSemester(all, { makeUpClosed: false }, R)).toEqual({ status: 'final', value: 'D', madeZero: [] });
    expect(commentSubjectSemester({ ...all, midterm: 'CD' }, { makeUpClosed: false }, R)).toMatchObject({ status: 'final', value: 'CD' });
    expect(commentSubjectSemester({ ...all, regular: ['D'] }, { makeUpClosed: false }, R)).toMatchObject({ status: 'pending' });
    expect(commentSubjectSemester({ ...all, endterm: MISSED }, { makeUpClosed: false }, R)).toMatchObject({ status: 'pending' });
    expect(commentSubjectSemester({ ...all, endterm: MISSED }, { makeUpClosed: true }, R)).toEqual({
      status: 'final',
      value: 'CD',
      madeZero: ['CK'],
    });
    expect(commentSubjectYear('CD', 'D', R)).toBe('D');
    expect(commentSubjectYear('D', 'CD', R)).toBe('CD');
  });
});

// ---------------------------------------------------------------- classification
const COMMENTS = { GDTC: 'D', NGHE_THUAT: 'D', HDTN_HN: 'D', GDDP: 'D' } as const;
const BASE = { TOAN: '8.5', NGU_VAN: '8.2', NGOAI_NGU_1: '9.0', GDCD: '8.0', LS_DL: '8.1', KHTN: '8.4', CONG_NGHE: '7.0', TIN_HOC: '6.8' };

/** Appendix A classify_final, decimal.js, as printed in regulations.md. */
function oracleLevel(scored: Record<string, string>, comment: Record<string, string>): Tt22Level {
  const L: Tt22Level[] = ['CD', 'D', 'K', 'T'];
  const classify = (ignore: string | null): Tt22Level => {
    const s = Object.entries(scored).map(([k, v]) => [k, D(v)] as const);
    const C = Object.entries(comment)
      .filter(([k]) => k !== ignore)
      .map(([, v]) => v);
    const S = s.filter(([k]) => k !== ignore).map(([, v]) => v);
    const n = (t: string) => s.filter(([, v]) => v.gte(t)).length;
    if (C.every((c) => c === 'D') && S.every((v) => v.gte('6.5')) && n('8.0') >= 6) return 'T';
    if (C.every((c) => c === 'D') && S.every((v) => v.gte('5.0')) && n('6.5') >= 6) return 'K';
    if (C.filter((c) => c === 'CD').length <= 1 && n('5.0') >= 6 && S.every((v) => v.gte('3.5'))) return 'D';
    return 'CD';
  };
  const a = classify(null);
  for (const subj of [...Object.keys(scored), ...Object.keys(comment)]) {
    const p = classify(subj);
    if ((p === 'T' || p === 'K') && L.indexOf(p) - L.indexOf(a) >= 2) return L[L.indexOf(a) + 1]!;
  }
  return a;
}

describe('learning level, TT 22 Art. 9 — regulations §1.12 Ex. 5 (THCS grade 7, four comment subjects Đạt)', () => {
  it('base: all ≥ 6.5, six ≥ 8.0 → Tốt', () => {
    expect(classifyLearning(BASE, COMMENTS, R)).toEqual({ level: 'T', actual: 'T', adjustment: null });
  });
  it('Tin học 4.8 → actual Đạt, ignoring Tin học Tốt → Khá (raised one level)', () => {
    expect(classifyLearning({ ...BASE, TIN_HOC: '4.8' }, COMMENTS, R)).toEqual({
      level: 'K',
      actual: 'D',
      adjustment: { rule: 'tt22-adjust-actual-plus-one', subject: 'TIN_HOC', potential: 'T' },
    });
  });
  it('Tin học 3.2 → actual Chưa đạt, potential Tốt → Đạt', () => {
    expect(classifyLearning({ ...BASE, TIN_HOC: '3.2' }, COMMENTS, R)).toMatchObject({
      level: 'D',
      actual: 'CD',
      adjustment: { subject: 'TIN_HOC' },
    });
  });
  it('GDTC Chưa đạt → actual Đạt, potential Tốt → Khá', () => {
    expect(classifyLearning(BASE, { ...COMMENTS, GDTC: 'CD' }, R)).toMatchObject({
      level: 'K',
      actual: 'D',
      adjustment: { subject: 'GDTC', potential: 'T' },
    });
  });
  it('Toán 3.2 and NN1 3.0 → Chưa đạt (two subjects: no adjustment)', () => {
    expect(classifyLearning({ ...BASE, TOAN: '3.2', NGOAI_NGU_1: '3.0' }, COMMENTS, R)).toEqual({
      level: 'CD',
      actual: 'CD',
      adjustment: null,
    });
  });
  it('…after re-assessment Toán 5.5, NN1 4.0 → Đạt', () => {
    expect(classifyLearning({ ...BASE, TOAN: '5.5', NGOAI_NGU_1: '4.0' }, COMMENTS, R)).toEqual({
      level: 'D',
      actual: 'D',
      adjustment: null,
    });
  });
  it('Toán 9.2, Văn 9.0, NN 9.5, GDCD 9.1, LS&ĐL 9.0, KHTN 9.3, CN 8.0, Tin 7.5 → Tốt', () => {
    const s = { TOAN: '9.2', NGU_VAN: '9.0', NGOAI_NGU_1: '9.5', GDCD: '9.1', LS_DL: '9.0', KHTN: '9.3', CONG_NGHE: '8.0', TIN_HOC: '7.5' };
    expect(classifyLearning(s, COMMENTS, R).level).toBe('T');
  });
  it('Toán 7.0, Văn 6.5, NN 6.6, GDCD 7.5, LS&ĐL 6.9, KHTN 6.5, CN 5.5, Tin 5.0 → Khá', () => {
    const s = { TOAN: '7.0', NGU_VAN: '6.5', NGOAI_NGU_1: '6.6', GDCD: '7.5', LS_DL: '6.9', KHTN: '6.5', CONG_NGHE: '5.5', TIN_HOC: '5.0' };
    expect(classifyLearning(s, COMMENTS, R)).toEqual({ level: 'K', actual: 'K', adjustment: null });
  });
  it('boundaries: exactly 6.5 / 8.0 / 5.0 / 3.5 count; the count of six uses the real values', () => {
    expect(classifyLearning({ ...BASE, TIN_HOC: '6.5' }, COMMENTS, R).level).toBe('T');
    expect(classifyLearning({ ...BASE, TIN_HOC: '6.4' }, COMMENTS, R)).toMatchObject({ level: 'K', actual: 'K' });
    // only five ≥ 8.0 → Khá, and ignoring a subject cannot add to a count
    expect(classifyLearning({ ...BASE, GDCD: '7.9' }, COMMENTS, R)).toMatchObject({ level: 'K', adjustment: null });
    expect(classifyLearning({ ...BASE, TIN_HOC: '3.5' }, COMMENTS, R)).toMatchObject({ level: 'K', actual: 'D' });
  });
  it('two comment subjects Chưa đạt → Chưa đạt (ignoring one still leaves one: Đạt, one level only)', () => {
    expect(classifyLearning(BASE, { ...COMMENTS, GDTC: 'CD', GDDP: 'CD' }, R)).toEqual({ level: 'CD', actual: 'CD', adjustment: null });
  });
  it('refuses a subject given twice and a bad comment value', () => {
    expect(() => classifyLearning({ ...BASE, GDTC: '7.0' }, COMMENTS, R)).toThrow('gradebook.subject.twice');
    expect(() => classifyLearning(BASE, { GDTC: 'Đ' as 'D' }, R)).toThrow('gradebook.comment.invalid');
  });
});

describe('year rèn luyện, TT 22 Art. 8.2 — regulations §1.12 Ex. 6 and the whole §1.8 table', () => {
  it.each([
    ['K', 'T', 'T'],
    ['T', 'D', 'K'],
    ['CD', 'K', 'D'],
    ['T', 'CD', 'CD'],
  ] as const)('HKI %s, HKII %s → %s', (h1, h2, y) => expect(yearConduct(h1, h2, R)).toBe(y));
  // rows HKII, columns HKI (T, K, D, CD) exactly as printed in §1.8
  const table: Record<Tt22Level, Tt22Level[]> = {
    T: ['T', 'T', 'K', 'K'],
    K: ['K', 'K', 'K', 'D'],
    D: ['K', 'D', 'D', 'D'],
    CD: ['CD', 'CD', 'CD', 'CD'],
  };
  it.each(Object.entries(table))('HKII %s row', (h2, row) => {
    expect((['T', 'K', 'D', 'CD'] as const).map((h1) => yearConduct(h1, h2 as Tt22Level, R))).toEqual(row);
  });
});

// ---------------------------------------------------------------- properties
const tenth = fc.integer({ min: 0, max: 100 });
const score = tenth.map((t) => new Dec(t).dividedBy(10).toFixed(1));

describe('properties (fast-check)', () => {
  it('ĐTBmhk and ĐTBmcn equal the Appendix A decimal.js reference and stay within 0–10', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 2, maxLength: 5 }), score, score, score, (tx, gk, ck, other) => {
        const mhk = semesterAverage(tx, gk, ck);
        expect(mhk).toBe(oracleMhk(tx, gk, ck).toFixed(1));
        expect(D(mhk).gte(0) && D(mhk).lte(10)).toBe(true);
        const mcn = yearAverage(mhk, other);
        expect(mcn).toBe(oracleMcn(mhk, other).toFixed(1));
        expect(D(mcn).gte(0) && D(mcn).lte(10)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('a higher end-of-term (or any) score never lowers the average', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 2, maxLength: 4 }), score, tenth, tenth, (tx, gk, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const f = (t: number) => new Dec(t).dividedBy(10).toFixed(1);
        expect(D(semesterAverage(tx, gk, f(hi))).gte(semesterAverage(tx, gk, f(lo)))).toBe(true);
        expect(D(semesterAverage([f(hi), ...tx.slice(1)], gk, f(lo))).gte(semesterAverage([f(lo), ...tx.slice(1)], gk, f(lo)))).toBe(true);
        expect(D(yearAverage(gk, f(hi))).gte(yearAverage(gk, f(lo)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  const SCORED = ['TOAN', 'NGU_VAN', 'NGOAI_NGU_1', 'GDCD', 'LS_DL', 'KHTN', 'CONG_NGHE', 'TIN_HOC'];
  // averages clustered around the thresholds so every branch is reached
  const avg = fc.oneof(score, fc.constantFrom('3.4', '3.5', '4.9', '5.0', '6.4', '6.5', '7.9', '8.0', '9.0'));
  const student = fc.record({
    scored: fc.tuple(...SCORED.map(() => avg)),
    comment: fc.tuple(...Object.keys(COMMENTS).map(() => fc.constantFrom('D', 'D', 'D', 'CD'))),
  });
  const rec = (codes: string[], vs: readonly string[]) => Object.fromEntries(codes.map((c, i) => [c, vs[i]!]));
  const levelOf = (s: readonly string[], c: readonly string[]) =>
    classifyLearning(rec(SCORED, s), rec(Object.keys(COMMENTS), c) as Record<string, 'D' | 'CD'>, R).level;
  const rank = (l: Tt22Level) => ['CD', 'D', 'K', 'T'].indexOf(l);

  it('the level equals the Appendix A classify_final reference', () => {
    fc.assert(
      fc.property(student, ({ scored, comment }) => {
        expect(levelOf(scored, comment)).toBe(oracleLevel(rec(SCORED, scored), rec(Object.keys(COMMENTS), comment)));
      }),
      { numRuns: 3000 },
    );
  });
  it('the level never rises when a subject average falls (or a comment subject turns Chưa đạt)', () => {
    fc.assert(
      fc.property(student, fc.nat(SCORED.length - 1), tenth, fc.nat(3), ({ scored, comment }, i, drop, j) => {
        const before = levelOf(scored, comment);
        const lower = [...scored];
        const t = Math.max(0, Math.round(D(scored[i]!).times(10).toNumber()) - drop);
        lower[i] = new Dec(t).dividedBy(10).toFixed(1);
        expect(rank(levelOf(lower, comment))).toBeLessThanOrEqual(rank(before));
        const failed = [...comment];
        failed[j] = 'CD';
        expect(rank(levelOf(scored, failed))).toBeLessThanOrEqual(rank(before));
      }),
      { numRuns: 3000 },
    );
  });
});
