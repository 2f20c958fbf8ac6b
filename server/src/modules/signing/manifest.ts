import type { PermissionDeclaration } from '../../platform/module.ts';

export const signingPermissions = [
  {
    id: 'signing.key.personal',
    label: { vi: 'Cài đặt chứng thư số cá nhân để ký văn bản', en: 'Install a personal signing certificate' },
  },
  {
    id: 'signing.seal.manage',
    label: {
      vi: 'Cài đặt chứng thư số con dấu của đơn vị (trường, xã, Sở)',
      en: 'Install the seal certificate of a unit (school, commune, department)',
    },
  },
] as const satisfies readonly PermissionDeclaration[];

export type SigningPermission = (typeof signingPermissions)[number]['id'];

/**
 * Who signs: every teacher installs a personal certificate (homeroom teachers and principals
 * sign học bạ); those who administer units install their seals (a school's, a commune's, the
 * department's).
 */
export const signingRoleGrants = {
  department_officer: ['signing.key.personal', 'signing.seal.manage'],
  principal: ['signing.key.personal', 'signing.seal.manage'],
  teacher: ['signing.key.personal'],
  homeroom_teacher: ['signing.key.personal'],
} as const satisfies Record<string, readonly SigningPermission[]>;
