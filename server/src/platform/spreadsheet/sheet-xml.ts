import type { RawCell } from './values.ts';

/**
 * The rows of a worksheet part (xl/worksheets/sheetN.xml, ECMA-376 Part 1 §18.3.1.73 sheetData),
 * taken straight from its XML text as it streams in.
 *
 * Why not exceljs's worksheet reader: on a province's 400,000-row file it spent 7–8 s in a general
 * SAX parser and in building a Row and a Cell object per value, on the thread the import waits
 * for (this scanner: 3 s). The sheet part uses a handful of elements (row, c, v, f, is/t); the
 * scanner walks the text from tag to tag, acts on those only, and types each value as exceljs did
 * (shared strings, dates by number format, booleans, errors, formulas with their cached result).
 *
 * Also, where exceljs was wrong: an inline string of several runs is all its runs (exceljs kept
 * the last); entities are decoded once (exceljs decoded `&amp;lt;` twice, to `<`); row and cell
 * references may be left out (they are optional: the next row, the next column); element names
 * may carry a namespace prefix (`<x:row>`, as the Open XML SDK writes them); `t="d"` is an ISO date.
 */
export interface SheetXmlContext {
  /** xl/sharedStrings.xml in order (`SharedStringsScanner`). */
  sharedStrings: readonly string[];
  /** Whether cell style `s` (an index into cellXfs) shows a date or a time. */
  isDateStyle(styleIndex: number): boolean;
  /** The workbook counts days from 1904 (workbookPr date1904). */
  date1904: boolean;
}

export interface SheetRow {
  /** The row number Excel shows (1-based). */
  number: number;
  /** `cells[i]` is the value of column i + 1; `undefined` where the cell is empty. */
  cells: RawCell[];
}

const NAME_PREFIX = '(?:[A-Za-z_][\\w.-]*:)?';
const IS_END = new RegExp(`</${NAME_PREFIX}is>`, 'g');
/** Phonetic runs (rPh: furigana) are not part of the text. */
const PHONETIC = new RegExp(`<(${NAME_PREFIX})rPh\\b[\\s\\S]*?</\\1rPh>`, 'g');
const TEXT_RUN = new RegExp(`<${NAME_PREFIX}t(?:\\s[^>]*)?(?<!/)>([^<]*)`, 'g');
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|apos|quot));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
const isSpace = (ch: number) => ch === 32 || ch === 9 || ch === 10 || ch === 13;

/** Where the last whole end tag `</name>` (or `</prefix:name>`) of `text` ends; -1 without one. */
function afterLastEndTag(text: string, name: string): number {
  for (let at = text.lastIndexOf(`${name}>`); at >= 1; at = text.lastIndexOf(`${name}>`, at - 1)) {
    let k = at - 1;
    if (text[k] === ':') {
      k--;
      while (k >= 0 && /[\w.-]/.test(text[k] as string)) k--;
    }
    if (text[k] === '/' && text[k - 1] === '<') return at + name.length + 1;
  }
  return -1;
}

/** Character data as the XML means it (XML 1.0 §2.11 line ends, §4.6 predefined entities, character references). */
export function xmlText(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The value of attribute `name` in a tag's text (after its name), or undefined. */
function attribute(tag: string, name: string): string | undefined {
  for (let at = tag.indexOf(name); at >= 0; at = tag.indexOf(name, at + 1)) {
    if (at > 0 && !isSpace(tag.charCodeAt(at - 1))) continue;
    let i = at + name.length;
    while (isSpace(tag.charCodeAt(i))) i++;
    if (tag.charCodeAt(i) !== 61 /* = */) continue;
    i++;
    while (isSpace(tag.charCodeAt(i))) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, i + 1);
    return end < 0 ? undefined : tag.slice(i + 1, end);
  }
  return undefined;
}

/** The text of an inline string (`<is>`): all its runs, without phonetic runs. */
function inlineText(inner: string): string {
  const open = inner.indexOf('>');
  if (open < 0) return '';
  const close = inner.indexOf('<', open + 1);
  if (close < 0 || inner.indexOf('<', close + 1) < 0) {
    // one element, the usual `<t>` (or `<t xml:space="preserve">`, or an empty `<t/>`)
    return inner.charCodeAt(open - 1) === 47 ? '' : xmlText(inner.slice(open + 1, close < 0 ? inner.length : close));
  }
  let value = '';
  for (const run of inner.replace(PHONETIC, '').matchAll(TEXT_RUN)) value += xmlText(run[1] as string);
  return value;
}

/** An Excel serial day (with its time as the fraction) as a Date at UTC, the way exceljs gives dates. */
const serialToDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

interface OpenCell {
  column: number;
  style: number;
  type: string;
  value?: string;
  formula?: string;
}

export class SheetXmlScanner {
  /** Merged ranges (`<mergeCell ref="A1:C1">`), known once the part has been read to its end. */
  readonly merges: string[] = [];
  private pending = '';
  private row: SheetRow | null = null;
  private cell: OpenCell | null = null;
  private lastRow = 0;
  private lastColumn = 0;
  private inSheetData = false;

  constructor(private readonly ctx: SheetXmlContext) {}

  /** Takes the next piece of the part's text; gives the rows it completed. */
  push(text: string): SheetRow[] {
    this.pending += text;
    // only whole rows are scanned: a value or a tag may be cut at the end of this piece
    const cut = afterLastEndTag(this.pending, 'row');
    if (cut < 0) return [];
    const whole = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    return this.scan(whole);
  }

  /** After the last piece: the rest, and a check that the sheet's data was closed (a cut-off part is damaged). */
  end(): SheetRow[] {
    const rows = this.scan(this.pending);
    this.pending = '';
    if (this.inSheetData || this.row) throw new Error('the worksheet XML ends inside its data');
    return rows;
  }

  private scan(text: string): SheetRow[] {
    const done: SheetRow[] = [];
    const length = text.length;
    let i = text.indexOf('<');
    while (i >= 0 && i < length) {
      const first = text.charCodeAt(i + 1);
      if (first === 33 /* ! */ || first === 63 /* ? */) {
        // a comment, CDATA section or processing instruction: passed over whole
        const end = text.startsWith('<!--', i)
          ? text.indexOf('-->', i)
          : text.startsWith('<![CDATA[', i)
            ? text.indexOf(']]>', i)
            : text.indexOf('>', i);
        i = end < 0 ? length : text.indexOf('<', end);
        continue;
      }
      const closing = first === 47; /* / */
      let name = closing ? i + 2 : i + 1;
      let nameEnd = name;
      for (let ch = text.charCodeAt(nameEnd); nameEnd < length && ch !== 62 && ch !== 47 && !isSpace(ch); ch = text.charCodeAt(++nameEnd)) {
        if (ch === 58 /* : a namespace prefix */) name = nameEnd + 1;
      }
      const gt = text.indexOf('>', nameEnd);
      if (gt < 0) break;
      const empty = text.charCodeAt(gt - 1) === 47;
      const tag = text.slice(nameEnd, empty ? gt - 1 : gt);
      let next = gt + 1;
      switch (nameEnd - name) {
        case 1: {
          const c = text[name];
          if (c === 'c') {
            if (!closing) this.openCell(tag);
            if (closing || empty) this.closeCell();
          } else if ((c === 'v' || c === 'f') && !closing && this.cell) {
            let value = '';
            if (!empty) {
              const end = text.indexOf('<', next);
              value = xmlText(text.slice(next, end < 0 ? length : end));
              if (end >= 0) next = end;
            }
            if (c === 'v') this.cell.value = value;
            else this.cell.formula = value;
          }
          break;
        }
        case 2:
          if (text[name] === 'i' && text[name + 1] === 's' && !closing && this.cell) {
            if (empty) {
              this.cell.value = '';
              break;
            }
            IS_END.lastIndex = next;
            const end = IS_END.exec(text);
            this.cell.value = inlineText(text.slice(next, end ? end.index : length));
            if (end) next = end.index;
          }
          break;
        case 3:
          if (text.startsWith('row', name)) {
            if (!closing) this.openRow(tag);
            if ((closing || empty) && this.row) {
              done.push(this.row);
              this.row = null;
            }
          }
          break;
        case 9:
          if (text.startsWith('sheetData', name)) this.inSheetData = !closing && !empty;
          else if (!closing && text.startsWith('mergeCell', name)) {
            const ref = attribute(tag, 'ref');
            if (ref) this.merges.push(ref);
          }
          break;
      }
      i = text.indexOf('<', next);
    }
    return done;
  }

  private openRow(tag: string) {
    const r = Number.parseInt(attribute(tag, 'r') ?? '', 10);
    this.lastRow = Number.isFinite(r) && r > 0 ? r : this.lastRow + 1;
    this.lastColumn = 0;
    this.row = { number: this.lastRow, cells: [] };
  }

  private openCell(tag: string) {
    const ref = attribute(tag, 'r');
    // the column of "AB12": its letters in base 26
    let column = 0;
    for (
      let k = 0, ch = ref?.charCodeAt(0) ?? 0;
      ref && k < ref.length && ((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122));
      ch = ref.charCodeAt(++k)
    ) {
      column = column * 26 + ((ch | 0x20) - 96);
    }
    this.lastColumn = column > 0 ? column : this.lastColumn + 1;
    const style = Number.parseInt(attribute(tag, 's') ?? '0', 10);
    this.cell = { column: this.lastColumn, style: Number.isFinite(style) ? style : 0, type: attribute(tag, 't') ?? 'n' };
  }

  private closeCell() {
    const c = this.cell;
    this.cell = null;
    if (!c || !this.row) return;
    const value = this.valueOf(c);
    if (value === undefined) return;
    const cells = this.row.cells;
    // dense: the row mapper reads every position up to the last cell
    while (cells.length < c.column - 1) cells.push(undefined);
    cells[c.column - 1] = value;
  }

  /** The typed value of a cell (ECMA-376 §18.18.11 ST_CellType), as exceljs typed it. */
  private valueOf(c: OpenCell): RawCell {
    if (c.formula !== undefined) {
      if (c.value === undefined) return { formula: c.formula };
      if (c.type === 'e') return { error: c.value };
      const result = c.type === 'str' || c.type === 'inlineStr' ? c.value : c.type === 'b' ? c.value !== '0' : Number.parseFloat(c.value);
      return { formula: c.formula, result };
    }
    if (c.value === undefined) return undefined;
    switch (c.type) {
      case 's':
        return this.ctx.sharedStrings[Number.parseInt(c.value, 10)];
      case 'inlineStr':
      case 'str':
        return c.value;
      case 'e':
        return { error: c.value };
      case 'b':
        return Number.parseInt(c.value, 10) !== 0;
      case 'd': {
        // an ISO 8601 date; without a zone it is the day as written, not the server's local time
        const text = /[zZ]$|[+-]\d\d:?\d\d$/.test(c.value) || !c.value.includes('T') ? c.value : `${c.value}Z`;
        const date = new Date(text);
        return Number.isNaN(date.getTime()) ? c.value : date;
      }
      default: {
        const n = Number.parseFloat(c.value);
        return this.ctx.isDateStyle(c.style) && Number.isFinite(n) ? serialToDate(n, this.ctx.date1904) : n;
      }
    }
  }
}

const SHARED_STRING = new RegExp(`<(${NAME_PREFIX})si(?:\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</\\1si>)`, 'g');

/**
 * A copy of a string cut from a piece of the part's text. V8 keeps such a cut as a view of the
 * whole piece: the table lives as long as the file is read, and its 400,000 rows of names would
 * keep every piece of the part alive (the reading thread's memory doubled).
 */
const own = (text: string) => (text.length < 13 ? text : ` ${text}`.slice(1));

/**
 * The shared strings of a workbook (xl/sharedStrings.xml, ECMA-376 §18.4.9 sst) as their texts, in
 * order: a cell of type `s` holds an index into them. A formatted string (runs) is its runs' text,
 * as in an inline string. Read as the part streams in, a whole `si` at a time.
 */
export class SharedStringsScanner {
  readonly strings: string[] = [];
  private pending = '';

  push(text: string): void {
    this.pending += text;
    const cut = afterLastEndTag(this.pending, 'si');
    if (cut < 0) return;
    this.scan(this.pending.slice(0, cut));
    this.pending = this.pending.slice(cut);
  }

  end(): string[] {
    this.scan(this.pending);
    this.pending = '';
    return this.strings;
  }

  private scan(text: string) {
    for (const m of text.matchAll(SHARED_STRING)) this.strings.push(m[2] === undefined ? '' : own(inlineText(m[2])));
  }
}

/**
 * Whether a number format code shows a date or a time (ECMA-376 §18.8.31): a y, m, d, h, s or b
 * (Buddhist year) code outside quoted text, [colour / condition / locale] sections and escaped
 * (\x), padded (_x) or repeated (*x) characters.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const codes = format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/[\\_*]./g, '');
  return /[ymdhsb]/i.test(codes);
}
