import type { Queryable } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/errors.ts';
import { type Actor, scopeOf } from '../identity/public.ts';
import type { OperationsPermission } from './manifest.ts';

/**
 * The outbox and the job log belong to the whole province (messages carry activation codes and
 * reset links of every school): only a grant at a root of the tree opens them, not one at a school.
 */
export async function holdsProvinceWide(q: Queryable, actor: Actor, permission: OperationsPermission): Promise<boolean> {
  const scope = await scopeOf(q, actor, permission);
  return scope.paths.some((p) => p.split('/').filter(Boolean).length === 1);
}

export async function requireProvinceWide(q: Queryable, actor: Actor, permission: OperationsPermission): Promise<void> {
  if (!(await holdsProvinceWide(q, actor, permission))) throw forbidden('operations.provinceOnly');
}
