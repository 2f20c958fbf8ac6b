import { auditChain, type HashChain } from './audit-chain.ts';
import type { Queryable } from './db/database.ts';
import type { ModuleDefinition } from './module.ts';

/** The platform's audit chain and every module's. */
export const chainsOf = (modules: readonly ModuleDefinition[]): HashChain[] => [auditChain, ...modules.flatMap((m) => m.hashChains ?? [])];

/** Every module's administrators, without repeats. */
export const administratorsOf =
  (modules: readonly ModuleDefinition[]) =>
  async (q: Queryable): Promise<string[]> => {
    const all = await Promise.all(modules.map((m) => m.administratorEmails?.(q) ?? Promise.resolve([])));
    return [...new Set(all.flat().map((a) => a.toLowerCase()))].sort();
  };
