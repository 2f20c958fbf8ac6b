import { z } from 'zod';
import { accountFields, grantSummary } from './auth.schemas.ts';

const phone = z.string().regex(/^(\+84|0)\d{9,10}$/, 'Vietnamese phone number');

export const userItem = accountFields
  .extend({
    status: z.enum(['active', 'disabled']),
    lastLoginAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    abilities: z.object({ update: z.boolean(), resetPassword: z.boolean(), grant: z.boolean(), revokeSessions: z.boolean() }),
  })
  .meta({ id: 'UserItem' });

export const userList = z.object({ items: z.array(userItem), total: z.number().int() }).meta({ id: 'UserList' });

export const userListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  unitId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const userDetail = userItem.extend({ grants: z.array(grantSummary) }).meta({ id: 'UserDetail' });

export const createUserBody = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, 'letters, digits, . _ -'),
  displayName: z.string().trim().min(2).max(200),
  email: z.email().max(200).optional(),
  phone: phone.optional(),
  homeUnitId: z.uuid(),
  /** Without one, the account gets a reset link to set its own. */
  password: z.string().min(1).max(1024).optional(),
});

export const updateUserBody = z.strictObject({
  version: z.number().int(),
  displayName: z.string().trim().min(2).max(200).optional(),
  email: z.email().max(200).nullable().optional(),
  phone: phone.nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  reason: z.string().trim().max(500).optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });

export const resetResponse = z
  .object({ mailed: z.boolean(), token: z.string().nullable(), resetUrl: z.string().nullable() })
  .meta({ id: 'PasswordResetIssued' });

export const createGrantBody = z.strictObject({ userId: z.uuid(), roleId: z.uuid(), unitId: z.uuid() });
export const grantCreated = z.object({ id: z.uuid() }).meta({ id: 'GrantCreated' });

export const permissionItem = z
  .object({ id: z.string(), module: z.string(), labelVi: z.string(), labelEn: z.string(), bulkExport: z.boolean() })
  .meta({ id: 'Permission' });

export const roleItem = z
  .object({
    id: z.uuid(),
    key: z.string(),
    nameVi: z.string(),
    nameEn: z.string(),
    builtin: z.boolean(),
    requiresMfa: z.boolean(),
    permissions: z.array(z.string()),
  })
  .meta({ id: 'Role' });

export const createRoleBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{2,48}$/),
  nameVi: z.string().trim().min(2).max(100),
  nameEn: z.string().trim().min(2).max(100),
  permissions: z.array(z.string()).max(500),
});

export const updateRoleBody = z.strictObject({
  nameVi: z.string().trim().min(2).max(100).optional(),
  nameEn: z.string().trim().min(2).max(100).optional(),
  permissions: z.array(z.string()).max(500).optional(),
});

export const auditQuery = z.strictObject({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditItem = z
  .object({
    id: z.number().int(),
    occurredAt: z.iso.datetime(),
    actorUserId: z.uuid().nullable(),
    actorLabel: z.string(),
    ip: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    orgUnitId: z.uuid().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    bulk: z.unknown(),
  })
  .meta({ id: 'AuditEvent' });

export const auditList = z.object({ items: z.array(auditItem), total: z.number().int() }).meta({ id: 'AuditList' });
