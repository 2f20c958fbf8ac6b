import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Settings } from '../../platform/config.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { randomToken, sha256 } from './crypto.ts';
import { sessions } from './schema.ts';

export const SESSION_COOKIE = 'gds_session';
/** Readable by the page's script, which echoes it in `x-csrf-token` (double submit, bound to the session). */
export const CSRF_COOKIE = 'gds_csrf';

export interface NewSession {
  token: string;
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  q: Queryable,
  input: { userId: string; mfaPending: boolean; ip: string; userAgent: string | undefined; now: Date },
  settings: Settings,
): Promise<NewSession> {
  const token = randomToken();
  const id = sha256(token);
  const csrfToken = randomToken(24);
  const expiresAt = new Date(input.now.getTime() + settings.session.absoluteHours * 3_600_000);
  await q.insert(sessions).values({
    id,
    userId: input.userId,
    csrfToken,
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt,
    mfaPending: input.mfaPending,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300),
  });
  return { token, id, csrfToken, expiresAt };
}

export function setSessionCookies(reply: FastifyReply, session: NewSession, settings: Settings): void {
  const secure = settings.publicUrl.startsWith('https://');
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    expires: session.expiresAt,
  });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, {
    path: '/',
    httpOnly: false,
    secure,
    sameSite: 'strict',
    expires: session.expiresAt,
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export async function touchSession(q: Queryable, id: string, now: Date): Promise<void> {
  await q.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function revokeSession(q: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await q
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** After a password change or an administrator's action: every other session of the user ends. */
export async function revokeUserSessions(q: Queryable, userId: string, now: Date, exceptId?: string): Promise<number> {
  const rows = await q
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? sql`${sessions.id} <> ${exceptId}` : sql`true`))
    .returning({ id: sessions.id });
  return rows.length;
}
