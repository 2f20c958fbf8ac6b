/**
 * The worker side of `readInWorkerChunks`: runs the streaming reader of a stored file and posts its
 * events in chunks, never more than the main thread has asked for (credit-based flow control).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileRows } from './read-file.ts';
import type { ReadEvent, SheetSpec } from './types.ts';

const {
  file,
  kind,
  spec,
  chunkSize,
  credit: initialCredit,
} = workerData as {
  file: string;
  kind: 'xlsx' | 'csv';
  spec: SheetSpec;
  chunkSize: number;
  credit: number;
};
const port = parentPort!;
let credit = initialCredit;
let wake: (() => void) | null = null;
port.on('message', (more: number) => {
  credit += more;
  wake?.();
  wake = null;
});

async function send(events: ReadEvent[]) {
  while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  port.postMessage({ events });
}

const source = readFileRows(file, kind, spec);
let chunk: ReadEvent[] = [];
for await (const e of source) {
  chunk.push(e);
  if (chunk.length >= chunkSize) {
    await send(chunk);
    chunk = [];
  }
}
if (chunk.length > 0) await send(chunk);
port.postMessage({ done: true });
