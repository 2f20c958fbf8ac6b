import fs from 'node:fs';
import { readCsvRows } from './read-csv.ts';
import { readRows } from './read-xlsx.ts';
import type { ReadEvent, SheetSpec } from './types.ts';

/** The events of a stored xlsx or CSV file, read by streaming on this thread (`readInWorker` reads them on another). */
export function readFileRows(file: string, kind: 'xlsx' | 'csv', spec: SheetSpec): AsyncGenerator<ReadEvent> {
  return kind === 'xlsx' ? readRows(file, spec) : readCsvRows(fs.createReadStream(file), spec);
}
