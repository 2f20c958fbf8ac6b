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
