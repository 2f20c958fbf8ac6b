/** Fixed facts of the demo province that other modules' seeds and the tests may rely on. */
export const demoProvinceCode = '24';
export const demoDepartmentCode = 'SGD24';
export const demoDepartmentName = 'Sở Giáo dục và Đào tạo tỉnh Bắc Ninh';

export const demoDivisions: readonly { code: string; name: string }[] = [
  { code: 'SGD24.VP', name: 'Văn phòng Sở' },
  { code: 'SGD24.TCCB', name: 'Phòng Tổ chức cán bộ' },
  { code: 'SGD24.KHTC', name: 'Phòng Kế hoạch – Tài chính' },
  { code: 'SGD24.GDMNPT', name: 'Phòng Giáo dục Mầm non và Phổ thông' },
  { code: 'SGD24.GDTXCN', name: 'Phòng Giáo dục Thường xuyên và Chuyên nghiệp' },
  { code: 'SGD24.KTKD', name: 'Phòng Khảo thí và Kiểm định chất lượng' },
  { code: 'SGD24.TTRA', name: 'Thanh tra Sở' },
];

/** Department-managed schools of the demo, named as such schools are in the province. */
export const demoUpperSchools: readonly { name: string; level: 'thpt' | 'gdtx' | 'lien_cap_thpt'; ownership: 'cong_lap' | 'tu_thuc' }[] = [
  { name: 'Trường THPT Chuyên Bắc Ninh', level: 'thpt', ownership: 'cong_lap' },
  { name: 'Trường THPT Hàn Thuyên', level: 'thpt', ownership: 'cong_lap' },
  { name: 'Trường THPT Ngô Sĩ Liên', level: 'thpt', ownership: 'cong_lap' },
  { name: 'Trường THPT Lý Thái Tổ', level: 'thpt', ownership: 'cong_lap' },
  { name: 'Trung tâm Giáo dục thường xuyên tỉnh Bắc Ninh', level: 'gdtx', ownership: 'cong_lap' },
  { name: 'Trường Phổ thông liên cấp Kinh Bắc', level: 'lien_cap_thpt', ownership: 'tu_thuc' },
];

/** Names of people and places upper-secondary schools of the province carry (province size). */
export const upperSchoolNames: readonly string[] = [
  'Nguyễn Văn Cừ',
  'Lý Thường Kiệt',
  'Ngô Gia Tự',
  'Lê Văn Thịnh',
  'Nguyễn Đăng Đạo',
  'Thuận Thành số 1',
  'Gia Bình số 1',
  'Lương Tài',
  'Quế Võ số 1',
  'Tiên Du số 1',
  'Yên Phong số 1',
  'Từ Sơn',
  'Hoàng Quốc Việt',
  'Thân Nhân Trung',
  'Giáp Hải',
  'Lạng Giang số 1',
  'Việt Yên số 1',
  'Tân Yên số 1',
  'Lục Ngạn số 1',
  'Sơn Động số 1',
  'Yên Dũng số 1',
  'Hiệp Hòa số 1',
  'Lục Nam',
  'Nhã Nam',
  'Ngô Sĩ Liên số 2',
  'Dương Tự Minh',
  'Chu Văn An',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Lê Quý Đôn',
];
