import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRows, readFileChunks, readRows } from './index.ts';
import { studentSheet } from './tests/fixtures.ts';
import type { ReadEvent } from './types.ts';
import { createReadStream } from 'node:fs';

const dir = mkdtempSync(path.join(tmpdir(), 'gds-worker-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const all = async (events: AsyncIterable<ReadEvent>) => {
  const out: ReadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};
/** The events read on a worker thread, one after another. */
async function* readInWorker(file: string, kind: 'xlsx' | 'csv', spec: typeof studentSheet): AsyncGenerator<ReadEvent> {
  for await (const events of readFileChunks(file, kind, spec, true)) yield* events;
}

const header = studentSheet.columns.map((c) => c.header);
/** 3,000 rows (several chunks and more than the read-ahead) with a few broken cells and a merged range. */
function rows(): unknown[][] {
  return Array.from({ length: 3000 }, (_, i) => [
    `HS${String(i).padStart(7, '0')}`,
    `Nguyễn Thị Ánh ${i}`,
    i === 17 ? '31/02/2014' : `0${1 + (i % 9)}/03/2014`,
    i % 2 ? 'Nữ' : 'Nam',
    i === 40 ? '12345' : `0242${String(10 + (i % 8)).padStart(2, '0')}${String(i).padStart(6, '0')}`,
    '01',
    i % 10,
    i % 3 === 0 ? 'Có' : 'Không',
  ]);
}

describe('reading on a worker thread', () => {
  it('yields exactly the events of the in-thread xlsx reader, merged-cell issue included', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(studentSheet.name);
    ws.addRow(header);
    for (const r of rows()) ws.addRow(r);
    ws.mergeCells('B50:C50');
    const file = path.join(dir, 'students.xlsx');
    await wb.xlsx.writeFile(file);
    const here = await all(readRows(file, studentSheet));
    const there = await all(readInWorker(file, 'xlsx', studentSheet));
    expect(there.length).toBe(here.length);
    expect(there).toEqual(here);
    expect(here.filter((e) => e.type === 'row').length).toBe(3000);
    expect(here.some((e) => e.type === 'issue' && e.issue.code === 'platform.spreadsheet.mergedCells')).toBe(true);
  });

  it('yields exactly the events of the in-thread CSV reader', async () => {
    const file = path.join(dir, 'students.csv');
    writeFileSync(file, [header, ...rows()].map((r) => r.join(',')).join('\n'));
    const here = await all(readCsvRows(createReadStream(file), studentSheet));
    const there = await all(readInWorker(file, 'csv', studentSheet));
    expect(there).toEqual(here);
    expect(here.filter((e) => e.type === 'row' && !e.ok).length).toBeGreaterThan(0);
  });

  it('readFileChunks: the same events in arrays, from the worker (up to 500 a message) or one by one on this thread', async () => {
    const file = path.join(dir, 'students.csv');
    const here = await all(readCsvRows(createReadStream(file), studentSheet));
    for (const inWorker of [true, false]) {
      const chunks: ReadEvent[][] = [];
      for await (const c of readFileChunks(file, 'csv', studentSheet, inWorker)) chunks.push(c);
      expect(chunks.flat()).toEqual(here);
      expect(Math.max(...chunks.map((c) => c.length))).toBe(inWorker ? 500 : 1);
    }
  });

  it("stops the worker when the reader is left early, and turns a damaged file into the reader's issue", async () => {
    const file = path.join(dir, 'students.csv');
    let n = 0;
    for await (const _ of readInWorker(file, 'csv', studentSheet)) if (++n === 10) break;
    expect(n).toBe(10);
    const broken = path.join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]));
    const events = await all(readInWorker(broken, 'xlsx', studentSheet));
    expect(events).toEqual(await all(readRows(broken, studentSheet)));
    expect(events[0]).toMatchObject({ type: 'issue', issue: { code: 'platform.spreadsheet.unreadable' } });
  });
});
