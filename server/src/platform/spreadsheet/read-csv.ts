import type { Readable } from 'node:stream';
import { RowMapper } from './row-mapper.ts';
import type { ReadEvent, SheetSpec } from './types.ts';
import { unneutralise } from './values.ts';

/**
 * Splits CSV text (RFC 4180: quoted fields, doubled quotes, CR LF / LF, newlines inside quotes)
 * into records, chunk by chunk, keeping only the record in progress in memory.
 */
export class CsvSplitter {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private pendingCR = false;

  constructor(readonly delimiter: ',' | ';') {}

  *push(text: string): Generator<string[]> {
    for (const ch of text) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (ch === '"') {
          this.quoted = false;
          this.afterQuote = true;
        } else this.field += ch;
        continue;
      }
      if (ch === '"') {
        if (this.afterQuote) this.field += '"'; // a doubled quote inside a quoted field
        this.quoted = true;
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (ch === this.delimiter) {
        this.record.push(this.field);
        this.field = '';
      } else if (ch === '\n' || ch === '\r') {
        this.pendingCR = ch === '\r';
        this.record.push(this.field);
        this.field = '';
        yield this.record;
        this.record = [];
      } else this.field += ch;
    }
  }

  *end(): Generator<string[]> {
    if (this.field !== '' || this.record.length > 0) {
      this.record.push(this.field);
      yield this.record;
    }
    this.field = '';
    this.record = [];
  }
}

/** ';' when the header line has more semicolons than commas outside quotes (Excel in a Vietnamese locale saves with ';'). */
export function detectDelimiter(firstLine: string): ',' | ';' {
  const outside = firstLine.replace(/"[^"]*"/g, '');
  return (outside.match(/;/g)?.length ?? 0) > (outside.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * The CSV counterpart of `readRows`: UTF-8 with or without BOM, ',' or ';' (detected on the header
 * line), the same `ReadEvent`s; the sheet is called `spec.name`, row = record number (header = 1).
 * Values are text, typed by the column spec exactly as xlsx text cells are; an apostrophe our
 * exports put before = + - @ is removed.
 */
export async function* readCsvRows(input: Readable | AsyncIterable<Buffer | string>, spec: SheetSpec): AsyncGenerator<ReadEvent> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  const mapper = new RowMapper(spec.name, spec);
  let splitter: CsvSplitter | undefined;
  let pending = '';
  let rowNumber = 0;
  const emit = function* (records: Iterable<string[]>) {
    for (const rec of records) {
      rowNumber += 1;
      yield* mapper.accept(rowNumber, rec.map(unneutralise));
    }
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (!splitter) {
      pending += text;
      const nl = pending.search(/[\r\n]/);
      if (nl < 0) continue;
      splitter = new CsvSplitter(detectDelimiter(pending.slice(0, nl)));
      yield* emit(splitter.push(pending));
      pending = '';
    } else yield* emit(splitter.push(text));
  }
  const rest = decoder.decode();
  if (!splitter) splitter = new CsvSplitter(detectDelimiter(pending + rest));
  yield* emit(splitter.push(pending + rest));
  yield* emit(splitter.end());
  yield* mapper.finish();
}
