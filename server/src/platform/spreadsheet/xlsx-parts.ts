import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/**
 * A file refused for what it is, with the issue code (platform.spreadsheet.*) the clerk is shown;
 * any other error while reading is "unreadable".
 */
export class SpreadsheetRefusal extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'SpreadsheetRefusal';
  }
}

/**
 * Decompression-bomb limits, checked on the sizes the zip's central directory declares before
 * anything is inflated; yauzl (validateEntrySizes) then stops a part that inflates beyond its
 * declared size. A 400,000-row import sheet is ≈ 170 MB inflated at ≈ 6.5:1; a bomb's sheet
 * is hundreds of MB at several hundred to a thousand to one.
 */
export const XLSX_LIMITS = {
  /** All parts together, inflated. */
  uncompressedBytes: 1024 * 1024 * 1024,
  /** Inflated ÷ stored size of one part, for parts of at least `ratioFromBytes` inflated. */
  ratio: 100,
  ratioFromBytes: 1024 * 1024,
};

const MB = 1024 * 1024;

function checkDeclaredSizes(entries: Iterable<yauzl.Entry>): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > XLSX_LIMITS.uncompressedBytes) {
      throw new SpreadsheetRefusal('platform.spreadsheet.tooLargeUncompressed', {
        part: e.fileName,
        size: Math.ceil(e.uncompressedSize / MB),
        limit: XLSX_LIMITS.uncompressedBytes / MB,
      });
    }
    if (e.uncompressedSize >= XLSX_LIMITS.ratioFromBytes && e.uncompressedSize > XLSX_LIMITS.ratio * Math.max(1, e.compressedSize)) {
      throw new SpreadsheetRefusal('platform.spreadsheet.compressionRatio', {
        part: e.fileName,
        ratio: Math.round(e.uncompressedSize / Math.max(1, e.compressedSize)),
        limit: XLSX_LIMITS.ratio,
      });
    }
  }
}

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
  try {
    checkDeclaredSizes(entries.values());
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
