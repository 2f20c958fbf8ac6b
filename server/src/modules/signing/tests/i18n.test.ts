import { describe, expect, it } from 'vitest';
import { SigningErrorCode } from '../pades/errors.ts';
import en from '../pades/i18n/en.json' with { type: 'json' };
import vi from '../pades/i18n/vi.json' with { type: 'json' };

describe('signing error messages', () => {
  it('every error code has a Vietnamese and an English message, and nothing else is there', () => {
    const codes = Object.values(SigningErrorCode).sort();
    expect(Object.keys(vi).sort()).toEqual(codes);
    expect(Object.keys(en).sort()).toEqual(codes);
    for (const message of Object.values(vi)) expect(message).toMatch(/[ạảãàáâầấậăắằặđêếềệôốồộơớờợưứừựỳýỵỷỹ]/);
  });
});
