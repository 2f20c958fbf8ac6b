import type { FormInstance } from 'antd';
import { isApiProblem } from '../api/client.ts';

export type FieldPath = (string | number)[];

/** A problem's field path as a form name: `body.terms.0.endsOn` → ['terms', 0, 'endsOn']. */
export const fieldName = (path: string): FieldPath =>
  path
    .replace(/^body\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export interface FieldErrorOptions {
  /** Whole-request codes whose title belongs on a field (a trailing `*` matches a prefix): a password-policy error on the new password. */
  byCode?: Record<string, string>;
  /** Where a server field lives in this form, when under another name (`classId` → `studentId`); null leaves it to the alert. */
  rename?: (name: FieldPath) => FieldPath | null;
  /** The field that takes the problem's title when no field error was placed. */
  fallback?: string;
}

/** The field a whole-request problem belongs on, by its code (`identity.password*` → `newPassword`). */
export function fieldOfCode(error: unknown, byCode: Record<string, string> = {}): string | undefined {
  if (!isApiProblem(error)) return undefined;
  return Object.entries(byCode).find(
    ([prefix]) => error.code === prefix || (prefix.endsWith('*') && error.code.startsWith(prefix.slice(0, -1))),
  )?.[1];
}

/**
 * Puts a failed call's field errors on the form's fields, each message once. Returns true when
 * something was placed on a field (the form then needs no separate alert).
 */
export function placeFieldErrors(form: Pick<FormInstance, 'setFields'>, error: unknown, options: FieldErrorOptions = {}): boolean {
  if (!isApiProblem(error)) return false;
  const fields = new Map<string, { name: FieldPath; errors: string[] }>();
  const add = (name: FieldPath, message: string) => {
    const key = JSON.stringify(name);
    const field = fields.get(key) ?? { name, errors: [] };
    if (!field.errors.includes(message)) field.errors.push(message);
    fields.set(key, field);
  };
  for (const e of error.errors) {
    const name = options.rename ? options.rename(fieldName(e.path)) : fieldName(e.path);
    if (name) add(name, e.message);
  }
  const byCode = fieldOfCode(error, options.byCode);
  if (byCode) add([byCode], error.title);
  if (fields.size === 0 && options.fallback) add([options.fallback], error.title);
  if (fields.size === 0) return false;
  form.setFields([...fields.values()]);
  return true;
}
