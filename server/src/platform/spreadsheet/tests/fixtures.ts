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
