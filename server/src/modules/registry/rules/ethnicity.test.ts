import { describe, expect, it } from 'vitest';
import { ethnicGroupByCode, ethnicGroups, parseEthnicity } from './ethnicity.ts';

describe('ethnic groups, regulations §7.4 (QĐ 121-TCTK/PPCĐ 1979)', () => {
  it('54 groups, codes 01…54 as 2-digit strings', () => {
    expect(ethnicGroups).toHaveLength(54);
    expect(ethnicGroups.map((g) => g.code)).toEqual(Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it.each([
    ['01', 'Kinh'],
    ['05', 'Khơ-me'],
    ['08', 'HMông (Mông)'],
    ['25', 'Giáy'], // not Kinh: §7.4 warns of a system mapping Kinh = 25
    ['54', 'Rơ măm'],
  ])('%s = %s', (code, name) => expect(ethnicGroupByCode(code)?.name).toBe(name));

  it.each([
    ['1', '01'], // Excel dropped the leading zero
    [1, '01'],
    ['01', '01'],
    ['Kinh', '01'],
    ['KINH ', '01'],
    ['kinh', '01'],
    ['Khmer', '05'],
    ['Khơ me', '05'],
    ['Mông', '08'],
    ["H'Mông", '08'],
    ['hmong', '08'],
    ['Ê Đê', '12'],
    ['Ba Na', '13'],
    ['Bru-Vân Kiều', '23'],
    ['Vân Kiều', '23'],
    ['Cơ Tu', '26'],
    ['Ơ Đu', '53'],
  ])('%j → %s', (input, code) => {
    const r = parseEthnicity(input);
    expect(r.ok && r.code).toBe(code);
  });

  it.each(['55', 'Người nước ngoài', '00', '56', 'Martian', ''])('%j is refused by default', (input) => {
    expect(parseEthnicity(input)).toMatchObject({ ok: false, code: 'registry.ethnicity.unknown' });
  });

  it('55 (foreigner, practice) only when asked for', () => {
    expect(parseEthnicity('55', { allowExtra: true })).toEqual({ ok: true, code: '55', name: 'Người nước ngoài' });
  });
});
