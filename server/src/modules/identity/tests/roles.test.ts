import fs from 'node:fs';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../tests/support/paths.ts';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { modules } from '../../../modules.ts';
import type { ModuleDefinition } from '../../../platform/module.ts';
import { composeBuiltinRoles, RoleCompositionError } from '../builtin-roles.ts';
import { listRolesWithPermissions } from '../repo.ts';
import { roleMatrixMarkdown } from '../roles-matrix.ts';
import { syncPermissionsAndRoles } from '../sync.ts';

let t: TestApp;
const routes: RouteOptions[] = [];
beforeAll(async () => {
  t = await createTestApp({ onRoute: (r) => routes.push(r) });
});
afterAll(async () => t.close());

const sorted = (xs: Iterable<string>) => [...xs].sort();
const declared = sorted(modules.flatMap((m) => (m.permissions ?? []).map((p) => p.id)));

/**
 * What each built-in role should hold, read straight from the manifests as written: the declaring
 * module's list plus every module's grants to it, nothing filtered. A misspelled id stays in here
 * and no route or module has it, so the tests below fail on it.
 */
function writtenRoles(): Map<string, { permissions: string[] | 'all'; requiresMfa: boolean }> {
  const out = new Map<string, { permissions: string[] | 'all'; requiresMfa: boolean }>();
  for (const m of modules) {
    for (const r of m.roles ?? []) {
      out.set(r.key, { permissions: r.permissions === 'all' ? 'all' : [...r.permissions], requiresMfa: r.requiresMfa });
    }
  }
  for (const m of modules) {
    for (const [key, ids] of Object.entries(m.roleGrants ?? {})) {
      const role = out.get(key);
      expect(role, `${m.name} grants to ${key}`).toBeDefined();
      if (role && role.permissions !== 'all') role.permissions.push(...ids);
    }
  }
  return out;
}

/** Permissions some route opens with or checks: the guard's `permission`, `anyPermission`, and `alsoChecks`. */
function permissionsRoutesDeclare(): Set<string> {
  const used = new Set<string>();
  for (const r of routes) {
    const c = r.config ?? {};
    if (c.permission) used.add(c.permission);
    for (const p of c.anyPermission ?? []) used.add(p);
    for (const p of c.alsoChecks ?? []) used.add(p);
  }
  return used;
}

describe('role × permission matrix', () => {
  it('holds only permissions that some route declares, and every declared permission is used by a route', () => {
    const used = permissionsRoutesDeclare();
    expect(used.size).toBeGreaterThan(10);
    for (const [key, role] of writtenRoles()) {
      if (role.permissions === 'all') continue;
      for (const p of role.permissions) expect(used.has(p), `${key} holds ${p}, which no route declares`).toBe(true);
    }
    expect(declared.filter((p) => !used.has(p))).toEqual([]);
  });

  it('stores every built-in role with exactly the permissions its manifests write', async () => {
    const stored = new Map((await listRolesWithPermissions(t.database.db)).map((r) => [r.key, r]));
    const written = writtenRoles();
    expect(written.size).toBeGreaterThan(5);
    for (const [key, role] of written) {
      const expected = role.permissions === 'all' ? declared : sorted(new Set(role.permissions));
      expect(sorted(stored.get(key)?.permissions ?? []), key).toEqual(expected);
      expect(stored.get(key)?.requiresMfa, key).toBe(role.requiresMfa);
      expect(stored.get(key)?.builtin, key).toBe(true);
    }
  });

  it('refuses a role or grant that names a permission its module does not declare, or a role no module declares', () => {
    const typo: ModuleDefinition = {
      name: 'typo',
      messages: { vi: {}, en: {} },
      permissions: [{ id: 'typo.thing.read', label: { vi: 'Xem', en: 'Read' } }],
      roleGrants: { teacher: ['typo.thing.raed'] },
    };
    expect(() => composeBuiltinRoles([...modules, typo])).toThrow(RoleCompositionError);
    expect(() => composeBuiltinRoles([...modules, typo])).toThrow(/typo\.thing\.raed/);
    // Another module's permission is not this module's to give.
    const borrower: ModuleDefinition = {
      name: 'borrower',
      messages: { vi: {}, en: {} },
      roleGrants: { teacher: ['gradebook.sheet.lock'] },
    };
    expect(() => composeBuiltinRoles([...modules, borrower])).toThrow(/gradebook\.sheet\.lock/);
    const orphan: ModuleDefinition = { ...typo, roleGrants: { proctor: ['typo.thing.read'] } };
    expect(() => composeBuiltinRoles([...modules, orphan])).toThrow(/proctor/);
  });

  it('takes a new role from the module that declares it', () => {
    const payments: ModuleDefinition = {
      name: 'payments',
      messages: { vi: {}, en: {} },
      permissions: [{ id: 'payments.invoice.write', label: { vi: 'Lập hoá đơn', en: 'Issue invoices' } }],
      roles: [{ key: 'accountant', name: { vi: 'Kế toán', en: 'Accountant' }, requiresMfa: true, permissions: ['payments.invoice.write'] }],
    };
    const composed = composeBuiltinRoles([...modules, payments]);
    expect(composed.find((r) => r.key === 'accountant')).toMatchObject({ module: 'payments', permissions: ['payments.invoice.write'] });
    expect(composed.find((r) => r.key === 'system_admin')?.permissions).toBe('all');
  });

  it('holds to the rules of the issue: who administers, who only reads', () => {
    const roles = composeBuiltinRoles(modules);
    const has = (key: string, p: string) => {
      const r = roles.find((x) => x.key === key)!;
      return r.permissions === 'all' || r.permissions.includes(p);
    };
    expect(has('system_admin', 'identity.role.write')).toBe(true);
    expect(has('department_officer', 'identity.role.write')).toBe(false);
    expect(has('principal', 'identity.grant.write')).toBe(true);
    for (const k of ['teacher', 'homeroom_teacher', 'school_office', 'commune_officer', 'department_leader']) {
      expect(has(k, 'identity.grant.write'), k).toBe(false);
      expect(has(k, 'identity.user.write'), k).toBe(false);
    }
    for (const k of ['system_admin', 'department_leader', 'department_officer', 'principal']) {
      expect(roles.find((r) => r.key === k)?.requiresMfa, k).toBe(true);
    }
  });

  it('lets whoever appoints a role hold all of it (a granter needs every permission it grants)', () => {
    const roles = new Map(composeBuiltinRoles(modules).map((r) => [r.key, r.permissions as readonly string[]]));
    const within = (granter: string, granted: string) => roles.get(granted)!.filter((p) => !roles.get(granter)!.includes(p));
    for (const granted of ['school_office', 'teacher', 'homeroom_teacher']) expect(within('principal', granted), granted).toEqual([]);
    expect(within('department_officer', 'principal')).toEqual([]);
  });

  it('re-syncs idempotently and restores a built-in role someone edited in SQL, exactly', async () => {
    const principal = writtenRoles().get('principal')!.permissions as string[];
    await t.database.exec("DELETE FROM identity.role_permissions WHERE role_id = (SELECT id FROM identity.roles WHERE key = 'principal')");
    await t.database.exec(
      "INSERT INTO identity.role_permissions (role_id, permission_id) SELECT id, 'identity.role.write' FROM identity.roles WHERE key = 'principal'",
    );
    await syncPermissionsAndRoles(t.database, modules);
    await syncPermissionsAndRoles(t.database, modules);
    const restored = (await listRolesWithPermissions(t.database.db)).find((r) => r.key === 'principal');
    expect(sorted(restored?.permissions ?? [])).toEqual(sorted(new Set(principal)));
    expect(restored?.permissions).not.toContain('identity.role.write');
  });

  it('is documented in docs/roles.md (run `npm run -w server gen:roles` after changing roles)', () => {
    const committed = fs.readFileSync(path.join(repoRoot, 'docs/roles.md'), 'utf8');
    expect(committed).toBe(roleMatrixMarkdown(modules));
  });
});
