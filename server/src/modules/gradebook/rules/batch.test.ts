import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeYearResults, type Tt22SheetYear, type YearInput } from './batch.ts';
import { TT22_2021, TT27_2020, TT58_26 } from './rulesets.ts';
import { scoreSubjectSemester } from './tt22-averages.ts';
import { computeTt22Year } from './tt22-year.ts';
import type { Tt27YearInput } from './tt27.ts';
import { MISSED, type Tt22Level } from './types.ts';

const term = (tx: string[], gk: string, ck: string) => ({ regular: tx, midterm: gk, endterm: ck });
const cterm = { regular: ['D', 'D'], midterm: 'D', endterm: 'D' } as const;

/** Six scored subjects plus Toán from §1.12 Ex. 1 (HKI) and a HKII giving 8.4 → ĐTBmcn 8.2. */
function sheet(over: Partial<Tt22SheetYear> = {}): Tt22SheetYear {
  const row = (v: string) => ({ requiredRegular: 2, hk1: term([v, v], v, v), hk2: term([v, v], v, v) });
  return {
    scored: {
      TOAN: { requiredRegular: 4, hk1: term(['8', '7', '9', '8.5'], '7.5', '8'), hk2: term(['8.4', '8.4', '8.4', '8.4'], '8.4', '8.4') },
      NGU_VAN: row('8.2'),
      NGOAI_NGU_1: row('9.0'),
      GDCD: row('8.0'),
      LS_DL: row('8.1'),
      KHTN: row('8.4'),
      CONG_NGHE: row('7.0'),
      TIN_HOC: row('6.8'),
    },
    comment: { GDTC: { hk1: cterm, hk2: cterm }, GDDP: { hk1: cterm, hk2: cterm } },
    conduct: { hk1: 'T', hk2: 'T' },
    absenceSessions: 2,
    makeUpClosed: false,
    ...over,
  };
}

const tt27: Tt27YearInput = {
  grade: 1,
  subjects: { TIENG_VIET: 'HTT', TOAN: 'HTT' },
  qualities: Object.fromEntries(Object.keys(TT27_2020.qualities).map((k) => [k, 'T' as const])),
  competences: Object.fromEntries(Object.keys(TT27_2020.competences).map((k) => [k, 'T' as const])),
  tests: { TIENG_VIET: '9', TOAN: '10' },
};

describe('computeYearResults — one call for many students of any circular', () => {
  it('computes TT 22 from grade-book cells, TT 27 and TT 58 records, in input order', () => {
    const out = computeYearResults([
      { studentId: 'a', rulesetId: TT22_2021.id, tt22: sheet() },
      { studentId: 'b', rulesetId: TT27_2020.id, tt27 },
      {
        studentId: 'c',
        rulesetId: TT58_26.id,
        tt58: { scored: { TOAN: { hk1: '8.0', hk2: '8.0' } }, comment: {}, conduct: { hk1: 'T', hk2: 'T' }, absenceSessions: 0 },
      },
    ]);
    expect(out.map((o) => [o.studentId, o.status])).toEqual([
      ['a', 'final'],
      ['b', 'final'],
      ['c', 'final'],
    ]);
    const a = out[0]!;
    if (a.status !== 'final' || a.circular !== 'tt22') throw new Error('tt22 expected');
    expect(a.result.subjects.scored.TOAN).toEqual({ hk1: '7.9', hk2: '8.4', year: '8.2' }); // §1.12 Ex. 1 and 2
    expect(a.result).toMatchObject({ learning: { year: { level: 'T' } }, titles: ['G'], outcome: 'LL', rulesetId: 'tt22-2021@2021-2022' });
    expect(out[1]).toMatchObject({ circular: 'tt27', result: { overall: 'HTXS', award: 'XS' } });
    expect(out[2]).toMatchObject({ circular: 'tt58', result: { hocLuc: { year: { average: '8.0' } } } });
  });

  it('reports incomplete rows as pending with subject and term, and isolates a bad student as an error', () => {
    const s = sheet();
    const scored = s.scored as Record<string, Tt22SheetYear['scored'][string]>;
    scored.GDCD = { ...scored.GDCD!, hk2: term(['8.0'], '8.0', MISSED) };
    const out = computeYearResults([
      { studentId: 'p', rulesetId: TT22_2021.id, tt22: s },
      { studentId: 'x', rulesetId: TT22_2021.id, tt22: sheet({ conduct: { hk1: 'T', hk2: 'Giỏi' as Tt22Level } }) },
      {
        studentId: 'y',
        rulesetId: TT22_2021.id,
        tt22: sheet({ scored: { TOAN: { requiredRegular: 2, hk1: term(['7.25', '8'], '8', '8'), hk2: term(['8', '8'], '8', '8') } } }),
      },
      { studentId: 'z', rulesetId: TT27_2020.id, tt22: sheet() } as unknown as YearInput,
      { studentId: 'ok', rulesetId: TT22_2021.id, tt22: sheet() },
    ]);
    expect(out[0]).toEqual({
      studentId: 'p',
      status: 'pending',
      reasons: [
        { code: 'gradebook.average.regularMissing', params: { required: 2, present: 1 }, subject: 'GDCD', term: 'hk2' },
        { code: 'gradebook.average.makeUpPending', params: { cells: ['CK'] }, subject: 'GDCD', term: 'hk2' },
      ],
    });
    expect(out[1]).toMatchObject({ studentId: 'x', status: 'error', error: { code: 'gradebook.level.invalid' } });
    expect(out[2]).toMatchObject({ studentId: 'y', status: 'error', error: { code: 'gradebook.score.tooManyDecimals' } });
    expect(out[3]).toMatchObject({ studentId: 'z', status: 'error', error: { code: 'gradebook.ruleset.mismatch' } });
    expect(out[4]).toMatchObject({ studentId: 'ok', status: 'final' });
  });

  it('once the make-up window closes a missed CK counts as 0', () => {
    const s = sheet({ makeUpClosed: true });
    const scored = s.scored as Record<string, Tt22SheetYear['scored'][string]>;
    scored.GDCD = { ...scored.GDCD!, hk2: term(['8.0', '8.0'], '8.0', MISSED) }; // (16 + 16 + 0)/7 = 4.57 → 4.6
    const [o] = computeYearResults([{ studentId: 'm', rulesetId: TT22_2021.id, tt22: s }]);
    expect(o).toMatchObject({ status: 'final', result: { subjects: { scored: { GDCD: { hk2: '4.6', year: '5.7' } } } } });
  });

  it('gives the same result as computeTt22Year on the semester averages (property)', () => {
    const score = fc.integer({ min: 0, max: 100 }).map((t) => `${Math.floor(t / 10)}.${t % 10}`);
    const row = fc.record({ hk1: fc.tuple(score, score, score, score, score), hk2: fc.tuple(score, score, score, score, score) });
    const level = fc.constantFrom<Tt22Level>('T', 'K', 'D', 'CD');
    fc.assert(
      fc.property(fc.array(row, { minLength: 8, maxLength: 8 }), level, level, fc.nat(50), (rows, h1, h2, abs) => {
        const codes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
        const cells = (r: readonly string[]) => term([r[0]!, r[1]!, r[2]!], r[3]!, r[4]!);
        const s: Tt22SheetYear = {
          scored: Object.fromEntries(codes.map((c, i) => [c, { requiredRegular: 3, hk1: cells(rows[i]!.hk1), hk2: cells(rows[i]!.hk2) }])),
          comment: { GDTC: { hk1: cterm, hk2: cterm } },
          conduct: { hk1: h1, hk2: h2 },
          absenceSessions: abs,
          makeUpClosed: false,
        };
        const [o] = computeYearResults([{ studentId: 's', rulesetId: TT22_2021.id, tt22: s }]);
        const avg = (r: readonly string[]) => {
          const x = scoreSubjectSemester(cells(r), { requiredRegular: 3, makeUpClosed: false }, TT22_2021);
          if (x.status !== 'final') throw new Error('final expected');
          return x.value;
        };
        const direct = computeTt22Year(
          {
            scored: Object.fromEntries(codes.map((c, i) => [c, { hk1: avg(rows[i]!.hk1), hk2: avg(rows[i]!.hk2) }])),
            comment: { GDTC: { hk1: 'D', hk2: 'D' } },
            conduct: { hk1: h1, hk2: h2 },
            absenceSessions: abs,
          },
          TT22_2021,
        );
        expect(o).toEqual({ studentId: 's', status: 'final', circular: 'tt22', result: direct });
      }),
      { numRuns: 300 },
    );
  });
});
