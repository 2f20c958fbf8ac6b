import ExcelJS from 'exceljs';
import { columnLetter, neutralise } from './values.ts';
import { type ColumnSpec, INSTRUCTIONS_SHEET, LISTS_SHEET, type SheetSpec } from './types.ts';

export interface WorkbookSpec {
  /** Workbook title, first line of the instructions sheet. */
  title: string;
  sheets: SheetSpec[];
  /** Lines of the "Hướng dẫn" sheet, before the generated per-column table. */
  instructions: string[];
  /** Rows with dropdown / format validations prepared (default 1000). */
  validationRows?: number;
  /** Pre-filled rows by sheet name (a re-export to fix, examples). */
  rows?: Record<string, Array<Record<string, unknown>>>;
}

export const DATE_FORMAT = 'dd/mm/yyyy';

function numFmtOf(c: ColumnSpec): string | undefined {
  if (c.type === 'code' || c.type === 'text' || c.type === 'enum') return '@'; // text: Excel keeps leading zeros
  if (c.type === 'date') return DATE_FORMAT;
  if (c.type === 'integer') return '0';
  if (c.type === 'number') return '0.##';
  return undefined;
}

const typeLabel: Record<ColumnSpec['type'], string> = {
  text: 'Chữ',
  code: 'Mã (giữ nguyên số 0 ở đầu)',
  integer: 'Số nguyên',
  number: 'Số',
  date: 'Ngày (dd/mm/yyyy)',
  enum: 'Chọn trong danh sách',
  boolean: 'Đánh dấu x nếu có',
};

/**
 * An xlsx template: one sheet per `SheetSpec` (bold frozen Vietnamese headers, widths, text format
 * on code columns, dd/mm/yyyy dates, dropdowns whose lists live on a hidden sheet), then the
 * "Hướng dẫn" sheet (instructions + one line per column), then the hidden list sheet.
 */
export async function writeTemplate(spec: WorkbookSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Giáo Dục Số';
  const n = spec.validationRows ?? 1000;
  const listValues: string[][] = [];
  let listColumn = 0;
  const listRanges = new Map<ColumnSpec, string>();
  for (const sheet of spec.sheets) {
    for (const c of sheet.columns) {
      const values = c.type === 'enum' ? (c.options ?? []).map((o) => o.label) : c.type === 'boolean' ? ['x'] : [];
      if (values.length === 0) continue;
      listColumn += 1;
      const L = columnLetter(listColumn);
      listValues.push(values);
      listRanges.set(c, `${LISTS_SHEET}!$${L}$1:$${L}$${values.length}`);
    }
  }

  for (const sheet of spec.sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: sheet.headerRow ?? 1 }] });
    const headerRow = sheet.headerRow ?? 1;
    // typed in exceljs' index.d.ts only on cells; the worksheet-level collection takes ranges ('C2:C1001')
    const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    sheet.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? Math.max(12, c.header.length + 4);
      const fmt = numFmtOf(c);
      if (fmt) col.numFmt = fmt;
      const cell = ws.getCell(headerRow, i + 1);
      cell.value = c.required ? `${c.header} (*)` : c.header;
      cell.font = { bold: true };
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
      cell.numFmt = 'General';
      if (c.hint) cell.note = c.hint;
      const L = columnLetter(i + 1);
      const range = `${L}${headerRow + 1}:${L}${headerRow + n}`;
      const list = listRanges.get(c);
      if (list) {
        validations.add(range, {
          type: 'list',
          allowBlank: !c.required,
          formulae: [list],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: c.header,
          error: 'Vui lòng chọn một giá trị trong danh sách.',
        });
      } else if (c.type === 'date') {
        validations.add(range, {
          type: 'date',
          operator: 'greaterThan',
          allowBlank: !c.required,
          formulae: [new Date(Date.UTC(1900, 0, 1))],
          showErrorMessage: true,
          errorTitle: c.header,
          error: 'Nhập ngày theo dạng dd/mm/yyyy.',
        });
      } else if (c.type === 'code' && c.digits) {
        validations.add(range, {
          type: 'textLength',
          operator: 'equal',
          allowBlank: !c.required,
          formulae: [c.digits],
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: c.header,
          error: `Cần đúng ${c.digits} chữ số.`,
        });
      }
    });
    for (const [r, row] of (spec.rows?.[sheet.name] ?? []).entries()) {
      sheet.columns.forEach((c, i) => {
        const v = row[c.key];
        if (v === undefined || v === null) return;
        const cell = ws.getCell(headerRow + 1 + r, i + 1);
        if (c.type === 'date' && typeof v === 'string') {
          const [y, m, d] = v.split('-').map(Number);
          cell.value = new Date(Date.UTC(y ?? 1900, (m ?? 1) - 1, d ?? 1));
        } else if (c.type === 'enum') {
          cell.value = c.options?.find((o) => o.value === v)?.label ?? String(v);
        } else if (c.type === 'boolean') {
          cell.value = v ? 'x' : '';
        } else {
          cell.value = typeof v === 'string' ? neutralise(v) : (v as number);
        }
      });
    }
  }

  const guide = wb.addWorksheet(INSTRUCTIONS_SHEET);
  guide.getColumn(1).width = 28;
  guide.getColumn(2).width = 26;
  guide.getColumn(3).width = 10;
  guide.getColumn(4).width = 70;
  guide.addRow([spec.title]).font = { bold: true, size: 14 };
  for (const line of spec.instructions) guide.addRow([line]);
  guide.addRow([]);
  for (const sheet of spec.sheets) {
    guide.addRow([`Trang "${sheet.name}"`]).font = { bold: true };
    guide.addRow(['Cột', 'Kiểu dữ liệu', 'Bắt buộc', 'Ghi chú']).font = { bold: true };
    for (const c of sheet.columns) {
      const options = c.type === 'enum' ? `Một trong: ${(c.options ?? []).map((o) => o.label).join('; ')}` : '';
      guide.addRow([c.header, typeLabel[c.type], c.required ? 'Có' : '', [c.hint, options].filter(Boolean).join(' ')]);
    }
    guide.addRow([]);
  }
  // the data sheets open first; the (hidden) list sheet goes last
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  listValues.forEach((values, c) => {
    values.forEach((v, r) => {
      lists.getCell(r + 1, c + 1).value = v;
    });
  });
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
