/**
 * Staff records (cán bộ, giáo viên, nhân viên — regulations.md §7.3): the code lists with their
 * Vietnamese labels, and the pure rules applied to a record. Codes are what is stored; labels are
 * what people read. Lists tagged [U] follow practice that regulations.md does not verify; they
 * are configuration: served to the screens and the import template from here, never repeated.
 */
export interface CodeLabel<C extends string = string> {
  code: C;
  vi: string;
  en: string;
}

const list = <const C extends string>(items: readonly CodeLabel<C>[]) => items;

/** Chức vụ. */
export const staffPositions = list([
  { code: 'principal', vi: 'Hiệu trưởng', en: 'Principal' },
  { code: 'vice_principal', vi: 'Phó hiệu trưởng', en: 'Vice principal' },
  { code: 'head_of_group', vi: 'Tổ trưởng chuyên môn', en: 'Head of subject group' },
  { code: 'deputy_head_of_group', vi: 'Tổ phó chuyên môn', en: 'Deputy head of subject group' },
  { code: 'teacher', vi: 'Giáo viên', en: 'Teacher' },
  { code: 'staff', vi: 'Nhân viên', en: 'Staff' },
]);

/** Nhóm chức danh nghề nghiệp (TT 01–04/2021/TT-BGDĐT; codes [U]). */
export const staffTitleGroups = list([
  { code: 'gv_mam_non', vi: 'Giáo viên mầm non', en: 'Pre-school teacher' },
  { code: 'gv_tieu_hoc', vi: 'Giáo viên tiểu học', en: 'Primary teacher' },
  { code: 'gv_thcs', vi: 'Giáo viên THCS', en: 'Lower-secondary teacher' },
  { code: 'gv_thpt', vi: 'Giáo viên THPT', en: 'Upper-secondary teacher' },
  { code: 'nhan_vien', vi: 'Nhân viên (kế toán, văn thư, thư viện, thiết bị…)', en: 'Staff (accounts, clerical, library, equipment…)' },
]);

/** Hạng chức danh nghề nghiệp [U]. */
export const staffTitleRanks = list([
  { code: 'I', vi: 'Hạng I', en: 'Rank I' },
  { code: 'II', vi: 'Hạng II', en: 'Rank II' },
  { code: 'III', vi: 'Hạng III', en: 'Rank III' },
]);

/** Trình độ đào tạo (highest degree). */
export const staffQualifications = list([
  { code: 'trung_cap', vi: 'Trung cấp', en: 'Vocational secondary' },
  { code: 'cao_dang', vi: 'Cao đẳng', en: 'College' },
  { code: 'dai_hoc', vi: 'Đại học', en: "Bachelor's degree" },
  { code: 'thac_si', vi: 'Thạc sĩ', en: "Master's degree" },
  { code: 'tien_si', vi: 'Tiến sĩ', en: 'Doctorate' },
  { code: 'khac', vi: 'Khác', en: 'Other' },
]);

/** Against the training standard of the Education Law 2019 Art. 72. */
export const qualificationStandards = list([
  { code: 'below', vi: 'Chưa đạt chuẩn', en: 'Below the standard' },
  { code: 'meets', vi: 'Đạt chuẩn', en: 'Meets the standard' },
  { code: 'above', vi: 'Trên chuẩn', en: 'Above the standard' },
]);

/** Hình thức tuyển dụng. */
export const staffContractTypes = list([
  { code: 'vien_chuc', vi: 'Viên chức', en: 'Public employee' },
  { code: 'hop_dong', vi: 'Hợp đồng lao động', en: 'Labour contract' },
  { code: 'thinh_giang', vi: 'Thỉnh giảng', en: 'Visiting teacher' },
]);

/** Đánh giá chuẩn nghề nghiệp (TT 20/2018 for teachers, TT 14/2018 for principals) [U]. */
export const staffStandardRatings = list([
  { code: 'tot', vi: 'Tốt', en: 'Good' },
  { code: 'kha', vi: 'Khá', en: 'Fair' },
  { code: 'dat', vi: 'Đạt', en: 'Pass' },
  { code: 'chua_dat', vi: 'Chưa đạt', en: 'Not yet' },
]);

/** Bồi dưỡng thường xuyên of the last year [U]. */
export const staffTrainingResults = list([
  { code: 'hoan_thanh', vi: 'Hoàn thành', en: 'Completed' },
  { code: 'chua_hoan_thanh', vi: 'Chưa hoàn thành', en: 'Not completed' },
]);

/** Tình trạng. */
export const staffStatuses = list([
  { code: 'working', vi: 'Đang làm việc', en: 'Working' },
  { code: 'on_leave', vi: 'Tạm nghỉ', en: 'On leave' },
  { code: 'transferred', vi: 'Đã chuyển công tác', en: 'Transferred' },
  { code: 'retired', vi: 'Đã nghỉ hưu', en: 'Retired' },
]);

const codes = <C extends string>(l: readonly CodeLabel<C>[]) => l.map((x) => x.code) as [C, ...C[]];
export const staffPositionCodes = codes(staffPositions);
export const staffTitleGroupCodes = codes(staffTitleGroups);
export const staffTitleRankCodes = codes(staffTitleRanks);
export const staffQualificationCodes = codes(staffQualifications);
export const qualificationStandardCodes = codes(qualificationStandards);
export const staffContractTypeCodes = codes(staffContractTypes);
export const staffStandardRatingCodes = codes(staffStandardRatings);
export const staffTrainingResultCodes = codes(staffTrainingResults);
export const staffStatusCodes = codes(staffStatuses);

export type StaffPosition = (typeof staffPositionCodes)[number];
export type StaffQualification = (typeof staffQualificationCodes)[number];
export type QualificationStandard = (typeof qualificationStandardCodes)[number];
export type StaffStatus = (typeof staffStatusCodes)[number];

/** Every list by name: what `/api/registry/staff/codes` serves and the import template offers. */
export const staffCodeLists = {
  position: staffPositions,
  titleGroup: staffTitleGroups,
  titleRank: staffTitleRanks,
  qualification: staffQualifications,
  qualificationStandard: qualificationStandards,
  contractType: staffContractTypes,
  standardRating: staffStandardRatings,
  regularTraining: staffTrainingResults,
  status: staffStatuses,
} as const;
export type StaffCodeListName = keyof typeof staffCodeLists;

const order: readonly StaffQualification[] = ['trung_cap', 'cao_dang', 'dai_hoc', 'thac_si', 'tien_si'];

/**
 * Whether a teacher's or leader's training meets the standard of the Education Law 2019 Art. 72:
 * a college degree in teacher training for pre-school, a bachelor's degree for primary and
 * secondary schools (and for leaders of any school). Above = a higher degree than required.
 * Non-teaching staff have no single standard (null), nor does an 'other' qualification.
 */
export function qualificationStandard(
  qualification: StaffQualification | null | undefined,
  position: StaffPosition,
  schoolLevel: string | null,
): QualificationStandard | null {
  if (!qualification || qualification === 'khac' || position === 'staff') return null;
  const required: StaffQualification =
    schoolLevel === 'mam_non' && (position === 'teacher' || position === 'head_of_group' || position === 'deputy_head_of_group')
      ? 'cao_dang'
      : 'dai_hoc';
  const have = order.indexOf(qualification);
  const need = order.indexOf(required);
  return have < need ? 'below' : have === need ? 'meets' : 'above';
}

/** The professional-title group that fits a teacher at a school of this level. */
export function titleGroupForLevel(schoolLevel: string | null, gradeHint?: number): (typeof staffTitleGroupCodes)[number] {
  switch (schoolLevel) {
    case 'mam_non':
      return 'gv_mam_non';
    case 'tieu_hoc':
      return 'gv_tieu_hoc';
    case 'thcs':
      return 'gv_thcs';
    case 'thpt':
    case 'gdtx':
      return 'gv_thpt';
    case 'lien_cap':
      return gradeHint && gradeHint <= 5 ? 'gv_tieu_hoc' : 'gv_thcs';
    case 'lien_cap_thpt':
      return gradeHint && gradeHint <= 9 ? 'gv_thcs' : 'gv_thpt';
    default:
      return 'gv_thcs';
  }
}

/**
 * Mã cán bộ: assigned by the sector database, stored opaque; letters without accents, digits,
 * '-', '_' and '.', 1–30 characters. Returns an i18n code or null.
 */
export function staffCodeProblem(code: string): string | null {
  if (code.length === 0) return 'registry.staff.codeEmpty';
  if (code.length > 30) return 'registry.staff.codeTooLong';
  if (!/^[A-Za-z0-9._-]+$/.test(code)) return 'registry.staff.codeInvalidChars';
  return null;
}

/** Dates of a career in order: born, joined the sector, joined this school; not in the future. */
export function staffDatesProblem(
  d: { dateOfBirth: string; joinedSectorOn?: string | null; joinedSchoolOn?: string | null },
  today: string,
): { code: string; field: string } | null {
  const adult = `${Number(d.dateOfBirth.slice(0, 4)) + 18}${d.dateOfBirth.slice(4)}`;
  if (d.dateOfBirth >= today || d.dateOfBirth < '1940-01-01' || adult > today)
    return { code: 'registry.staff.dateOfBirthInvalid', field: 'dateOfBirth' };
  if (d.joinedSectorOn && (d.joinedSectorOn < adult || d.joinedSectorOn > today))
    return { code: 'registry.staff.joinedSectorInvalid', field: 'joinedSectorOn' };
  if (
    d.joinedSchoolOn &&
    (d.joinedSchoolOn > today || (d.joinedSectorOn && d.joinedSchoolOn < d.joinedSectorOn) || d.joinedSchoolOn < adult)
  ) {
    return { code: 'registry.staff.joinedSchoolInvalid', field: 'joinedSchoolOn' };
  }
  return null;
}
