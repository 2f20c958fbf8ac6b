import type { Queryable } from '../../platform/db/database.ts';
import { countUsersUnder } from '../identity/public.ts';

let warned = false;
/**
 * Active accounts whose home unit lies in each subtree, through identity's public count. Must be
 * called outside a transaction: if the count fails the figures are left out rather than failing
 * the page (and the failure is reported once on stderr).
 */
export async function usersUnder(q: Queryable, paths: string[]): Promise<Map<string, number> | undefined> {
  if (paths.length === 0) return new Map();
  try {
    return await countUsersUnder(q, paths);
  } catch (err) {
    if (!warned) {
      warned = true;
      process.stderr.write(`org: user counts unavailable (identity countUsersUnder failed: ${(err as Error).message.split('\n')[0]})\n`);
    }
    return undefined;
  }
}
