import { inArray, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { ModuleDefinition } from '../../platform/module.ts';
import { composeBuiltinRoles } from './builtin-roles.ts';
import { permissions, rolePermissions, roles } from './schema.ts';

/**
 * Makes the database agree with the code: every declared permission exists (and no other), every
 * built-in role exists with exactly the permissions the modules compose for it. Runs after each
 * migration pass; custom roles keep their permissions (minus any that no longer exist). Roles that
 * do not compose (a permission no module declares) stop the start before anything is written.
 */
export async function syncPermissionsAndRoles(database: Database, modules: readonly ModuleDefinition[]): Promise<void> {
  const builtinRoles = composeBuiltinRoles(modules);
  const declared = modules.flatMap((m) => (m.permissions ?? []).map((p) => ({ ...p, module: m.name })));
  const ids = declared.map((p) => p.id);
  await database.db.transaction(async (tx) => {
    if (declared.length > 0) {
      await tx
        .insert(permissions)
        .values(declared.map((p) => ({ id: p.id, module: p.module, labelVi: p.label.vi, labelEn: p.label.en, bulkExport: !!p.bulkExport })))
        .onConflictDoUpdate({
          target: permissions.id,
          set: {
            module: sql`excluded.module`,
            labelVi: sql`excluded.label_vi`,
            labelEn: sql`excluded.label_en`,
            bulkExport: sql`excluded.bulk_export`,
          },
        });
    }
    await tx.delete(permissions).where(ids.length > 0 ? notInArray(permissions.id, ids) : sql`true`);

    for (const role of builtinRoles) {
      const [row] = await tx
        .insert(roles)
        .values({ key: role.key, nameVi: role.name.vi, nameEn: role.name.en, builtin: true, requiresMfa: role.requiresMfa })
        .onConflictDoUpdate({
          target: roles.key,
          set: { nameVi: role.name.vi, nameEn: role.name.en, builtin: true, requiresMfa: role.requiresMfa },
        })
        .returning({ id: roles.id });
      const wanted = role.permissions === 'all' ? ids : [...role.permissions];
      await tx
        .delete(rolePermissions)
        .where(
          wanted.length > 0
            ? sql`${rolePermissions.roleId} = ${row!.id} AND ${notInArray(rolePermissions.permissionId, wanted)}`
            : sql`${rolePermissions.roleId} = ${row!.id}`,
        );
      if (wanted.length > 0) {
        await tx
          .insert(rolePermissions)
          .values(wanted.map((permissionId) => ({ roleId: row!.id, permissionId })))
          .onConflictDoNothing();
      }
    }
    // A role that can export personal data in bulk requires MFA, whoever defined it.
    const bulk = declared.filter((p) => p.bulkExport).map((p) => p.id);
    if (bulk.length > 0) {
      await tx
        .update(roles)
        .set({ requiresMfa: true })
        .where(sql`${roles.id} IN (SELECT role_id FROM identity.role_permissions WHERE ${inArray(rolePermissions.permissionId, bulk)})`);
    }
  });
}
