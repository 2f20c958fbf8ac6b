import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { promoteClass, promotedClassName, promotedCombinedGrades } from './promote.ts';

describe('promotedClassName', () => {
  it('replaces the leading grade number and keeps the rest', () => {
    expect(promotedClassName('6A1', 6)).toBe('7A1');
    expect(promotedClassName('9A10', 9)).toBe('10A10');
    expect(promotedClassName('10 Toán', 10)).toBe('11 Toán');
    expect(promotedClassName('  1B ', 1)).toBe('2B');
  });

  it('keeps a name that does not start with the grade', () => {
    expect(promotedClassName('Lớp Hoa Mai', 3)).toBe('Lớp Hoa Mai');
    expect(promotedClassName('7A1', 6)).toBe('7A1');
    expect(promotedClassName('12A', 1)).toBe('12A');
  });

  it('property: a grade-led name always moves up by exactly one and keeps its suffix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.stringMatching(/^[A-Z][0-9]{0,2}$/), (g, suffix) => {
        expect(promotedClassName(`${g}${suffix}`, g)).toBe(`${g + 1}${suffix}`);
      }),
    );
  });
});

describe('promoteClass', () => {
  const thcs = [6, 7, 8, 9];
  it('moves a class one grade up', () => {
    expect(promoteClass({ gradeNo: 6, name: '6A1', subjectCombination: null, combinedGrades: null }, thcs)).toEqual({
      gradeNo: 7,
      name: '7A1',
      fromName: '6A1',
      subjectCombination: null,
      combinedGrades: null,
    });
  });

  it('does not carry the last grade of the level', () => {
    expect(promoteClass({ gradeNo: 9, name: '9A1', subjectCombination: null, combinedGrades: null }, thcs)).toBeNull();
    expect(promoteClass({ gradeNo: 12, name: '12A1', subjectCombination: 'KHTN1', combinedGrades: null }, [10, 11, 12])).toBeNull();
  });

  it('keeps a THPT subject combination only from grade 10 on', () => {
    expect(
      promoteClass({ gradeNo: 10, name: '10A1', subjectCombination: 'KHTN1', combinedGrades: null }, [10, 11, 12])?.subjectCombination,
    ).toBe('KHTN1');
    expect(
      promoteClass({ gradeNo: 8, name: '8A1', subjectCombination: 'X', combinedGrades: null }, [6, 7, 8, 9])?.subjectCombination,
    ).toBeNull();
  });

  it('shifts combined grades and drops those past the last grade', () => {
    expect(promotedCombinedGrades([2, 3], 5)).toEqual([3, 4]);
    expect(promotedCombinedGrades([5], 5)).toBeNull();
    expect(promotedCombinedGrades(null, 5)).toBeNull();
  });
});
