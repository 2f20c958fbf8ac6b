import { and, count, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../../platform/audit.ts';
import { pgErrorOf } from '../../../platform/db/database.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { actorOf } from '../guard.ts';
import { listPermissions, listRolesWithPermissions, permissionsNotHeld } from '../repo.ts';
import { grants, permissions, rolePermissions, roles } from '../schema.ts';
import * as s from './admin.schemas.ts';
import { okResponse } from './auth.schemas.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };

/** Roles are sets of permissions; built-in ones follow the code (docs/roles.md), custom ones are edited here. */
export async function roleRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.platform;

  r.get(
    '/permissions',
    {
      config: { permission: 'identity.user.read' },
      schema: {
        tags: ['identity'],
        summary: 'Every permission the modules declare',
        response: { 200: z.array(s.permissionItem), ...errors },
      },
    },
    async () => listPermissions(database.db),
  );

  r.get(
    '/roles',
    {
      config: { permission: 'identity.user.read' },
      schema: {
        tags: ['identity'],
        summary: 'Roles with their permissions (the matrix)',
        response: { 200: z.array(s.roleItem), ...errors },
      },
    },
    async () => listRolesWithPermissions(database.db),
  );

  const checkPermissions = async (actorUserId: string, ids: string[]) => {
    const known = new Set((await database.db.select({ id: permissions.id }).from(permissions)).map((p) => p.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw unprocessable('identity.permissionUnknown', { permissions: unknown.join(', ') });
    const notHeld = await permissionsNotHeld(database.db, actorUserId, ids);
    if (notHeld.length > 0) throw forbidden('identity.grantBeyondOwnRights', { permissions: notHeld.join(', ') });
  };

  r.post(
    '/roles',
    {
      config: { permission: 'identity.role.write' },
      schema: { tags: ['identity'], summary: 'Define a custom role', body: s.createRoleBody, response: { 201: s.roleItem, ...errors } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const wanted = [...new Set(body.permissions)].sort();
      await checkPermissions(actor.userId, wanted);
      const role = await database.db
        .transaction(async (tx) => {
          const bulk = wanted.length
            ? (await tx.select({ id: permissions.id, bulk: permissions.bulkExport }).from(permissions)).some(
                (p) => p.bulk && wanted.includes(p.id),
              )
            : false;
          const [row] = await tx
            .insert(roles)
            .values({ key: body.key, nameVi: body.nameVi, nameEn: body.nameEn, builtin: false, requiresMfa: bulk })
            .returning();
          if (wanted.length) await tx.insert(rolePermissions).values(wanted.map((permissionId) => ({ roleId: row!.id, permissionId })));
          await recordAudit(tx, request.auditActor!, {
            action: 'identity.role.create',
            entityType: 'identity.role',
            entityId: row!.id,
            after: { key: body.key, permissions: wanted },
          });
          return { ...row!, permissions: wanted };
        })
        .catch((err) => {
          if (pgErrorOf(err)?.code === '23505') throw conflict('identity.roleDuplicate');
          throw err;
        });
      return reply.status(201).send({
        id: role.id,
        key: role.key,
        nameVi: role.nameVi,
        nameEn: role.nameEn,
        builtin: false,
        requiresMfa: role.requiresMfa,
        permissions: wanted,
      });
    },
  );

  r.patch(
    '/roles/:id',
    {
      config: { permission: 'identity.role.write' },
      schema: {
        tags: ['identity'],
        summary: 'Rename a custom role or change its permissions',
        params: s.idParams,
        body: s.updateRoleBody,
        response: { 200: okResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const [role] = await database.db.select().from(roles).where(eq(roles.id, request.params.id));
      if (!role) throw notFound();
      if (role.builtin) throw unprocessable('identity.roleBuiltin');
      const wanted = request.body.permissions ? [...new Set(request.body.permissions)].sort() : undefined;
      const before = (
        await database.db.select({ id: rolePermissions.permissionId }).from(rolePermissions).where(eq(rolePermissions.roleId, role.id))
      )
        .map((p) => p.id)
        .sort();
      // Adding or removing a permission both change what holders may do: the editor must hold each one.
      if (wanted) await checkPermissions(actor.userId, [...new Set([...wanted, ...before])]);
      await database.db.transaction(async (tx) => {
        if (request.body.nameVi || request.body.nameEn) {
          await tx
            .update(roles)
            .set({ nameVi: request.body.nameVi ?? role.nameVi, nameEn: request.body.nameEn ?? role.nameEn })
            .where(eq(roles.id, role.id));
        }
        if (wanted) {
          await tx.delete(rolePermissions).where(eq(rolePermissions.roleId, role.id));
          if (wanted.length) await tx.insert(rolePermissions).values(wanted.map((permissionId) => ({ roleId: role.id, permissionId })));
        }
        await recordAudit(tx, request.auditActor!, {
          action: 'identity.role.update',
          entityType: 'identity.role',
          entityId: role.id,
          before: { nameVi: role.nameVi, nameEn: role.nameEn, permissions: before },
          after: { ...request.body, permissions: wanted ?? before },
        });
      });
      return { ok: true as const };
    },
  );

  r.delete(
    '/roles/:id',
    {
      config: { permission: 'identity.role.write' },
      schema: {
        tags: ['identity'],
        summary: 'Delete a custom role that nobody holds',
        params: s.idParams,
        response: { 200: okResponse, ...errors },
      },
    },
    async (request) => {
      await database.db.transaction(async (tx) => {
        const [role] = await tx.select().from(roles).where(eq(roles.id, request.params.id)).for('update');
        if (!role) throw notFound();
        if (role.builtin) throw unprocessable('identity.roleBuiltin');
        const [held] = await tx
          .select({ n: count() })
          .from(grants)
          .where(and(eq(grants.roleId, role.id), isNull(grants.revokedAt)));
        if (Number(held?.n ?? 0) > 0) throw conflict('identity.roleInUse', { count: Number(held?.n) });
        await tx.delete(grants).where(eq(grants.roleId, role.id));
        await tx.delete(roles).where(eq(roles.id, role.id));
        await recordAudit(tx, request.auditActor!, {
          action: 'identity.role.delete',
          entityType: 'identity.role',
          entityId: role.id,
          before: { key: role.key },
        });
      });
      return { ok: true as const };
    },
  );
}
