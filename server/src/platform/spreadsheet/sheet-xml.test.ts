import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { readRows } from './read-xlsx.ts';
import { isDateFormat, SharedStringsScanner, type SheetRow, SheetXmlScanner, xmlText } from './sheet-xml.ts';
import type { SheetSpec } from './types.ts';

const ctx = {
  sharedStrings: ['Nguyễn Văn An', 'Hà Thị Ánh'],
  // style 1 is a date format in these samples
  isDateStyle: (s: number) => s === 1,
  date1904: false,
};

function scan(pieces: string[], context = ctx) {
  const scanner = new SheetXmlScanner(context);
  const rows: SheetRow[] = [];
  for (const p of pieces) rows.push(...scanner.push(p));
  rows.push(...scanner.end());
  return { rows, merges: scanner.merges };
}

const sheet = (data: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><cols><col min="1" max="3" width="12"/></cols><sheetData>${data}</sheetData>${after}</worksheet>`;

describe('worksheet XML scanner (ECMA-376 sheetData)', () => {
  it('types each cell as exceljs did: shared and inline strings, numbers, dates by style, booleans, errors, formulas', () => {
    const xml = sheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t xml:space="preserve"> Lò Thị Mai </t></is></c></row>' +
        '<row r="2" spans="1:6"><c r="A2"><v>8.5</v></c><c r="B2" s="1"><v>41703</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>' +
        '<c r="E2"><f>SUM(A2:A3)</f><v>17</v></c><c r="F2" t="str"><f>A1&amp;"x"</f><v>Nguyễn Văn Anx</v></c></row>' +
        '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0"/></c><c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C3" t="d"><v>2014-03-05T00:00:00</v></c></row>',
    );
    expect(scan([xml]).rows).toEqual([
      { number: 1, cells: ['Nguyễn Văn An', 'Hà Thị Ánh', ' Lò Thị Mai '] },
      {
        number: 2,
        cells: [
          8.5,
          new Date(Date.UTC(2014, 2, 5)),
          true,
          { error: '#N/A' },
          { formula: 'SUM(A2:A3)', result: 17 },
          { formula: 'A1&"x"', result: 'Nguyễn Văn Anx' },
        ],
      },
      { number: 3, cells: [{ formula: '' }, { error: '#DIV/0!' }, new Date(Date.UTC(2014, 2, 5))] },
    ]);
  });

  it('takes what exceljs got wrong: every run of an inline string (not phonetic runs), entities decoded once, optional references', () => {
    const xml = sheet(
      '<row><c t="inlineStr"><is><r><rPr><b/></rPr><t>Trần </t></r><r><t>Văn &amp;lt;B&amp;gt;</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>' +
        '<c><v>1</v></c><c r="E1"><v>2</v></c><c><v>3</v></c></row>' +
        '<row/><row><c t="str"><v>a&#x1EA1;&#7841;&lt;&gt;&quot;&apos;&amp;&unknown;</v></c></row>',
    );
    expect(scan([xml]).rows).toEqual([
      { number: 1, cells: ['Trần Văn &lt;B&gt;', 1, undefined, undefined, 2, 3] },
      { number: 2, cells: [] },
      { number: 3, cells: ['aạạ<>"\'&&unknown;'] },
    ]);
  });

  it('reads namespace-prefixed parts (Open XML SDK), comments and CDATA; collects merged ranges after the data', () => {
    const xml =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><!-- <row r="9"> -->' +
      '<x:row r="4"><x:c r="B4" t="inlineStr"><x:is><x:t>Đinh</x:t></x:is></x:c><x:c r="C4" s="1"><x:v>45000.5</x:v></x:c>' +
      '<x:c r="D4" t="inlineStr"><x:is><x:r><x:t>Hà </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Giang</x:t></x:r></x:is></x:c></x:row>' +
      '</x:sheetData><![CDATA[<row r="99">]]><x:mergeCells count="2"><x:mergeCell ref="B4:C4"/><x:mergeCell ref=\'A7:A9\'/></x:mergeCells></x:worksheet>';
    const { rows, merges } = scan([xml]);
    expect(rows).toEqual([{ number: 4, cells: [undefined, 'Đinh', new Date(Date.UTC(2023, 2, 15, 12)), 'Hà Giang'] }]);
    expect(merges).toEqual(['B4:C4', 'A7:A9']);
  });

  it('line ends inside values are read as XML says (CR LF and CR → LF; a &#13; stays)', () => {
    expect(xmlText('a\r\nb\rc&#13;d')).toBe('a\nb\nc\rd');
    expect(scan([sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Dòng 1\r\nDòng 2</t></is></c></row>')]).rows[0]?.cells).toEqual([
      'Dòng 1\nDòng 2',
    ]);
  });

  it('the 1904 date system (workbookPr date1904) moves serial days by 1,462', () => {
    const rows = scan([sheet('<row r="1"><c r="A1" s="1"><v>40241</v></c></row>')], { ...ctx, date1904: true }).rows;
    expect(rows[0]?.cells).toEqual([new Date(Date.UTC(2014, 2, 5))]);
  });

  it('a part cut off inside its data is damaged, not a shorter sheet', () => {
    const xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>');
    expect(() => scan([xml.slice(0, xml.indexOf('<row r="2"') + 20)])).toThrow(/ends inside/);
    expect(() => scan([xml.slice(0, xml.indexOf('</sheetData>'))])).toThrow(/ends inside/);
  });

  it('the same rows wherever the text is cut into pieces (a tag, a value, an entity or a letter split)', () => {
    const xml = sheet(
      Array.from(
        { length: 6 },
        (_, i) =>
          `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Nguyễn &amp; Phạm ${i}</t></is></c><c r="B${i + 1}" s="1"><v>${41703 + i}</v></c><c r="C${i + 1}" t="s"><v>${i % 2}</v></c></row>`,
      ).join(''),
      '<mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells>',
    );
    const whole = scan([xml]);
    expect(whole.rows).toHaveLength(6);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: xml.length - 1 }), { maxLength: 40 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), xml.length];
        const pieces = at.slice(1).map((end, k) => xml.slice(at[k], end));
        expect(scan(pieces)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('any text at all (broken tags, stray entities, cut-off parts) ends in rows or in an Error, never a hang', () => {
    const token = fc.constantFrom(
      '<',
      '>',
      '/',
      '</',
      '/>',
      '<row r="2">',
      '</row>',
      '<c r="B2" t="s">',
      '<c t="inlineStr">',
      '</c>',
      '<v>',
      '</v>',
      '<is>',
      '</is>',
      '<t>',
      '</t>',
      '<f/>',
      '<r>',
      '<rPh>',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<sheetData>',
      '</sheetData>',
      '<x:row>',
      '&amp;',
      '&#xZZ;',
      '&#99999999;',
      '"',
      "'",
      '=',
      ' ',
      'Ư',
      '7',
      'AA',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (tokens, pieces) => {
        const xml = tokens.join('');
        const size = Math.ceil(xml.length / pieces) || 1;
        try {
          scan(Array.from({ length: Math.ceil(xml.length / size) }, (_, k) => xml.slice(k * size, (k + 1) * size)));
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('shared strings (sst): plain, formatted runs, phonetic runs left out, empty, prefixed, entities; the same wherever the text is cut', () => {
    const xml =
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">' +
      '<si><t>Nguyễn Văn An</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Hà </t></r><r><t>Thị Ánh</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>' +
      '<si><t/></si><si/><x:si><x:t>Lò &amp; Mai</x:t></x:si><si><t>087214016918</t></si></sst>';
    const expected = ['Nguyễn Văn An', 'Hà Thị Ánh', '', '', 'Lò & Mai', '087214016918'];
    const whole = new SharedStringsScanner();
    whole.push(xml);
    expect(whole.end()).toEqual(expected);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: xml.length - 1 }), { maxLength: 30 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), xml.length];
        const scanner = new SharedStringsScanner();
        for (let k = 1; k < at.length; k++) scanner.push(xml.slice(at[k - 1], at[k]));
        expect(scanner.end()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('date formats told by their codes, not by quoted text, colours or escaped letters', () => {
    for (const f of ['dd/mm/yyyy', 'd/m/yy', 'DD/MM/YYYY', 'mmm yyyy', 'h:mm', '[h]:mm:ss', '[$-vi-VN]dd mmmm yyyy', 'yyyy-mm-dd hh:mm'])
      expect(isDateFormat(f), f).toBe(true);
    for (const f of [undefined, '', 'General', '0.00', '#,##0 "đồng"', '[Red]0.0', '0.00E+00', '@', '0\\ "ha"', '_(* #,##0_)'])
      expect(isDateFormat(f), String(f)).toBe(false);
  });
});

/** Text, numbers, booleans and dates a clerk's file holds, including XML's special characters. */
const cellValue = fc.oneof(
  fc
    .string({ unit: fc.constantFrom('a', 'ă', 'Ư', 'ệ', 'Đ', ' ', '&', '<', '>', '"', "'", '1', ';', '\n'), minLength: 1, maxLength: 12 })
    .filter((s) => s.trim() !== ''),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.integer({ min: Date.UTC(1950, 0, 1) / 86_400_000, max: Date.UTC(2100, 0, 1) / 86_400_000 }).map((d) => new Date(d * 86_400_000)),
);

describe('against two readers we did not write', () => {
  it('random sheets written by exceljs (shared or inline strings) read back cell for cell, as SheetJS reads them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.array(fc.option(cellValue, { nil: null }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 })
          .filter((g) => g.some((r) => r.some((v) => v !== null))),
        fc.boolean(),
        async (grid, shared) => {
          // exceljs's streaming writer: shared strings, or inline strings (<is><t>…) as large exports use
          const parts: Buffer[] = [];
          const stream = new PassThrough().on('data', (b: Buffer) => parts.push(b));
          const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: shared, useStyles: true });
          const ws = wb.addWorksheet('Dữ liệu');
          ws.addRow(['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Cột 5', 'Cột 6']).commit();
          for (const r of grid) ws.addRow(r).commit();
          ws.commit();
          await wb.commit();
          const buf = Buffer.concat(parts);

          // ours, through the public reader: every column as text keeps the raw value comparable
          const spec: SheetSpec = {
            name: 'Dữ liệu',
            columns: [1, 2, 3, 4, 5, 6].map((n) => ({ key: `c${n}`, header: `Cột ${n}`, type: 'text' as const })),
          };
          const ours: Array<Array<string | null>> = [];
          for await (const e of readRows(buf, spec)) {
            if (e.type === 'issue') throw new Error(e.issue.code);
            ours.push([1, 2, 3, 4, 5, 6].map((n) => e.values[`c${n}`] as string | null));
          }
          // SheetJS's cells for the same file, put the way the text column puts them
          // (dates as serial days: SheetJS 0.18 turns them into local midnights, a day off in some zones)
          const book = XLSX.read(buf, { type: 'buffer' });
          const sheetJs = XLSX.utils
            .sheet_to_json<unknown[]>(book.Sheets['Dữ liệu']!, { header: 1, raw: true, blankrows: false, defval: null })
            .slice(1);
          const asText = (v: unknown): string | null => {
            if (v === null || v === undefined) return null;
            if (v instanceof Date) return v.toISOString().slice(0, 10);
            const t = String(v).normalize('NFC').trim();
            return t === '' ? null : t;
          };
          const expected = grid.map((r) => [0, 1, 2, 3, 4, 5].map((i) => asText(r[i]))).filter((r) => r.some((v) => v !== null));
          expect(ours).toEqual(expected);
          const serial = (v: unknown) => (v instanceof Date ? v.getTime() / 86_400_000 + 25569 : v);
          expect(sheetJs.map((r) => [0, 1, 2, 3, 4, 5].map((i) => asText(r[i])))).toEqual(
            grid.map((r) => [0, 1, 2, 3, 4, 5].map((i) => asText(serial(r[i])))).filter((r) => r.some((v) => v !== null)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
