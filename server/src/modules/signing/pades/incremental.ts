import { SigningError, SigningErrorCode } from './errors.ts';

/**
 * Appends a signature placeholder to a PDF as an incremental update (ISO 32000-1 §7.5.6): a new
 * signature dictionary (/ByteRange placeholder, zero-filled /Contents), a widget annotation
 * (invisible), the AcroForm with the new field, the page with the new annotation, a cross-reference
 * section and a trailer pointing back with /Prev. The original bytes are kept as they are.
 *
 * Written here rather than with @signpdf/placeholder-plain 3.3, which double-encodes non-ASCII
 * /Reason and /Name (UTF-16 bytes written as UTF-8), writes /App names with spaces and a wrong
 * /Size; qpdf --check flags all three. Reads classic cross-reference tables (what pdfkit and this
 * module write); a PDF with cross-reference streams is refused as pdfNotSignable.
 */

export const BYTE_RANGE_PLACEHOLDER = '**********';

interface ParsedPdf {
  text: string;
  offsets: Map<number, number>;
  size: number;
  startxref: number;
  root: string;
  info: string | null;
  id: string | null;
}

const notSignable = (reason: string) => new SigningError(SigningErrorCode.pdfNotSignable, { reason });

function parseTrailerAt(text: string, xrefOffset: number, offsets: Map<number, number>, seen: Set<number>): Record<string, string> {
  if (seen.has(xrefOffset)) throw notSignable('cross-reference loop');
  seen.add(xrefOffset);
  if (text.slice(xrefOffset, xrefOffset + 4) !== 'xref')
    throw notSignable('no classic cross-reference table at startxref (cross-reference streams are not supported)');
  const trailerAt = text.indexOf('trailer', xrefOffset);
  if (trailerAt < 0) throw notSignable('no trailer');
  const lines = text.slice(xrefOffset + 4, trailerAt).split(/\r\n|\r|\n/);
  let objectNumber = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const sub = /^(\d+)\s+(\d+)$/.exec(line);
    if (sub) {
      objectNumber = Number(sub[1]);
      continue;
    }
    const entry = /^(\d{10})\s+(\d{5})\s+([nf])$/.exec(line);
    if (!entry) throw notSignable(`bad cross-reference line "${line.slice(0, 30)}"`);
    // Newer sections (read first) win over older ones.
    if (entry[3] === 'n' && !offsets.has(objectNumber)) offsets.set(objectNumber, Number(entry[1]));
    if (entry[3] === 'f' && !offsets.has(objectNumber)) offsets.set(objectNumber, -1);
    objectNumber++;
  }
  const dictEnd = text.indexOf('startxref', trailerAt);
  const dict = text.slice(trailerAt + 7, dictEnd > 0 ? dictEnd : undefined);
  const get = (key: string, re: RegExp) => re.exec(dict)?.[1] ?? (dict.includes(`/${key}`) ? '' : undefined);
  const trailer: Record<string, string> = {};
  const values = {
    Size: get('Size', /\/Size\s+(\d+)/),
    Root: get('Root', /\/Root\s+(\d+\s+\d+\s+R)/),
    Info: get('Info', /\/Info\s+(\d+\s+\d+\s+R)/),
    ID: get('ID', /\/ID\s*(\[[^\]]*\])/),
    Prev: get('Prev', /\/Prev\s+(\d+)/),
  };
  for (const [k, v] of Object.entries(values)) if (v !== undefined) trailer[k] = v;
  if (trailer.Prev) {
    const older = parseTrailerAt(text, Number(trailer.Prev), offsets, seen);
    for (const key of ['Root', 'Info', 'ID', 'Size'] as const) if (!trailer[key] && older[key]) trailer[key] = older[key];
  }
  return trailer;
}

function parsePdf(pdf: Buffer): ParsedPdf {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-')) throw notSignable('not a PDF');
  const tail = text.slice(-64);
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw notSignable('no startxref/%%EOF at the end of the file');
  const startxref = Number(m[1]);
  const offsets = new Map<number, number>();
  const trailer = parseTrailerAt(text, startxref, offsets, new Set());
  if (!trailer.Root || !trailer.Size) throw notSignable('trailer without /Root or /Size');
  return { text, offsets, size: Number(trailer.Size), startxref, root: trailer.Root, info: trailer.Info || null, id: trailer.ID || null };
}

function refNumber(ref: string): number {
  return Number(ref.trim().split(/\s+/)[0]);
}

/** The dictionary text `<< … >>` of object `n` (objects written by pdfkit or this module). */
function objectDict(parsed: ParsedPdf, n: number): string {
  const offset = parsed.offsets.get(n);
  if (offset === undefined || offset < 0) throw notSignable(`object ${n} not found`);
  const header = new RegExp(`^${n}\\s+\\d+\\s+obj\\s*`).exec(parsed.text.slice(offset, offset + 32));
  if (!header) throw notSignable(`object ${n} not at its cross-reference offset`);
  const start = offset + header[0].length;
  if (!parsed.text.startsWith('<<', start)) throw notSignable(`object ${n} is not a dictionary`);
  // Walk nested << >> to the end of the dictionary (strings in these objects are plain ASCII or hex).
  let depth = 0;
  for (let i = start; i < parsed.text.length - 1; i++) {
    const two = parsed.text.slice(i, i + 2);
    if (two === '<<') {
      depth++;
      i++;
    } else if (two === '>>') {
      depth--;
      i++;
      if (depth === 0) return parsed.text.slice(start, i + 1);
    }
  }
  throw notSignable(`object ${n} is not terminated`);
}

function insertBeforeEnd(dict: string, addition: string): string {
  const end = dict.lastIndexOf('>>');
  return `${dict.slice(0, end).trimEnd()}\n${addition}\n>>`;
}

/** `text` as a PDF text string: hex UTF-16BE with BOM (any Unicode, no escaping pitfalls). */
export function pdfTextString(text: string): string {
  return `<feff${Buffer.from(text, 'utf16le').swap16().toString('hex')}>`;
}

export function pdfDate(date: Date): string {
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `(D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z)`;
}

export function addSignaturePlaceholder(
  pdf: Buffer,
  params: {
    reason: string;
    name: string;
    location: string;
    contactInfo: string;
    signingTime: Date;
    subFilter: string;
    contentsBytes: number;
  },
): Buffer {
  // Earlier signatures may cover a trailing end-of-line: keep every byte.
  const body = pdf;
  const parsed = parsePdf(body);
  const rootNumber = refNumber(parsed.root);
  const rootDict = objectDict(parsed, rootNumber);
  const pagesRef = /\/Pages\s+(\d+\s+\d+\s+R)/.exec(rootDict)?.[1];
  if (!pagesRef) throw notSignable('catalog without /Pages');
  let pageNumber = refNumber(pagesRef);
  for (let depth = 0; depth < 16; depth++) {
    const dict = objectDict(parsed, pageNumber);
    if (/\/Type\s*\/Page\b(?!s)/.test(dict)) break;
    const kid = /\/Kids\s*\[\s*(\d+\s+\d+\s+R)/.exec(dict)?.[1];
    if (!kid) throw notSignable('page tree without kids');
    pageNumber = refNumber(kid);
  }
  const pageDict = objectDict(parsed, pageNumber);

  let next = Math.max(parsed.size, ...[...parsed.offsets.keys()].map((k) => k + 1));
  const sigNumber = next++;
  const widgetNumber = next++;
  const acroFormRef = /\/AcroForm\s+(\d+\s+\d+\s+R)/.exec(rootDict)?.[1];
  if (!acroFormRef && /\/AcroForm\s*<</.test(rootDict)) throw notSignable('inline /AcroForm dictionaries are not supported');
  const acroFormNumber = acroFormRef ? refNumber(acroFormRef) : next++;

  const existingFields: string[] = [];
  let acroFormDict = '<<\n/SigFlags 3\n/Fields []\n>>';
  if (acroFormRef) {
    acroFormDict = objectDict(parsed, acroFormNumber);
    const fields = /\/Fields\s*\[([^\]]*)\]/.exec(acroFormDict);
    if (!fields) throw notSignable('AcroForm without a /Fields array');
    existingFields.push(...((fields[1] ?? '').match(/\d+\s+\d+\s+R/g) ?? []));
  }
  const fieldRefs = [...existingFields, `${widgetNumber} 0 R`].join(' ');
  acroFormDict = acroFormDict.replace(/\/Fields\s*\[[^\]]*\]/, `/Fields [${fieldRefs}]`);
  acroFormDict = /\/SigFlags\s+\d+/.test(acroFormDict)
    ? acroFormDict.replace(/\/SigFlags\s+\d+/, '/SigFlags 3')
    : insertBeforeEnd(acroFormDict, '/SigFlags 3');

  let newPageDict: string;
  if (/\/Annots\s*\[/.test(pageDict))
    newPageDict = pageDict.replace(/\/Annots\s*\[([^\]]*)\]/, (_m, refs: string) => `/Annots [${refs.trim()} ${widgetNumber} 0 R]`);
  else if (/\/Annots\s+\d+\s+\d+\s+R/.test(pageDict)) throw notSignable('indirect /Annots arrays are not supported');
  else newPageDict = insertBeforeEnd(pageDict, `/Annots [${widgetNumber} 0 R]`);

  const objects = new Map<number, string>();
  objects.set(
    sigNumber,
    [
      '<<',
      '/Type /Sig',
      '/Filter /Adobe.PPKLite',
      `/SubFilter /${params.subFilter}`,
      `/ByteRange [0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER}]`,
      `/Contents <${'0'.repeat(params.contentsBytes * 2)}>`,
      `/Reason ${pdfTextString(params.reason)}`,
      `/M ${pdfDate(params.signingTime)}`,
      `/Name ${pdfTextString(params.name)}`,
      `/Location ${pdfTextString(params.location)}`,
      `/ContactInfo ${pdfTextString(params.contactInfo)}`,
      '/Prop_Build << /Filter << /Name /Adobe.PPKLite >> /App << /Name /GiaoDucSo >> >>',
      '>>',
    ].join('\n'),
  );
  objects.set(
    widgetNumber,
    `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/V ${sigNumber} 0 R\n/T ${pdfTextString(`Signature${existingFields.length + 1}`)}\n/F 132\n/P ${pageNumber} 0 R\n>>`,
  );
  objects.set(acroFormNumber, acroFormDict);
  if (!acroFormRef) objects.set(rootNumber, insertBeforeEnd(rootDict, `/AcroForm ${acroFormNumber} 0 R`));
  objects.set(pageNumber, newPageDict);

  const chunks: Buffer[] = [body];
  let position = body.length;
  const written = new Map<number, number>();
  for (const [n, dict] of objects) {
    const chunk = Buffer.from(`\n${n} 0 obj\n${dict}\nendobj\n`, 'latin1');
    written.set(n, position + 1);
    chunks.push(chunk);
    position += chunk.length;
  }
  const xrefOffset = position;
  const rows = ['xref', '0 1', '0000000000 65535 f '];
  for (const n of [...written.keys()].sort((x, y) => x - y)) {
    rows.push(`${n} 1`, `${String(written.get(n)).padStart(10, '0')} 00000 n `);
  }
  const trailer = [
    'trailer',
    '<<',
    `/Size ${next}`,
    `/Root ${parsed.root}`,
    ...(parsed.info ? [`/Info ${parsed.info}`] : []),
    ...(parsed.id ? [`/ID ${parsed.id}`] : []),
    `/Prev ${parsed.startxref}`,
    '>>',
    'startxref',
    String(xrefOffset),
    '%%EOF',
  ];
  chunks.push(Buffer.from(`${rows.join('\n')}\n${trailer.join('\n')}`, 'latin1'));
  return Buffer.concat(chunks);
}

/** True when the object's dictionary is followed by a stream. */
function isStream(parsed: ParsedPdf, n: number, dict: string): boolean {
  const offset = parsed.offsets.get(n) ?? 0;
  const at = parsed.text.indexOf(dict, offset);
  return /^\s*stream/.test(parsed.text.slice(at + dict.length, at + dict.length + 16));
}

/** A dictionary without the entries a signature update may change, whitespace-insensitive. */
function withoutSignatureEntries(dict: string): string {
  return dict
    .replace(/\/Annots\s*\[[^\]]*\]/g, '')
    .replace(/\/AcroForm\s+\d+\s+\d+\s+R/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*(<<|>>|\[|\]|\/)\s*/g, '$1')
    .trim();
}

/**
 * Checks that the incremental update between two revisions (`before` is a prefix of `after`, both
 * ending at a %%EOF) only adds a signature: new objects are a signature dictionary, a signature
 * widget or an AcroForm; rewritten objects are dictionaries (never streams) that differ from
 * their previous version only by /Annots, /AcroForm, /Fields or /SigFlags. Returns what else
 * changed (empty = a signature-only update). Throws pdfNotSignable when a revision is unreadable.
 */
export function unexpectedChanges(before: Buffer, after: Buffer): string[] {
  const old = parsePdf(before);
  const now = parsePdf(after);
  const changes: string[] = [];
  if (old.root !== now.root) changes.push('document catalog replaced');
  for (const [n, offset] of now.offsets) {
    if (offset < 0 || old.offsets.get(n) === offset) continue;
    const dict = objectDict(now, n);
    if (isStream(now, n, dict)) {
      changes.push(`object ${n} (stream) written`);
      continue;
    }
    const previous = old.offsets.get(n);
    if (previous === undefined || previous < 0) {
      const isSignature = /\/Type\s*\/Sig\b/.test(dict);
      const isWidget = /\/Subtype\s*\/Widget\b/.test(dict) && /\/FT\s*\/Sig\b/.test(dict);
      const isAcroForm = /\/Fields\s*\[/.test(dict) && !/\/Type\s*\/(?!AcroForm)/.test(dict);
      if (!isSignature && !isWidget && !isAcroForm) changes.push(`object ${n} added`);
      continue;
    }
    const oldDict = objectDict(old, n);
    if (/\/Fields\s*\[/.test(oldDict) && /\/Fields\s*\[/.test(dict)) {
      const strip = (d: string) => withoutSignatureEntries(d.replace(/\/Fields\s*\[[^\]]*\]/, '').replace(/\/SigFlags\s+\d+/, ''));
      if (strip(oldDict) !== strip(dict)) changes.push(`object ${n} (form) changed`);
      continue;
    }
    if (isStream(old, n, oldDict) || withoutSignatureEntries(oldDict) !== withoutSignatureEntries(dict))
      changes.push(`object ${n} changed`);
  }
  return changes;
}
