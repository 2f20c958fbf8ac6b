import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DATE_FORMAT } from './template.ts';
import type { ColumnSpec } from './types.ts';
import { neutralise } from './values.ts';

export interface XlsxExport {
  /** Adds one row (values by column key); rows are flushed to the stream as they come. */
  addRow(values: Record<string, unknown>): void;
  /** Finishes the file; resolves when everything is written. */
  commit(): Promise<void>;
}

/**
 * A streaming xlsx export (exceljs WorkbookWriter: rows are committed as they are added, so a
 * province's 400,000 students never sit in memory). Text goes through `neutralise` (formula
 * injection, OWASP): a text value beginning with = + - @ TAB or CR is written as text with a
 * leading apostrophe. Codes stay text (leading zeros kept), dates are real dates shown dd/mm/yyyy.
 * Pass `{ filename }` or `{ stream }` (e.g. the HTTP reply's raw stream).
 */
export function createXlsxExport(
  target: { stream: Writable } | { filename: string },
  sheetName: string,
  columns: ColumnSpec[],
): XlsxExport {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ ...target, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? Math.max(12, c.header.length + 4),
    style: c.type === 'date' ? { numFmt: DATE_FORMAT } : c.type === 'code' || c.type === 'text' ? { numFmt: '@' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return {
    addRow(values) {
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        const v = values[c.key];
        if (v === undefined || v === null) continue;
        if (c.type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
          row[c.key] = new Date(`${v}T00:00:00Z`);
        } else if (c.type === 'enum') {
          row[c.key] = neutralise(c.options?.find((o) => o.value === v)?.label ?? String(v));
        } else if (c.type === 'boolean') {
          row[c.key] = v ? 'x' : '';
        } else if ((c.type === 'integer' || c.type === 'number') && typeof v === 'number') {
          row[c.key] = v;
        } else {
          row[c.key] = neutralise(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
        }
      }
      ws.addRow(row).commit();
    },
    async commit() {
      ws.commit();
      await wb.commit();
    },
  };
}
