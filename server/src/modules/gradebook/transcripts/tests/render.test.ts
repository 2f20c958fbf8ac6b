import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTranscript } from '../render.ts';
import { sampleTranscript, VIETNAMESE_LETTERS } from '../sample.ts';
import { parsePdfsig, tempDir, tool } from '../../../../../tests/support/pdf-tools.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('renderTranscript: the học bạ PDF', () => {
  it('is an A4 PDF whose extracted text has the header, title, names and every Vietnamese letter', async () => {
    const data = sampleTranscript(4, { homeroomComment: `Kiểm tra phông chữ: ${VIETNAMESE_LETTERS}` });
    const path = tmp.file('render.pdf', await renderTranscript(data));

    const info = tool('pdfinfo', [path]);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(tool('qpdf', ['--check', path]).status).toBe(0);

    const text = tool('pdftotext', ['-enc', 'UTF-8', path, '-']).stdout.normalize('NFC');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'HỌC BẠ',
      'TRUNG HỌC CƠ SỞ',
      data.student.fullName,
      'Đỗ Thị Thanh Hằng',
      'Trường THCS Lê Quý Đôn',
      'Nguyễn Thị Hương',
      'Trần Văn Đức',
      'Hoạt động trải nghiệm,',
      'Khoa học tự nhiên',
      'GIÁO VIÊN CHỦ NHIỆM',
      'HIỆU TRƯỞNG',
      'Được lên lớp',
      'Phú Thọ, ngày 25 tháng 5 năm 2026',
      '7,6',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Letter by letter: a subset font that lost a glyph (the @fontsource trap) fails here.
    const compact = text.replace(/\s+/g, '');
    const missing = [...VIETNAMESE_LETTERS].filter((letter) => !compact.includes(letter));
    expect(missing).toEqual([]);
    expect(compact).toContain(VIETNAMESE_LETTERS);
  });

  it('carries a QR code that zbarimg reads back as the verification URL from the rasterised page', async () => {
    const data = sampleTranscript(7);
    const path = tmp.file('qr.pdf', await renderTranscript(data));
    const prefix = tmp.file('qr-page');
    const lastPage = /Pages:\s+(\d+)/.exec(tool('pdfinfo', [path]).stdout)?.[1] ?? '1';
    expect(tool('pdftoppm', ['-r', '150', '-gray', '-png', '-f', lastPage, '-l', lastPage, '-singlefile', path, prefix]).status).toBe(0);
    const scan = tool('zbarimg', ['--quiet', '--raw', `${prefix}.png`]);
    expect(scan.status).toBe(0);
    expect(scan.stdout.trim()).toBe(data.verificationUrl);
  });

  it('draws extra assessment tables (primary: qualities and competences) and stays readable over several pages', async () => {
    const data = sampleTranscript(8, {
      levelTitle: 'Tiểu học',
      assessments: [
        {
          title: 'Những phẩm chất chủ yếu',
          rows: ['Yêu nước', 'Nhân ái', 'Chăm chỉ', 'Trung thực', 'Trách nhiệm'].map((name) => ({
            name,
            term1: 'Tốt',
            term2: 'Tốt',
            year: 'Tốt',
          })),
        },
        {
          title: 'Những năng lực cốt lõi',
          rows: ['Tự chủ và tự học', 'Giao tiếp và hợp tác', 'Giải quyết vấn đề và sáng tạo', 'Ngôn ngữ', 'Tính toán'].map((name) => ({
            name,
            term1: 'Đạt',
            term2: 'Tốt',
            year: 'Tốt',
          })),
        },
      ],
      homeroomComment: 'Em tiến bộ nhiều. '.repeat(60),
    });
    const path = tmp.file('primary.pdf', await renderTranscript(data));
    expect(tool('qpdf', ['--check', path]).status).toBe(0);
    const pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', [path]).stdout)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = tool('pdftotext', ['-enc', 'UTF-8', path, '-']).stdout;
    for (const expected of [
      'TIỂU HỌC',
      'Những phẩm chất chủ yếu',
      'Trung thực',
      'Những năng lực cốt lõi',
      'Giải quyết vấn đề và sáng tạo',
      `trang ${pages}/${pages}`,
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('a subject table that runs over a page repeats its header row', async () => {
    const base = sampleTranscript(9);
    const long = 'Em có nhiều tiến bộ trong học kỳ II, tích cực phát biểu xây dựng bài và hoàn thành đầy đủ bài tập về nhà. '.repeat(4);
    const data = { ...base, subjects: base.subjects.map((subject) => ({ ...subject, comment: long })) };
    const path = tmp.file('long-table.pdf', await renderTranscript(data));
    const perPage = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', [path]).stdout)?.[1]);
    expect(perPage).toBeGreaterThanOrEqual(3);
    const page2 = tool('pdftotext', ['-enc', 'UTF-8', '-f', '2', '-l', '2', path, '-']).stdout;
    expect(page2).toContain('Nhận xét của giáo viên môn học');
    expect(tool('qpdf', ['--check', path]).status).toBe(0);
  });

  it('is byte-for-byte reproducible for the same data', async () => {
    const a = await renderTranscript(sampleTranscript(2));
    const b = await renderTranscript(sampleTranscript(2));
    expect(a.equals(b)).toBe(true);
    const other = await renderTranscript(sampleTranscript(3));
    expect(a.equals(other)).toBe(false);
  });

  it('prints the test-certificate watermark (and notice) only when asked', async () => {
    const marked = tmp.file('marked.pdf', await renderTranscript(sampleTranscript(1, { testCertificate: true })));
    const plain = tmp.file('plain.pdf', await renderTranscript(sampleTranscript(1, { testCertificate: false })));
    const text = (path: string) => tool('pdftotext', ['-enc', 'UTF-8', path, '-']).stdout.replace(/\s+/g, ' ');
    expect(text(marked)).toContain('Ký bằng chứng thư số thử nghiệm (TEST CA) — không có giá trị pháp lý.');
    expect(text(plain)).not.toContain('thử nghiệm');
    // The rotated watermark itself: count reddish pixels on the rasterised first page.
    const reddish = (path: string) => {
      const prefix = tmp.file(`px-${path.split('/').pop()}`);
      expect(tool('pdftoppm', ['-r', '30', '-f', '1', '-l', '1', '-singlefile', path, prefix]).status).toBe(0);
      const ppm = readFileSync(`${prefix}.ppm`);
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 32).toString('latin1'));
      if (!header) throw new Error('not a PPM');
      let count = 0;
      for (let i = header[0].length; i + 2 < ppm.length; i += 3) {
        const [r, g, b] = [ppm[i] ?? 0, ppm[i + 1] ?? 0, ppm[i + 2] ?? 0];
        if (r - g > 12 && r - b > 12) count++;
      }
      return count;
    };
    expect(reddish(marked)).toBeGreaterThan(500);
    expect(reddish(plain)).toBe(0);
  });

  it('an unsigned transcript has no signature for pdfsig', async () => {
    const path = tmp.file('unsigned.pdf', await renderTranscript(sampleTranscript(1)));
    const out = tool('pdfsig', [path]);
    expect(parsePdfsig(out.stdout + out.stderr)).toEqual([]);
    expect(out.stdout + out.stderr).toMatch(/does not contain any signatures/);
  });
});
