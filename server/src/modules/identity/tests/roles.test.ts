import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../tests/support/paths.ts';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import { modules } from '../../../modules.ts';
import type { Database } from '../../../platform/db/database.ts';
import { builtinRoles } from '../manifest.ts';
import { listRolesWithPermissions } from '../repo.ts';
import { roleMatrixMarkdown } from '../roles-matrix.ts';
import { syncPermissionsAndRoles } from '../sync.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const declared = modules.flatMap((m) => (m.permissions ?? []).map((p) => p.id)).sort();

describe('role × permission matrix', () => {
  it('stores every built-in role with exactly its documented permissions', async () => {
    const stored = new Map((await listRolesWithPermissions(database.db)).map((r) => [r.key, r]));
    for (const role of builtinRoles) {
      const expected = role.permissions === 'all' ? declared : role.permissions.filter((p) => declared.includes(p)).sort();
      expect(stored.get(role.key)?.permissions, role.key).toEqual(expected);
      expect(stored.get(role.key)?.requiresMfa, role.key).toBe(role.requiresMfa);
    }
  });

  it('holds to the rules of the issue: who administers, who only reads', () => {
    const has = (key: string, p: string) => {
      const r = builtinRoles.find((x) => x.key === key)!;
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
      expect(builtinRoles.find((r) => r.key === k)?.requiresMfa, k).toBe(true);
    }
  });

  it('re-syncs idempotently and restores a built-in role someone edited in SQL', async () => {
    await database.exec("DELETE FROM identity.role_permissions WHERE role_id = (SELECT id FROM identity.roles WHERE key = 'principal')");
    await syncPermissionsAndRoles(database, modules);
    await syncPermissionsAndRoles(database, modules);
    const principal = (await listRolesWithPermissions(database.db)).find((r) => r.key === 'principal');
    expect(principal?.permissions.length).toBeGreaterThan(0);
  });

  it('is documented in docs/roles.md (run `npm run -w server gen:roles` after changing roles)', () => {
    const committed = fs.readFileSync(path.join(repoRoot, 'docs/roles.md'), 'utf8');
    expect(committed).toBe(roleMatrixMarkdown(modules));
  });
});
