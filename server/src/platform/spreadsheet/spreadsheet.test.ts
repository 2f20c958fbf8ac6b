import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  checkSpreadsheetUpload,
  readCsvRows,
  readRows,
  type ReadEvent,
  type RowEvent,
  type SpreadsheetIssue,
  sniffFileType,
} from './index.ts';
import { good, handMade, headers, studentSheet } from './tests/fixtures.ts';

async function collect(events: AsyncIterable<ReadEvent>) {
  const rows: RowEvent[] = [];
  const issues: SpreadsheetIssue[] = [];
  for await (const e of events) {
    if (e.type === 'row') {
      rows.push(e);
      issues.push(...e.issues);
    } else issues.push(e.issue);
  }
  return { rows, issues };
}
const read = (buf: Buffer) => collect(readRows(buf, studentSheet));
const brief = (i: SpreadsheetIssue) => [i.sheet, i.row, i.column, i.columnLabel, i.code, i.severity];

describe('xlsx import: a corpus of good and broken files', () => {
  it('a good file: typed values with sheet name and row number, no issues', async () => {
    const { rows, issues } = await read(await handMade([headers, good]));
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      {
        type: 'row',
        sheet: 'Học sinh',
        row: 2,
        values: {
          code: 'HS001',
          fullName: 'Nguyễn Văn An',
          dateOfBirth: '2014-03-05',
          sex: 'male',
          cccd: '087214016918',
          ethnicity: '01',
          average: 8.5,
          boarding: true,
        },
        issues: [],
        ok: true,
      },
    ]);
  });

  it('missing column: a file-level error naming the template header', async () => {
    const { issues } = await read(await handMade([headers.filter((h) => h !== 'Ngày sinh'), ['HS001', 'An', 'Nam', '', '', '', '']]));
    expect(issues.map(brief)).toEqual([['Học sinh', null, null, 'Ngày sinh', 'platform.spreadsheet.missingColumn', 'error']]);
  });

  it('missing optional column: a warning', async () => {
    const { issues } = await read(await handMade([headers.filter((h) => h !== 'Nội trú'), good.slice(0, 7)]));
    expect(issues.map(brief)).toEqual([['Học sinh', null, null, 'Nội trú', 'platform.spreadsheet.missingOptionalColumn', 'warning']]);
  });

  it('extra column: an error at its header cell', async () => {
    const { issues } = await read(
      await handMade([
        [...headers.slice(0, 4), 'Ghi chú', ...headers.slice(4)],
        [...good.slice(0, 4), 'ngoan', ...good.slice(4)],
      ]),
    );
    expect(issues.map(brief)).toEqual([['Học sinh', 1, 'E', 'Ghi chú', 'platform.spreadsheet.unknownColumn', 'error']]);
  });

  it('repeated column: an error at the second one', async () => {
    const { issues } = await read(
      await handMade([
        [...headers, 'Họ và tên'],
        [...good, 'X'],
      ]),
    );
    expect(issues.map(brief)).toEqual([['Học sinh', 1, 'I', 'Họ và tên', 'platform.spreadsheet.duplicateColumn', 'error']]);
  });

  it('reordered columns, headers with other case/accents/(*) and an alias: mapped by header text', async () => {
    const order = [7, 6, 5, 4, 3, 2, 1, 0];
    const hs = order.map((i) => headers[i] as string);
    hs[hs.indexOf('Họ và tên')] = 'HO VA TEN (*)';
    hs[hs.indexOf('Số định danh cá nhân')] = 'Số CCCD';
    const { rows, issues } = await read(await handMade([hs, order.map((i) => good[i])]));
    expect(issues).toEqual([]);
    expect(rows[0]?.values).toMatchObject({ code: 'HS001', fullName: 'Nguyễn Văn An', cccd: '087214016918', dateOfBirth: '2014-03-05' });
  });

  it('merged cells in the data area: an error at the top-left cell, title merges above the header are fine', async () => {
    const buf = await handMade([['DANH SÁCH HỌC SINH'], headers, good, good, good], (ws) => {
      ws.mergeCells('A1:H1');
      ws.mergeCells('B4:C4');
    });
    const { issues } = await collect(readRows(buf, { ...studentSheet, headerRow: 2 }));
    // merging empties C4, which is reported too; the merge itself comes once the sheet's end is read
    expect(issues.map(brief)).toEqual([
      ['Học sinh', 4, 'C', 'Ngày sinh', 'platform.spreadsheet.required', 'error'],
      ['Học sinh', 4, 'B', 'Họ và tên', 'platform.spreadsheet.mergedCells', 'error'],
    ]);
    expect(issues[1]?.params).toEqual({ range: 'B4:C4' });
  });

  it('dates: real dates, Excel serials and text dd/mm/yyyy; impossible days named by cell', async () => {
    const rows = [
      headers,
      [...good.slice(0, 2), '05/03/2014', ...good.slice(3)],
      [...good.slice(0, 2), '5/3/2014', ...good.slice(3)],
      [...good.slice(0, 2), '05-03-2014', ...good.slice(3)],
      [...good.slice(0, 2), '2014-03-05', ...good.slice(3)],
      [...good.slice(0, 2), 41703, ...good.slice(3)], // Excel serial of 2014-03-05
      [...good.slice(0, 2), '31/02/2014', ...good.slice(3)],
      [...good.slice(0, 2), '05/03/14', ...good.slice(3)], // two-digit year: ambiguous
    ];
    const { rows: out, issues } = await read(await handMade(rows));
    expect(out.map((r) => r.values.dateOfBirth)).toEqual([
      '2014-03-05',
      '2014-03-05',
      '2014-03-05',
      '2014-03-05',
      '2014-03-05',
      null,
      null,
    ]);
    expect(issues.map(brief)).toEqual([
      ['Học sinh', 7, 'C', 'Ngày sinh', 'platform.spreadsheet.invalidDate', 'error'],
      ['Học sinh', 8, 'C', 'Ngày sinh', 'platform.spreadsheet.invalidDate', 'error'],
    ]);
  });

  it('numbers typed as text, numbers where text is expected', async () => {
    const { rows, issues } = await read(
      await handMade([headers, [12345, 'Lê Thị Bình', ...good.slice(2, 6), '7,5', 'có'], [...good.slice(0, 6), 'tám', '']]),
    );
    expect(rows[0]?.values).toMatchObject({ code: '12345', average: 7.5, boarding: true });
    expect(rows[1]?.values).toMatchObject({ average: null, boarding: false });
    expect(issues.map(brief)).toEqual([['Học sinh', 3, 'G', 'Điểm trung bình', 'platform.spreadsheet.notANumber', 'error']]);
  });

  it('leading zeros Excel dropped: restored to the declared width and reported', async () => {
    const { rows, issues } = await read(await handMade([headers, [...good.slice(0, 4), 87214016918, 1, ...good.slice(6)]]));
    expect(issues.map(brief)).toEqual([
      ['Học sinh', 2, 'E', 'Số định danh cá nhân', 'platform.spreadsheet.leadingZerosRestored', 'warning'],
      ['Học sinh', 2, 'F', 'Mã dân tộc', 'platform.spreadsheet.leadingZerosRestored', 'warning'],
    ]);
    expect(rows[0]?.values).toMatchObject({ cccd: '087214016918', ethnicity: '01' });
    expect(rows[0]?.ok).toBe(true);
    expect(issues[0]?.params).toEqual({ value: '87214016918', restored: '087214016918', digits: 12 });
  });

  it('formulas: the computed value is used (warning); a formula without a value is an error', async () => {
    const buf = await handMade([headers, good, good], (ws) => {
      ws.getCell('G2').value = { formula: '(8+9)/2', result: 8.5 } as ExcelJS.CellFormulaValue;
      ws.getCell('B3').value = { formula: 'CONCAT("Lê ","Na")' } as ExcelJS.CellFormulaValue;
    });
    const { rows, issues } = await read(buf);
    expect(rows[0]?.values.average).toBe(8.5);
    expect(issues.map(brief)).toEqual([
      ['Học sinh', 2, 'G', 'Điểm trung bình', 'platform.spreadsheet.formulaValueUsed', 'warning'],
      ['Học sinh', 3, 'B', 'Họ và tên', 'platform.spreadsheet.formulaWithoutValue', 'error'],
      ['Học sinh', 3, 'B', 'Họ và tên', 'platform.spreadsheet.required', 'error'],
    ]);
  });

  it('required cells, values outside the list, Excel error cells', async () => {
    const buf = await handMade([headers, ['HS9', '', good[2], 'Khác', ...good.slice(4)]], (ws) => {
      ws.getCell('G2').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
    });
    const { issues } = await read(buf);
    expect(issues.map(brief)).toEqual([
      ['Học sinh', 2, 'B', 'Họ và tên', 'platform.spreadsheet.required', 'error'],
      ['Học sinh', 2, 'D', 'Giới tính', 'platform.spreadsheet.notInList', 'error'],
      ['Học sinh', 2, 'G', 'Điểm trung bình', 'platform.spreadsheet.cellError', 'error'],
    ]);
  });

  it('blank rows are skipped; row numbers stay those Excel shows', async () => {
    const { rows } = await read(await handMade([headers, good, [], [], good]));
    expect(rows.map((r) => r.row)).toEqual([2, 5]);
  });

  it('header only → noDataRows; an empty sheet → noHeader; another sheet name → the first visible sheet is read', async () => {
    expect((await read(await handMade([headers]))).issues.map((i) => i.code)).toEqual(['platform.spreadsheet.noDataRows']);
    expect((await read(await handMade([]))).issues.map((i) => i.code)).toEqual(['platform.spreadsheet.noHeader']);
    const other = await read(await handMade([headers, good], undefined, 'Sheet1'));
    expect(other.rows.map((r) => [r.sheet, r.row])).toEqual([['Sheet1', 2]]);
  });

  it('a damaged xlsx: one "unreadable" issue, no exception', async () => {
    const buf = await handMade([headers, good]);
    const { issues } = await read(buf.subarray(0, buf.length / 2));
    expect(issues.map((i) => i.code)).toEqual(['platform.spreadsheet.unreadable']);
  });

  it('every one of 300 freshly written files reads back whole (exceljs#3064 lost a part about once in 400)', async () => {
    const lost: number[] = [];
    for (let n = 0; n < 300; n++) {
      const { rows, issues } = await read(await handMade([headers, [`HS${n}`, ...good.slice(1)]]));
      if (issues.length > 0 || rows[0]?.values.code !== `HS${n}`) lost.push(n);
    }
    expect(lost).toEqual([]);
  });
});

describe('file type by magic bytes', () => {
  it.each([
    ['a real xlsx', async () => handMade([headers]), 'xlsx', { ok: true, kind: 'xlsx' }],
    [
      'a PDF renamed to .xlsx',
      async () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'),
      'pdf',
      { ok: false, code: 'platform.spreadsheet.pdfFile', params: {} },
    ],
    ['an empty file', async () => Buffer.alloc(0), 'empty', { ok: false, code: 'platform.spreadsheet.emptyFile', params: {} }],
    ['a CSV', async () => Buffer.from('\ufeffMã học sinh;Họ và tên\nHS1;An\n'), 'csv', { ok: true, kind: 'csv' }],
    [
      'a legacy .xls',
      async () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'xls',
      { ok: false, code: 'platform.spreadsheet.legacyXls', params: {} },
    ],
    [
      'a .docx (zip without a workbook)',
      async () => Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.from('word/document.xml')]),
      'zip',
      { ok: false, code: 'platform.spreadsheet.otherZip', params: {} },
    ],
    [
      'a PNG',
      async () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]),
      'unknown',
      { ok: false, code: 'platform.spreadsheet.notXlsx', params: {} },
    ],
  ])('%s', async (_l, make, kind, check) => {
    const buf = await make();
    expect(sniffFileType(buf)).toBe(kind);
    expect(checkSpreadsheetUpload(buf)).toEqual(check);
  });

  it('takes a CSV longer than the 64 KiB it reads for a CSV, wherever a Vietnamese letter falls on that boundary', () => {
    // "ữ" is 3 bytes: every offset of it around byte 65,536 (and around 65,532, where a cut used to be made)
    for (let pad = 65_520; pad < 65_540; pad++) {
      const buf = Buffer.concat([Buffer.from('a'.repeat(pad)), Buffer.from('ữ,Nguyễn\n'.repeat(20))]);
      expect(sniffFileType(buf), `letter at byte ${pad}`).toBe('csv');
    }
    // a broken sequence inside the first 64 KiB is still refused: text, but not UTF-8
    expect(sniffFileType(Buffer.concat([Buffer.from('a'.repeat(1000)), Buffer.from([0xe1, 0x41]), Buffer.from('b'.repeat(70_000))]))).toBe(
      'csvLegacy',
    );
  });
});

describe('CSV import: the same row contract', () => {
  const csvRead = (text: string | Buffer, chunk = 7) => {
    const buf = typeof text === 'string' ? Buffer.from(text) : text;
    // small chunks: fields, quotes and multi-byte characters cut across chunk boundaries
    const parts: Buffer[] = [];
    for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
    return collect(readCsvRows(Readable.from(parts), studentSheet));
  };

  it.each([
    ['comma, no BOM', ','],
    ['semicolon with BOM (Excel, Vietnamese locale)', ';'],
  ])('%s', async (_l, sep) => {
    const bom = sep === ';' ? '\ufeff' : '';
    const text = `${bom}${headers.join(sep)}\r\nHS001${sep}"Nguyễn Văn ""Bờm"" An"${sep}05/03/2014${sep}Nữ${sep}87214016918${sep}1${sep}"7,5"${sep}x\r\n\r\nHS002${sep}"Lê Thị
Bình"${sep}31/02/2014${sep}Nam${sep}${sep}${sep}${sep}\n`;
    const { rows, issues } = await csvRead(text);
    expect(rows.map((r) => [r.sheet, r.row, r.ok])).toEqual([
      ['Học sinh', 2, true],
      ['Học sinh', 4, false],
    ]);
    expect(rows[0]?.values).toEqual({
      code: 'HS001',
      fullName: 'Nguyễn Văn "Bờm" An',
      dateOfBirth: '2014-03-05',
      sex: 'female',
      cccd: '087214016918',
      ethnicity: '01',
      average: 7.5,
      boarding: true,
    });
    expect(rows[1]?.values.fullName).toBe('Lê Thị\nBình');
    expect(issues.map(brief)).toEqual([
      ['Học sinh', 2, 'E', 'Số định danh cá nhân', 'platform.spreadsheet.leadingZerosRestored', 'warning'],
      ['Học sinh', 2, 'F', 'Mã dân tộc', 'platform.spreadsheet.leadingZerosRestored', 'warning'],
      ['Học sinh', 4, 'C', 'Ngày sinh', 'platform.spreadsheet.invalidDate', 'error'],
    ]);
  });

  it('a missing column in CSV names it too; a file without a final newline is read whole', async () => {
    const { rows, issues } = await csvRead(`${headers.filter((h) => h !== 'Giới tính').join(',')}\nHS1,An,01/01/2014,,,,`);
    expect(rows).toHaveLength(1);
    expect(issues.map(brief)).toEqual([['Học sinh', null, null, 'Giới tính', 'platform.spreadsheet.missingColumn', 'error']]);
  });
});
