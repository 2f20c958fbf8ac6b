import { z } from 'zod';

/**
 * Person names (pupils, guardians, staff): letters of any script (with their combining marks),
 * spaces, apostrophes (' and ’), hyphens and dots, 2 to 120 characters, at least one letter.
 * A name starting with = + - @ or a control character is refused outright — a spreadsheet would
 * take it for a formula (OWASP "CSV injection") — instead of being stored and neutralised only
 * on export. Pure; the same rule at entry (zod) and at import (with row and column).
 */
export const PERSON_NAME_LENGTH = { min: 2, max: 120 } as const;

export interface NameProblem {
  code: 'validation.personNameFormula' | 'validation.personNameCharacter' | 'validation.personNameLength';
  params: Record<string, string | number>;
}

const FORMULA_START = /^[=+\-@\p{Cc}]/u;
const ALLOWED = /^[\p{L}\p{M} '’.-]$/u;

/** A character as the clerk can read it in a message: a control character by its code point. */
const visible = (ch: string) => (/\p{Cc}|\p{Cf}|\s/u.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : ch);

/** `name` as it will be stored (trimmed); undefined when it is acceptable. */
export function personNameProblem(name: string): NameProblem | undefined {
  const first = name.charAt(0);
  if (FORMULA_START.test(name)) return { code: 'validation.personNameFormula', params: { char: visible(first) } };
  const length = [...name].length;
  if (length < PERSON_NAME_LENGTH.min || length > PERSON_NAME_LENGTH.max) {
    return { code: 'validation.personNameLength', params: { ...PERSON_NAME_LENGTH } };
  }
  for (const ch of name) {
    if (!ALLOWED.test(ch)) return { code: 'validation.personNameCharacter', params: { char: visible(ch) } };
  }
  if (!/\p{L}/u.test(name)) return { code: 'validation.personNameCharacter', params: { char: visible(first) } };
  return undefined;
}

/** The zod field of a person name: trimmed, then `personNameProblem`, reported under the field with its own code. */
export const personNameSchema = () =>
  z
    .string()
    .trim()
    .superRefine((name, ctx) => {
      const problem = personNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.code, params: { code: problem.code, ...problem.params } });
    });
