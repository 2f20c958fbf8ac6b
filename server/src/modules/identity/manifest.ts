import type { PermissionDeclaration } from '../../platform/module.ts';

export const identityPermissions = [
  { id: 'identity.user.read', label: { vi: 'Xem tài khoản người dùng', en: 'View user accounts' } },
  {
    id: 'identity.user.write',
    label: { vi: 'Tạo, sửa, khoá tài khoản; đặt lại mật khẩu', en: 'Create, edit, disable accounts; reset passwords' },
  },
  { id: 'identity.role.write', label: { vi: 'Quản lý vai trò và quyền', en: 'Manage roles and permissions' } },
  { id: 'identity.grant.write', label: { vi: 'Phân quyền (gán vai trò tại đơn vị)', en: 'Grant roles at organisation units' } },
  { id: 'identity.session.revoke', label: { vi: 'Thu hồi phiên đăng nhập của người khác', en: "Revoke other users' sessions" } },
  { id: 'identity.audit.read', label: { vi: 'Xem nhật ký kiểm toán', en: 'Read the audit log' } },
  { id: 'identity.mail.read', label: { vi: 'Xem thư đi của hệ thống', en: 'Read outgoing system mail' } },
  {
    id: 'identity.apiClient.manage',
    label: {
      vi: 'Quản lý ứng dụng tích hợp (API client): tạo, đổi khoá bí mật, thu hồi',
      en: 'Manage API clients (machine credentials): create, rotate, revoke',
    },
  },
] as const satisfies readonly PermissionDeclaration[];

/**
 * The default roles (documented in docs/roles.md as a role × permission matrix and tested).
 * Permissions are named here by id, including those of modules that come later; an id that no
 * module declares is ignored at sync, so a role gains it when its module ships.
 */
export interface BuiltinRole {
  key: string;
  name: { vi: string; en: string };
  requiresMfa: boolean;
  permissions: readonly string[] | 'all';
}

const readOrg = ['org.unit.read'];
const readRegistry = ['registry.student.read', 'registry.class.read', 'registry.staff.read', 'registry.school.read'];
const writeRegistry = [
  ...readRegistry,
  'registry.student.write',
  'registry.class.write',
  'registry.structure.write',
  'registry.staff.manage',
  'registry.school.write',
];
/**
 * Teachers reach only the classes they teach or lead (relationship rules of the registry), and
 * enter marks only in the subjects and classes assigned to them (the grade book's rules).
 */
const teach = ['registry.class.teach', 'gradebook.mark.enter'];
/** Grade books of the school: read every sheet, lock at term end, decide on corrections (the principal). */
const superviseGradebook = [
  'gradebook.sheet.read',
  'gradebook.sheet.lock',
  'gradebook.correction.decide',
  'gradebook.statistics.read',
  'gradebook.transcript.sign',
];

/**
 * Running accounts and school records of a subtree. A granter must hold every permission of the
 * roles it grants, so whoever appoints principals and teachers holds theirs too.
 */
const administerSchools = [
  'identity.user.read',
  'identity.user.write',
  'identity.grant.write',
  'identity.session.revoke',
  'identity.audit.read',
  ...writeRegistry,
  ...teach,
  ...superviseGradebook,
  'registry.export.bulk',
  // Duplicate student records are merged by the department and school administrators only.
  'registry.student.merge',
];

export const builtinRoles: readonly BuiltinRole[] = [
  { key: 'system_admin', name: { vi: 'Quản trị hệ thống', en: 'System administrator' }, requiresMfa: true, permissions: 'all' },
  {
    key: 'department_leader',
    name: { vi: 'Lãnh đạo Sở', en: 'Department leader' },
    requiresMfa: true,
    permissions: [...readOrg, 'identity.user.read', 'identity.audit.read', ...readRegistry, 'gradebook.statistics.read'],
  },
  {
    key: 'department_officer',
    name: { vi: 'Chuyên viên Sở (quản trị)', en: 'Department officer (administrator)' },
    requiresMfa: true,
    // Integrations are connected by the department, bound to a unit of its tree.
    permissions: [...readOrg, 'org.unit.write', 'org.unit.close', ...administerSchools, 'identity.apiClient.manage'],
  },
  {
    key: 'commune_officer',
    name: { vi: 'Cán bộ phụ trách giáo dục cấp xã', en: 'Commune education officer' },
    requiresMfa: false,
    permissions: [...readOrg, 'identity.user.read', ...readRegistry, 'gradebook.statistics.read'],
  },
  {
    key: 'principal',
    name: { vi: 'Hiệu trưởng', en: 'Principal' },
    requiresMfa: true,
    permissions: [
      ...readOrg,
      // Principals grant the teaching roles (and often teach).
      ...administerSchools,
    ],
  },
  {
    key: 'school_office',
    name: { vi: 'Văn phòng nhà trường', en: 'School office' },
    requiresMfa: false,
    permissions: [...readOrg, 'identity.user.read', ...writeRegistry, 'gradebook.sheet.read'],
  },
  { key: 'teacher', name: { vi: 'Giáo viên bộ môn', en: 'Subject teacher' }, requiresMfa: false, permissions: [...readOrg, ...teach] },
  {
    key: 'homeroom_teacher',
    name: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
    requiresMfa: false,
    permissions: [...readOrg, ...teach],
  },
];
