import { describe, expect, it } from 'vitest';
import { TT22_2021 } from './rulesets.ts';
import { computeTt22Year, type Tt22YearInput } from './tt22-year.ts';

const R = TT22_2021;
const COMMENTS = { GDTC: 'D', NGHE_THUAT: 'D', HDTN_HN: 'D', GDDP: 'D' } as const;
const BASE = { TOAN: '8.5', NGU_VAN: '8.2', NGOAI_NGU_1: '9.0', GDCD: '8.0', LS_DL: '8.1', KHTN: '8.4', CONG_NGHE: '7.0', TIN_HOC: '6.8' };

/** A year whose HKI = HKII = the given averages, so ĐTBmcn = the same values (§1.12 Ex. 5 gives year averages). */
function year(
  scored: Record<string, string>,
  over: Partial<Tt22YearInput> = {},
  comment: Record<string, 'D' | 'CD'> = COMMENTS,
): Tt22YearInput {
  return {
    scored: Object.fromEntries(Object.entries(scored).map(([c, v]) => [c, { hk1: v, hk2: v }])),
    comment: Object.fromEntries(Object.entries(comment).map(([c, v]) => [c, { hk1: v, hk2: v }])),
    conduct: { hk1: 'T', hk2: 'T' },
    absenceSessions: 0,
    ...over,
  };
}

describe('titles, TT 22 Art. 15 (§1.10) — §1.12 Ex. 5', () => {
  it('base Tốt, only one subject ≥ 9.0, rèn luyện Tốt → Học sinh Giỏi (not Xuất sắc)', () => {
    const r = computeTt22Year(year(BASE), R);
    expect(r.learning.year.level).toBe('T');
    expect(r.titles).toEqual(['G']);
    expect(r.outcome).toBe('LL');
  });
  it('six subjects ≥ 9.0 and rèn luyện Tốt → Học sinh Xuất sắc (only)', () => {
    const s = { TOAN: '9.2', NGU_VAN: '9.0', NGOAI_NGU_1: '9.5', GDCD: '9.1', LS_DL: '9.0', KHTN: '9.3', CONG_NGHE: '8.0', TIN_HOC: '7.5' };
    expect(computeTt22Year(year(s), R).titles).toEqual(['XS']);
    expect(computeTt22Year(year(s), { ...R, titleExclusive: false }).titles).toEqual(['XS', 'G']);
  });
  it('no title with rèn luyện Khá, or with learning Khá', () => {
    expect(computeTt22Year(year(BASE, { conduct: { hk1: 'T', hk2: 'K' } }), R).titles).toEqual([]);
    expect(computeTt22Year(year({ ...BASE, TIN_HOC: '4.8' }), R)).toMatchObject({
      titles: [],
      learning: { year: { level: 'K', actual: 'D' } },
    });
  });
});

describe('year averages and semester levels', () => {
  it('computes ĐTBmcn per subject and classifies HKI, HKII and the year separately', () => {
    const input = year(BASE);
    input.scored = { ...input.scored, TOAN: { hk1: '7.9', hk2: '8.4' }, TIN_HOC: { hk1: '4.0', hk2: '6.8' } };
    const r = computeTt22Year(input, R);
    expect(r.subjects.scored.TOAN).toEqual({ hk1: '7.9', hk2: '8.4', year: '8.2' }); // §1.12 Ex. 2
    expect(r.subjects.scored.TIN_HOC).toEqual({ hk1: '4.0', hk2: '6.8', year: '5.9' });
    // HKI: Tin học 4.0 → actual Đạt; ignoring it gives only Khá (Toán 7.9: five ≥ 8.0), one level: no adjustment
    expect(r.learning.hk1).toEqual({ level: 'D', actual: 'D', adjustment: null });
    expect(r.learning.hk2.level).toBe('T');
    expect(r.learning.year.level).toBe('K'); // 5.9 < 6.5
    expect(r.subjects.comment.GDTC).toEqual({ hk1: 'D', hk2: 'D', year: 'D' });
  });
  it('a comment subject Chưa đạt in HKI but Đạt in HKII is Đạt for the year', () => {
    const input = year(BASE);
    input.comment = { ...input.comment, GDTC: { hk1: 'CD', hk2: 'D' } };
    const r = computeTt22Year(input, R);
    expect(r.subjects.comment.GDTC!.year).toBe('D');
    expect(r.learning.hk1.level).toBe('K');
    expect(r.learning.year.level).toBe('T');
  });
});

describe('promotion, summer training and re-assessment, TT 22 Art. 12–14 (§1.9) — §1.12 Ex. 5/6', () => {
  it('promoted with rèn luyện ≥ Đạt, học tập ≥ Đạt, absences ≤ 45', () => {
    expect(computeTt22Year(year(BASE, { absenceSessions: 45 }), R)).toMatchObject({
      outcome: 'LL',
      reason: null,
      summerTraining: null,
      reassessment: null,
    });
  });
  it('46 absence sessions → repeats, whatever the results', () => {
    expect(computeTt22Year(year(BASE, { absenceSessions: 46 }), R)).toMatchObject({
      outcome: 'OLL',
      reason: 'gradebook.outcome.absences',
      titles: ['G'],
    });
  });
  it('Toán 3.2 and NN1 3.0 → Chưa đạt → re-assess Toán, NN1; after Toán 5.5, NN1 4.0 → Đạt → promoted, both results kept', () => {
    const failing = { ...BASE, TOAN: '3.2', NGOAI_NGU_1: '3.0' };
    const before = computeTt22Year(year(failing), R);
    expect(before).toMatchObject({
      outcome: 'KTL',
      learning: { year: { level: 'CD' } },
      reassessment: { subjects: { scored: ['TOAN', 'NGOAI_NGU_1'], comment: [] }, results: null, learning: null },
    });
    const after = computeTt22Year(year(failing, { reassessment: { scored: { TOAN: '5.5', NGOAI_NGU_1: '4.0' } } }), R);
    expect(after).toMatchObject({
      outcome: 'LL',
      learning: { year: { level: 'CD' } }, // the original stays
      subjects: { scored: { TOAN: { year: '3.2' } } },
      reassessment: { results: { scored: { TOAN: '5.5', NGOAI_NGU_1: '4.0' }, comment: {} }, learning: { level: 'D' } },
      final: { conduct: 'T', learning: 'D' },
    });
  });
  it('the adjustment applies to the re-assessed level too: Toán 3.4 alone keeps it from Khá → Đạt → promoted', () => {
    const failing = { ...BASE, TOAN: '3.2', NGOAI_NGU_1: '3.0' };
    expect(computeTt22Year(year(failing, { reassessment: { scored: { TOAN: '3.4', NGOAI_NGU_1: '6.0' } } }), R)).toMatchObject({
      outcome: 'LL',
      reassessment: { learning: { level: 'D', actual: 'CD', adjustment: { subject: 'TOAN', potential: 'K' } } },
    });
  });
  it('re-assessment still Chưa đạt → repeats', () => {
    const failing = { ...BASE, TOAN: '3.2', NGOAI_NGU_1: '3.0' };
    expect(computeTt22Year(year(failing, { reassessment: { scored: { TOAN: '2.0', NGOAI_NGU_1: '4.5' } } }), R)).toMatchObject({
      outcome: 'OLL',
      reason: 'gradebook.outcome.learning',
      final: { learning: 'CD' },
    });
  });
  it('re-assesses comment subjects Chưa đạt too; a partial re-assessment is still pending', () => {
    const input = year({ ...BASE, TOAN: '3.2' }, {}, { ...COMMENTS, GDTC: 'CD' });
    expect(computeTt22Year(input, R).reassessment!.subjects).toEqual({ scored: ['TOAN'], comment: ['GDTC'] });
    expect(computeTt22Year({ ...input, reassessment: { scored: { TOAN: '6.0' } } }, R).outcome).toBe('KTL');
    expect(computeTt22Year({ ...input, reassessment: { scored: { TOAN: '6.0' }, comment: { GDTC: 'D' } } }, R)).toMatchObject({
      outcome: 'LL',
      final: { learning: 'K' },
    });
    expect(() => computeTt22Year({ ...input, reassessment: { scored: { TOAN: '6.0', KHTN: '9.0' } } }, R)).toThrow(
      'gradebook.reassessment.notRequired',
    );
  });
  it('HKI Tốt, HKII Chưa đạt → rèn luyện Chưa đạt → summer training; re-evaluated Đạt → promoted, Chưa đạt → repeats', () => {
    const base = year(BASE, { conduct: { hk1: 'T', hk2: 'CD' } });
    expect(computeTt22Year(base, R)).toMatchObject({
      outcome: 'RLH',
      conduct: { year: 'CD' },
      summerTraining: { result: null },
      titles: [],
    });
    expect(computeTt22Year({ ...base, summerConduct: 'D' }, R)).toMatchObject({
      outcome: 'LL',
      final: { conduct: 'D' },
      conduct: { year: 'CD' },
    });
    expect(computeTt22Year({ ...base, summerConduct: 'CD' }, R)).toMatchObject({ outcome: 'OLL', reason: 'gradebook.outcome.conduct' });
  });
  it('both Chưa đạt: summer training first, then re-assessment', () => {
    const base = year({ ...BASE, TOAN: '3.2', NGOAI_NGU_1: '3.0' }, { conduct: { hk1: 'CD', hk2: 'CD' } });
    expect(computeTt22Year(base, R)).toMatchObject({ outcome: 'RLH', reassessment: null });
    expect(() => computeTt22Year({ ...base, reassessment: { scored: { TOAN: '5.5' } } }, R)).toThrow('gradebook.summer.trainingFirst');
    expect(computeTt22Year({ ...base, summerConduct: 'D' }, R)).toMatchObject({
      outcome: 'KTL',
      reassessment: { subjects: { scored: ['TOAN', 'NGOAI_NGU_1'] } },
    });
    expect(
      computeTt22Year({ ...base, summerConduct: 'D', reassessment: { scored: { TOAN: '5.5', NGOAI_NGU_1: '4.0' } } }, R),
    ).toMatchObject({
      outcome: 'LL',
      final: { conduct: 'D', learning: 'D' },
    });
  });
  it('refuses summer steps that do not apply, bad levels and bad absences', () => {
    expect(() => computeTt22Year(year(BASE, { summerConduct: 'T' }), R)).toThrow('gradebook.summer.notRequired');
    expect(() => computeTt22Year(year(BASE, { reassessment: { scored: {} } }), R)).toThrow('gradebook.summer.notRequired');
    expect(() => computeTt22Year(year(BASE, { absenceSessions: 50, summerConduct: 'D' }), R)).toThrow('gradebook.summer.notAllowed');
    expect(() => computeTt22Year(year(BASE, { conduct: { hk1: 'X' as 'T', hk2: 'T' } }), R)).toThrow('gradebook.level.invalid');
    expect(() => computeTt22Year(year(BASE, { absenceSessions: -1 }), R)).toThrow('gradebook.absences.invalid');
    expect(() => computeTt22Year(year({ ...BASE, TOAN: '7.25' }), R)).toThrow('gradebook.score.tooManyDecimals');
  });
  it('the absence limit is a ruleset parameter', () => {
    expect(computeTt22Year(year(BASE, { absenceSessions: 45 }), { ...R, maxAbsenceSessions: 40 }).outcome).toBe('OLL');
  });
});
