import { describe, expect, it } from 'vitest';
import en from './i18n/en.json';
import vi from './i18n/vi.json';
import { currentStartYear } from './api.ts';
import { fieldPath } from './SchoolHeader.tsx';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('school screens', () => {
  it('maps a problem field path onto the form, list rows included', () => {
    expect(fieldPath('body.phone')).toEqual(['phone']);
    expect(fieldPath('body.equipmentSets.2.sets')).toEqual(['equipmentSets', 2, 'sets']);
  });

  it('takes the school year in progress: from August the new one', () => {
    expect(currentStartYear(new Date(2026, 6, 31))).toBe(2025);
    expect(currentStartYear(new Date(2026, 7, 1))).toBe(2026);
    expect(currentStartYear(new Date(2027, 0, 15))).toBe(2026);
  });

  it('has every string in both languages', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });
});
