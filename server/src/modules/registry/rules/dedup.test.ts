import { describe, expect, it } from 'vitest';
import { type DedupRecord, findDuplicates } from './dedup.ts';
import { checkStudentCode } from './student-code.ts';

const r = (id: string, o: Partial<DedupRecord> = {}): DedupRecord => ({
  id,
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '2014-03-02',
  birthProvinceCode: '24',
  ...o,
});

describe('duplicate candidates (issue 5 §3)', () => {
  it('same CCCD → certain, whatever else differs (conflicts listed for the human)', () => {
    const out = findDuplicates([
      r('1', { cccd: '024214000001' }),
      r('2', { cccd: '024 214 000 001', fullName: 'Trần Thị Bình', dateOfBirth: '2014-03-03' }),
    ]);
    expect(out).toEqual([{ a: '1', b: '2', level: 'certain', reasons: ['cccd'], conflicts: ['fullName', 'dateOfBirth'] }]);
  });

  it('same MOET code → certain (case-insensitive, trimmed)', () => {
    const out = findDuplicates([r('1', { moetCode: '2401234567' }), r('2', { moetCode: ' 2401234567 ', birthProvinceCode: '01' })]);
    expect(out).toEqual([{ a: '1', b: '2', level: 'certain', reasons: ['moetCode'], conflicts: [] }]);
  });

  it('same name (accent-insensitive) + birth date + birthplace province → probable', () => {
    const out = findDuplicates([r('1'), r('2', { fullName: '  nguyen  van AN' })]);
    expect(out).toEqual([{ a: '1', b: '2', level: 'probable', reasons: ['nameBirth'], conflicts: [] }]);
  });

  it.each([
    ['another birth date', { dateOfBirth: '2014-03-03' }],
    ['another birthplace province', { birthProvinceCode: '01' }],
    ['no birthplace', { birthProvinceCode: null }],
    ['another name', { fullName: 'Nguyễn Văn Anh' }],
  ])('%s → no candidate', (_l, o) => {
    expect(findDuplicates([r('1'), r('2', o)])).toEqual([]);
  });

  it('different CCCDs but the same name/birth → still probable, and a certain pair lists every reason', () => {
    const out = findDuplicates([
      r('1', { cccd: '024214000001', moetCode: 'A1' }),
      r('2', { cccd: '024214000001', moetCode: 'a1' }),
      r('3', { cccd: '024214000002' }),
    ]);
    expect(out).toEqual([
      { a: '1', b: '2', level: 'certain', reasons: ['cccd', 'moetCode', 'nameBirth'], conflicts: [] },
      { a: '1', b: '3', level: 'probable', reasons: ['nameBirth'], conflicts: [] },
      { a: '2', b: '3', level: 'probable', reasons: ['nameBirth'], conflicts: [] },
    ]);
  });

  it('an import file against the database: pairs (file row, database record) only', () => {
    const file = [r('row 2', { cccd: '024214000001' }), r('row 3', { fullName: 'Lê Thị Cúc' })];
    const db = [r('db-9', { cccd: '024214000001', fullName: 'X' }), r('db-10', { fullName: 'Le Thi Cuc' })];
    expect(findDuplicates(file, db).map((c) => [c.a, c.b, c.level])).toEqual([
      ['row 2', 'db-9', 'certain'],
      ['row 3', 'db-10', 'probable'],
    ]);
  });

  it('hash-indexed: 20,000 distinct records, no candidates', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      r(String(i), { cccd: String(24_214_000_000 + i).padStart(12, '0'), fullName: `Học Sinh ${i}` }),
    );
    expect(findDuplicates(many)).toEqual([]);
  });
});

describe('name + birth date without a birthplace (the duplicate screen)', () => {
  it('off by default: the import keeps its stricter rule', () => {
    expect(findDuplicates([r('1'), r('2', { birthProvinceCode: null })])).toEqual([]);
  });

  it('on: one side without a birthplace → probable nameDob', () => {
    const out = findDuplicates([r('1'), r('2', { birthProvinceCode: null, fullName: 'NGUYEN VAN AN' })], undefined, {
      nameAndDateOnly: true,
    });
    expect(out).toEqual([{ a: '1', b: '2', level: 'probable', reasons: ['nameDob'], conflicts: [] }]);
  });

  it('on: two different birthplaces still keep the pair apart; the same one is nameBirth only', () => {
    expect(findDuplicates([r('1'), r('2', { birthProvinceCode: '01' })], undefined, { nameAndDateOnly: true })).toEqual([]);
    expect(findDuplicates([r('1'), r('2')], undefined, { nameAndDateOnly: true })[0]?.reasons).toEqual(['nameBirth']);
  });

  it('on: a certain pair (CCCD) without birthplaces lists nameDob as well, other dates do not pair', () => {
    const out = findDuplicates(
      [
        r('1', { cccd: '024214000001', birthProvinceCode: null }),
        r('2', { cccd: '024214000001', birthProvinceCode: null }),
        r('3', { birthProvinceCode: null, dateOfBirth: '2014-03-03' }),
      ],
      undefined,
      { nameAndDateOnly: true },
    );
    expect(out).toEqual([{ a: '1', b: '2', level: 'certain', reasons: ['cccd', 'nameDob'], conflicts: [] }]);
  });
});

describe('MOET student code: opaque (format unverified, regulations §7.1)', () => {
  it.each([
    ['79012345678', true],
    [' 24ab0001 ', true],
    ['', false],
    ['123456789012345678901', false],
    ['24-0001', false],
  ])('%j → %s', (code, ok) => expect(checkStudentCode(code).ok).toBe(ok));
});
