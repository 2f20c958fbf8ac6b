import { describe, expect, it } from 'vitest';
import type { ClassContext, ClassSubject, RosterEntry } from '../../registry/public.ts';
import { TT27_2020 } from '../rules/rulesets.ts';
import type { ClassResultsInput } from './class-results.ts';
import { type Tt27ClassData, type Tt27QcRow, tt27StudentYear } from './tt27-results.ts';

/** TT 27 year of one student from in-memory class data (no database): what is missing, and the result. */
const GRADE4 = ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'DAO_DUC', 'KHOA_HOC', 'LS_DL', 'TIN_HOC_CN', 'GDTC', 'NGHE_THUAT', 'HDTN'];
const TESTED = ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'LS_DL', 'KHOA_HOC', 'TIN_HOC_CN'];
const S = 'student-1';

function input(levels: Record<string, string | null>): ClassResultsInput {
  const hk2 = new Map(GRADE4.map((c) => [c, new Map([[S, levels[c] === undefined ? 'HTT' : levels[c]!]])]));
  return {
    ctx: { id: 'class-1', gradeNo: 4 } as unknown as ClassContext,
    subjects: GRADE4.map((code) => ({ code, name: code, assessment: 'TT27' }) as unknown as ClassSubject),
    roster: [{ id: S, fullName: 'Nguyễn Văn An' } as unknown as RosterEntry],
    terms: new Map([[2, hk2]]),
    records: new Map(),
    unlocked: new Map(),
    ruleset: TT27_2020.id,
  };
}

function data(tests: Record<string, string>, qc: Partial<Pick<Tt27QcRow, 'qualities' | 'competences'>> | null): Tt27ClassData {
  const all = (items: Record<string, string>) => Object.fromEntries(Object.keys(items).map((k) => [k, 'T' as const]));
  const row: Tt27QcRow | null = qc
    ? {
        studentId: S,
        termNo: 2,
        point: 'ck',
        qualities: qc.qualities ?? all(TT27_2020.qualities),
        competences: qc.competences ?? all(TT27_2020.competences),
        version: 1,
      }
    : null;
  return {
    ruleset: TT27_2020,
    qc: new Map(row ? [[S, [row]]] : []),
    tests: new Map([[S, Object.fromEntries(Object.entries(tests).map(([c, v]) => [c, { 'HK2:test': v }]))]]),
  };
}

const nines = Object.fromEntries(TESTED.map((c) => [c, '9']));

describe('tt27StudentYear', () => {
  it('regulations §2.6: all HTT, all Tốt, tests ≥ 9 → HTXS, Học sinh Xuất sắc, completes grade 4', () => {
    const y = tt27StudentYear(input({}), data({ ...nines, TIENG_VIET: '10' }, {}), S, null);
    expect(y.missing).toEqual([]);
    expect(y.result).toMatchObject({ overall: 'HTXS', award: 'XS', completed: true, completedPrimary: false, outcome: 'LL' });
  });

  it('names every missing part: a subject level, an end-of-year test, a missed test, the qualities and competences', () => {
    const { TOAN: _, ...withoutToan } = nines;
    const y = tt27StudentYear(input({ DAO_DUC: null }), data({ ...withoutToan, KHOA_HOC: 'M' }, null), S, null);
    expect(y.result).toBeNull();
    expect(y.missing).toContain('HK2:DAO_DUC');
    expect(y.missing).toContain('HK2:test:TOAN');
    expect(y.missing).toContain('HK2:test:KHOA_HOC:missed');
    expect(y.missing).toContain('HK2:qualities:YEU_NUOC');
    expect(y.missing).toContain('HK2:competences:THE_CHAT');
    expect(y.missing.filter((m) => m.startsWith('HK2:qualities:'))).toHaveLength(5);
    expect(y.missing.filter((m) => m.startsWith('HK2:competences:'))).toHaveLength(10);
  });

  it('one competence missing is enough to wait', () => {
    const { TINH_TOAN: _, ...nine } = Object.fromEntries(Object.keys(TT27_2020.competences).map((k) => [k, 'T' as const]));
    const y = tt27StudentYear(input({}), data(nines, { competences: nine }), S, null);
    expect(y.missing).toEqual(['HK2:competences:TINH_TOAN']);
  });

  it('grade 5 completion is the completion of primary education; a CHT student waits for the support plan', () => {
    const five = { ...input({}), ctx: { id: 'class-5', gradeNo: 5 } as unknown as ClassContext };
    expect(tt27StudentYear(five, data(nines, {}), S, null).result).toMatchObject({ overall: 'HTXS', completedPrimary: true });
    const cht = tt27StudentYear(input({ TOAN: 'CHT' }), data(nines, {}), S, null);
    expect(cht.result).toMatchObject({ overall: 'CHT', completed: false, outcome: 'KTL', award: null });
  });
});
