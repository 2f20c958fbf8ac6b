import { makeCccd as makeRuleCccd, validateCccd } from './rules/cccd.ts';

/** CCCD checks the registry applies to records (rules/cccd.ts, regulations.md §7.1); codes are i18n keys. */

/** The first rule the number breaks for this person, or null when it fits. */
export function cccdProblem(cccd: string, person: { dateOfBirth: string; sex: 'male' | 'female' }, currentYear: number): string | null {
  const result = validateCccd(cccd, { dateOfBirth: person.dateOfBirth, sex: person.sex, currentYear });
  return result.ok ? null : result.code;
}

/** Structure only (a guardian's number, whose birth date we may not know). */
export function cccdShapeProblem(cccd: string, currentYear: number): string | null {
  const result = validateCccd(cccd, { currentYear });
  return result.ok ? null : result.code;
}

/** `001204123445` → `0012******45`: enough to tell two records apart, not to use the number. */
export function maskCccd(cccd: string | null): string | null {
  if (!cccd) return null;
  return `${cccd.slice(0, 4)}${'*'.repeat(Math.max(cccd.length - 6, 0))}${cccd.slice(-2)}`;
}

/** A valid number for a person (seeds, tests). */
export function makeCccd(provinceCode: string, person: { dateOfBirth: string; sex: 'male' | 'female' }, serial: number): string {
  return makeRuleCccd(provinceCode, Number(person.dateOfBirth.slice(0, 4)), person.sex, serial % 1_000_000);
}
