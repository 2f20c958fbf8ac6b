import type { PermissionDeclaration } from '../../platform/module.ts';

export const orgPermissions = [
  { id: 'org.unit.read', label: { vi: 'Xem cây tổ chức và đơn vị', en: 'View the organisation tree and units' } },
  {
    id: 'org.unit.write',
    label: { vi: 'Tạo, sửa, chuyển đơn vị trong cây tổ chức', en: 'Create, edit and move organisation units' },
  },
  { id: 'org.unit.close', label: { vi: 'Giải thể / đóng đơn vị', en: 'Close organisation units' } },
] as const satisfies readonly PermissionDeclaration[];

export type OrgPermission = (typeof orgPermissions)[number]['id'];

/** Everyone who works in the tree sees it; the department's administrators shape it. */
export const orgRoleGrants = {
  department_leader: ['org.unit.read'],
  department_officer: ['org.unit.read', 'org.unit.write', 'org.unit.close'],
  commune_officer: ['org.unit.read'],
  principal: ['org.unit.read'],
  school_office: ['org.unit.read'],
  teacher: ['org.unit.read'],
  homeroom_teacher: ['org.unit.read'],
} as const satisfies Record<string, readonly OrgPermission[]>;
