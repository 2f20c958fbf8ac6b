/**
 * Enumerations of the school profile and facilities (regulations.md §7.3). Items marked [U] in the
 * regulations (not verified against an official form) are kept here as configuration, so a
 * province can align them with the MOET sector-database forms without touching the rules.
 */

/** Vùng khó khăn / đặc biệt khó khăn (none: neither). */
export const difficultAreas = ['none', 'kho_khan', 'dac_biet_kho_khan'] as const;
export type DifficultArea = (typeof difficultAreas)[number];

/** Trường đạt chuẩn quốc gia: chưa đạt, mức độ 1, mức độ 2. */
export const nationalStandards = ['chua_dat', 'muc_1', 'muc_2'] as const;
export type NationalStandard = (typeof nationalStandards)[number];

/** Kiểm định chất lượng giáo dục: cấp độ 1–4. */
export const accreditationLevels = [1, 2, 3, 4] as const;

/** Số buổi học/ngày. */
export const sessionsPerDayValues = [1, 2] as const;

/** Thư viện theo TT 16/2022/TT-BGDĐT: chưa đạt, đạt mức độ 1, đạt mức độ 2 [U: level names]. */
export const libraryStandards = ['chua_dat', 'muc_1', 'muc_2'] as const;
export type LibraryStandard = (typeof libraryStandards)[number];

/** Kết nối Internet: none, cáp quang, di động (3G/4G/5G), khác [U]. */
export const internetKinds = ['none', 'fiber', 'mobile', 'other'] as const;
export type InternetKind = (typeof internetKinds)[number];

/**
 * Phòng học bộ môn by kind (school facilities standards of MOET; THPT has separate physics,
 * chemistry and biology rooms, THCS one natural-science room) [U: exact list of the forms].
 */
export const subjectRoomKinds = [
  'tin_hoc',
  'ngoai_ngu',
  'khtn',
  'vat_ly',
  'hoa_hoc',
  'sinh_hoc',
  'cong_nghe',
  'am_nhac',
  'my_thuat',
  'da_chuc_nang',
  'khac',
] as const;
export type SubjectRoomKind = (typeof subjectRoomKinds)[number];

/** Vietnamese labels (import templates, exports); the web app has its own i18n. */
export const labels = {
  difficultArea: { none: 'Không', kho_khan: 'Vùng khó khăn', dac_biet_kho_khan: 'Vùng đặc biệt khó khăn' } satisfies Record<
    DifficultArea,
    string
  >,
  nationalStandard: { chua_dat: 'Chưa đạt', muc_1: 'Mức độ 1', muc_2: 'Mức độ 2' } satisfies Record<NationalStandard, string>,
  libraryStandard: { chua_dat: 'Chưa đạt', muc_1: 'Đạt mức độ 1', muc_2: 'Đạt mức độ 2' } satisfies Record<LibraryStandard, string>,
  internet: { none: 'Không có', fiber: 'Cáp quang', mobile: 'Di động (3G/4G/5G)', other: 'Khác' } satisfies Record<InternetKind, string>,
  subjectRoom: {
    tin_hoc: 'Tin học',
    ngoai_ngu: 'Ngoại ngữ',
    khtn: 'Khoa học tự nhiên',
    vat_ly: 'Vật lí',
    hoa_hoc: 'Hóa học',
    sinh_hoc: 'Sinh học',
    cong_nghe: 'Công nghệ',
    am_nhac: 'Âm nhạc',
    my_thuat: 'Mĩ thuật',
    da_chuc_nang: 'Đa chức năng',
    khac: 'Khác',
  } satisfies Record<SubjectRoomKind, string>,
};
