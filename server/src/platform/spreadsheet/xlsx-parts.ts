import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** The parts (zip entries) of an xlsx, each opened on demand as a stream of inflated bytes. */
export interface XlsxParts {
  has(name: string): boolean;
  open(name: string): Promise<Readable>;
  close(): void;
}

/**
 * Opens an xlsx through its zip central directory (yauzl), so any part can be read in any order.
 *
 * Why not exceljs's own streaming reader: it reads the zip front to back in one pass (unzipper's
 * Parse) and pauses the entry stream between chunks, which drops entries now and then
 * (exceljs#3064) — about one read in 400 here came back "unreadable" or with no rows. A file
 * written by exceljs stores xl/workbook.xml after the sheets, so it also had to spool every sheet
 * to a temporary file. With the central directory the workbook, shared strings and styles are
 * read first and only the chosen sheet is inflated, in constant memory.
 */
export async function openXlsx(input: string | Buffer): Promise<XlsxParts> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false };
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (err: Error | null, z?: yauzl.ZipFile) => (err || !z ? reject(err ?? new Error('zip')) : resolve(z));
    if (typeof input === 'string') yauzl.open(input, options, done);
    else yauzl.fromBuffer(input, options, done);
  });
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        // part names are case-insensitive in OPC (ECMA-376 Part 2 §9.1.1.1); a leading "/" is tolerated
        entries.set(entry.fileName.replace(/^\//, '').toLowerCase(), entry);
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  const find = (name: string) => entries.get(name.replace(/^\//, '').toLowerCase());
  return {
    has: (name) => find(name) !== undefined,
    open: (name) =>
      new Promise<Readable>((resolve, reject) => {
        const entry = find(name);
        if (!entry) return reject(new Error(`missing part ${name}`));
        zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error(name)) : resolve(stream)));
      }),
    close: () => zip.close(),
  };
}
