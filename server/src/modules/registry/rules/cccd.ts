import provinceData from '../../../../data/registry/cccd-provinces.json' with { type: 'json' };

/**
 * The 12-digit personal identification number (số định danh cá nhân = CCCD number), checked by
 * structure — regulations.md §7.1 (Decree 137/2015/NĐ-CP Art. 13; province codes per
 * TT 07/2016/TT-BCA):
 *
 *   PPP G YY NNNNNN — PPP province where the birth was registered, G sex + century
 *   (0/1 = male/female born 1900s, 2/3 = 2000s, 4/5 2100s…; even = male), YY last two digits of the
 *   birth year, NNNNNN random.
 *
 * Structure only: a number that passes may still not exist; the population database (VNeID) is the
 * only proof.
 */

export type Sex = 'male' | 'female';

export const cccdProvinces: ReadonlyMap<string, string> = new Map(provinceData.provinces.map((p) => [p.code, p.name]));

export interface CccdParts {
  /** The 12 digits as stored (spaces removed). */
  number: string;
  provinceCode: string;
  provinceName: string;
  sex: Sex;
  /** 1900, 2000, … */
  century: number;
  birthYear: number;
  serial: string;
}

export type CccdReason = 'nonDigit' | 'length' | 'province' | 'century' | 'birthYearMismatch' | 'sexMismatch' | 'birthYearFuture';

export type CccdResult =
  | { ok: true; parts: CccdParts }
  | { ok: false; code: `registry.cccd.${CccdReason}`; params: Record<string, string | number> };

export interface CccdFacts {
  /** ISO date 'yyyy-mm-dd' or just the year; when given, century and YY must match it. */
  dateOfBirth?: string | number;
  sex?: Sex;
  /**
   * Today's year (rules have no clock): a number whose century digit puts the birth after it is
   * refused with `birthYearFuture`. Without it, centuries after 2000 are refused (`century`).
   */
  currentYear?: number;
}

const fail = (reason: CccdReason, params: Record<string, string | number> = {}): CccdResult => ({
  ok: false,
  code: `registry.cccd.${reason}`,
  params,
});

/** Spaces and dots people type inside the number ('087 204 016 918') are removed; nothing else is guessed. */
export const normaliseCccd = (input: string): string => input.replace(/[\s.]/g, '');

export function validateCccd(input: string, facts: CccdFacts = {}): CccdResult {
  const number = normaliseCccd(input);
  if (!/^\d*$/.test(number)) return fail('nonDigit', { value: input });
  if (number.length !== 12) return fail('length', { length: number.length });
  const provinceCode = number.slice(0, 3);
  const provinceName = cccdProvinces.get(provinceCode);
  if (provinceName === undefined) return fail('province', { provinceCode });
  const g = Number(number[3]);
  const century = 1900 + Math.floor(g / 2) * 100;
  const birthYear = century + Number(number.slice(4, 6));
  const sex: Sex = g % 2 === 0 ? 'male' : 'female';
  if (facts.currentYear !== undefined) {
    if (birthYear > facts.currentYear) return fail('birthYearFuture', { birthYear, currentYear: facts.currentYear });
  } else if (century > 2000) {
    return fail('century', { digit: g });
  }
  if (facts.dateOfBirth !== undefined) {
    const year = typeof facts.dateOfBirth === 'number' ? facts.dateOfBirth : Number(facts.dateOfBirth.slice(0, 4));
    if (year !== birthYear) return fail('birthYearMismatch', { cccdYear: birthYear, birthYear: year });
  }
  if (facts.sex !== undefined && facts.sex !== sex) return fail('sexMismatch', { cccdSex: sex, sex: facts.sex });
  return { ok: true, parts: { number, provinceCode, provinceName, sex, century, birthYear, serial: number.slice(6) } };
}

/** The sex + century digit for a birth (the inverse of the rule above), for generators and tests. */
export function centuryDigit(birthYear: number, sex: Sex): number {
  return (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
}

/** A structurally valid number (synthetic data: the generator of issue 5 §11). */
export function makeCccd(provinceCode: string, birthYear: number, sex: Sex, serial: number): string {
  return `${provinceCode}${centuryDigit(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}
