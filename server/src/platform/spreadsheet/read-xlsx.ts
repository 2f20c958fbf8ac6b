import { type Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { RowMapper } from './row-mapper.ts';
import { INSTRUCTIONS_SHEET, LISTS_SHEET, type ReadEvent, type SheetSpec } from './types.ts';
import { columnLetter, columnNumber } from './values.ts';
import { openXlsx, type XlsxParts } from './xlsx-parts.ts';

interface StreamedWorksheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * Two fixes around exceljs 4.4.0's worksheet reader, both on the XML text on its way in:
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

/** A zip entry as a stream of correctly decoded strings (for the parts exceljs reads through its own stream helper). */
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
 * Streams the rows of one sheet of an xlsx (a path, or a buffer for small files): constant memory
 * whatever the file's size (inline and shared strings, styles kept to tell dates).
 * The sheet is `spec.name`, else the first visible sheet that is not the instructions or list sheet.
 * Yields typed rows with their sheet and row number, and issues (see `ReadEvent`).
 */
export async function* readRows(input: string | Buffer, spec: SheetSpec): AsyncGenerator<ReadEvent> {
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

interface ReaderInternals {
  model?: { sheets?: Array<{ name: string; state?: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ value: StreamedWorksheet }>;
}

/** Where a relationship of xl/workbook.xml points, as a part name ("worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml"). */
const partOf = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);

async function* readSheet(input: string | Buffer, spec: SheetSpec): AsyncGenerator<ReadEvent> {
  const parts = await openXlsx(input);
  try {
    yield* readChosenSheet(parts, spec);
  } finally {
    parts.close();
  }
}

async function* readChosenSheet(parts: XlsxParts, spec: SheetSpec): AsyncGenerator<ReadEvent> {
  // exceljs keeps the cell typing (shared strings, dates told by their number format); the parts
  // are fed to it in dependency order, each decoded as UTF-8 across chunk boundaries
  const reader = new ExcelJS.stream.xlsx.WorkbookReader('', {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const text = async (name: string) => (await parts.open(name)).pipe(utf8Strings());
  await reader._parseRels(await text('xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(await text('xl/workbook.xml'));
  if (parts.has('xl/sharedStrings.xml')) for await (const _ of reader._parseSharedStrings(await text('xl/sharedStrings.xml'))) void _;
  if (parts.has('xl/styles.xml')) await reader._parseStyles(await text('xl/styles.xml'));

  const usable = (s: { name: string; state?: string }) =>
    s.state !== 'hidden' && s.state !== 'veryHidden' && s.name !== INSTRUCTIONS_SHEET && s.name !== LISTS_SHEET;
  // xl/workbook.xml lists every sheet in tab order
  const sheets = reader.model?.sheets ?? [];
  const sheet = sheets.find((s) => s.name === spec.name) ?? sheets.find(usable);
  const target = sheet && reader.workbookRels?.find((r) => r.Id === sheet.rId)?.Target;
  if (!sheet || !target || !parts.has(partOf(target))) {
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
    return;
  }
  const merges = new Set<string>();
  const rows = decodeAndWatchMerges(await parts.open(partOf(target)), merges);
  const [made] = [...reader._parseWorksheet(rows, /sheet(\d+)\.xml$/i.exec(target)?.[1] ?? '1')];
  const ws = made!.value;
  ws.name = sheet.name;
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
