/**
 * School levels (cấp học) and who manages them after the 2025 two-tier reform (regulations §7.6):
 * pre-school, primary and lower-secondary schools by the commune; upper-secondary, continuing
 * education and multi-level schools with upper-secondary grades by the department.
 */
export const schoolLevels = ['mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx', 'lien_cap', 'lien_cap_thpt'] as const;
export type SchoolLevel = (typeof schoolLevels)[number];

export const ownerships = ['cong_lap', 'dan_lap', 'tu_thuc'] as const;
export type Ownership = (typeof ownerships)[number];

/** The management level a school of this level hangs under. */
export function managedBy(level: SchoolLevel): 'commune' | 'department' {
  switch (level) {
    case 'mam_non':
    case 'tieu_hoc':
    case 'thcs':
    case 'lien_cap': // primary + lower-secondary grades only
      return 'commune';
    case 'thpt':
    case 'gdtx':
    case 'lien_cap_thpt': // has upper-secondary grades
      return 'department';
  }
}

export const isSchoolLevel = (v: unknown): v is SchoolLevel => schoolLevels.includes(v as SchoolLevel);
