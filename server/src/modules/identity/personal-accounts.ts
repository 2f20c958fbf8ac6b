import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { verifyPassword } from './crypto.ts';
import { users } from './schema.ts';

/**
 * Accounts of people outside the staff — guardians and students (registry, issue 5 §9). They
 * hold no grant: what they see comes from relationships the registry registers with the access
 * layer (guardian → child, student → self).
 */
export interface PersonalAccount {
  username: string;
  displayName: string;
  kind: 'student' | 'guardian';
  homeUnitId: string;
  passwordHash: string;
  /** A first password someone else printed: the owner must change it at the first sign-in. */
  mustChangePassword: boolean;
}

/** Creates the account; null when the username is taken (the caller reports it on its field). */
export async function insertPersonalAccount(q: Queryable, a: PersonalAccount, now: Date): Promise<string | null> {
  const [row] = await q
    .insert(users)
    .values({
      username: a.username.toLowerCase(),
      displayName: a.displayName,
      kind: a.kind,
      homeUnitId: a.homeUnitId,
      passwordHash: a.passwordHash,
      passwordChangedAt: now,
      mustChangePassword: a.mustChangePassword,
    })
    .onConflictDoNothing({ target: users.username })
    .returning({ id: users.id });
  return row?.id ?? null;
}

/** Usernames among `names` that already exist (lower-case). */
export async function existingUsernames(q: Queryable, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await q
    .select({ username: users.username })
    .from(users)
    .where(
      inArray(
        users.username,
        names.map((n) => n.toLowerCase()),
      ),
    );
  return new Set(rows.map((r) => r.username));
}

/** The account by username, if active, with whether `password` is its password. */
export async function checkAccountPassword(q: Queryable, username: string, password: string): Promise<{ id: string; kind: string } | null> {
  const [u] = await q
    .select({ id: users.id, kind: users.kind, status: users.status, hash: users.passwordHash })
    .from(users)
    .where(eq(users.username, username.trim().toLowerCase()));
  if (!u?.hash || u.status !== 'active') return null;
  return (await verifyPassword(u.hash, password)) ? { id: u.id, kind: u.kind } : null;
}
