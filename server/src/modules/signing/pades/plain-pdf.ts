import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');

/**
 * A plain one-column PDF (title and lines of text, Vietnamese letters included): what a module
 * without its own layout can seal (a notice, a receipt in tests), and the document the signing
 * library's own tests sign. Same input and date → same bytes.
 */
export async function plainPdf(input: { title: string; lines: readonly string[]; createdAt?: Date }): Promise<Buffer> {
  const created = input.createdAt ?? new Date('2026-01-01T00:00:00Z');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: input.title, Creator: 'Giáo Dục Số', Producer: 'Giáo Dục Số', CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', readFileSync(FONT));
  doc.font('R').fontSize(16).text(input.title, { align: 'center' }).moveDown();
  doc.fontSize(11);
  for (const line of input.lines) doc.text(line);
  doc.end();
  return finished;
}
