import { describe, expect, it } from 'vitest';
import { currentStartYear, schoolYearName } from './school-year.ts';

describe('currentStartYear', () => {
  it('takes the school year in progress in Vietnam: from August the new one', () => {
    expect(currentStartYear(new Date('2026-07-31T12:00:00+07:00'))).toBe(2025);
    expect(currentStartYear(new Date('2026-08-01T00:30:00+07:00'))).toBe(2026);
    expect(currentStartYear(new Date('2027-01-15T09:00:00+07:00'))).toBe(2026);
  });

  it('counts the first of August by the Vietnamese clock, not the browser zone (31/07 17:30 UTC is 01/08 in Hà Nội)', () => {
    expect(currentStartYear(new Date('2026-07-31T17:30:00Z'))).toBe(2026);
    expect(currentStartYear(new Date('2026-07-31T16:59:00Z'))).toBe(2025);
  });

  it('names a school year as documents write it', () => {
    expect(schoolYearName(2026)).toBe('2026–2027');
  });
});
