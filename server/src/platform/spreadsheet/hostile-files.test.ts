import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n/translator.ts';
import vi from './i18n/vi.json' with { type: 'json' };
import { checkSpreadsheetUpload, readCsvRows, readRows, type ReadEvent, type SpreadsheetIssue, sniffFileType } from './index.ts';
import { good, handMade, headers, studentSheet, unzipAll, zipParts } from './tests/fixtures.ts';
import { XLSX_LIMITS } from './xlsx-parts.ts';

/** Issue 14 items 11, 12 (and 4 for files): hostile files are refused saying what they are. */
async function issuesOf(events: AsyncIterable<ReadEvent>): Promise<SpreadsheetIssue[]> {
  const out: SpreadsheetIssue[] = [];
  for await (const e of events) out.push(...(e.type === 'row' ? e.issues : [e.issue]));
  return out;
}
const translator = createTranslator([]);
const say = (code: string, params: Record<string, unknown> = {}) => translator.t('vi', code, params);

/** The headers without marks, so that their bytes are the same in every 8-bit code page. */
const plainHeaders = headers.map((h) => h.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd')).join(',');
/** Windows-1258 bytes of "Nguyễn": ê (0xEA) + combining tilde (0xDE): 8-bit, not UTF-8. */
const cp1258 = Buffer.concat([
  Buffer.from(`${plainHeaders}\r\nHS001,Nguy`, 'latin1'),
  Buffer.from([0xea, 0xde, 0x6e]),
  Buffer.from(',05/03/2014,Nam\r\n'),
]);
const csvText = `${headers.join(',')}\r\nHS001,Nguyễn Văn An,05/03/2014,Nam\r\n`;

describe('files that are not what their name says (item 11)', () => {
  it.each([
    [
      'a web page saved as .xls',
      Buffer.from(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><table><tr><td>Mã học sinh</td></tr></table></body></html>',
      ),
      'html',
      'platform.spreadsheet.htmlFile',
    ],
    [
      'an HTML file with a BOM and a doctype',
      Buffer.from('\ufeff\n  <!DOCTYPE html><html><head><meta charset="utf-8"></head></html>'),
      'html',
      'platform.spreadsheet.htmlFile',
    ],
    [
      'a "Single File Web Page" (.mht)',
      Buffer.from('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n'),
      'html',
      'platform.spreadsheet.htmlFile',
    ],
    [
      'an XML Spreadsheet 2003',
      Buffer.from(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
      ),
      'xml',
      'platform.spreadsheet.xmlFile',
    ],
    [
      'a CSV in UTF-16 LE with its BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText, 'utf16le')]),
      'csvUtf16',
      'platform.spreadsheet.csvUtf16',
    ],
    [
      'a CSV in UTF-16 BE with its BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csvText, 'utf16le').swap16()]),
      'csvUtf16',
      'platform.spreadsheet.csvUtf16',
    ],
    ['a CSV in UTF-16 LE without a BOM', Buffer.from(csvText, 'utf16le'), 'csvUtf16', 'platform.spreadsheet.csvUtf16'],
    ['a CSV in Windows-1258', cp1258, 'csvLegacy', 'platform.spreadsheet.csvLegacyEncoding'],
    [
      'a CSV in TCVN3',
      Buffer.from(`${plainHeaders}\r\nHS001,Ng\u00abn V\u00a8n An,05/03/2014,Nam\r\n`, 'latin1'),
      'csvLegacy',
      'platform.spreadsheet.csvLegacyEncoding',
    ],
    ['a renamed PDF', Buffer.from('%PDF-1.4\n%%EOF'), 'pdf', 'platform.spreadsheet.pdfFile'],
    ['a .docx', Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.from('word/document.xml')]), 'zip', 'platform.spreadsheet.otherZip'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'unknown', 'platform.spreadsheet.notXlsx'],
  ])('%s: refused as what it is, in Vietnamese with no English word', (_label, buf, kind, code) => {
    expect(sniffFileType(buf)).toBe(kind);
    const check = checkSpreadsheetUpload(buf);
    expect(check).toEqual({ ok: false, code, params: {} });
    const message = say(code);
    expect(message).not.toBe(code);
    expect(message).not.toMatch(/\b(unknown|detected|file|zip bomb|workbook|save as|sheet)\b/i);
  });

  it('takes the first 64 KiB of a longer UTF-8 CSV whose last character is cut at the boundary', () => {
    // cut inside a character: Vietnamese letters take 2–3 bytes in UTF-8
    const whole = Buffer.from(`ho_ten\n${'Đặng Thị Hằng ă\n'.repeat(5000)}`, 'utf8');
    let cut = 64 * 1024;
    while ((whole[cut]! & 0xc0) !== 0x80) cut--;
    const head = whole.subarray(0, cut);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(head)).toThrow();
    expect(checkSpreadsheetUpload(head, ['csv'], true)).toEqual({ ok: true, kind: 'csv' });
    expect(sniffFileType(head)).toBe('csvLegacy');
  });

  it('still takes a plain UTF-8 CSV, with or without BOM', () => {
    expect(checkSpreadsheetUpload(Buffer.from(csvText))).toEqual({ ok: true, kind: 'csv' });
    expect(checkSpreadsheetUpload(Buffer.from(`\ufeff${csvText}`))).toEqual({ ok: true, kind: 'csv' });
  });

  it('no Vietnamese spreadsheet message holds an English word for a kind of file', () => {
    for (const [code, text] of Object.entries(vi)) expect(text, code).not.toMatch(/\b(unknown|detected|Workbook)\b/);
  });

  it.each([
    [
      'a DOCTYPE with entities in the sheet',
      'xl/worksheets/sheet1.xml',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
    ],
    ['an external entity in the shared strings', 'xl/sharedStrings.xml', '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'],
    ['a DOCTYPE in the workbook part', 'xl/workbook.xml', '<!DOCTYPE workbook>'],
  ])('a workbook with %s is refused naming the part', async (_label, part, declaration) => {
    const parts = await unzipAll(await handMade([headers, good]));
    const xml =
      parts.get(part)?.toString('utf8') ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst count="0" uniqueCount="0"></sst>';
    // after the XML declaration, before the root element: where a DOCTYPE goes
    parts.set(part, Buffer.from(xml.replace(/^(<\?xml[^>]*\?>)?/, (d) => `${d}\n${declaration}\n`)));
    const issues = await issuesOf(readRows(zipParts(parts), studentSheet));
    expect(issues.map((i) => [i.code, i.params])).toEqual([['platform.spreadsheet.xmlDeclarations', { part }]]);
    expect(say(issues[0]!.code, issues[0]!.params)).toContain(`«${part}»`);
  });
});

describe('decompression bombs (item 12)', () => {
  it('refuses a sheet compressed far beyond an ordinary workbook, before inflating it', async () => {
    const parts = await unzipAll(await handMade([headers, good]));
    // 64 MB of one repeated row: ≈ 1000:1, what a bomb looks like (a real 400,000-row sheet is ≈ 6.5:1)
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    parts.set(
      'xl/worksheets/sheet1.xml',
      Buffer.from(sheet.replace('</sheetData>', `${row.repeat((64 * 1024 * 1024) / row.length)}</sheetData>`)),
    );
    const bomb = zipParts(parts);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const issues = await issuesOf(readRows(bomb, studentSheet));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'platform.spreadsheet.compressionRatio',
      params: { part: 'xl/worksheets/sheet1.xml', limit: XLSX_LIMITS.ratio },
    });
    expect(Number(issues[0]!.params.ratio)).toBeGreaterThan(XLSX_LIMITS.ratio);
    expect(say(issues[0]!.code, issues[0]!.params)).toMatch(/bom giải nén/);
  });

  it('refuses a workbook whose parts declare more than the uncompressed limit', async () => {
    const buf = await handMade([headers, good]);
    const saved = XLSX_LIMITS.uncompressedBytes;
    // the limit lowered to below this small file's size stands for the 1 GiB one
    XLSX_LIMITS.uncompressedBytes = 4096;
    try {
      const issues = await issuesOf(readRows(buf, studentSheet));
      expect(issues.map((i) => i.code)).toEqual(['platform.spreadsheet.tooLargeUncompressed']);
    } finally {
      XLSX_LIMITS.uncompressedBytes = saved;
    }
    expect((await issuesOf(readRows(buf, studentSheet))).map((i) => i.code)).toEqual([]);
  });
});

describe('U+0000 in an imported file (item 4)', () => {
  it('is refused cell by cell with its row and column, in xlsx and CSV', async () => {
    // Excel and exceljs never write U+0000; a hand-made file can, as the character reference &#0;
    const parts = await unzipAll(await handMade([headers, good, ['HS002', 'Lê Bình', '05/03/2014', 'Nam']]));
    for (const [name, xml] of parts) parts.set(name, Buffer.from(xml.toString('utf8').replace('Lê Bình', 'Lê&#0;Bình')));
    const xlsx = await issuesOf(readRows(zipParts(parts), studentSheet));
    expect(xlsx.map((i) => [i.row, i.column, i.columnLabel, i.code])).toEqual([[3, 'B', 'Họ và tên', 'platform.spreadsheet.nulCharacter']]);
    const csv = await issuesOf(
      readCsvRows(
        Readable.from([Buffer.from(`${headers.join(',')}\nHS001,An,05/03/2014,Nam\nHS\u00002,Bình,05/03/2014,Nam\n`)]),
        studentSheet,
      ),
    );
    expect(csv.map((i) => [i.row, i.column, i.code])).toEqual([[3, 'A', 'platform.spreadsheet.nulCharacter']]);
  });
});
