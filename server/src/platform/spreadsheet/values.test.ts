import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, detectDelimiter } from './read-csv.ts';
import {
  columnLetter,
  columnNumber,
  excelSerialToIso,
  neutralise,
  normaliseHeader,
  parseTextDate,
  parseTextNumber,
  unneutralise,
} from './values.ts';

describe('formula injection (OWASP CSV injection): the exact rule', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+84912345678', "'+84912345678"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['Nguyễn Văn An', 'Nguyễn Văn An'],
    [' =1', ' =1'], // a leading space is not evaluated by Excel, LibreOffice or Sheets
    ['a=1', 'a=1'],
    ["'-", "''-"], // typed with an apostrophe already: one more, so the original comes back
    ["'abc", "'abc"],
    ['', ''],
  ])('%j → %j', (input, out) => {
    expect(neutralise(input)).toBe(out);
    expect(unneutralise(neutralise(input))).toBe(input);
  });

  it('nothing neutralised starts with a dangerous character; the original comes back', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(neutralise(s)).not.toMatch(/^[=+\-@\t\r]/);
        expect(unneutralise(neutralise(s))).toBe(s);
      }),
    );
  });
});

describe('cell text', () => {
  it.each([
    ['05/03/2014', '2014-03-05'],
    ['5/3/2014', '2014-03-05'],
    ['05.03.2014', '2014-03-05'],
    ['2014-03-05', '2014-03-05'],
    ['29/02/2016', '2016-02-29'],
    ['29/02/2015', undefined],
    ['32/01/2014', undefined],
    ['05/13/2014', undefined], // month-first (US) is not accepted: 13 is no month
    ['05/03/14', undefined],
    ['hôm qua', undefined],
  ])('date %j → %j', (text, iso) => expect(parseTextDate(text)).toBe(iso));

  it.each([
    [1, '1900-01-01'],
    [41703, '2014-03-05'],
    [41703.75, '2014-03-05'],
  ])('Excel serial %d → %s', (n, iso) => expect(excelSerialToIso(n)).toBe(iso));

  it.each([
    ['7,5', 7.5],
    ['7.5', 7.5],
    [' 10 ', 10],
    ['-3', -3],
    ['1.234.567', 1234567],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1 234', 1234],
    ['7,5,1', undefined],
    ['tám', undefined],
    ['', undefined],
  ])('number %j → %j', (text, n) => expect(parseTextNumber(text)).toBe(n));

  it.each([
    ['Họ và tên (*)', 'ho va ten'],
    ['  HỌ VÀ TÊN ', 'ho va ten'],
    ['Số định danh cá nhân/CCCD', 'so dinh danh ca nhan cccd'],
    ['Mã   dân tộc*', 'ma dan toc'],
  ])('header %j → %j', (h, n) => expect(normaliseHeader(h)).toBe(n));

  it('column letters both ways', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16384 }), (n) => {
        expect(columnNumber(columnLetter(n))).toBe(n);
      }),
    );
  });
});

describe('CSV splitting', () => {
  const encode = (records: string[][], sep: string) =>
    records.map((r) => r.map((f) => (/[",;\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(sep)).join('\r\n');

  it('any records survive encoding and splitting at any chunk boundaries', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ă', 'Đ', '"', ',', ';', '\n', '\r\n', ' ', '1') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(',', ';'),
        fc.integer({ min: 1, max: 9 }),
        (records, sep, chunk) => {
          const text = encode(records, sep);
          const s = new CsvSplitter(sep as ',' | ';');
          const out: string[][] = [];
          for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
          out.push(...s.end());
          expect(out).toEqual(records);
        },
      ),
    );
  });

  it.each([
    ['Mã;Họ và tên;Ngày sinh', ';'],
    ['Mã,Họ và tên,Ngày sinh', ','],
    ['"Họ, tên";Mã;Ngày', ';'],
  ])('delimiter of %j is %j', (line, sep) => expect(detectDelimiter(line)).toBe(sep));
});
