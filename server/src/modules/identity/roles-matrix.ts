import type { ModuleDefinition } from '../../platform/module.ts';
import { composeBuiltinRoles } from './builtin-roles.ts';

/** Which permission each built-in role holds, given the permissions the modules declare. */
export function roleMatrix(modules: readonly ModuleDefinition[]): {
  roles: string[];
  rows: { id: string; label: string; held: boolean[] }[];
} {
  const builtinRoles = composeBuiltinRoles(modules);
  const declared = modules.flatMap((m) => m.permissions ?? []);
  return {
    roles: builtinRoles.map((r) => r.key),
    rows: declared.map((p) => ({
      id: p.id,
      label: p.label.vi,
      held: builtinRoles.map((r) => r.permissions === 'all' || r.permissions.includes(p.id)),
    })),
  };
}

/** docs/roles.md: generated, and a test fails when the committed file differs. */
export function roleMatrixMarkdown(modules: readonly ModuleDefinition[]): string {
  const builtinRoles = composeBuiltinRoles(modules);
  const m = roleMatrix(modules);
  const header = `| Quyền / Permission | ${builtinRoles.map((r) => `${r.name.vi}<br>\`${r.key}\``).join(' | ')} |`;
  const sep = `|---|${builtinRoles.map(() => ':-:').join('|')}|`;
  const rows = m.rows.map((r) => `| \`${r.id}\` ${r.label} | ${r.held.map((h) => (h ? '✔' : '')).join(' | ')} |`);
  const mfa = builtinRoles
    .filter((r) => r.requiresMfa)
    .map((r) => `\`${r.key}\``)
    .join(', ');
  return [
    '# Vai trò mặc định và quyền — Default roles and permissions',
    '',
    "Generated from the modules' manifests (each declares its permissions, its roles and the permissions it",
    'adds to roles of other modules; `server/src/modules/identity/builtin-roles.ts` composes them) by',
    '`npm run -w server gen:roles`; `server/src/modules/identity/tests/roles.test.ts` fails when this file is stale.',
    '',
    "A grant is a role held at an organisation unit; it covers the unit's whole subtree. Relationship rules",
    '(a teacher reaches the classes assigned to them, a guardian their children) add to grants; they are',
    'registered by the modules that own those records.',
    '',
    `Roles that require two-factor sign-in: ${mfa}, and any role holding a permission that exports personal data in bulk.`,
    '',
    header,
    sep,
    ...rows,
    '',
  ].join('\n');
}
