import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradesOf, PeriodsError, regularScoresFor, requiredRegularScores, subjectCatalogue2018, subjectsForGrade } from './periods.ts';

describe('regular scores per semester, TT 22/2021 Art. 6 (regulations §1.4)', () => {
  it.each([
    [1, 2],
    [35, 2], // "môn học có 35 tiết/năm học" → 2
    [35.5, 3],
    [36, 3], // > 35
    [52, 3], // Công nghệ 8–9, Lịch sử THPT
    [70, 3], // ≤ 70
    [71, 4], // > 70
    [105, 4],
    [140, 4],
  ])('%d periods/year → %d', (p, n) => expect(requiredRegularScores(p)).toBe(n));

  it.each([0, -35, Number.NaN, Number.POSITIVE_INFINITY])('%d is refused', (p) => {
    expect(() => requiredRegularScores(p)).toThrow(PeriodsError);
  });

  it('is monotone in the periods', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (a, b) => {
        if (a <= b) expect(requiredRegularScores(a)).toBeLessThanOrEqual(requiredRegularScores(b));
      }),
    );
  });
});

describe('2018 catalogue defaults (regulations §1.4 table)', () => {
  const tx = (level: 'thcs' | 'thpt', grade: number) =>
    Object.fromEntries(subjectsForGrade(level, grade).map((s) => [s.code, regularScoresFor(s, s.periodsPerYear)]));

  it('THCS grade 6: Toán, Ngữ văn, KHTN 140→4; NN1, LS&ĐL 105→4; GDCD, Tin 35→2; Công nghệ 35→2; comment subjects none', () => {
    expect(tx('thcs', 6)).toEqual({
      TOAN: 4,
      NGU_VAN: 4,
      KHTN: 4,
      NGOAI_NGU_1: 4,
      LS_DL: 4,
      GDCD: 2,
      TIN_HOC: 2,
      CONG_NGHE: 2,
      GDTC: null,
      NGHE_THUAT: null,
      HDTN_HN: null,
      GDDP: null,
    });
  });

  it('THCS grade 8: Công nghệ 52 → 3', () => {
    expect(subjectsForGrade('thcs', 8).find((s) => s.code === 'CONG_NGHE')?.periodsPerYear).toBe(52);
    expect(tx('thcs', 8).CONG_NGHE).toBe(3);
  });

  it('THPT: Toán, Văn, NN1 105→4; Lịch sử 52→3; electives 70→3; GDQP-AN 35→2', () => {
    const t = tx('thpt', 11);
    expect([t.TOAN, t.NGU_VAN, t.NGOAI_NGU_1, t.LICH_SU, t.GDQP_AN]).toEqual([4, 4, 4, 3, 2]);
    for (const c of ['VAT_LI', 'HOA_HOC', 'SINH_HOC', 'DIA_LI', 'GDKT_PL', 'TIN_HOC', 'CONG_NGHE']) expect(t[c]).toBe(3);
  });

  it('every subject has periods only for grades of its level, all positive', () => {
    for (const [level, subjects] of Object.entries(subjectCatalogue2018)) {
      for (const s of subjects) {
        for (const [grade, p] of Object.entries(s.periods)) {
          expect(gradesOf[level as keyof typeof gradesOf]).toContain(Number(grade));
          expect(p).toBeGreaterThan(0);
        }
      }
    }
  });

  it('primary is assessed under TT 27: no regular-score count', () => {
    for (const s of subjectsForGrade('tieu_hoc', 3)) expect(regularScoresFor(s, s.periodsPerYear)).toBeNull();
  });
});
