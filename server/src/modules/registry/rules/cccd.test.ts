import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cccdProvinces, centuryDigit, makeCccd, validateCccd } from './cccd.ts';

describe('CCCD structure, regulations §7.1 (Decree 137/2015 Art. 13; TT 07/2016/TT-BCA)', () => {
  it('the worked example: 087204016918 → Đồng Tháp, male, born 2004', () => {
    expect(validateCccd('087204016918')).toEqual({
      ok: true,
      parts: {
        number: '087204016918',
        provinceCode: '087',
        provinceName: 'Đồng Tháp',
        sex: 'male',
        century: 2000,
        birthYear: 2004,
        serial: '016918',
      },
    });
  });

  it.each([
    // [input, facts, expected code] — each row cites the part of §7.1 it checks
    ['087204016918', { dateOfBirth: '2004-05-01', sex: 'male' }, undefined], // G=2 male 2000s, YY=04
    ['001305000001', { dateOfBirth: '2005-01-31', sex: 'female' }, undefined], // G=3 female 2000s (Hà Nội)
    ['079090123456', { dateOfBirth: 1990, sex: 'male' }, undefined], // G=0 male 1900s
    ['096185999999', { dateOfBirth: '1985-12-31', sex: 'female' }, undefined], // G=1 female 1900s (Cà Mau, last code)
    ['087 204 016 918', {}, undefined], // spaces typed inside are removed
    ['08720401691', {}, 'registry.cccd.length'], // 11 digits (Excel dropped nothing: 12 required)
    ['0872040169180', {}, 'registry.cccd.length'],
    ['123456789', {}, 'registry.cccd.length'], // an old 9-digit CMND
    ['', {}, 'registry.cccd.length'],
    ['08720401691O', {}, 'registry.cccd.nonDigit'], // letter O for zero
    ['-87204016918', {}, 'registry.cccd.nonDigit'],
    ['003204016918', {}, 'registry.cccd.province'], // 003 is not a province code
    ['000204016918', {}, 'registry.cccd.province'],
    ['097204016918', {}, 'registry.cccd.province'], // beyond 096
    ['087404016918', {}, 'registry.cccd.century'], // G=4 → born 2104
    ['087904016918', {}, 'registry.cccd.century'],
    ['087204016918', { dateOfBirth: '2005-05-01' }, 'registry.cccd.birthYearMismatch'], // YY=04 ≠ 05
    ['087004016918', { dateOfBirth: '2004-05-01' }, 'registry.cccd.birthYearMismatch'], // G=0 → 1904, century wrong
    ['087204016918', { sex: 'female' }, 'registry.cccd.sexMismatch'], // even G = male
    ['087304016918', { sex: 'male' }, 'registry.cccd.sexMismatch'],
    ['087299016918', { currentYear: 2026 }, 'registry.cccd.birthYearFuture'], // born 2099
    ['087226016918', { currentYear: 2026 }, undefined],
  ] as const)('%s %j → %s', (input, facts, expected) => {
    const r = validateCccd(input, facts);
    expect(r.ok ? undefined : r.code).toBe(expected);
  });

  it('ships the 63 pre-2025 province codes, 001 to 096', () => {
    expect(cccdProvinces.size).toBe(63);
    for (const code of cccdProvinces.keys()) expect(code).toMatch(/^0\d\d$/);
    expect(cccdProvinces.get('024')).toBe('Bắc Giang'); // merged into Bắc Ninh in 2025; the code stays valid
  });

  it('a generated number always validates and reads back its facts', () => {
    const codes = [...cccdProvinces.keys()];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: 1900, max: 2026 }),
        fc.constantFrom('male' as const, 'female' as const),
        fc.integer({ min: 0, max: 999_999 }),
        (p, year, sex, serial) => {
          const n = makeCccd(p, year, sex, serial);
          const r = validateCccd(n, { dateOfBirth: year, sex, currentYear: 2026 });
          expect(r.ok).toBe(true);
          if (r.ok) expect([r.parts.provinceCode, r.parts.birthYear, r.parts.sex]).toEqual([p, year, sex]);
          expect(centuryDigit(year, sex) % 2).toBe(sex === 'female' ? 1 : 0);
        },
      ),
    );
  });
});
