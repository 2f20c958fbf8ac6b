import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import { forbidden, unauthenticated } from '../../platform/errors.ts';
import { type Actor, grantPaths, holdsAnywhere } from './access.ts';
import { authenticateApiClient } from './api-clients.ts';
import { safeEqual, sha256 } from './crypto.ts';
import { sessionExpired, shouldTouch } from './rules/session-expiry.ts';
import { sessions, users } from './schema.ts';
import { SESSION_COOKIE, touchSession } from './sessions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable in the middle of sign-in: before the second factor, or to enrol in MFA. */
    mfaStep?: boolean;
    /**
     * With `authenticated`: the caller must hold one of these somewhere — for routes a teacher
     * reaches by relationship (`registry.class.teach`) as well as by a grant; records are then
     * checked by the route (access.requireAccess).
     */
    anyPermission?: readonly string[];
    /** Reachable while the account must still replace a first password someone else set (change-password route). */
    passwordChangeStep?: boolean;
  }
  interface FastifyRequest {
    actor?: Actor;
    session?: { id: string; mfaPending: boolean; mfaEnrolmentRequired: boolean };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor of a route that declared a permission or `authenticated`: always set there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/**
 * The guard's one statement per request: the session with its user
 * and, when the route names a permission, whether the user holds it anywhere (access.holdsAnywhere)
 * — one round trip instead of two. Named prepared statements (parsed and planned once per pooled
 * connection); one pair per database handle.
 */
function prepareGuardQueries(db: Db) {
  const query = (withPermission: boolean) =>
    db
      .select({
        id: sessions.id,
        userId: sessions.userId,
        csrfToken: sessions.csrfToken,
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
        revokedAt: sessions.revokedAt,
        mfaPending: sessions.mfaPending,
        username: users.username,
        displayName: users.displayName,
        kind: users.kind,
        status: users.status,
        mfaEnabledAt: users.mfaEnabledAt,
        mustChangePassword: users.mustChangePassword,
        permitted: withPermission
          ? sql<boolean>`EXISTS (${grantPaths(sessions.userId, sql.placeholder('permission'))})`
          : sql<boolean>`true`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(withPermission ? 'identity_guard_session_permission' : 'identity_guard_session');
  return { withPermission: query(true), plain: query(false) };
}
const guardQueries = new WeakMap<Db, ReturnType<typeof prepareGuardQueries>>();

async function loadSessionFor(db: Db, token: string, permission: string | undefined) {
  let prepared = guardQueries.get(db);
  if (!prepared) {
    prepared = prepareGuardQueries(db);
    guardQueries.set(db, prepared);
  }
  const id = sha256(token);
  const [row] = permission ? await prepared.withPermission.execute({ id, permission }) : await prepared.plain.execute({ id });
  return row;
}

/**
 * The session guard on the root of the app. For every route that is not public: a valid session
 * (idle and absolute timeouts), the CSRF token on state-changing requests, a completed second
 * factor, and — when the route names a permission — that permission held somewhere. Which
 * records the caller may touch is then the route's question (access.requireAccess → 404).
 */
export function installSessionGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!request.routeOptions.url || config.public) return;
    const { database, settings } = app.platform;
    // Machine credentials only: no session, so no CSRF token either (nothing a browser sends by itself).
    if (config.apiScope) return authenticateApiClient(database.db, request, config.apiScope);
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw unauthenticated();
    const now = new Date();
    const s = await loadSessionFor(database.db, token, config.permission);
    if (s?.status !== 'active' || sessionExpired(s, settings.session.idleMinutes, now)) {
      throw unauthenticated('identity.sessionExpired');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, s.csrfToken)) throw forbidden('identity.csrfInvalid');
    }
    const mfaEnrolmentRequired = s.mfaPending && !s.mfaEnabledAt;
    if (s.mfaPending && !config.mfaStep) {
      throw forbidden(mfaEnrolmentRequired ? 'identity.mfaEnrolmentRequired' : 'identity.mfaRequired');
    }
    // A first password printed by someone else (student class lists, administrator-set): replaced first.
    if (s.mustChangePassword && !config.mfaStep && !config.passwordChangeStep) throw forbidden('identity.passwordChangeRequired');
    request.session = { id: s.id, mfaPending: s.mfaPending, mfaEnrolmentRequired };
    request.actor = {
      userId: s.userId,
      username: s.username,
      displayName: s.displayName,
      kind: s.kind,
      sessionId: s.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    };
    request.auditActor = {
      userId: s.userId,
      label: s.username,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: String(request.id),
    };
    if (shouldTouch(s.lastSeenAt, now)) await touchSession(database.db, s.id, now);
    if (config.permission && s.permitted !== true) {
      throw forbidden();
    }
    if (config.anyPermission?.length) {
      const held = await Promise.all(config.anyPermission.map((p) => holdsAnywhere(database.db, request.actor!, p)));
      if (!held.includes(true)) throw forbidden();
    }
  });
}
