import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/client.ts';
import { fieldName, placeFieldErrors } from './form-errors.ts';

/** Records what the function hands to antd's form (the function's only effect). */
function recorder() {
  const calls: unknown[] = [];
  return { calls, form: { setFields: (fields: unknown) => void calls.push(fields) } };
}

const problem = (code: string, errors: { path: string; message: string }[] = []) =>
  new ApiProblem(
    'problem',
    422,
    code,
    `title of ${code}`,
    undefined,
    errors.map((e) => ({ ...e, code: 'x' })),
  );

describe('fieldName', () => {
  it('drops the body prefix and turns list indices into numbers', () => {
    expect(fieldName('body.terms.0.endsOn')).toEqual(['terms', 0, 'endsOn']);
    expect(fieldName('name')).toEqual(['name']);
  });
});

describe('placeFieldErrors', () => {
  it('places each message once per field, nested paths included', () => {
    const { calls, form } = recorder();
    const placed = placeFieldErrors(
      form,
      problem('validation', [
        { path: 'body.name', message: 'a' },
        { path: 'body.name', message: 'a' },
        { path: 'body.name', message: 'b' },
        { path: 'body.terms.1.startsOn', message: 'c' },
      ]),
    );
    expect(placed).toBe(true);
    expect(calls).toEqual([
      [
        { name: ['name'], errors: ['a', 'b'] },
        { name: ['terms', 1, 'startsOn'], errors: ['c'] },
      ],
    ]);
  });

  it('puts a whole-request code on its field by prefix, and the title on the fallback field', () => {
    const a = recorder();
    expect(placeFieldErrors(a.form, problem('identity.passwordTooShort'), { byCode: { 'identity.password*': 'newPassword' } })).toBe(true);
    expect(a.calls).toEqual([[{ name: ['newPassword'], errors: ['title of identity.passwordTooShort'] }]]);
    const b = recorder();
    expect(placeFieldErrors(b.form, problem('gradebook.locked'), { fallback: 'value' })).toBe(true);
    expect(b.calls).toEqual([[{ name: ['value'], errors: ['title of gradebook.locked'] }]]);
  });

  it('renames or drops fields the form keeps under other names, and reports when nothing was placed', () => {
    const a = recorder();
    const rename = (n: (string | number)[]) => (n[0] === 'classId' ? ['studentId'] : n[0] === 'hidden' ? null : n);
    placeFieldErrors(
      a.form,
      problem('v', [
        { path: 'body.classId', message: 'm' },
        { path: 'body.hidden', message: 'h' },
      ]),
      { rename },
    );
    expect(a.calls).toEqual([[{ name: ['studentId'], errors: ['m'] }]]);
    const b = recorder();
    expect(placeFieldErrors(b.form, problem('v', [{ path: 'body.hidden', message: 'h' }]), { rename })).toBe(false);
    expect(placeFieldErrors(b.form, new Error('boom'))).toBe(false);
    expect(b.calls).toEqual([]);
  });
});
