import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { SheetSpec } from '../types.ts';

/** The student sheet the tests use: every column type. */
export const studentSheet: SheetSpec = {
  name: 'Học sinh',
  columns: [
    { key: 'code', header: 'Mã học sinh', type: 'code', required: true, width: 14 },
    { key: 'fullName', header: 'Họ và tên', type: 'text', required: true, width: 28 },
    { key: 'dateOfBirth', header: 'Ngày sinh', type: 'date', required: true },
    {
      key: 'sex',
      header: 'Giới tính',
      type: 'enum',
      required: true,
      options: [
        { value: 'male', label: 'Nam' },
        { value: 'female', label: 'Nữ' },
      ],
    },
    { key: 'cccd', header: 'Số định danh cá nhân', aliases: ['Số CCCD'], type: 'code', digits: 12, hint: '12 chữ số' },
    { key: 'ethnicity', header: 'Mã dân tộc', type: 'code', digits: 2 },
    { key: 'average', header: 'Điểm trung bình', type: 'number' },
    { key: 'boarding', header: 'Nội trú', type: 'boolean' },
  ],
};

export const headers = studentSheet.columns.map((c) => c.header);

/** A workbook written cell by cell (not from our template): how a clerk's own file looks. */
export async function handMade(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void, sheetName = 'Học sinh'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const good = ['HS001', 'Nguyễn Văn An', new Date(Date.UTC(2014, 2, 5)), 'Nam', '087214016918', '01', 8.5, 'x'];

/** Every part of a zip, inflated (small test files only). */
export async function unzipAll(buf: Buffer): Promise<Map<string, Buffer>> {
  const { default: yauzl } = await import('yauzl');
  const zip = await new Promise<import('yauzl').ZipFile>((ok, fail) =>
    yauzl.fromBuffer(buf, { lazyEntries: true }, (e, z) => (e || !z ? fail(e) : ok(z))),
  );
  const parts = new Map<string, Buffer>();
  await new Promise<void>((ok, fail) => {
    zip.on('entry', (entry: import('yauzl').Entry) => {
      zip.openReadStream(entry, async (e, s) => {
        if (e || !s) return fail(e);
        const chunks: Buffer[] = [];
        for await (const c of s) chunks.push(c as Buffer);
        parts.set(entry.fileName, Buffer.concat(chunks));
        zip.readEntry();
      });
    });
    zip.once('end', ok);
    zip.once('error', fail);
    zip.readEntry();
  });
  return parts;
}

/**
 * A zip of `parts`, deflated, as a hostile file would be built: hand-written headers (the
 * local header, the central directory, its end), so a test can shape any part it likes.
 */
export function zipParts(parts: Map<string, Buffer> | Record<string, Buffer | string>): Buffer {
  const { crc32, deflateRawSync } = zlib;
  const entries = parts instanceof Map ? [...parts] : Object.entries(parts).map(([k, v]) => [k, Buffer.from(v)] as const);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const stored = deflateRawSync(data, { level: 9 });
    const fileName = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(stored.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(fileName.length, 26);
    locals.push(head, fileName, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);
    offset += head.length + fileName.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
