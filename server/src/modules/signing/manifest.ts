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
