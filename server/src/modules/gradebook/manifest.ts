import type { PermissionDeclaration } from '../../platform/module.ts';

export const gradebookPermissions = [
  {
    id: 'gradebook.mark.enter',
    label: {
      vi: 'Giáo viên: nhập, công bố điểm và nhận xét các môn, lớp được phân công; đề nghị điều chỉnh điểm',
      en: 'Teacher: enter and publish marks and comments of assigned subjects and classes; request corrections',
    },
  },
  { id: 'gradebook.sheet.read', label: { vi: 'Xem sổ điểm của các lớp trong đơn vị', en: 'Read the grade books of the unit' } },
  { id: 'gradebook.sheet.lock', label: { vi: 'Khoá sổ điểm cuối học kì', en: 'Lock grade books at term end' } },
  {
    id: 'gradebook.statistics.read',
    label: { vi: 'Xem thống kê kết quả học tập, rèn luyện của đơn vị', en: 'Read the learning and conduct result statistics of the unit' },
  },
  {
    id: 'gradebook.transcript.sign',
    label: { vi: 'Ký số học bạ (hiệu trưởng, con dấu của trường)', en: 'Sign transcripts (principal, the school seal)' },
  },
  { id: 'gradebook.correction.decide', label: { vi: 'Duyệt, từ chối đề nghị điều chỉnh điểm', en: 'Approve or reject mark corrections' } },
] as const satisfies readonly PermissionDeclaration[];

export type GradebookPermission = (typeof gradebookPermissions)[number]['id'];

/** Grade books of the school: read every sheet, lock at term end, decide on corrections, sign transcripts (the principal). */
const superviseGradebook: GradebookPermission[] = [
  'gradebook.sheet.read',
  'gradebook.sheet.lock',
  'gradebook.correction.decide',
  'gradebook.statistics.read',
  'gradebook.transcript.sign',
];

/** Teachers enter marks only in the subjects and classes assigned to them (the grade book's rules). */
export const gradebookRoleGrants = {
  department_leader: ['gradebook.statistics.read'],
  department_officer: ['gradebook.mark.enter', ...superviseGradebook],
  commune_officer: ['gradebook.statistics.read'],
  principal: ['gradebook.mark.enter', ...superviseGradebook],
  school_office: ['gradebook.sheet.read'],
  teacher: ['gradebook.mark.enter'],
  homeroom_teacher: ['gradebook.mark.enter'],
} as const satisfies Record<string, readonly GradebookPermission[]>;
