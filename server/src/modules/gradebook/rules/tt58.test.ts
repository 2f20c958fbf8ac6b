import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TT58_26 } from './rulesets.ts';
import { Dec } from './tenths.ts';
import { classifyHocLuc, tt58OverallAverage, tt58Year, type Tt58YearInput } from './tt58.ts';
import { TT58_HOC_LUC, type Tt58HocLuc } from './types.ts';

const R = TT58_26;
/** regulations §3.4: 11 scored subjects. */
const BASE = {
  TOAN: '8.6',
  NGU_VAN: '8.4',
  NGOAI_NGU_1: '8.9',
  VAT_LI: '8.5',
  HOA_HOC: '8.7',
  SINH_HOC: '8.2',
  LICH_SU: '8.0',
  DIA_LI: '8.3',
  GDCD: '8.8',
  TIN_HOC: '8.4',
  CONG_NGHE: '4.5',
};
const COMMENTS = { THE_DUC: 'D', AM_NHAC: 'D' } as const;

describe('legacy học lực, TT 58 Art. 13 / TT 26 — regulations §3.4 worked example', () => {
  it('Công nghệ 4.5 → ĐTB 8.1 (Giỏi by average), actual TB → adjusted Khá', () => {
    expect(classifyHocLuc(BASE, COMMENTS, R)).toEqual({
      level: 'K',
      actual: 'TB',
      average: '8.1',
      adjustment: { subject: 'CONG_NGHE', reached: 'G' },
    });
  });
  it('Công nghệ 3.0 → ĐTB 8.0, actual Yếu → adjusted TB', () => {
    expect(classifyHocLuc({ ...BASE, CONG_NGHE: '3.0' }, COMMENTS, R)).toEqual({
      level: 'TB',
      actual: 'Y',
      average: '8.0',
      adjustment: { subject: 'CONG_NGHE', reached: 'G' },
    });
  });
  it('Công nghệ 6.0 → ĐTB 8.3 → Khá (a one-level drop, no adjustment)', () => {
    expect(classifyHocLuc({ ...BASE, CONG_NGHE: '6.0' }, COMMENTS, R)).toEqual({
      level: 'K',
      actual: 'K',
      average: '8.3',
      adjustment: null,
    });
  });
});

describe('legacy học lực thresholds and adjustments (§3.2)', () => {
  it('Giỏi needs one of Toán, Ngữ văn, Ngoại ngữ ≥ 8.0 (TT 26 added Ngoại ngữ)', () => {
    const s = { ...BASE, CONG_NGHE: '8.0' };
    expect(classifyHocLuc(s, COMMENTS, R).level).toBe('G');
    expect(classifyHocLuc({ ...s, TOAN: '7.9', NGU_VAN: '7.9' }, COMMENTS, R).level).toBe('G'); // Ngoại ngữ 8.9
    expect(
      classifyHocLuc({ ...s, TOAN: '7.9', NGU_VAN: '7.9', NGOAI_NGU_1: '7.9', VAT_LI: '9.9', HOA_HOC: '9.9' }, COMMENTS, R).level,
    ).toBe('K');
    expect(classifyHocLuc(s, COMMENTS, { ...R, coreSubjects: ['TOAN', 'NGU_VAN'] }).level).toBe('G');
  });
  it('môn chuyên of a specialised class must reach the level too', () => {
    const s = { ...BASE, CONG_NGHE: '8.0', SINH_HOC: '7.0' };
    expect(classifyHocLuc(s, COMMENTS, R).level).toBe('G');
    expect(classifyHocLuc(s, COMMENTS, R, 'SINH_HOC').level).toBe('K');
    expect(() => classifyHocLuc(s, COMMENTS, R, 'ANH_CHUYEN')).toThrow('gradebook.tt58.specialisedMissing');
  });
  it('a comment subject CĐ keeps an otherwise Giỏi student at Yếu → adjusted TB', () => {
    expect(classifyHocLuc({ ...BASE, CONG_NGHE: '8.0' }, { ...COMMENTS, AM_NHAC: 'CD' }, R)).toMatchObject({
      level: 'TB',
      actual: 'Y',
      adjustment: { subject: 'AM_NHAC' },
    });
  });
  it('Khá by average, one subject < 2.0 → Kém → adjusted Yếu; two weak subjects → no adjustment', () => {
    const kha = {
      TOAN: '7.0',
      NGU_VAN: '7.0',
      NGOAI_NGU_1: '7.0',
      VAT_LI: '7.5',
      HOA_HOC: '7.5',
      SINH_HOC: '7.5',
      LICH_SU: '7.5',
      DIA_LI: '7.5',
      GDCD: '8.0',
      TIN_HOC: '8.0',
    };
    expect(classifyHocLuc({ ...kha, CONG_NGHE: '1.5' }, {}, R)).toMatchObject({ average: '6.9', level: 'Y', actual: 'KEM' });
    expect(classifyHocLuc({ ...kha, CONG_NGHE: '3.0' }, {}, R)).toMatchObject({ average: '7.0', level: 'TB', actual: 'Y' });
    expect(classifyHocLuc({ ...kha, TIN_HOC: '3.0', CONG_NGHE: '3.0' }, {}, R)).toMatchObject({
      level: 'Y',
      actual: 'Y',
      adjustment: null,
    });
  });
  it('ĐTBcn is the mean of the ĐTBmcn, rounded once — not (ĐTBhkI + 2 × ĐTBhkII) / 3', () => {
    expect(tt58OverallAverage(['8.0', '6.5', '7.2'])).toBe('7.2'); // 21.7/3 = 7.2333
    expect(tt58OverallAverage(['7.0', '7.1'])).toBe('7.1'); // 7.05 → 7.1
    expect(() => tt58OverallAverage([])).toThrow('gradebook.tt58.noScoredSubject');
  });
});

const year = (scored: Record<string, string>, over: Partial<Tt58YearInput> = {}): Tt58YearInput => ({
  scored: Object.fromEntries(Object.entries(scored).map(([c, v]) => [c, { hk1: v, hk2: v }])),
  comment: Object.fromEntries(Object.entries(COMMENTS).map(([c, v]) => [c, { hk1: v, hk2: v }])),
  conduct: { hk1: 'T', hk2: 'T' },
  absenceSessions: 0,
  ...over,
});

describe('legacy year: conduct, titles, promotion, re-exam (§3.3)', () => {
  const GIOI = { ...BASE, CONG_NGHE: '8.0' };
  it('conduct Tốt + Giỏi → Học sinh Giỏi; conduct Khá + Giỏi → Tiên tiến; Khá + Khá → Tiên tiến', () => {
    expect(tt58Year(year(GIOI), R)).toMatchObject({ title: 'G', outcome: 'LL', hocLuc: { year: { level: 'G', average: '8.4' } } }); // 92.8/11 = 8.436
    expect(tt58Year(year(GIOI, { conduct: { hk1: 'T', hk2: 'K' } }), R)).toMatchObject({ title: 'TT', hanhKiem: { year: 'K' } });
    expect(tt58Year(year(BASE), R)).toMatchObject({ title: 'TT', hocLuc: { year: { level: 'K', actual: 'TB' } } });
    expect(tt58Year(year(BASE, { conduct: { hk1: 'T', hk2: 'TB' } }), R).title).toBeNull();
  });
  it('the homeroom teacher’s year conduct wins over the HKII default [U]', () => {
    expect(tt58Year(year(GIOI, { conduct: { hk1: 'K', hk2: 'K', year: 'T' } }), R)).toMatchObject({ hanhKiem: { year: 'T' }, title: 'G' });
  });
  it('year subject average (HKI + 2 × HKII) / 3 and ĐTBcn as the mean of those', () => {
    const input = year(GIOI);
    input.scored = { ...input.scored, TOAN: { hk1: '7.9', hk2: '8.4' } };
    const r = tt58Year(input, R);
    expect(r.subjects.scored.TOAN).toEqual({ hk1: '7.9', hk2: '8.4', year: '8.2' });
    expect(r.subjects.comment.AM_NHAC).toEqual({ hk1: 'D', hk2: 'D', year: 'D' });
  });
  it('> 45 sessions, Kém, or both Yếu → repeats', () => {
    expect(tt58Year(year(GIOI, { absenceSessions: 46 }), R)).toMatchObject({ outcome: 'OLL', reason: 'gradebook.outcome.absences' });
    const kem = { TOAN: '3.0', NGU_VAN: '3.0', NGOAI_NGU_1: '3.0', VAT_LI: '3.0', HOA_HOC: '3.0' };
    expect(tt58Year(year(kem), R)).toMatchObject({ outcome: 'OLL', hocLuc: { year: { level: 'KEM' } } });
    const yeu = { ...BASE, CONG_NGHE: '3.0', TIN_HOC: '3.0' };
    expect(tt58Year(year(yeu), R).hocLuc.year.level).toBe('Y');
    expect(tt58Year(year(yeu, { conduct: { hk1: 'Y', hk2: 'Y' } }), R)).toMatchObject({
      outcome: 'OLL',
      reason: 'gradebook.outcome.learning',
    });
  });
  it('Yếu with conduct ≥ TB → re-exam of chosen subjects < 5.0; ≥ TB after it → promoted', () => {
    const yeu = { ...BASE, CONG_NGHE: '3.0', TIN_HOC: '3.0' };
    expect(tt58Year(year(yeu), R)).toMatchObject({
      outcome: 'KTL',
      reexam: { candidates: { scored: ['TIN_HOC', 'CONG_NGHE'], comment: [] } },
    });
    const after = tt58Year(year(yeu, { reexam: { scored: { CONG_NGHE: '5.0', TIN_HOC: '6.0' } } }), R);
    expect(after).toMatchObject({
      outcome: 'LL',
      hocLuc: { year: { level: 'Y' } },
      reexam: { results: { CONG_NGHE: '5.0', TIN_HOC: '6.0' }, hocLuc: { level: 'K' } },
      final: { hocLuc: 'K' },
    });
    // choosing only one subject: Tin học 3.0 still below 3.5 → Yếu → adjusted TB (reached Giỏi) → promoted
    expect(tt58Year(year(yeu, { reexam: { scored: { CONG_NGHE: '5.0' } } }), R)).toMatchObject({ outcome: 'LL', final: { hocLuc: 'TB' } });
    expect(() => tt58Year(year(yeu, { reexam: { scored: { TOAN: '9.0' } } }), R)).toThrow('gradebook.reassessment.notRequired');
  });
  it('conduct Yếu → summer training [U]; ≥ TB after it → promoted, else repeats', () => {
    expect(tt58Year(year(GIOI, { conduct: { hk1: 'Y', hk2: 'Y' } }), R)).toMatchObject({
      outcome: 'RLH',
      summerTraining: { result: null },
    });
    expect(tt58Year(year(GIOI, { conduct: { hk1: 'Y', hk2: 'Y' }, summerConduct: 'TB' }), R)).toMatchObject({
      outcome: 'LL',
      final: { hanhKiem: 'TB' },
    });
    expect(tt58Year(year(GIOI, { conduct: { hk1: 'Y', hk2: 'Y' }, summerConduct: 'Y' }), R)).toMatchObject({
      outcome: 'OLL',
      reason: 'gradebook.outcome.conduct',
    });
    expect(() => tt58Year(year(GIOI, { summerConduct: 'T' }), R)).toThrow('gradebook.summer.notRequired');
  });
});

describe('properties', () => {
  const tenth = fc.integer({ min: 0, max: 100 });
  const codes = Object.keys(BASE);
  const rank = (l: Tt58HocLuc) => TT58_HOC_LUC.indexOf(l);
  const f = (t: number) => new Dec(t).dividedBy(10).toFixed(1);
  const rec = (xs: number[]) => Object.fromEntries(codes.map((c, k) => [c, f(xs[k]!)]));

  it("the regulation's own exception: Art. 13.5 has no Giỏi → Kém row, so a lower average can lift Kém to Yếu", () => {
    // ĐTBcn 8.0 reaches Giỏi, one subject at 0.3 makes it Kém, and no row adjusts Giỏi → Kém: Kém.
    const before = classifyHocLuc(rec([86, 95, 80, 99, 3, 100, 80, 88, 74, 72, 98]), COMMENTS, R);
    expect(before).toMatchObject({ level: 'KEM', actual: 'KEM', average: '8.0', adjustment: null });
    // 8.6 → 8.5 in the first subject: ĐTBcn 7.9 reaches Khá, and Khá → Kém is adjusted to Yếu.
    const after = classifyHocLuc(rec([85, 95, 80, 99, 3, 100, 80, 88, 74, 72, 98]), COMMENTS, R);
    expect(after).toMatchObject({ level: 'Y', actual: 'KEM', average: '7.9', adjustment: { reached: 'K' } });
  });

  it('học lực never rises when a subject average falls, but for that exception', () => {
    const near = fc.oneof(tenth, fc.constantFrom(19, 20, 34, 35, 49, 50, 64, 65, 79, 80, 85));
    fc.assert(
      fc.property(fc.array(near, { minLength: codes.length, maxLength: codes.length }), fc.nat(codes.length - 1), tenth, (vs, i, drop) => {
        const lower = [...vs];
        lower[i] = Math.max(0, vs[i]! - drop);
        const was = classifyHocLuc(rec(vs), COMMENTS, R);
        const now = classifyHocLuc(rec(lower), COMMENTS, R);
        if (rank(now.level) > rank(was.level)) {
          expect([was.level, was.adjustment, now.level, now.adjustment?.reached]).toEqual(['KEM', null, 'Y', 'K']);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
