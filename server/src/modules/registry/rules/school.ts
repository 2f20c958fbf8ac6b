import { Decimal } from 'decimal.js';
import type { NationalStandard, LibraryStandard, SubjectRoomKind } from '../school/config.ts';

/**
 * Pure rules of the school profile and facilities: contact formats and the cross-field checks a
 * form must pass. Each check returns every problem found (field + i18n code), not only the first.
 */
export interface RuleProblem {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/**
 * A Vietnamese phone number in its canonical form (digits only, leading 0), or null when it is
 * not one: mobiles are 10 digits (03, 05, 07, 08, 09), landlines 11 digits (02 + area code).
 * Spaces, dots, hyphens, brackets and a +84 / 84 prefix are accepted on input.
 */
export function normalisePhone(input: string): string | null {
  const raw = input.trim();
  if (!/^[+\d\s.\-()]+$/.test(raw)) return null;
  let digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) {
    if (!digits.startsWith('84')) return null;
    digits = `0${digits.slice(2)}`;
  } else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
    digits = `0${digits.slice(2)}`;
  }
  if (/^0[35789]\d{8}$/.test(digits)) return digits;
  if (/^02\d{9}$/.test(digits)) return digits;
  return null;
}

export function isEmail(input: string): boolean {
  return (
    input.length <= 254 &&
    /^[^\s@"'<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(input)
  );
}

/** A web address (http/https; `truong.edu.vn` gains https://), or null. */
export function normaliseWebsite(input: string): string | null {
  const raw = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (!url.hostname.includes('.') || url.username || url.password) return null;
    return url.toString().replace(/\/$/, '');
  } catch {
    return null;
  }
}

export interface ProfileFacts {
  nationalStandard: NationalStandard;
  nationalStandardOn: string | null;
  accreditationLevel: number | null;
  accreditedOn: string | null;
  principalUserId: string | null;
  principalName: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  foundedYear: number | null;
}

/** Cross-field checks of a profile; `today` is an ISO date (the rules never read the clock). */
export function checkProfile(p: ProfileFacts, today: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (p.nationalStandard !== 'chua_dat' && !p.nationalStandardOn)
    problems.push({ field: 'nationalStandardOn', code: 'registry.school.standardDateRequired' });
  if (p.nationalStandard === 'chua_dat' && p.nationalStandardOn)
    problems.push({ field: 'nationalStandardOn', code: 'registry.school.standardDateWithoutLevel' });
  if (p.accreditationLevel !== null && !p.accreditedOn)
    problems.push({ field: 'accreditedOn', code: 'registry.school.accreditationDateRequired' });
  if (p.accreditationLevel === null && p.accreditedOn)
    problems.push({ field: 'accreditedOn', code: 'registry.school.accreditationDateWithoutLevel' });
  for (const field of ['nationalStandardOn', 'accreditedOn'] as const) {
    const d = p[field];
    if (d && d > today) problems.push({ field, code: 'registry.school.dateInFuture' });
  }
  if (p.principalUserId && p.principalName) problems.push({ field: 'principalName', code: 'registry.school.principalBoth' });
  if (p.phone !== null && normalisePhone(p.phone) === null) problems.push({ field: 'phone', code: 'registry.school.phoneInvalid' });
  if (p.email !== null && !isEmail(p.email)) problems.push({ field: 'email', code: 'registry.school.emailInvalid' });
  if (p.website !== null && normaliseWebsite(p.website) === null)
    problems.push({ field: 'website', code: 'registry.school.websiteInvalid' });
  const year = Number(today.slice(0, 4));
  if (p.foundedYear !== null && (p.foundedYear < 1800 || p.foundedYear > year)) {
    problems.push({ field: 'foundedYear', code: 'registry.school.foundedYearInvalid', params: { max: year } });
  }
  return problems;
}

export interface FacilitiesFacts {
  classroomsSolid: number;
  classroomsSemiSolid: number;
  classroomsTemporary: number;
  subjectRooms: { kind: SubjectRoomKind; count: number }[];
  hasLibrary: boolean;
  libraryStandard: LibraryStandard;
  equipmentSets: { gradeNo: number; sets: number; missing: number }[];
  computersTeaching: number;
  computersManagement: number;
  toiletsStudents: number;
  toiletsStaff: number;
  toiletsMeetStandard: boolean;
  landArea: string | null;
  playgroundArea: string | null;
}

/** An area in m²: a non-negative decimal with at most 2 decimals ("1250.5"; a comma is accepted as the decimal mark). */
export function parseArea(input: string): string | null {
  const s = input.trim().replace(',', '.');
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(s)) return null;
  return new Decimal(s).toFixed(2);
}

/** Cross-field checks of facilities; `grades` are the grades the school teaches. */
export function checkFacilities(f: FacilitiesFacts, grades: readonly number[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const kinds = new Set<string>();
  f.subjectRooms.forEach((r, i) => {
    if (kinds.has(r.kind))
      problems.push({ field: `subjectRooms.${i}.kind`, code: 'registry.facilities.roomKindTwice', params: { kind: r.kind } });
    kinds.add(r.kind);
  });
  const seen = new Set<number>();
  f.equipmentSets.forEach((e, i) => {
    if (!grades.includes(e.gradeNo))
      problems.push({ field: `equipmentSets.${i}.gradeNo`, code: 'registry.facilities.gradeNotTaught', params: { gradeNo: e.gradeNo } });
    else if (seen.has(e.gradeNo))
      problems.push({ field: `equipmentSets.${i}.gradeNo`, code: 'registry.facilities.gradeTwice', params: { gradeNo: e.gradeNo } });
    seen.add(e.gradeNo);
  });
  if (!f.hasLibrary && f.libraryStandard !== 'chua_dat')
    problems.push({ field: 'libraryStandard', code: 'registry.facilities.libraryStandardWithoutLibrary' });
  if (f.toiletsMeetStandard && f.toiletsStudents + f.toiletsStaff === 0)
    problems.push({ field: 'toiletsMeetStandard', code: 'registry.facilities.noToilets' });
  for (const field of ['landArea', 'playgroundArea'] as const) {
    const v = f[field];
    if (v !== null && parseArea(v) === null) problems.push({ field, code: 'registry.facilities.areaInvalid' });
  }
  const land = f.landArea !== null ? parseArea(f.landArea) : null;
  const play = f.playgroundArea !== null ? parseArea(f.playgroundArea) : null;
  if (land !== null && play !== null && new Decimal(play).gt(land))
    problems.push({ field: 'playgroundArea', code: 'registry.facilities.playgroundOverLand' });
  return problems;
}

export interface FacilitiesTotals {
  classrooms: number;
  /** Share of solid (kiên cố) classrooms in percent, 1 decimal, as a string ("87.5"); null without classrooms. */
  solidShare: string | null;
  subjectRooms: number;
  computers: number;
  equipmentSets: number;
  equipmentMissing: number;
  toilets: number;
}

export function facilitiesTotals(
  f: Pick<
    FacilitiesFacts,
    | 'classroomsSolid'
    | 'classroomsSemiSolid'
    | 'classroomsTemporary'
    | 'subjectRooms'
    | 'computersTeaching'
    | 'computersManagement'
    | 'equipmentSets'
    | 'toiletsStudents'
    | 'toiletsStaff'
  >,
): FacilitiesTotals {
  const classrooms = f.classroomsSolid + f.classroomsSemiSolid + f.classroomsTemporary;
  return {
    classrooms,
    solidShare: classrooms === 0 ? null : new Decimal(f.classroomsSolid).mul(100).div(classrooms).toDecimalPlaces(1).toFixed(1),
    subjectRooms: f.subjectRooms.reduce((s, r) => s + r.count, 0),
    computers: f.computersTeaching + f.computersManagement,
    equipmentSets: f.equipmentSets.reduce((s, e) => s + e.sets, 0),
    equipmentMissing: f.equipmentSets.reduce((s, e) => s + e.missing, 0),
    toilets: f.toiletsStudents + f.toiletsStaff,
  };
}
