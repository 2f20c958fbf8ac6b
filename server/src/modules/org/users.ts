import type { Queryable } from '../../platform/db/database.ts';
import { countUsersUnder } from '../identity/public.ts';

/** Active accounts whose home unit lies in each subtree, through identity's public count. */
export async function usersUnder(q: Queryable, paths: string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  return countUsersUnder(q, paths);
}
