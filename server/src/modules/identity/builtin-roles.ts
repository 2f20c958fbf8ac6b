import type { ModuleDefinition } from '../../platform/module.ts';

/** A built-in role as composed from every module's manifest. */
export interface BuiltinRole {
  key: string;
  name: { vi: string; en: string };
  requiresMfa: boolean;
  /** 'all': every declared permission (the system administrator). Otherwise in declaration order. */
  permissions: readonly string[] | 'all';
  /** The module that declares the role. */
  module: string;
}

export class RoleCompositionError extends Error {
  constructor(readonly problems: string[]) {
    super(`The modules' roles do not compose:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RoleCompositionError';
  }
}

/**
 * The built-in roles: each module's `roles` with the permissions every module adds through
 * `roleGrants`. A module names only permissions it declares itself, so a misspelled id or one of
 * a module that does not exist yet stops the start (and the tests) instead of vanishing.
 */
export function composeBuiltinRoles(modules: readonly ModuleDefinition[]): BuiltinRole[] {
  const problems: string[] = [];
  const roles = new Map<
    string,
    { key: string; name: BuiltinRole['name']; requiresMfa: boolean; module: string; all: boolean; held: Set<string> }
  >();
  for (const m of modules) {
    const own = new Set((m.permissions ?? []).map((p) => p.id));
    const check = (ids: readonly string[], where: string) => {
      for (const id of ids) if (!own.has(id)) problems.push(`${where} names ${id}, which module ${m.name} does not declare`);
    };
    for (const r of m.roles ?? []) {
      if (roles.has(r.key)) problems.push(`role ${r.key} is declared by ${roles.get(r.key)!.module} and ${m.name}`);
      if (r.permissions !== 'all') check(r.permissions, `role ${r.key} of ${m.name}`);
      roles.set(r.key, {
        key: r.key,
        name: r.name,
        requiresMfa: r.requiresMfa,
        module: m.name,
        all: r.permissions === 'all',
        held: new Set(r.permissions === 'all' ? [] : r.permissions),
      });
    }
  }
  for (const m of modules) {
    const own = new Set((m.permissions ?? []).map((p) => p.id));
    for (const [key, ids] of Object.entries(m.roleGrants ?? {})) {
      const role = roles.get(key);
      if (!role) {
        problems.push(`module ${m.name} grants to role ${key}, which no module declares`);
        continue;
      }
      if (role.all) problems.push(`module ${m.name} grants to ${key}, which already holds every permission`);
      for (const id of ids) {
        if (!own.has(id)) problems.push(`module ${m.name} grants ${id} to ${key} but does not declare it`);
        else role.held.add(id);
      }
    }
  }
  if (problems.length > 0) throw new RoleCompositionError(problems);
  const order = modules.flatMap((m) => (m.permissions ?? []).map((p) => p.id));
  return [...roles.values()].map((r) => ({
    key: r.key,
    name: r.name,
    requiresMfa: r.requiresMfa,
    module: r.module,
    permissions: r.all ? 'all' : order.filter((id) => r.held.has(id)),
  }));
}
