/**
 * What a file is, by its first bytes (never by its name or the browser's MIME type):
 * - xlsx: a ZIP (PK\x03\x04) holding xl/workbook.xml (a .docx or .ods is a ZIP too, and is not xlsx);
 * - xls: the legacy OLE2 compound file (D0 CF 11 E0) — refused, ask for "Lưu thành .xlsx";
 * - pdf: %PDF-;
 * - csv: valid UTF-8 text (BOM allowed) without NUL bytes;
 * - empty: no bytes at all.
 */
export type FileKind = 'xlsx' | 'xls' | 'csv' | 'pdf' | 'empty' | 'unknown';

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

export function sniffFileType(buffer: Uint8Array): FileKind {
  if (buffer.length === 0) return 'empty';
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
    // entry names are stored uncompressed in the local headers and the central directory
    return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).includes('xl/workbook.xml', 0, 'latin1') ? 'xlsx' : 'unknown';
  }
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  const head = buffer.subarray(0, 64 * 1024);
  if (head.includes(0)) return 'unknown';
  try {
    // a multi-byte character cut at the 64 KiB boundary is not an error (streaming: a sequence left open at the end waits)
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < buffer.length });
    return 'csv';
  } catch {
    return 'unknown';
  }
}

export type UploadCheck = { ok: true; kind: 'xlsx' | 'csv' } | { ok: false; code: string; params: Record<string, string> };

/**
 * The gate of an upload that expects a spreadsheet: xlsx or CSV pass; an empty file, a PDF renamed
 * to .xlsx, a legacy .xls or anything else are refused with a code the clerk can act on.
 */
export function checkSpreadsheetUpload(buffer: Uint8Array, accept: Array<'xlsx' | 'csv'> = ['xlsx', 'csv']): UploadCheck {
  const kind = sniffFileType(buffer);
  if (kind === 'empty') return { ok: false, code: 'platform.spreadsheet.emptyFile', params: {} };
  if (kind === 'xls') return { ok: false, code: 'platform.spreadsheet.legacyXls', params: {} };
  if ((kind === 'xlsx' || kind === 'csv') && accept.includes(kind)) return { ok: true, kind };
  return { ok: false, code: 'platform.spreadsheet.notXlsx', params: { detected: kind } };
}
