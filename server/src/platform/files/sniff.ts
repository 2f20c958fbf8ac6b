import fs from 'node:fs/promises';

/**
 * What a file is, judged from its bytes only (never its name or the browser's MIME type). A
 * renamed file — an .exe or a web page saved as .pdf or .xlsx — is told apart from the real thing.
 */
export type DetectedKind =
  | 'empty'
  | 'pdf'
  | 'xlsx'
  | 'docx'
  | 'zip'
  | 'ole2'
  | 'png'
  | 'jpeg'
  | 'executable'
  | 'html'
  | 'xml'
  | 'utf16'
  | 'text'
  | 'unknown';

const starts = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** From the first bytes of the file (64 KiB) and, for a ZIP, the names of its entries. */
export function detectKind(head: Buffer, zipEntries?: readonly string[]): DetectedKind {
  if (head.length === 0) return 'empty';
  if (starts(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntries ?? [];
    if (names.includes('xl/workbook.xml')) return 'xlsx';
    if (names.includes('word/document.xml')) return 'docx';
    return 'zip';
  }
  if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(head, [0x4d, 0x5a]) || starts(head, [0x7f, 0x45, 0x4c, 0x46])) return 'executable';
  if (starts(head, [0xff, 0xfe]) || starts(head, [0xfe, 0xff])) return 'utf16';
  const text = head.subarray(0, 64 * 1024);
  if (text.includes(0)) return 'unknown';
  let decoded: string;
  try {
    // a character cut at the end of the head is not an error
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(text, { stream: true });
  } catch {
    return 'unknown';
  }
  const start = decoded
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (/^<!doctype html|^<html|^<head|^<body|^<script/.test(start)) return 'html';
  if (start.startsWith('<?xml') || start.startsWith('<!doctype'))
    return /<html/.test(decoded.slice(0, 4096).toLowerCase()) ? 'html' : 'xml';
  return 'text';
}

export interface ZipFacts {
  entries: string[];
  /** Sum of the uncompressed sizes the central directory declares. */
  uncompressed: number;
  compressed: number;
  /** A ZIP64 archive (sizes beyond 4 GiB): not read, refused. */
  zip64: boolean;
}

/**
 * The central directory of a ZIP on disk, read from its end (no decompression): the entry names
 * and the declared sizes, which the upload checks against its limits before anything is inflated.
 */
export async function readZipDirectory(file: string, size: number): Promise<ZipFacts | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const tail = Math.min(size, 65_557);
    const buf = Buffer.alloc(tail);
    await handle.read(buf, 0, tail, size - tail);
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > buf.length) return undefined;
    const count = buf.readUInt16LE(eocd + 10);
    const dirSize = buf.readUInt32LE(eocd + 12);
    const dirOffset = buf.readUInt32LE(eocd + 16);
    const zip64 = count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff;
    if (zip64 || dirOffset + dirSize > size) return { entries: [], uncompressed: 0, compressed: 0, zip64: true };
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const facts: ZipFacts = { entries: [], uncompressed: 0, compressed: 0, zip64: false };
    let at = 0;
    for (let i = 0; i < count && at + 46 <= dir.length; i++) {
      if (dir.readUInt32LE(at) !== 0x02014b50) break;
      const compressed = dir.readUInt32LE(at + 20);
      const uncompressed = dir.readUInt32LE(at + 24);
      if (compressed === 0xffffffff || uncompressed === 0xffffffff) facts.zip64 = true;
      const nameLength = dir.readUInt16LE(at + 28);
      const extra = dir.readUInt16LE(at + 30);
      const comment = dir.readUInt16LE(at + 32);
      facts.entries.push(dir.toString('utf8', at + 46, at + 46 + nameLength));
      facts.compressed += compressed;
      facts.uncompressed += uncompressed;
      at += 46 + nameLength + extra + comment;
    }
    return facts;
  } finally {
    await handle.close();
  }
}
