import { type Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { RowMapper } from './row-mapper.ts';
import { INSTRUCTIONS_SHEET, LISTS_SHEET, type ReadEvent, type SheetSpec } from './types.ts';
import { columnLetter, columnNumber } from './values.ts';

interface StreamedWorksheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * Two fixes around exceljs 4.4.0's streaming reader, both on the XML text on its way in:
 * - it decodes each zip chunk on its own (utils/parse-sax.js), so a Vietnamese letter whose UTF-8
 *   bytes straddle two chunks becomes "N���" (seen 4 times in 100,000 rows): we hand it strings
 *   decoded with a streaming decoder instead (it passes strings through untouched);
 * - it skips <mergeCell>: we collect them as the XML goes by. They sit after <sheetData>, so they
 *   are known once the last row has been read.
 */
async function* decodeAndWatchMerges(source: AsyncIterable<Buffer | string>, merges: Set<string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let tail = '';
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const window = tail + text;
    for (const m of window.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/g)) merges.add(m[1] as string);
    tail = window.slice(-256);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** A zip entry as a stream of correctly decoded strings (for the shared-strings part). */
const utf8Strings = () => {
  const decoder = new StringDecoder('utf8');
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const s = decoder.write(chunk);
      done(null, s || undefined);
    },
    flush(done) {
      const s = decoder.end();
      done(null, s || undefined);
    },
  });
};

const parseRef = (ref: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  return { col: columnNumber(m?.[1] ?? 'A'), row: Number(m?.[2] ?? 0) };
};

/**
 * Streams the rows of one sheet of an xlsx (a path or a readable stream): constant memory whatever
 * the file's size (exceljs WorkbookReader; inline and shared strings, styles kept to tell dates).
 * The sheet is `spec.name`, else the first visible sheet that is not the instructions or list sheet.
 * Yields typed rows with their sheet and row number, and issues (see `ReadEvent`).
 */
export async function* readRows(input: string | Readable, spec: SheetSpec): AsyncGenerator<ReadEvent> {
  try {
    yield* readSheet(input, spec);
  } catch (err) {
    // a damaged zip or XML: one file-level issue, never a 500 (the error is not shown to the clerk)
    yield {
      type: 'issue',
      issue: {
        sheet: spec.name,
        row: null,
        column: null,
        columnLabel: null,
        code: 'platform.spreadsheet.unreadable',
        params: { reason: err instanceof Error ? err.message.slice(0, 200) : 'unknown' },
        severity: 'error',
      },
    };
  }
}

async function* readSheet(input: string | Readable, spec: SheetSpec): AsyncGenerator<ReadEvent> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const patched = reader as unknown as { _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> };
  const parseSharedStrings = patched._parseSharedStrings.bind(reader);
  patched._parseSharedStrings = (entry) => parseSharedStrings(entry.pipe(utf8Strings()));
  let chosen: string | undefined;
  let target: string | undefined;
  const usable = (name: string, state?: string) =>
    state !== 'hidden' && state !== 'veryHidden' && name !== INSTRUCTIONS_SHEET && name !== LISTS_SHEET;
  for await (const wsAny of reader) {
    const ws = wsAny as unknown as StreamedWorksheet;
    if (target === undefined) {
      // xl/workbook.xml (read before the sheets) lists every sheet in tab order
      const sheets = (reader as unknown as { model?: { sheets?: Array<{ name: string; state?: string }> } }).model?.sheets ?? [];
      target =
        sheets.find((s) => s.name === spec.name)?.name ??
        sheets.find((s) => usable(s.name, s.state))?.name ??
        (usable(ws.name, ws.state) ? ws.name : '');
    }
    if (chosen !== undefined || ws.name !== target) {
      // drain the sheet: the zip stream must keep flowing
      for await (const _ of ws) void _;
      continue;
    }
    chosen = ws.name;
    const merges = new Set<string>();
    ws.iterator = decodeAndWatchMerges(ws.iterator, merges);
    const mapper = new RowMapper(ws.name, spec);
    for await (const row of ws) {
      const cells: unknown[] = [];
      const values = row.values as unknown[];
      for (let i = 1; i < values.length; i++) cells.push(values[i]);
      yield* mapper.accept(row.number, cells);
    }
    const headerRow = spec.headerRow ?? 1;
    for (const range of merges) {
      const [a, b = a] = range.split(':') as [string, string?];
      const from = parseRef(a);
      const to = parseRef(b ?? a);
      if (to.row < headerRow || from.col > spec.columns.length + 20) continue;
      yield {
        type: 'issue',
        issue: {
          sheet: ws.name,
          row: from.row,
          column: columnLetter(from.col),
          columnLabel: mapper.labelOf(from.col),
          code: 'platform.spreadsheet.mergedCells',
          params: { range },
          severity: 'error',
        },
      };
    }
    yield* mapper.finish();
  }
  if (chosen === undefined) {
    yield {
      type: 'issue',
      issue: {
        sheet: spec.name,
        row: null,
        column: null,
        columnLabel: null,
        code: 'platform.spreadsheet.sheetMissing',
        params: { sheet: spec.name },
        severity: 'error',
      },
    };
  }
}
