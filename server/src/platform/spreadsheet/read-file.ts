import fs from 'node:fs';
import { readCsvRows } from './read-csv.ts';
import { readInWorkerChunks } from './read-in-worker.ts';
import { readRows } from './read-xlsx.ts';
import type { ReadEvent, SheetSpec } from './types.ts';

/** The events of a stored xlsx or CSV file, read by streaming on this thread (`readFileChunks` can read them on another). */
export function readFileRows(file: string, kind: 'xlsx' | 'csv', spec: SheetSpec): AsyncGenerator<ReadEvent> {
  return kind === 'xlsx' ? readRows(file, spec) : readCsvRows(fs.createReadStream(file), spec);
}

/**
 * The events of a stored file in arrays: from a worker thread as it posts them (`inWorker`, for a
 * large file), else one array per event. For a caller whose loop runs once per row of a
 * 400,000-row file, where a step of an async iteration per row is a cost of its own.
 */
export async function* readFileChunks(file: string, kind: 'xlsx' | 'csv', spec: SheetSpec, inWorker: boolean): AsyncGenerator<ReadEvent[]> {
  if (inWorker) {
    yield* readInWorkerChunks(file, kind, spec);
    return;
  }
  for await (const e of readFileRows(file, kind, spec)) yield [e];
}
