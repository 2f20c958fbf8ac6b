import { type Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { RowMapper } from './row-mapper.ts';
import { isDateFormat, SharedStringsScanner, SheetXmlScanner } from './sheet-xml.ts';
import { INSTRUCTIONS_SHEET, LISTS_SHEET, type ReadEvent, type SheetSpec } from './types.ts';
import { columnLetter, columnNumber } from './values.ts';
import { openXlsx, SpreadsheetRefusal, type XlsxParts } from './xlsx-parts.ts';

/**
 * A zip entry as a stream of correctly decoded strings. Its prolog (the text before the root
 * element) may not declare a DOCTYPE or entities: Excel never writes one, and entity expansion
 * ("billion laughs") or external entities are how XML parsers are attacked.
 */
const utf8Strings = (part: string) => {
  const decoder = new StringDecoder('utf8');
  let inProlog = true;
  let tail = '';
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const s = decoder.write(chunk);
      if (inProlog && s) {
        const text = tail + s;
        const root = text.search(/<[A-Za-z_]/);
        const prolog = root < 0 ? text : text.slice(0, root);
        if (/<!(DOCTYPE|ENTITY)/i.test(prolog)) return done(new SpreadsheetRefusal('platform.spreadsheet.xmlDeclarations', { part }));
        if (root >= 0) inProlog = false;
        else tail = text.slice(-16);
      }
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
    // a refused or damaged zip or XML: one file-level issue, never a 500; a library's English
    // error text is not shown to the clerk
    const refused = err instanceof SpreadsheetRefusal;
    yield {
      type: 'issue',
      issue: {
        sheet: spec.name,
        row: null,
        column: null,
        columnLabel: null,
        code: refused ? err.code : 'platform.spreadsheet.unreadable',
        params: refused ? err.params : {},
        severity: 'error',
      },
    };
  }
}

interface ReaderInternals {
  model?: { sheets?: Array<{ name: string; state?: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  properties?: { model?: { date1904?: boolean } };
  styles: {
    model?: { styles?: Array<{ numFmtId?: number }> };
    getStyleModel(id: number): { numFmt?: string } | null;
  };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
}

/** Built-in number formats that show dates or times whatever their code says in this locale (ECMA-376 §18.8.30). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Whether each cell style shows a date, decided once per style. */
function dateStyles(reader: ReaderInternals): (id: number) => boolean {
  const known = new Map<number, boolean>();
  return (id) => {
    let date = known.get(id);
    if (date === undefined) {
      const numFmtId = reader.styles.model?.styles?.[id]?.numFmtId;
      date = (numFmtId !== undefined && BUILT_IN_DATE_FORMATS.has(numFmtId)) || isDateFormat(reader.styles.getStyleModel(id)?.numFmt);
      known.set(id, date);
    }
    return date;
  };
}

/** The shared strings part, read by our scanner (exceljs's took ≈ 1.5 s and twice the memory for 400,000 rows of names). */
async function readSharedStrings(part: AsyncIterable<string>): Promise<string[]> {
  const scanner = new SharedStringsScanner();
  for await (const text of part) scanner.push(text);
  return scanner.end();
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
  // exceljs reads the workbook's small parts (sheets and their relationships, styles), fed in
  // dependency order, each decoded as UTF-8 across chunk boundaries (exceljs 4.4.0
  // decodes each zip chunk on its own and breaks a Vietnamese letter that straddles two)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader('', {
    worksheets: 'ignore',
    sharedStrings: 'ignore',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const text = async (name: string) => {
    const inflated = await parts.open(name);
    const decoded = utf8Strings(name);
    // pipe() does not carry errors: the refusal (or a bad inflate) must end the reading
    inflated.on('error', (err) => decoded.destroy(err));
    return inflated.pipe(decoded);
  };
  await reader._parseRels(await text('xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(await text('xl/workbook.xml'));
  const sharedStrings = parts.has('xl/sharedStrings.xml') ? await readSharedStrings(await text('xl/sharedStrings.xml')) : [];
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
  // the cells are typed by our scanner (sheet-xml.ts): exceljs's worksheet reader was the slow part
  const scanner = new SheetXmlScanner({
    sharedStrings,
    isDateStyle: dateStyles(reader),
    date1904: reader.properties?.model?.date1904 === true,
  });
  const mapper = new RowMapper(sheet.name, spec);
  for await (const chunk of await text(partOf(target))) {
    for (const row of scanner.push(chunk as string)) yield* mapper.accept(row.number, row.cells);
  }
  for (const row of scanner.end()) yield* mapper.accept(row.number, row.cells);
  const headerRow = spec.headerRow ?? 1;
  for (const range of new Set(scanner.merges)) {
    const [a, b = a] = range.split(':') as [string, string?];
    const from = parseRef(a);
    const to = parseRef(b ?? a);
    if (to.row < headerRow || from.col > spec.columns.length + 20) continue;
    yield {
      type: 'issue',
      issue: {
        sheet: sheet.name,
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
