import type { Queryable } from '../../platform/db/database.ts';

/**
 * What keeps a unit open: other modules register a counter of their open records at a unit
 * (identity: active home users; registry: classes, enrolments…). A unit with any cannot close.
 */
export type DependantCounter = (q: Queryable, unitId: string) => Promise<number>;

const counters = new Map<string, DependantCounter>();

export function registerDependantCounter(kind: string, counter: DependantCounter): void {
  counters.set(kind, counter);
}

export async function countDependants(q: Queryable, unitId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [kind, counter] of counters) out[kind] = await counter(q, unitId);
  return out;
}
