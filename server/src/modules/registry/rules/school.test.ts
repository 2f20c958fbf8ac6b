import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFacilities,
  checkProfile,
  type FacilitiesFacts,
  facilitiesTotals,
  isEmail,
  normalisePhone,
  normaliseWebsite,
  parseArea,
  type ProfileFacts,
} from './school.ts';

const profile = (p: Partial<ProfileFacts> = {}): ProfileFacts => ({
  nationalStandard: 'chua_dat',
  nationalStandardOn: null,
  accreditationLevel: null,
  accreditedOn: null,
  principalUserId: null,
  principalName: null,
  phone: null,
  email: null,
  website: null,
  foundedYear: null,
  ...p,
});
const facilities = (f: Partial<FacilitiesFacts> = {}): FacilitiesFacts => ({
  classroomsSolid: 0,
  classroomsSemiSolid: 0,
  classroomsTemporary: 0,
  subjectRooms: [],
  hasLibrary: false,
  libraryStandard: 'chua_dat',
  equipmentSets: [],
  computersTeaching: 0,
  computersManagement: 0,
  toiletsStudents: 0,
  toiletsStaff: 0,
  toiletsMeetStandard: false,
  landArea: null,
  playgroundArea: null,
  ...f,
});
const codes = (ps: { field: string; code: string }[]) => ps.map((p) => `${p.field}:${p.code}`);

describe('phone, e-mail and website formats', () => {
  it('accepts Vietnamese mobiles and landlines in the usual spellings', () => {
    expect(normalisePhone('0912 345 678')).toBe('0912345678');
    expect(normalisePhone('+84 912.345.678')).toBe('0912345678');
    expect(normalisePhone('84912345678')).toBe('0912345678');
    expect(normalisePhone('(0222) 3812 345')).toBe('02223812345');
    expect(normalisePhone('0312345678')).toBe('0312345678');
  });

  it('refuses numbers of the wrong length, prefix or characters', () => {
    for (const bad of ['091234567', '09123456789', '0112345678', '0412345678', '+1 912 345 678', '0912-345-67a', '', '02223812']) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
  });

  it('is idempotent and always yields 10 or 11 digits starting with 0 (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '8', '9', ' ', '.', '+', '-'), maxLength: 16 }), (s) => {
        const n = normalisePhone(s);
        if (n === null) return;
        expect(n).toMatch(/^0\d{9,10}$/);
        expect(normalisePhone(n)).toBe(n);
      }),
    );
  });

  it('checks e-mail addresses and web addresses', () => {
    expect(isEmail('c2anbinh@bacninh.edu.vn')).toBe(true);
    expect(isEmail('c2anbinh@bacninh')).toBe(false);
    expect(isEmail('c2 anbinh@bacninh.edu.vn')).toBe(false);
    expect(isEmail('@bacninh.edu.vn')).toBe(false);
    expect(normaliseWebsite('thcsanbinh.edu.vn')).toBe('https://thcsanbinh.edu.vn');
    expect(normaliseWebsite('http://thcsanbinh.edu.vn/')).toBe('http://thcsanbinh.edu.vn');
    expect(normaliseWebsite('javascript:alert(1)')).toBeNull();
    expect(normaliseWebsite('ftp://thcsanbinh.edu.vn')).toBeNull();
    expect(normaliseWebsite('localhost')).toBeNull();
  });
});

describe('school profile rules', () => {
  const today = '2026-11-28';
  it('accepts an empty profile and a complete one', () => {
    expect(checkProfile(profile(), today)).toEqual([]);
    expect(
      checkProfile(
        profile({
          nationalStandard: 'muc_2',
          nationalStandardOn: '2023-05-10',
          accreditationLevel: 3,
          accreditedOn: '2023-04-01',
          principalName: 'Nguyễn Thị Hoa',
          phone: '0222 3812 345',
          email: 'thcs@bacninh.edu.vn',
          website: 'thcs.edu.vn',
          foundedYear: 1962,
        }),
        today,
      ),
    ).toEqual([]);
  });

  it('needs the decision date with a standard level and the date with an accreditation level, and refuses them alone', () => {
    expect(codes(checkProfile(profile({ nationalStandard: 'muc_1', accreditationLevel: 2 }), today))).toEqual([
      'nationalStandardOn:registry.school.standardDateRequired',
      'accreditedOn:registry.school.accreditationDateRequired',
    ]);
    expect(codes(checkProfile(profile({ nationalStandardOn: '2020-01-01', accreditedOn: '2020-01-01' }), today))).toEqual([
      'nationalStandardOn:registry.school.standardDateWithoutLevel',
      'accreditedOn:registry.school.accreditationDateWithoutLevel',
    ]);
  });

  it('reports every bad field at once: future dates, both principal forms, formats, founding year', () => {
    expect(
      codes(
        checkProfile(
          profile({
            nationalStandard: 'muc_1',
            nationalStandardOn: '2027-01-01',
            principalUserId: '00000000-0000-4000-8000-000000000000',
            principalName: 'X',
            phone: '12345',
            email: 'x@',
            website: 'mailto:a@b.vn',
            foundedYear: 2027,
          }),
          today,
        ),
      ),
    ).toEqual([
      'nationalStandardOn:registry.school.dateInFuture',
      'principalName:registry.school.principalBoth',
      'phone:registry.school.phoneInvalid',
      'email:registry.school.emailInvalid',
      'website:registry.school.websiteInvalid',
      'foundedYear:registry.school.foundedYearInvalid',
    ]);
  });
});

describe('facilities rules', () => {
  it('parses areas as exact decimals (comma or dot) and refuses negatives and 3 decimals', () => {
    expect(parseArea('1250,5')).toBe('1250.50');
    expect(parseArea('0.1')).toBe('0.10');
    expect(parseArea('-3')).toBeNull();
    expect(parseArea('12.345')).toBeNull();
    expect(parseArea('1e3')).toBeNull();
  });

  it('refuses a room kind or a grade twice, grades the school does not teach, a standard without a library, standard toilets without toilets', () => {
    expect(
      codes(
        checkFacilities(
          facilities({
            subjectRooms: [
              { kind: 'tin_hoc', count: 1 },
              { kind: 'tin_hoc', count: 2 },
            ],
            equipmentSets: [
              { gradeNo: 6, sets: 2, missing: 0 },
              { gradeNo: 6, sets: 1, missing: 1 },
              { gradeNo: 1, sets: 1, missing: 0 },
            ],
            libraryStandard: 'muc_1',
            toiletsMeetStandard: true,
          }),
          [6, 7, 8, 9],
        ),
      ),
    ).toEqual([
      'subjectRooms.1.kind:registry.facilities.roomKindTwice',
      'equipmentSets.1.gradeNo:registry.facilities.gradeTwice',
      'equipmentSets.2.gradeNo:registry.facilities.gradeNotTaught',
      'libraryStandard:registry.facilities.libraryStandardWithoutLibrary',
      'toiletsMeetStandard:registry.facilities.noToilets',
    ]);
  });

  it('compares areas exactly: a playground larger than the land is refused, equal is fine', () => {
    expect(codes(checkFacilities(facilities({ landArea: '5000.10', playgroundArea: '5000.11' }), []))).toEqual([
      'playgroundArea:registry.facilities.playgroundOverLand',
    ]);
    expect(checkFacilities(facilities({ landArea: '5000,1', playgroundArea: '5000.10' }), [])).toEqual([]);
  });

  it('totals rooms, computers and equipment; the solid share in exact tenths', () => {
    expect(
      facilitiesTotals(
        facilities({
          classroomsSolid: 7,
          classroomsSemiSolid: 1,
          classroomsTemporary: 1,
          subjectRooms: [
            { kind: 'tin_hoc', count: 2 },
            { kind: 'khtn', count: 1 },
          ],
          computersTeaching: 30,
          computersManagement: 4,
          equipmentSets: [
            { gradeNo: 6, sets: 3, missing: 1 },
            { gradeNo: 7, sets: 2, missing: 2 },
          ],
          toiletsStudents: 6,
          toiletsStaff: 2,
        }),
      ),
    ).toEqual({ classrooms: 9, solidShare: '77.8', subjectRooms: 3, computers: 34, equipmentSets: 5, equipmentMissing: 3, toilets: 8 });
    expect(facilitiesTotals(facilities()).solidShare).toBeNull();
  });
});
