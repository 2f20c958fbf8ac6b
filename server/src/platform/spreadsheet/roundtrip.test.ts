import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createXlsxExport, readRows, type RowEvent, writeTemplate } from './index.ts';
import { studentSheet } from './tests/fixtures.ts';

/**
 * Files we write, opened by a second, independent reader (SheetJS), as issue 5 §7 asks:
 * what a clerk's Excel / LibreOffice / Google Sheets would see.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'gds-sheet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = [
  {
    code: 'HS001',
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '2014-03-05',
    sex: 'male',
    cccd: '001214000123',
    ethnicity: '01',
    average: 8.5,
    boarding: true,
  },
  {
    code: '0042',
    fullName: 'Hà Thị Ánh',
    dateOfBirth: '2013-12-31',
    sex: 'female',
    cccd: '024313000001',
    ethnicity: '05',
    average: 7,
    boarding: false,
  },
];

/** The raw XML of one part of the zip, through SheetJS' own container reader. */
const part = (buf: Buffer, name: string): string => {
  const wb = XLSX.read(buf, { type: 'buffer', bookFiles: true }) as XLSX.WorkBook & {
    files: Record<string, { content?: Uint8Array; _data?: { getContent(): Uint8Array } }>;
  };
  const f = wb.files[name] ?? wb.files[`/${name}`];
  if (!f) throw new Error(`${name} not in ${Object.keys(wb.files).join(', ')}`);
  return Buffer.from(f.content ?? f._data?.getContent() ?? []).toString('utf8');
};

describe('template round trip', () => {
  it('SheetJS sees the sheets, headers, text codes with their zeros, real dates, the hidden list sheet and the validations', async () => {
    const buf = await writeTemplate({
      title: 'Mẫu nhập học sinh',
      sheets: [studentSheet],
      instructions: ['Mỗi dòng một học sinh.'],
      rows: { 'Học sinh': rows },
    });
    const wb = XLSX.read(buf, { type: 'buffer', cellDates: true, cellNF: true, cellStyles: true });
    expect(wb.SheetNames).toEqual(['Học sinh', 'Hướng dẫn', 'DanhMuc']);
    expect(wb.Workbook?.Sheets?.map((s) => s.Hidden ?? 0)).toEqual([0, 0, 1]);
    const ws = wb.Sheets['Học sinh'] as XLSX.WorkSheet;
    expect(['A1', 'B1', 'C1', 'D1', 'E1'].map((a) => ws[a]?.v)).toEqual([
      'Mã học sinh (*)',
      'Họ và tên (*)',
      'Ngày sinh (*)',
      'Giới tính (*)',
      'Số định danh cá nhân',
    ]);
    expect(ws.A3).toMatchObject({ t: 's', v: '0042' });
    expect(ws.E2).toMatchObject({ t: 's', v: '001214000123' });
    expect(ws.F2).toMatchObject({ t: 's', v: '01' });
    expect(ws.C2?.t).toBe('d');
    expect((ws.C2 as XLSX.CellObject).v).toBeInstanceOf(Date);
    expect(((ws.C2 as XLSX.CellObject).v as Date).toISOString().slice(0, 10)).toBe('2014-03-05');
    expect(ws.C2?.z).toBe('dd/mm/yyyy');
    expect(ws.D3?.v).toBe('Nữ');
    expect(ws['!cols']?.[1]?.width).toBeCloseTo(28, 0);
    const lists = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.DanhMuc as XLSX.WorkSheet, { header: 1 });
    expect(lists).toEqual([['Nam', 'x'], ['Nữ']]);
    const guide = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['Hướng dẫn'] as XLSX.WorkSheet, { header: 1 });
    expect(guide[0]).toEqual(['Mẫu nhập học sinh']);
    expect(guide.some((r) => r[0] === 'Số định danh cá nhân' && r[3] === '12 chữ số')).toBe(true);

    const xml = part(buf, 'xl/worksheets/sheet1.xml');
    expect(xml).toMatch(/<dataValidation type="list"[^>]*sqref="D2:D1001"[^>]*>\s*<formula1>DanhMuc!\$A\$1:\$A\$2<\/formula1>/);
    expect(xml).toMatch(/<dataValidation type="date"[^>]*sqref="C2:C1001"/);
    expect(xml).toMatch(/<dataValidation type="textLength"[^>]*sqref="E2:E1001"/);
  });

  it('and our own reader reads the template back to the same rows', async () => {
    const buf = await writeTemplate({ title: 'x', sheets: [studentSheet], instructions: [], rows: { 'Học sinh': rows } });
    const out: RowEvent[] = [];
    for await (const e of readRows(buf, studentSheet)) if (e.type === 'row') out.push(e);
    expect(out.map((r) => r.values)).toEqual(rows);
    expect(out.every((r) => r.issues.length === 0)).toBe(true);
  });
});

describe('export: streaming writer, formula injection neutralised (OWASP CSV injection)', () => {
  it('cells starting with = + - @ TAB CR are text with a leading apostrophe; numbers stay numbers', async () => {
    const file = path.join(dir, 'export.xlsx');
    const ex = createXlsxExport({ filename: file }, 'Học sinh', studentSheet.columns);
    const evil = ['=HYPERLINK("http://x","y")', '+84912345678', '-2+3', '@SUM(A1)', '\t=1', '\r=1', 'Bình thường'];
    for (const [i, name] of evil.entries()) ex.addRow({ ...rows[0], code: `HS${i}`, fullName: name, average: -1.5 });
    await ex.commit();
    const wb = XLSX.read(readFileSync(file), { type: 'buffer', cellFormula: true, cellDates: true });
    const ws = wb.Sheets['Học sinh'] as XLSX.WorkSheet;
    const names = evil.map((_, i) => ws[`B${i + 2}`]);
    expect(names.map((c) => c?.v)).toEqual([
      '\'=HYPERLINK("http://x","y")',
      "'+84912345678",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
      'Bình thường',
    ]);
    expect(names.every((c) => c?.t === 's' && c.f === undefined)).toBe(true);
    expect(ws.G2).toMatchObject({ t: 'n', v: -1.5 });
    expect(ws.E2).toMatchObject({ t: 's', v: '001214000123' });
    expect((ws.C2 as XLSX.CellObject).v).toBeInstanceOf(Date);
    expect(((ws.C2 as XLSX.CellObject).v as Date).toISOString().slice(0, 10)).toBe('2014-03-05');
  });
});
