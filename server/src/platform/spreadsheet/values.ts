import type { CellValue, ColumnSpec, SpreadsheetIssue } from './types.ts';

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** 'AA' → 27. */
export function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** Accent-, case-, punctuation- and space-insensitive ('Họ và tên (*)' = 'ho va ten'). */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐðÐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Formula injection (OWASP "CSV Injection"): a text cell whose first character is = + - @, TAB
 * (0x09) or CR (0x0D) is written with a leading apostrophe (') so that no spreadsheet program —
 * nor a clerk pressing F2 + Enter, nor a later CSV save — evaluates it. Only text is touched:
 * numbers and dates are written as typed values and are never prefixed. The apostrophe is visible;
 * readers of our own exports strip it back (`unneutralise`). A text that already starts with
 * apostrophes before such a character ("'-") gets one more, so that stripping one gives it back.
 */
export function neutralise(text: string): string {
  return /^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export const unneutralise = (text: string): string => (/^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

/** A raw cell, before typing: what exceljs gives (string, number, Date, boolean, rich text, formula…) or CSV text. */
export type RawCell = unknown;

export interface CellContext {
  sheet: string;
  row: number;
  column: string;
  columnLabel: string;
}

type IssueSink = (code: string, params?: Record<string, string | number>, severity?: 'error' | 'warning') => void;

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDay = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** An Excel serial day number (1900 system; 1 = 1900-01-01, with Excel's fictitious 1900-02-29) → ISO day. */
export function excelSerialToIso(serial: number): string {
  // Excel counts a 29 February 1900 that never was: serials before it are one day early
  const day = Math.floor(serial) < 60 ? Math.floor(serial) + 1 : Math.floor(serial);
  const ms = Math.round((day - 25569) * 86_400_000);
  const d = new Date(ms);
  return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Text a clerk typed as a date: dd/mm/yyyy (d/m/yyyy, with / - or .) or yyyy-mm-dd. */
export function parseTextDate(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? isoDay(y, mo, d) : undefined;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? isoDay(y, mo, d) : undefined;
  }
  return undefined;
}

/** '7,5' / '7.5' / '1.234,5' / '1,234.5' / '1 234' → number; undefined when not a number. */
export function parseTextNumber(text: string): number | undefined {
  const t = text.trim().replace(/[\s\u00a0]/g, '');
  if (/^-?\d+([.,]\d+)?$/.test(t)) return Number(t.replace(',', '.'));
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return undefined;
}

const truthy = new Set(['x', 'co', 'c', '1', 'true', 'dung', 'yes', 'y']);
const falsy = new Set(['', 'khong', 'k', '0', 'false', 'sai', 'no', 'n']);

/**
 * Unwraps what exceljs gives for a cell: rich text → its text, hyperlink → its text, formula → its
 * cached result (reported), error → reported. Returns the plain value or undefined for "no value".
 */
export function plainValue(raw: RawCell, issue: IssueSink): string | number | boolean | Date | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw instanceof Date) return raw;
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) {
      const result = o.result;
      if (result === undefined || result === null || (typeof result === 'object' && !(result instanceof Date))) {
        issue('platform.spreadsheet.formulaWithoutValue', { formula: String(o.formula ?? o.sharedFormula ?? '') });
        return undefined;
      }
      issue('platform.spreadsheet.formulaValueUsed', { formula: String(o.formula ?? o.sharedFormula ?? '') }, 'warning');
      return result as string | number | boolean | Date;
    }
    if ('error' in o) {
      issue('platform.spreadsheet.cellError', { error: String(o.error) });
      return undefined;
    }
    if ('text' in o) return plainValue(o.text, issue);
  }
  return String(raw);
}

/** Types one cell for its column; issues go to `issue`; invalid → null. */
export function coerceCell(raw: RawCell, col: ColumnSpec, issue: IssueSink): CellValue {
  const v = plainValue(raw, issue);
  const text = v === undefined ? '' : typeof v === 'string' ? v.normalize('NFC').trim() : v instanceof Date ? '' : String(v);
  if (v === undefined || (typeof v === 'string' && text === '')) {
    if (col.type === 'boolean') return false;
    if (col.required) issue('platform.spreadsheet.required');
    return null;
  }
  switch (col.type) {
    case 'text':
      return v instanceof Date ? excelSerialToIso(v.getTime() / 86_400_000 + 25569) : text;
    case 'code': {
      let code = typeof v === 'number' ? (Number.isInteger(v) ? v.toFixed(0) : String(v)) : text;
      if (col.digits && /^\d+$/.test(code) && code.length < col.digits) {
        const restored = code.padStart(col.digits, '0');
        issue('platform.spreadsheet.leadingZerosRestored', { value: code, restored, digits: col.digits }, 'warning');
        code = restored;
      }
      return code;
    }
    case 'integer':
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseTextNumber(v) : undefined;
      if (n === undefined || !Number.isFinite(n)) {
        issue('platform.spreadsheet.notANumber', { value: text });
        return null;
      }
      if (col.type === 'integer' && !Number.isInteger(n)) {
        issue('platform.spreadsheet.notAnInteger', { value: text });
        return null;
      }
      return n;
    }
    case 'date': {
      if (v instanceof Date) return isoDay(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
      if (typeof v === 'number') {
        if (v >= 1 && v < 110_000) return excelSerialToIso(v);
        issue('platform.spreadsheet.invalidDate', { value: text });
        return null;
      }
      const iso = parseTextDate(text);
      if (!iso) issue('platform.spreadsheet.invalidDate', { value: text });
      return iso ?? null;
    }
    case 'enum': {
      const wanted = normaliseHeader(text);
      const hit = (col.options ?? []).find((o) => normaliseHeader(o.value) === wanted || normaliseHeader(o.label) === wanted);
      if (!hit) {
        issue('platform.spreadsheet.notInList', { value: text, options: (col.options ?? []).map((o) => o.label).join(', ') });
        return null;
      }
      return hit.value;
    }
    case 'boolean': {
      const b = normaliseHeader(text);
      if (truthy.has(b)) return true;
      if (falsy.has(b)) return false;
      issue('platform.spreadsheet.notABoolean', { value: text });
      return null;
    }
  }
}

/** Header row → column mapping; issues for missing, unknown and repeated columns. */
export function mapHeaders(
  headers: Array<{ index: number; text: string }>,
  columns: ColumnSpec[],
  ctx: { sheet: string; row: number; extraColumns: 'error' | 'ignore' },
): { byIndex: Map<number, ColumnSpec>; labels: Map<number, string>; issues: SpreadsheetIssue[] } {
  const wanted = new Map<string, ColumnSpec>();
  for (const c of columns) for (const h of [c.header, ...(c.aliases ?? [])]) wanted.set(normaliseHeader(h), c);
  const byIndex = new Map<number, ColumnSpec>();
  const labels = new Map<number, string>();
  const seen = new Map<string, number>();
  const issues: SpreadsheetIssue[] = [];
  const at = (
    index: number | null,
    label: string | null,
    code: string,
    params: Record<string, string | number>,
    severity: 'error' | 'warning' = 'error',
  ) =>
    issues.push({
      sheet: ctx.sheet,
      row: index === null ? null : ctx.row,
      column: index === null ? null : columnLetter(index),
      columnLabel: label,
      code,
      params,
      severity,
    });
  for (const { index, text } of headers) {
    const norm = normaliseHeader(text);
    if (norm === '') continue;
    const col = wanted.get(norm);
    if (!col) {
      if (ctx.extraColumns === 'error') at(index, text, 'platform.spreadsheet.unknownColumn', { header: text });
      continue;
    }
    const before = seen.get(col.key);
    if (before !== undefined) {
      at(index, text, 'platform.spreadsheet.duplicateColumn', { header: text, first: columnLetter(before) });
      continue;
    }
    seen.set(col.key, index);
    byIndex.set(index, col);
    labels.set(index, text.trim());
  }
  for (const c of columns) {
    if (seen.has(c.key)) continue;
    if (c.required) at(null, c.header, 'platform.spreadsheet.missingColumn', { header: c.header });
    else at(null, c.header, 'platform.spreadsheet.missingOptionalColumn', { header: c.header }, 'warning');
  }
  return { byIndex, labels, issues };
}
