import { describe, expect, it } from 'vitest';
import { levelOfGrade, pickYear, type SchoolYear } from './api.ts';

const year = (id: string, startYear: number, status: SchoolYear['status']): SchoolYear => ({
  id,
  schoolId: null,
  provinceWide: false,
  startYear,
  name: `${startYear}–${startYear + 1}`,
  startsOn: `${startYear}-09-05`,
  endsOn: `${startYear + 1}-05-31`,
  status,
  version: 1,
  terms: [],
  abilities: { update: true },
});

describe('structure screens helpers', () => {
  const years = [year('c', 2027, 'planned'), year('b', 2026, 'current'), year('a', 2025, 'closed')];

  it('opens the year of the address, else the current one, else the latest', () => {
    expect(pickYear(years, 'a')?.id).toBe('a');
    expect(pickYear(years, null)?.id).toBe('b');
    expect(pickYear(years, 'gone')?.id).toBe('b');
    expect(pickYear([years[0]!, years[2]!], null)?.id).toBe('c');
    expect(pickYear([], null)).toBeUndefined();
  });

  it('knows the curriculum level of a grade', () => {
    expect([1, 5, 6, 9, 10, 12].map(levelOfGrade)).toEqual(['tieu_hoc', 'tieu_hoc', 'thcs', 'thcs', 'thpt', 'thpt']);
  });
});
