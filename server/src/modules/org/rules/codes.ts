import type { SchoolLevel } from './levels.ts';

/** Unit codes: letters, digits, dot, dash, underscore; stored upper-case. */
export const unitCodePattern = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

export const normaliseCode = (code: string): string => code.trim().toUpperCase();

const levelLetters: Record<SchoolLevel, string> = {
  mam_non: 'MN',
  tieu_hoc: 'TH',
  thcs: 'CS',
  thpt: 'PT',
  gdtx: 'TX',
  lien_cap: 'LC',
  lien_cap_thpt: 'LP',
};

/** A school code in the shape the sector database uses (province digits first): 24MN0001. */
export function schoolCode(provinceCode: string, level: SchoolLevel, sequence: number): string {
  return `${provinceCode}${levelLetters[level]}${String(sequence).padStart(4, '0')}`;
}

export const departmentCode = (provinceCode: string) => `SGD${provinceCode}`;
export const communeUnitCode = (communeCode: string) => `XA${communeCode}`;
