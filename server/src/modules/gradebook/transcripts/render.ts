import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { TranscriptData, TranscriptTermValues } from './types.ts';

/**
 * Draws a transcript (học bạ) as an A4 PDF laid out like the ministry's paper book: national
 * header, title, identity block, the subject table (term I, term II, year, re-assessment,
 * teacher's comment), conduct and learning results, absences, promotion, titles, comments, the
 * approval line and the signature block (homeroom teacher; principal with the school seal), and a
 * QR code to the public verification page. Vietnamese is set in DejaVu Serif Condensed, a full
 * TTF from npm (embedded as a subset with a ToUnicode map: text stays extractable).
 *
 * The output is deterministic for the same data and `generatedAt` (no random IDs, fixed dates).
 */

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** Parsed once per process and shared by every document (pdfkit subsets them per document). */
let fonts: { regular: fontkit.Font; bold: fontkit.Font; italic: fontkit.Font; boldItalic: fontkit.Font } | null = null;
function loadFonts() {
  const open = (file: string) => fontkit.create(readFileSync(join(FONT_DIR, file)));
  fonts ??= {
    regular: open('DejaVuSerifCondensed.ttf'),
    bold: open('DejaVuSerifCondensed-Bold.ttf'),
    italic: open('DejaVuSerifCondensed-Italic.ttf'),
    boldItalic: open('DejaVuSerifCondensed-BoldItalic.ttf'),
  };
  return fonts;
}

const PAGE = { width: 595.28, height: 841.89, margin: 42 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const ROLE_TITLE = { homeroomTeacher: 'GIÁO VIÊN CHỦ NHIỆM', principal: 'HIỆU TRƯỞNG', seal: 'CON DẤU' } as const;

/** "7.5" → "7,5"; levels and other text pass through. */
export function formatScore(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const trimmed = value.trim();
  return /^\d+([.,]\d+)?$/.test(trimmed) ? trimmed.replace('.', ',') : trimmed;
}

/** ISO yyyy-mm-dd → dd/mm/yyyy. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function approvalDate(place: string, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return `${place}, ${iso}`;
  return `${place}, ngày ${Number(m[3])} tháng ${Number(m[2])} năm ${m[1]}`;
}

type Doc = PDFKit.PDFDocument;

export interface RenderOptions {
  /** Creation date written in the PDF info (default: issuedOn at 00:00 UTC), for reproducible files. */
  generatedAt?: Date;
}

export async function renderTranscript(data: TranscriptData, options: RenderOptions = {}): Promise<Buffer> {
  const f = loadFonts();
  const created = options.generatedAt ?? new Date(`${data.issuedOn.slice(0, 10)}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: `Học bạ ${data.student.fullName} — năm học ${data.schoolYear}`,
      Author: data.school.name,
      Subject: `Học bạ số ${data.documentId}`,
      Creator: 'Giáo Dục Số',
      Producer: 'Giáo Dục Số',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit accepts a parsed fontkit font (its FontFactory checks for .layout); the typings only know paths/buffers.
  const register = (name: string, font: fontkit.Font) => doc.registerFont(name, font as unknown as Buffer);
  register('R', f.regular);
  register('B', f.bold);
  register('I', f.italic);
  register('BI', f.boldItalic);

  const addPage = () => {
    doc.addPage();
    if (data.testCertificate) drawWatermark(doc);
    doc.x = PAGE.margin;
    doc.y = PAGE.margin;
  };
  const ensureSpace = (height: number) => {
    if (doc.y + height > PAGE.height - PAGE.margin - 24) addPage();
  };

  addPage();
  drawHeader(doc, data);
  drawIdentity(doc, data);
  drawSubjectTable(doc, data, ensureSpace);
  for (const section of data.assessments ?? []) drawAssessmentTable(doc, section, ensureSpace);
  ensureSpace(150);
  drawResults(doc, data);
  drawComments(doc, data, ensureSpace);
  ensureSpace(210);
  await drawSignaturesAndQr(doc, data);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const footer = `Học bạ số ${data.documentId}${data.version ? ` (phiên bản ${data.version})` : ''} — ${data.student.fullName} — năm học ${data.schoolYear} — trang ${i + 1}/${range.count}`;
    // The footer sits in the bottom margin: lift the margin so pdfkit does not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('I').fontSize(7.5).fillColor('#444444');
    doc.text(footer, PAGE.margin, PAGE.height - PAGE.margin + 8, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return finished;
}

function drawWatermark(doc: Doc) {
  doc.save();
  doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
  doc.font('B').fontSize(20).fillColor('#c00000').fillOpacity(0.13);
  doc.text('CHỨNG THƯ SỐ THỬ NGHIỆM', -150, PAGE.height / 2 - 40, { width: PAGE.width + 300, align: 'center', lineBreak: false });
  doc.text('TEST CERTIFICATE — KHÔNG CÓ GIÁ TRỊ PHÁP LÝ', -150, PAGE.height / 2, {
    width: PAGE.width + 300,
    align: 'center',
    lineBreak: false,
  });
  doc.restore();
  doc.fillColor('black').fillOpacity(1);
}

function drawHeader(doc: Doc, data: TranscriptData) {
  const top = doc.y;
  const leftWidth = 220;
  const rightX = PAGE.margin + leftWidth + 10;
  const rightWidth = CONTENT_WIDTH - leftWidth - 10;
  doc.font('R').fontSize(9.5);
  if (data.authority) doc.text(data.authority.toUpperCase(), PAGE.margin, top, { width: leftWidth, align: 'center' });
  doc.font('B').text(data.school.name.toUpperCase(), PAGE.margin, doc.y, { width: leftWidth, align: 'center' });
  const leftBottom = doc.y;
  doc
    .moveTo(PAGE.margin + leftWidth / 2 - 35, leftBottom + 2)
    .lineTo(PAGE.margin + leftWidth / 2 + 35, leftBottom + 2)
    .lineWidth(0.6)
    .stroke();

  doc.font('B').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightWidth, align: 'center' });
  doc
    .font('B')
    .fontSize(10.5)
    .text('Độc lập - Tự do - Hạnh phúc', rightX, doc.y + 1, { width: rightWidth, align: 'center' });
  const rightBottom = doc.y;
  const motto = doc.widthOfString('Độc lập - Tự do - Hạnh phúc');
  doc
    .moveTo(rightX + (rightWidth - motto) / 2, rightBottom + 1)
    .lineTo(rightX + (rightWidth + motto) / 2, rightBottom + 1)
    .lineWidth(0.6)
    .stroke();

  doc.y = Math.max(leftBottom, rightBottom) + 22;
  doc.font('B').fontSize(26).text('HỌC BẠ', PAGE.margin, doc.y, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 2 });
  doc.font('B').fontSize(13).text(data.levelTitle.toUpperCase(), { width: CONTENT_WIDTH, align: 'center' });
  doc
    .font('R')
    .fontSize(11)
    .text(`Năm học ${data.schoolYear.replace('-', ' - ')}`, { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(0.8);
}

function labelled(doc: Doc, x: number, y: number, width: number, label: string, value: string) {
  doc.font('R').fontSize(10.5).text(`${label}: `, x, y, { width, continued: true });
  doc.font('B').text(value || '……………', { width });
}

function drawIdentity(doc: Doc, data: TranscriptData) {
  const s = data.student;
  const half = CONTENT_WIDTH / 2;
  const x1 = PAGE.margin;
  const x2 = PAGE.margin + half + 10;
  const row = (left: [string, string], right?: [string, string]) => {
    const y = doc.y;
    labelled(doc, x1, y, right ? half : CONTENT_WIDTH, left[0], left[1]);
    const yLeft = doc.y;
    if (right) labelled(doc, x2, y, half - 10, right[0], right[1]);
    doc.y = Math.max(yLeft, doc.y) + 3;
  };
  row(['Họ và tên', s.fullName], ['Giới tính', s.gender === 'female' ? 'Nữ' : 'Nam']);
  row(['Ngày sinh', formatDate(s.dateOfBirth)], ['Dân tộc', s.ethnicity ?? '']);
  row(['Nơi sinh', s.placeOfBirth ?? ''], ['Quốc tịch', s.nationality ?? 'Việt Nam']);
  row(['Mã định danh cá nhân', s.personalId ?? ''], ['Mã học sinh', s.studentCode ?? '']);
  row(['Chỗ ở hiện nay', s.address ?? '']);
  for (const g of s.guardians ?? []) row([`Họ và tên ${g.relation}`, g.name]);
  row(['Trường', data.school.name], ['Lớp', data.className]);
  doc.moveDown(0.6);
}

function drawSubjectTable(doc: Doc, data: TranscriptData, ensureSpace: (h: number) => void) {
  doc.font('B').fontSize(11.5).text('I. KẾT QUẢ HỌC TẬP CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC', PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  const widths = [22, 138, 44, 44, 44, 52, CONTENT_WIDTH - 22 - 138 - 44 * 3 - 52];
  const headers = [
    'TT',
    'Môn học và hoạt động giáo dục',
    'Học kỳ I',
    'Học kỳ II',
    'Cả năm',
    'Đánh giá lại (nếu có)',
    'Nhận xét của giáo viên môn học',
  ];
  const drawRow = (cells: string[], bold: boolean, fontSize: number) => {
    const heights = cells.map((cell, i) => {
      doc.font(bold ? 'B' : 'R').fontSize(i === 6 && !bold ? 8.5 : fontSize);
      return doc.heightOfString(cell || ' ', { width: (widths[i] ?? 40) - 6 });
    });
    const height = Math.max(16, ...heights.map((h) => h + 6));
    const page = doc.page;
    ensureSpace(height);
    // A table continued on a new page repeats its header row.
    if (doc.page !== page && !bold) drawRow(headers, true, 8.5);
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 40;
      doc.rect(x, y, w, height).lineWidth(0.5).stroke();
      doc.font(bold ? 'B' : 'R').fontSize(i === 6 && !bold ? 8.5 : fontSize);
      const align = i === 1 || i === 6 ? 'left' : 'center';
      const h = heights[i] ?? 0;
      doc.text(cell, x + 3, y + (align === 'center' ? (height - h) / 2 : 3), { width: w - 6, align });
      x += w;
    });
    doc.x = PAGE.margin;
    doc.y = y + height;
  };
  drawRow(headers, true, 8.5);
  data.subjects.forEach((subject, i) => {
    const comment = [subject.comment ?? '', subject.teacherName ? `(GV: ${subject.teacherName})` : ''].filter(Boolean).join(' ');
    drawRow(
      [
        String(i + 1),
        subject.name,
        formatScore(subject.term1),
        formatScore(subject.term2),
        formatScore(subject.year),
        formatScore(subject.reassessed),
        comment,
      ],
      false,
      9.5,
    );
  });
  doc.moveDown(0.8);
}

/** An extra table (TT 27 qualities and competences…): content, term I, term II, year. */
function drawAssessmentTable(doc: Doc, section: NonNullable<TranscriptData['assessments']>[number], ensureSpace: (h: number) => void) {
  ensureSpace(60);
  doc.font('B').fontSize(11).text(section.title, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  const widths = [22, CONTENT_WIDTH - 22 - 3 * 70, 70, 70, 70];
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'B' : 'R').fontSize(bold ? 8.5 : 9.5);
    const height = Math.max(16, ...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: (widths[i] ?? 40) - 6 }) + 6));
    ensureSpace(height);
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 40;
      doc.rect(x, y, w, height).lineWidth(0.5).stroke();
      doc.font(bold ? 'B' : 'R').fontSize(bold ? 8.5 : 9.5);
      doc.text(cell, x + 3, y + 4, { width: w - 6, align: i === 1 ? 'left' : 'center' });
      x += w;
    });
    doc.x = PAGE.margin;
    doc.y = y + height;
  };
  row(['TT', 'Nội dung', 'Học kỳ I', 'Học kỳ II', 'Cả năm'], true);
  section.rows.forEach((r, i) => {
    row([String(i + 1), r.name, formatScore(r.term1), formatScore(r.term2), formatScore(r.year)], false);
  });
  doc.moveDown(0.8);
}

function drawResults(doc: Doc, data: TranscriptData) {
  doc.font('B').fontSize(11.5).text('II. KẾT QUẢ RÈN LUYỆN VÀ HỌC TẬP', PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  const cols: [string, keyof TranscriptTermValues][] = [
    ['Học kỳ I', 'term1'],
    ['Học kỳ II', 'term2'],
    ['Cả năm', 'year'],
    ['Sau rèn luyện hè / đánh giá lại', 'reassessed'],
  ];
  const first = 110;
  const w = (CONTENT_WIDTH - first) / cols.length;
  const rows: [string, TranscriptTermValues | null][] = [
    ['', null],
    ['Rèn luyện', data.conduct],
    ['Học tập', data.learning],
  ];
  for (const [label, values] of rows) {
    const y = doc.y;
    const height = 20;
    doc.rect(PAGE.margin, y, first, height).lineWidth(0.5).stroke();
    doc
      .font('B')
      .fontSize(9.5)
      .text(label || 'Kết quả', PAGE.margin + 3, y + 5, { width: first - 6 });
    cols.forEach(([title, key], i) => {
      const x = PAGE.margin + first + i * w;
      doc.rect(x, y, w, height).stroke();
      const text = values ? (values[key] ?? '') : title;
      doc
        .font(values ? 'R' : 'B')
        .fontSize(values ? 10 : 8.5)
        .text(text ?? '', x + 2, y + (values ? 5 : 6), { width: w - 4, align: 'center' });
    });
    doc.x = PAGE.margin;
    doc.y = y + height;
  }
  doc.moveDown(0.5);
  const line = (label: string, value: string) => {
    doc.font('R').fontSize(10.5).text(`${label}: `, PAGE.margin, doc.y, { width: CONTENT_WIDTH, continued: true });
    doc.font('B').text(value, { width: CONTENT_WIDTH });
    doc.moveDown(0.15);
  };
  if (data.absences) {
    const total = data.absences.excused + data.absences.unexcused;
    line('Tổng số buổi nghỉ học cả năm', `${total} (có phép: ${data.absences.excused}, không phép: ${data.absences.unexcused})`);
  }
  line('Kết quả xét lên lớp', data.promotion);
  line('Danh hiệu / khen thưởng', data.titles?.length ? data.titles.join('; ') : 'Không');
  doc.moveDown(0.4);
}

function drawComments(doc: Doc, data: TranscriptData, ensureSpace: (h: number) => void) {
  const block = (title: string, text: string | null | undefined) => {
    doc.font('R').fontSize(10);
    const h = doc.heightOfString(text || ' ', { width: CONTENT_WIDTH - 12 }) + 30;
    ensureSpace(h);
    doc.font('B').fontSize(11).text(title, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
    const y = doc.y + 2;
    doc
      .font('R')
      .fontSize(10)
      .text(text || '', PAGE.margin + 6, y + 4, { width: CONTENT_WIDTH - 12 });
    const bottom = Math.max(doc.y + 4, y + 22);
    doc
      .rect(PAGE.margin, y, CONTENT_WIDTH, bottom - y)
      .lineWidth(0.4)
      .dash(2, { space: 2 })
      .stroke()
      .undash();
    doc.x = PAGE.margin;
    doc.y = bottom + 6;
  };
  block('III. NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM', data.homeroomComment);
  block('IV. PHÊ DUYỆT CỦA HIỆU TRƯỞNG', data.principalComment);
}

async function drawSignaturesAndQr(doc: Doc, data: TranscriptData) {
  doc
    .font('I')
    .fontSize(10.5)
    .text(approvalDate(data.place, data.issuedOn), PAGE.margin + CONTENT_WIDTH / 2, doc.y + 4, {
      width: CONTENT_WIDTH / 2,
      align: 'center',
    });
  const top = doc.y + 4;
  const col = CONTENT_WIDTH / 2;
  const person = (role: 'homeroomTeacher' | 'principal', x: number) => {
    const who = data.signatories.find((s) => s.role === role);
    doc.font('B').fontSize(10.5).text(ROLE_TITLE[role], x, top, { width: col, align: 'center' });
    doc
      .font('I')
      .fontSize(8.5)
      .text(role === 'principal' ? '(Ký số, đóng dấu số của đơn vị)' : '(Ký số)', x, doc.y, { width: col, align: 'center' });
    doc
      .font('B')
      .fontSize(11)
      .text(who?.name ?? '', x, top + 72, { width: col, align: 'center' });
  };
  person('homeroomTeacher', PAGE.margin);
  person('principal', PAGE.margin + col);
  const seal = data.signatories.find((s) => s.role === 'seal');
  if (seal) {
    doc
      .font('I')
      .fontSize(8.5)
      .text(`Con dấu số: ${seal.name}`, PAGE.margin + col, top + 88, { width: col, align: 'center' });
  }

  // QR code to the verification page, drawn as vector modules (crisp at any zoom, readable when printed).
  const qr = QRCode.create(data.verificationUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const qrWidth = 92;
  const cell = qrWidth / (size + 8);
  const qrX = PAGE.margin;
  const qrY = top + 112;
  doc.rect(qrX, qrY, qrWidth, qrWidth).fill('white');
  doc.fillColor('black');
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (qr.modules.get(r, c)) doc.rect(qrX + (c + 4) * cell, qrY + (r + 4) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill('black');
  const textX = qrX + qrWidth + 8;
  const textWidth = CONTENT_WIDTH - qrWidth - 8;
  doc
    .font('B')
    .fontSize(9)
    .text('Xác thực học bạ số', textX, qrY + 10, { width: textWidth });
  doc
    .font('R')
    .fontSize(8.5)
    .text('Quét mã QR hoặc mở địa chỉ dưới đây để kiểm tra chữ ký số và dấu vân tay của tệp:', textX, doc.y + 2, {
      width: textWidth,
    });
  doc
    .font('R')
    .fontSize(8.5)
    .fillColor('#1a4fa0')
    .text(data.verificationUrl, textX, doc.y + 2, { width: textWidth });
  doc
    .fillColor('black')
    .font('R')
    .fontSize(8.5)
    .text(`Mã học bạ: ${data.documentId}`, textX, doc.y + 2, { width: textWidth });
  if (data.testCertificate) {
    doc
      .font('B')
      .fontSize(8.5)
      .fillColor('#c00000')
      .text('Ký bằng chứng thư số thử nghiệm (TEST CA) — không có giá trị pháp lý.', textX, doc.y + 2, {
        width: textWidth,
      });
    doc.fillColor('black');
  }
}
