import type { PermissionDeclaration } from '../../platform/module.ts';

export const registryPermissions = [
  { id: 'registry.student.read', label: { vi: 'Xem hồ sơ học sinh và phụ huynh', en: 'View student and guardian records' } },
  {
    id: 'registry.student.write',
    label: { vi: 'Thêm, sửa hồ sơ học sinh, phụ huynh; xếp lớp', en: 'Create and edit student and guardian records; enrol in classes' },
  },
  { id: 'registry.class.read', label: { vi: 'Xem lớp học, năm học, môn học', en: 'View classes, school years and subjects' } },
  {
    id: 'registry.class.write',
    label: { vi: 'Tạo, sửa lớp học; phân công chủ nhiệm, giảng dạy', en: 'Create and edit classes; assign homeroom and subject teachers' },
  },
  {
    id: 'registry.class.teach',
    label: {
      vi: 'Giáo viên: xem lớp mình dạy và học sinh của lớp; GVCN sửa hồ sơ lớp chủ nhiệm',
      en: 'Teacher: view the classes one teaches and their students; homeroom teachers edit their class',
    },
  },
  {
    id: 'registry.structure.write',
    label: { vi: 'Thiết lập năm học, học kì, khối, môn học và số tiết', en: 'Set up school years, terms, grades, subjects and periods' },
  },
  { id: 'registry.staff.read', label: { vi: 'Xem hồ sơ cán bộ, giáo viên, nhân viên', en: 'View staff records' } },
  {
    id: 'registry.staff.manage',
    label: {
      vi: 'Thêm, sửa hồ sơ cán bộ, giáo viên, nhân viên; gắn tài khoản',
      en: 'Create and edit staff records; link them to accounts',
    },
  },
  {
    id: 'registry.school.read',
    label: { vi: 'Xem hồ sơ trường, điểm trường và cơ sở vật chất', en: 'View school profiles, satellite sites and facilities' },
  },
  {
    id: 'registry.school.write',
    label: { vi: 'Sửa hồ sơ trường, điểm trường và cơ sở vật chất', en: 'Edit school profiles, satellite sites and facilities' },
  },
  {
    id: 'registry.student.merge',
    label: {
      vi: 'Gộp hồ sơ học sinh trùng lặp (đã xác nhận là một người)',
      en: 'Merge duplicate student records (confirmed as one person)',
    },
  },
  {
    id: 'registry.export.bulk',
    label: { vi: 'Xuất dữ liệu hàng loạt (cần xác thực hai lớp)', en: 'Bulk data export (requires MFA)' },
    bulkExport: true,
  },
] as const satisfies readonly PermissionDeclaration[];

export type RegistryPermission = (typeof registryPermissions)[number]['id'];

const readRegistry: RegistryPermission[] = ['registry.student.read', 'registry.class.read', 'registry.staff.read', 'registry.school.read'];
const writeRegistry: RegistryPermission[] = [
  ...readRegistry,
  'registry.student.write',
  'registry.class.write',
  'registry.structure.write',
  'registry.staff.manage',
  'registry.school.write',
];
/**
 * Teachers reach only the classes they teach or lead (relationship rules of the registry); whoever
 * appoints teachers holds it too. Duplicate student records are merged by the department and
 * school administrators only.
 */
const administerRegistry: RegistryPermission[] = [
  ...writeRegistry,
  'registry.class.teach',
  'registry.export.bulk',
  'registry.student.merge',
];

export const registryRoleGrants = {
  department_leader: readRegistry,
  department_officer: administerRegistry,
  commune_officer: readRegistry,
  principal: administerRegistry,
  school_office: writeRegistry,
  teacher: ['registry.class.teach'],
  homeroom_teacher: ['registry.class.teach'],
} as const satisfies Record<string, readonly RegistryPermission[]>;
