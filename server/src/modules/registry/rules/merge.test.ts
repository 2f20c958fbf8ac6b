import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clashingYears, differingFields, mergedValues, mergeFields, mergeProblem, orderedPair } from './merge.ts';

const survivor = { fullName: 'Nguyễn Văn An', dateOfBirth: '2014-03-15', cccd: null, moetCode: 'HS001', phone: '', policyGroups: [] };
const merged = {
  fullName: 'Nguyen Van An',
  dateOfBirth: '2014-03-15',
  cccd: '027214000001',
  moetCode: 'HS002',
  phone: '0912345678',
  policyGroups: ['DTTS'],
};

describe('merging two records of one student', () => {
  it("keeps the survivor's values unless told otherwise, and fills what it lacks from the merged record", () => {
    expect(mergedValues(survivor, merged, {})).toEqual({ cccd: '027214000001', phone: '0912345678', policyGroups: ['DTTS'] });
  });

  it("takes the merged record's value where the human chose it, and keeps an empty survivor value when told to", () => {
    expect(mergedValues(survivor, merged, { moetCode: 'merged', cccd: 'survivor', fullName: 'survivor' })).toEqual({
      moetCode: 'HS002',
      phone: '0912345678',
      policyGroups: ['DTTS'],
    });
  });

  it('lists the fields on which both records hold different values', () => {
    expect(differingFields(survivor, merged)).toEqual(['fullName', 'moetCode']);
  });

  it('property: every field of the result is one of the two records’ values', () => {
    const value = fc.option(fc.constantFrom('a', 'b', ''), { nil: null });
    const person = fc.record(Object.fromEntries(mergeFields.map((f) => [f, value])) as Record<string, typeof value>);
    const choice = fc.record(Object.fromEntries(mergeFields.map((f) => [f, fc.constantFrom('survivor', 'merged', undefined)])));
    fc.assert(
      fc.property(person, person, choice, (s, m, c) => {
        const out = mergedValues(s, m, c as never);
        for (const [k, v] of Object.entries(out)) {
          expect(v).toEqual(m[k] ?? null);
          expect(v).not.toEqual(s[k] ?? null);
        }
      }),
    );
  });
});

describe('merge refusals', () => {
  it('two open enrolments in one school year clash; an ended one does not', () => {
    const a = [
      { id: '1', startYear: 2026, status: 'enrolled' },
      { id: '2', startYear: 2025, status: 'graduated' },
    ];
    expect(clashingYears(a, [{ id: '3', startYear: 2026, status: 'transferred_in' }])).toEqual([2026]);
    expect(clashingYears(a, [{ id: '3', startYear: 2026, status: 'dropped_out' }])).toEqual([]);
    expect(clashingYears(a, [{ id: '3', startYear: 2024, status: 'enrolled' }])).toEqual([]);
  });

  it('refuses a record with itself, an already merged record, another province', () => {
    const s = { id: 'a', provinceId: 'p', status: 'enrolled' };
    expect(mergeProblem(s, s)).toBe('registry.merge.sameRecord');
    expect(mergeProblem(s, { id: 'b', provinceId: 'p', status: 'merged' })).toBe('registry.merge.alreadyMerged');
    expect(mergeProblem(s, { id: 'b', provinceId: 'q', status: 'none' })).toBe('registry.merge.otherProvince');
    expect(mergeProblem(s, { id: 'b', provinceId: 'p', status: 'none' })).toBeUndefined();
  });

  it('a dismissed pair is stored in one order', () => {
    expect(orderedPair('b', 'a')).toEqual(['a', 'b']);
    expect(orderedPair('a', 'b')).toEqual(['a', 'b']);
  });
});
