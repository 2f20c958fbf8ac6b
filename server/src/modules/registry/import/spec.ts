import type { SheetSpec } from '../../../platform/spreadsheet/index.ts';
import { ethnicGroups } from '../rules/ethnicity.ts';

export const STUDENT_SHEET = 'Học sinh';

export const sexOptions = [
  { value: 'male', label: 'Nam' },
  { value: 'female', label: 'Nữ' },
];

/**
 * The student import sheet. `forTemplate` gives dropdowns (ethnic groups, the school's classes);
 * on upload the ethnicity and class columns are read as text and judged by the registry rules
 * ('1', 'Kinh', 'KINH' are all Kinh; a class is looked up in the school's current year).
 */
export function studentSheet(classNames: string[] = [], forTemplate = false, multiSchool = false): SheetSpec {
  return {
    name: STUDENT_SHEET,
    columns: [
      // a school's own file may leave it out; a file for a commune or the province names each row's school
      ...(multiSchool || !forTemplate
        ? [
            {
              key: 'schoolCode',
              header: 'Mã trường',
              aliases: ['Mã đơn vị', 'Mã trường học'],
              type: 'code' as const,
              required: multiSchool,
              width: 14,
              hint: 'Mã trường trên hệ thống (cột bắt buộc khi nhập cho cả xã/tỉnh)',
            },
          ]
        : []),
      { key: 'fullName', header: 'Họ và tên', aliases: ['Họ tên học sinh', 'Họ tên'], type: 'text', required: true, width: 28 },
      {
        key: 'dateOfBirth',
        header: 'Ngày sinh (dd/mm/yyyy)',
        aliases: ['Ngày sinh'],
        type: 'date',
        required: true,
        width: 16,
        hint: 'Ví dụ 05/09/2014',
      },
      { key: 'sex', header: 'Giới tính', type: 'enum', options: sexOptions, required: true, width: 10 },
      {
        key: 'cccd',
        header: 'Số định danh cá nhân',
        aliases: ['Số CCCD', 'CCCD', 'Mã định danh cá nhân'],
        type: 'code',
        digits: 12,
        width: 18,
        hint: '12 chữ số, nhập dạng chữ để giữ số 0 ở đầu',
      },
      {
        key: 'moetCode',
        header: 'Mã học sinh',
        aliases: ['Mã định danh Bộ GD&ĐT', 'Mã HS'],
        type: 'code',
        width: 16,
        hint: 'Mã học sinh trên CSDL ngành (nếu có)',
      },
      forTemplate
        ? {
            key: 'ethnicity',
            header: 'Dân tộc',
            type: 'enum',
            options: ethnicGroups.map((g) => ({ value: g.code, label: g.name })),
            width: 14,
            hint: 'Để trống: Kinh',
          }
        : { key: 'ethnicity', header: 'Dân tộc', type: 'text', width: 14 },
      forTemplate && classNames.length > 0
        ? {
            key: 'className',
            header: 'Lớp',
            type: 'enum',
            options: classNames.map((n) => ({ value: n, label: n })),
            required: true,
            width: 10,
          }
        : { key: 'className', header: 'Lớp', type: 'text', required: true, width: 10 },
      {
        key: 'guardianName',
        header: 'Họ tên cha/mẹ/người giám hộ',
        aliases: ['Họ tên cha mẹ', 'Họ tên người giám hộ'],
        type: 'text',
        width: 28,
      },
      { key: 'guardianPhone', header: 'Số điện thoại người giám hộ', aliases: ['Số điện thoại'], type: 'code', digits: 10, width: 18 },
    ],
  };
}

export const templateInstructions = [
  'Mỗi dòng của trang "Học sinh" là một học sinh. Các cột có dấu (*) là bắt buộc.',
  'Ngày sinh nhập theo dạng dd/mm/yyyy (ví dụ 05/09/2014).',
  'Số định danh cá nhân gồm 12 chữ số; nhập dạng chữ để Excel không làm mất số 0 ở đầu.',
  'Lớp phải là một lớp của năm học hiện tại của trường.',
  'Tệp nhập cho cả xã hoặc cả tỉnh cần cột "Mã trường" cho mỗi dòng.',
  'Học sinh đã có hồ sơ (cùng số định danh, mã học sinh, hoặc cùng họ tên, ngày sinh và lớp) sẽ được cập nhật, không tạo mới. Nhập lại cùng một tệp không thay đổi gì.',
  'Không gộp ô, không thêm hoặc đổi tên cột. Tệp có lỗi sẽ không được ghi vào hệ thống.',
];
