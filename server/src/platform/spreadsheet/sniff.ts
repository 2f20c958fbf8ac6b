/**
 * What a file is, by its first bytes (never by its name or the browser's MIME type):
 * - xlsx: a ZIP (PK\x03\x04) holding xl/workbook.xml; another ZIP (.docx, .ods) is `zip`;
 * - xls: the legacy OLE2 compound file (D0 CF 11 E0) — refused, ask for "Lưu thành .xlsx";
 * - pdf: %PDF-;
 * - html: a web page (Excel's "Web Page" and many systems' "export to Excel" write HTML named .xls);
 * - xml: an XML file, such as Excel 2003's XML Spreadsheet;
 * - csvUtf16: text in UTF-16 (a byte-order mark, or every other byte zero): Excel's "Unicode Text";
 * - csvLegacy: text in an 8-bit code page (Windows-1258, TCVN3, VNI…): not valid UTF-8, no NUL bytes;
 * - csv: valid UTF-8 text (BOM allowed) without NUL bytes;
 * - empty: no bytes at all.
 */
export type FileKind = 'xlsx' | 'xls' | 'csv' | 'pdf' | 'html' | 'xml' | 'csvUtf16' | 'csvLegacy' | 'zip' | 'empty' | 'unknown';

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** UTF-16 without a byte-order mark: ASCII-heavy text has a zero in (nearly) every other byte. */
function looksUtf16(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  return (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) || (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05);
}

/** Text that opens like markup: a web page, or some other XML. */
function markupKind(text: string): 'html' | 'xml' | undefined {
  const start = text
    .replace(/^\ufeff/, '')
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  if (start.startsWith('mime-version:')) return 'html'; // "Single File Web Page" (.mht)
  if (!start.startsWith('<')) return undefined;
  if (/^<(!doctype\s+html|html|head|body|table|meta|style|title|!--)/.test(start) || /<html[\s>]/.test(start)) return 'html';
  if (start.startsWith('<?xml') || start.startsWith('<!doctype')) return 'xml';
  return undefined;
}

/** Control characters other than TAB, LF, CR, FF: text in an old code page has none. */
const binaryBytes = (head: Uint8Array) => head.filter((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c).length;

export function sniffFileType(buffer: Uint8Array, moreFollows = false): FileKind {
  if (buffer.length === 0) return 'empty';
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
    // entry names are stored uncompressed in the local headers and the central directory
    return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).includes('xl/workbook.xml', 0, 'latin1') ? 'xlsx' : 'zip';
  }
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(buffer, [0xff, 0xfe]) || startsWith(buffer, [0xfe, 0xff])) return 'csvUtf16';
  const head = buffer.subarray(0, 64 * 1024);
  if (head.includes(0)) return looksUtf16(head) ? 'csvUtf16' : 'unknown';
  let text: string;
  try {
    // a multi-byte character cut at the 64 KiB boundary is not an error (streaming: a sequence left open at the end waits)
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: moreFollows || head.length < buffer.length });
  } catch {
    if (binaryBytes(head) > head.length / 100) return 'unknown';
    return markupKind(new TextDecoder('latin1').decode(head)) ?? 'csvLegacy';
  }
  return markupKind(text) ?? 'csv';
}

export type UploadCheck = { ok: true; kind: 'xlsx' | 'csv' } | { ok: false; code: string; params: Record<string, string> };

/** Each refused kind says what the file is and what to do, in the clerk's words. */
const refusals: Partial<Record<FileKind, string>> = {
  empty: 'platform.spreadsheet.emptyFile',
  xls: 'platform.spreadsheet.legacyXls',
  pdf: 'platform.spreadsheet.pdfFile',
  html: 'platform.spreadsheet.htmlFile',
  xml: 'platform.spreadsheet.xmlFile',
  csvUtf16: 'platform.spreadsheet.csvUtf16',
  csvLegacy: 'platform.spreadsheet.csvLegacyEncoding',
  zip: 'platform.spreadsheet.otherZip',
};

/**
 * The gate of an upload that expects a spreadsheet: xlsx or CSV pass; anything else is refused
 * with a code that says what the file is (a web page named .xls, a CSV in UTF-16…) and what to do.
 */
export function checkSpreadsheetUpload(
  buffer: Uint8Array,
  accept: Array<'xlsx' | 'csv'> = ['xlsx', 'csv'],
  /** `buffer` is only the first bytes of a longer file (a character may be cut at its end). */
  moreFollows = false,
): UploadCheck {
  const kind = sniffFileType(buffer, moreFollows);
  if ((kind === 'xlsx' || kind === 'csv') && accept.includes(kind)) return { ok: true, kind };
  return { ok: false, code: refusals[kind] ?? 'platform.spreadsheet.notXlsx', params: {} };
}
