import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { loadSettings } from '../../../platform/config.ts';
import { units } from '../../org/schema.ts';
import { grants, roles, users } from '../schema.ts';
import { createSession } from '../sessions.ts';

/** A precomputed argon2id hash of `TEST_PASSWORD` at the minimum cost, so factories stay fast. */
export const TEST_PASSWORD = 'Mat-khau-thu-nghiem-2026';
let testHash: Promise<string> | undefined;
export const testPasswordHash = async () => {
  const { hashPassword } = await import('../crypto.ts');
  testHash ??= hashPassword(TEST_PASSWORD, { memoryKib: 19456, timeCost: 2, parallelism: 1 });
  return testHash;
};

export interface TestTree {
  department: string;
  communeA: string;
  communeB: string;
  schoolA: string;
  schoolB: string;
}

/** department → commune A → school A; department → commune B → school B. Codes are unique per call. */
export async function createTestTree(database: Database): Promise<TestTree> {
  const tag = randomUUID().slice(0, 8);
  const make = async (
    type: 'department' | 'commune' | 'school',
    name: string,
    parent?: { id: string; path: string; depth: number },
    extra: Partial<typeof units.$inferInsert> = {},
  ) => {
    const id = randomUUID();
    const path = `${parent?.path ?? '/'}${id}/`;
    const depth = parent ? parent.depth + 1 : 0;
    await database.db
      .insert(units)
      .values({ id, parentId: parent?.id ?? null, path, depth, type, code: `${type}-${name}-${tag}`, name, ...extra });
    return { id, path, depth };
  };
  const dep = await make('department', 'Sở GD&ĐT thử nghiệm');
  const ca = await make('commune', 'Xã An Bình', dep);
  const cb = await make('commune', 'Phường Bắc Sơn', dep);
  const sa = await make('school', 'Trường THCS An Bình', ca, { schoolLevel: 'thcs' });
  const sb = await make('school', 'Trường THCS Bắc Sơn', cb, { schoolLevel: 'thcs' });
  return { department: dep.id, communeA: ca.id, communeB: cb.id, schoolA: sa.id, schoolB: sb.id };
}

export interface SignedIn {
  userId: string;
  username: string;
  /** Pass as `headers` to app.inject: session cookie and CSRF token. */
  headers: Record<string, string>;
}

/**
 * An account holding `roleKey` at `unitId`, already signed in (second factor done). Skips the
 * login route for speed; the login itself is tested in auth.http.test.ts.
 */
export async function signIn(
  _app: FastifyInstance | undefined,
  database: Database,
  input: { roleKey?: string; unitId: string; username?: string; grants?: { roleKey: string; unitId: string }[] },
): Promise<SignedIn> {
  const username = input.username ?? `user-${randomUUID().slice(0, 8)}`;
  const [user] = await database.db
    .insert(users)
    .values({ username, displayName: `Người dùng ${username}`, homeUnitId: input.unitId, passwordHash: await testPasswordHash() })
    .returning({ id: users.id });
  const wanted = [...(input.roleKey ? [{ roleKey: input.roleKey, unitId: input.unitId }] : []), ...(input.grants ?? [])];
  for (const g of wanted) {
    const [role] = await database.db.select({ id: roles.id }).from(roles).where(eq(roles.key, g.roleKey));
    if (!role) throw new Error(`no role ${g.roleKey}`);
    await database.db.insert(grants).values({ userId: user!.id, roleId: role.id, unitId: g.unitId });
  }
  const session = await createSession(
    database.db,
    { userId: user!.id, mfaPending: false, ip: '127.0.0.1', userAgent: 'vitest', now: new Date() },
    loadSettings({ LOG_LEVEL: 'silent' }),
  );
  return {
    userId: user!.id,
    username,
    headers: { cookie: `gds_session=${session.token}; gds_csrf=${session.csrfToken}`, 'x-csrf-token': session.csrfToken },
  };
}

export async function auditCount(database: Database, action: string): Promise<number> {
  const rows = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.audit_events WHERE action = $1', [action]);
  return rows[0]?.n ?? 0;
}
