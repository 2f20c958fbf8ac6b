import type { PermissionDeclaration, RoleDeclaration } from '../../platform/module.ts';

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
] as const satisfies readonly PermissionDeclaration[];

type IdentityPermission = (typeof identityPermissions)[number]['id'];

const administerAccounts: IdentityPermission[] = [
  'identity.user.read',
  'identity.user.write',
  'identity.grant.write',
  'identity.session.revoke',
  'identity.audit.read',
];

/**
 * The shared built-in roles, with identity's own permissions. Every other module adds its
 * permissions to them in its own manifest (`roleGrants`) and may bring roles of its own;
 * builtin-roles.ts composes them, docs/roles.md shows the result. A granter must hold every
 * permission of the roles it grants, so whoever appoints principals and teachers holds theirs
 * too (department officer ⊇ principal ⊇ school office, teachers; tested).
 */
export const identityRoles = [
  { key: 'system_admin', name: { vi: 'Quản trị hệ thống', en: 'System administrator' }, requiresMfa: true, permissions: 'all' },
  {
    key: 'department_leader',
    name: { vi: 'Lãnh đạo Sở', en: 'Department leader' },
    requiresMfa: true,
    permissions: ['identity.user.read', 'identity.audit.read'],
  },
  {
    key: 'department_officer',
    name: { vi: 'Chuyên viên Sở (quản trị)', en: 'Department officer (administrator)' },
    requiresMfa: true,
    permissions: administerAccounts,
  },
  {
    key: 'commune_officer',
    name: { vi: 'Cán bộ phụ trách giáo dục cấp xã', en: 'Commune education officer' },
    requiresMfa: false,
    permissions: ['identity.user.read'],
  },
  // Principals grant the teaching roles (and often teach).
  { key: 'principal', name: { vi: 'Hiệu trưởng', en: 'Principal' }, requiresMfa: true, permissions: administerAccounts },
  {
    key: 'school_office',
    name: { vi: 'Văn phòng nhà trường', en: 'School office' },
    requiresMfa: false,
    permissions: ['identity.user.read'],
  },
  { key: 'teacher', name: { vi: 'Giáo viên bộ môn', en: 'Subject teacher' }, requiresMfa: false, permissions: [] },
  { key: 'homeroom_teacher', name: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' }, requiresMfa: false, permissions: [] },
] as const satisfies readonly RoleDeclaration[];
