import data from '../../../../data/registry/ethnic-groups.json' with { type: 'json' };
import { foldForSearch } from './vietnamese-sort.ts';

/**
 * Vietnam's 54 ethnic groups with their official 2-digit codes (QĐ 121-TCTK/PPCĐ, 1979) —
 * regulations.md §7.4. Codes are strings with the leading zero ('01' Kinh). '55' (foreigner) is
 * accepted only when asked for: it is practice, not the decision.
 */
export interface EthnicGroup {
  code: string;
  name: string;
  aliases?: string[];
}

export const ethnicGroups: readonly EthnicGroup[] = data.groups;
export const extraEthnicCodes: readonly EthnicGroup[] = data.extra;

const byCode = new Map([...ethnicGroups, ...extraEthnicCodes].map((g) => [g.code, g]));

/** 'Khơ-me', 'khome', "H'Mông", 'hmong' → one form: no accents, no spaces, hyphens or apostrophes. */
const fold = (s: string) => foldForSearch(s).replace(/[\s\-‐‑'’ʼ`]/g, '');

const byName = new Map<string, string>();
for (const g of [...ethnicGroups, ...extraEthnicCodes]) {
  for (const n of [g.name, ...(g.aliases ?? [])]) byName.set(fold(n), g.code);
}

export function ethnicGroupByCode(code: string, opts: { allowExtra?: boolean } = {}): EthnicGroup | undefined {
  const g = byCode.get(code);
  if (!g) return undefined;
  if (!opts.allowExtra && extraEthnicCodes.includes(g)) return undefined;
  return g;
}

export type EthnicityResult =
  | { ok: true; code: string; name: string }
  | { ok: false; code: 'registry.ethnicity.unknown'; params: { value: string } };

/**
 * What a clerk typed in the "Dân tộc" column → the official code. Accepts the code with or without
 * its leading zero ('1', '01', 1 — Excel drops the zero) or a name, accent- and spelling-insensitive
 * ('Kinh', 'KINH', 'Khmer', 'Mông', "H'Mông").
 */
export function parseEthnicity(input: string | number, opts: { allowExtra?: boolean } = {}): EthnicityResult {
  const raw = String(input).trim();
  let code: string | undefined;
  if (/^\d{1,2}$/.test(raw)) code = raw.padStart(2, '0');
  else code = byName.get(fold(raw));
  const g = code === undefined ? undefined : ethnicGroupByCode(code, opts);
  if (!g) return { ok: false, code: 'registry.ethnicity.unknown', params: { value: raw } };
  return { ok: true, code: g.code, name: g.name };
}
