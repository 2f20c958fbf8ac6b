import { coerceCell, columnLetter, mapHeaders, type RawCell } from './values.ts';
import type { CellValue, ColumnSpec, ReadEvent, SheetSpec, SpreadsheetIssue } from './types.ts';

const holdsNul = (cell: RawCell): boolean =>
  typeof cell === 'string'
    ? cell.includes('\u0000')
    : typeof cell === 'object' && cell !== null && 'richText' in cell
      ? (cell as { richText: Array<{ text: string }> }).richText.some((r) => r.text.includes('\u0000'))
      : false;

/**
 * The part both readers share: the first non-empty row at or after `headerRow` is the header row;
 * each later row becomes a typed `RowEvent`. Entirely blank rows are skipped.
 */
export class RowMapper {
  private byIndex: Map<number, ColumnSpec> | undefined;
  private labels = new Map<number, string>();
  private readonly headerRow: number;
  dataRows = 0;

  constructor(
    readonly sheet: string,
    readonly spec: SheetSpec,
  ) {
    this.headerRow = spec.headerRow ?? 1;
  }

  /** The header the clerk wrote over column `index` (1-based), if it is one of ours. */
  labelOf(index: number): string | null {
    return this.labels.get(index) ?? null;
  }

  get headerFound(): boolean {
    return this.byIndex !== undefined;
  }

  /** `cells[i]` is the raw value of column i + 1 (A = index 0). */
  *accept(rowNumber: number, cells: RawCell[]): Generator<ReadEvent> {
    if (rowNumber < this.headerRow) return;
    const blank = cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
    if (!this.byIndex) {
      if (blank) return;
      const headers = cells.map((c, i) => ({
        index: i + 1,
        text:
          c === null || c === undefined
            ? ''
            : typeof c === 'object' && c && 'richText' in c
              ? (c as { richText: Array<{ text: string }> }).richText.map((r) => r.text).join('')
              : String(c),
      }));
      const mapped = mapHeaders(headers, this.spec.columns, {
        sheet: this.sheet,
        row: rowNumber,
        extraColumns: this.spec.extraColumns ?? 'error',
      });
      this.byIndex = mapped.byIndex;
      this.labels = mapped.labels;
      for (const issue of mapped.issues) yield { type: 'issue', issue };
      return;
    }
    if (blank) return;
    this.dataRows += 1;
    const values: Record<string, CellValue> = {};
    for (const c of this.spec.columns) values[c.key] = null;
    const issues: SpreadsheetIssue[] = [];
    for (const [index, col] of this.byIndex) {
      const label = this.labels.get(index) ?? col.header;
      const sink = (code: string, params: Record<string, string | number> = {}, severity: 'error' | 'warning' = 'error') =>
        issues.push({ sheet: this.sheet, row: rowNumber, column: columnLetter(index), columnLabel: label, code, params, severity });
      // PostgreSQL cannot store U+0000 in text: refused here, cell by cell, as the API refuses it field by field.
      if (holdsNul(cells[index - 1])) sink('platform.spreadsheet.nulCharacter');
      else values[col.key] = coerceCell(cells[index - 1], col, sink);
    }
    yield { type: 'row', sheet: this.sheet, row: rowNumber, values, issues, ok: !issues.some((i) => i.severity === 'error') };
  }

  /** After the last row: a sheet with no header or no data is an error. */
  *finish(): Generator<ReadEvent> {
    const at = (code: string): ReadEvent => ({
      type: 'issue',
      issue: { sheet: this.sheet, row: null, column: null, columnLabel: null, code, params: {}, severity: 'error' },
    });
    if (!this.byIndex) yield at('platform.spreadsheet.noHeader');
    else if (this.dataRows === 0) yield at('platform.spreadsheet.noDataRows');
  }
}
