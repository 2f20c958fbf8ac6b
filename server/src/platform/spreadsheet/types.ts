/**
 * The shapes shared by the template writer, the xlsx and CSV readers and the export writer.
 * A module describes its sheet once (columns with Vietnamese headers and types) and uses the same
 * description to write the template, read uploads and export lists.
 */

export type ColumnType =
  /** Free text, trimmed, NFC. */
  | 'text'
  /** An identifier kept as text (CCCD, codes, phone): never a number; `digits` restores lost leading zeros. */
  | 'code'
  | 'integer'
  /** Decimal; '7,5' and '7.5' both read 7.5. */
  | 'number'
  /** A day: a real Excel date, an Excel serial, or text dd/mm/yyyy (also d/m/yyyy, d-m-yyyy, d.m.yyyy, yyyy-mm-dd) → 'yyyy-mm-dd'. */
  | 'date'
  /** One of `options` (matched by value or label, accent- and case-insensitive) → the option's value. */
  | 'enum'
  /** x / có / 1 / true / đúng → true; empty / không / 0 / false / sai → false. */
  | 'boolean';

export interface EnumOption {
  value: string;
  /** What the clerk sees in the dropdown. */
  label: string;
}

export interface ColumnSpec {
  /** The field name in the typed row. */
  key: string;
  /** The Vietnamese header as written in the template ("Họ và tên"). */
  header: string;
  /** Other headers accepted on upload (older templates, the MOET template's wording). */
  aliases?: string[];
  type: ColumnType;
  required?: boolean;
  /** For 'code': the declared number of digits; a shorter all-digit value is left-padded with zeros (and reported). */
  digits?: number;
  /** For 'enum'. */
  options?: EnumOption[];
  /** Column width in characters in the template and exports. */
  width?: number;
  /** A short hint shown as a note on the header cell and listed on the instructions sheet. */
  hint?: string;
}

export interface SheetSpec {
  /** Sheet name in the template; on upload the sheet is found by this name, else the first visible data sheet. */
  name: string;
  columns: ColumnSpec[];
  /** 1-based row of the headers (default 1); data starts on the next row. */
  headerRow?: number;
  /** Unknown columns on upload: an error naming each (default) or ignored. */
  extraColumns?: 'error' | 'ignore';
}

export interface SpreadsheetIssue {
  /** Sheet name (CSV: the file's sheet label, 'CSV'). */
  sheet: string;
  /** 1-based row as the clerk sees it in Excel; null for file-level issues. */
  row: number | null;
  /** Column letter (A, B, … AA); null when the issue is about a row or the file. */
  column: string | null;
  /** The column's header as the clerk wrote it (or the template's header when the column is missing). */
  columnLabel: string | null;
  /** An i18n key: platform.spreadsheet.* (see i18n/vi.json). */
  code: string;
  params: Record<string, string | number>;
  /** error: the file cannot be committed as it is; warning: read, but tell the clerk (leading zeros restored…). */
  severity: 'error' | 'warning';
}

export type CellValue = string | number | boolean | null;

export interface RowEvent {
  type: 'row';
  sheet: string;
  /** 1-based row number in the sheet (CSV: the line's record number, header = 1). */
  row: number;
  /** Typed values by column key; a missing or invalid cell is null. */
  values: Record<string, CellValue>;
  /** The cell-level issues of this row (also counted in `ok`). */
  issues: SpreadsheetIssue[];
  /** No error-severity issue on this row. */
  ok: boolean;
}

export interface IssueEvent {
  type: 'issue';
  issue: SpreadsheetIssue;
}

/**
 * What the readers yield, in file order. File-level issues (missing columns, merged cells — found
 * at the end of the sheet's XML) may come after rows: decide to commit only when the iteration ends.
 */
export type ReadEvent = RowEvent | IssueEvent;

export const INSTRUCTIONS_SHEET = 'Hướng dẫn';
export const LISTS_SHEET = 'DanhMuc';
