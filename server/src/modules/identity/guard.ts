import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '../../platform/errors.ts';
import { type Actor, holdsAnywhere } from './access.ts';
import { safeEqual } from './crypto.ts';
import { sessionExpired, shouldTouch } from './rules/session-expiry.ts';
import { loadSessionWithUser, SESSION_COOKIE, touchSession } from './sessions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable in the middle of sign-in: before the second factor, or to enrol in MFA. */
    mfaStep?: boolean;
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
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw unauthenticated();
    const now = new Date();
    const s = await loadSessionWithUser(database.db, token);
    if (!s || s.status !== 'active' || sessionExpired(s, settings.session.idleMinutes, now)) {
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
    if (config.permission && !(await holdsAnywhere(database.db, request.actor, config.permission))) {
      throw forbidden();
    }
  });
}
