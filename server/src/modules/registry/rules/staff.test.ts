import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  qualificationStandard,
  staffCodeLists,
  staffCodeProblem,
  staffDatesProblem,
  staffPositionCodes,
  staffQualificationCodes,
  titleGroupForLevel,
} from './staff.ts';

describe('qualification standard (Education Law 2019 Art. 72)', () => {
  it('a bachelor meets the standard for primary and secondary teachers, a college degree is below it', () => {
    expect(qualificationStandard('dai_hoc', 'teacher', 'tieu_hoc')).toBe('meets');
    expect(qualificationStandard('cao_dang', 'teacher', 'thcs')).toBe('below');
    expect(qualificationStandard('thac_si', 'teacher', 'thpt')).toBe('above');
  });

  it('a college degree meets it in pre-school, a bachelor is above; leaders need a bachelor everywhere', () => {
    expect(qualificationStandard('cao_dang', 'teacher', 'mam_non')).toBe('meets');
    expect(qualificationStandard('dai_hoc', 'teacher', 'mam_non')).toBe('above');
    expect(qualificationStandard('cao_dang', 'principal', 'mam_non')).toBe('below');
  });

  it('non-teaching staff, an unknown or other qualification have no standard', () => {
    expect(qualificationStandard('trung_cap', 'staff', 'thcs')).toBeNull();
    expect(qualificationStandard(null, 'teacher', 'thcs')).toBeNull();
    expect(qualificationStandard('khac', 'teacher', 'thcs')).toBeNull();
  });

  it('a higher degree is never judged lower (property)', () => {
    const rank = { below: 0, meets: 1, above: 2 } as const;
    const ladder = staffQualificationCodes.filter((q) => q !== 'khac');
    fc.assert(
      fc.property(
        fc.constantFrom(...staffPositionCodes.filter((p) => p !== 'staff')),
        fc.constantFrom('mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx', 'lien_cap'),
        fc.integer({ min: 0, max: ladder.length - 2 }),
        (position, level, i) =>
          rank[qualificationStandard(ladder[i]!, position, level)!] <= rank[qualificationStandard(ladder[i + 1]!, position, level)!],
      ),
    );
  });
});

describe('staff code and dates', () => {
  it('accepts sector-database codes and names what is wrong', () => {
    expect(staffCodeProblem('79000123-GV.01')).toBeNull();
    expect(staffCodeProblem('')).toBe('registry.staff.codeEmpty');
    expect(staffCodeProblem('Mã 01')).toBe('registry.staff.codeInvalidChars');
    expect(staffCodeProblem('x'.repeat(31))).toBe('registry.staff.codeTooLong');
  });

  it('orders birth, joining the sector and joining the school', () => {
    const today = '2026-11-28';
    expect(staffDatesProblem({ dateOfBirth: '1985-04-02', joinedSectorOn: '2007-09-01', joinedSchoolOn: '2015-08-15' }, today)).toBeNull();
    expect(staffDatesProblem({ dateOfBirth: '2010-04-02' }, today)).toEqual({
      code: 'registry.staff.dateOfBirthInvalid',
      field: 'dateOfBirth',
    });
    expect(staffDatesProblem({ dateOfBirth: '1985-04-02', joinedSectorOn: '2000-09-01' }, today)?.field).toBe('joinedSectorOn');
    expect(staffDatesProblem({ dateOfBirth: '1985-04-02', joinedSectorOn: '2010-09-01', joinedSchoolOn: '2009-09-01' }, today)?.field).toBe(
      'joinedSchoolOn',
    );
    expect(staffDatesProblem({ dateOfBirth: '1985-04-02', joinedSchoolOn: '2027-01-01' }, today)?.field).toBe('joinedSchoolOn');
  });
});

describe('code lists', () => {
  it('every entry has a Vietnamese and an English label and codes are unique per list', () => {
    for (const [name, items] of Object.entries(staffCodeLists)) {
      expect(new Set(items.map((i) => i.code)).size, name).toBe(items.length);
      for (const i of items) expect(i.vi.length * i.en.length, `${name}.${i.code}`).toBeGreaterThan(0);
    }
  });

  it('maps school levels to the teacher title group', () => {
    expect(titleGroupForLevel('thpt')).toBe('gv_thpt');
    expect(titleGroupForLevel('lien_cap', 3)).toBe('gv_tieu_hoc');
    expect(titleGroupForLevel('lien_cap', 7)).toBe('gv_thcs');
  });
});
