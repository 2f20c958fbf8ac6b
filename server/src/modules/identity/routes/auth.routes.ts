import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { recordAudit } from '../../../platform/audit.ts';
import { notFound } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { authRateLimit } from '../../../platform/http/rate-limit.ts';
import { changePassword, resetPasswordWithToken } from '../commands/passwords.ts';
import { login } from '../commands/login.ts';
import { completeSecondFactor, confirmEnrolment, startEnrolment } from '../commands/mfa.ts';
import { actorOf } from '../guard.ts';
import { activeGrantsOf, findUser, permissionsHeld, userRequiresMfa } from '../repo.ts';
import { sessions } from '../schema.ts';
import { clearSessionCookies, revokeSession, setSessionCookies } from '../sessions.ts';
import * as s from './auth.schemas.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
  429: problemSchema,
};

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings } = app.platform;
  const limited = authRateLimit(settings);

  r.post(
    '/login',
    {
      config: { public: true, rateLimit: limited },
      schema: { tags: ['identity'], summary: 'Sign in with a password', body: s.loginBody, response: { 200: s.loginResponse, ...errors } },
    },
    async (request, reply) => {
      const result = await login(database, settings, {
        login: request.body.login,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        now: new Date(),
      });
      setSessionCookies(reply, result.session, settings);
      return { status: result.outcome };
    },
  );

  r.post(
    '/login/mfa',
    {
      config: { authenticated: true, mfaStep: true, rateLimit: limited },
      schema: {
        tags: ['identity'],
        summary: 'Second factor: a TOTP or recovery code',
        body: s.codeBody,
        response: { 200: s.loginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const session = await completeSecondFactor(database, settings, app.platform.mailer, {
        userId: actor.userId,
        sessionId: actor.sessionId,
        code: request.body.code,
        now: new Date(),
        actor: request.auditActor!,
      });
      setSessionCookies(reply, session, settings);
      return { status: 'ok' as const };
    },
  );

  r.post(
    '/logout',
    {
      config: { authenticated: true, mfaStep: true },
      schema: { tags: ['identity'], summary: 'Sign out', response: { 200: s.okResponse, ...errors } },
    },
    async (request, reply) => {
      await revokeSession(database.db, actorOf(request).sessionId, new Date());
      clearSessionCookies(reply);
      return { ok: true as const };
    },
  );

  r.get(
    '/me',
    {
      config: { authenticated: true, mfaStep: true },
      schema: { tags: ['identity'], summary: 'The signed-in user', response: { 200: s.meResponse, ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      const user = await findUser(database.db, actor.userId);
      if (!user) throw notFound();
      const pending = !request.session?.mfaPending ? 'none' : request.session.mfaEnrolmentRequired ? 'mfa_enrolment' : 'mfa';
      const finished = pending === 'none';
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        email: user.email,
        phone: user.phone,
        kind: user.kind,
        homeUnit: user.homeUnitId ? { id: user.homeUnitId, name: user.homeUnitName ?? '' } : null,
        mfaEnabled: !!user.mfaEnabledAt,
        mfaRequired: await userRequiresMfa(database.db, user.id),
        mustChangePassword: user.mustChangePassword,
        pending,
        // Before the second factor, the UI learns nothing about what the account may do.
        permissions: finished ? await permissionsHeld(database.db, user.id) : [],
        grants: finished ? (await activeGrantsOf(database.db, user.id)).map((g) => ({ ...g, grantedAt: g.grantedAt.toISOString() })) : [],
      } as const;
    },
  );

  r.post(
    '/me/password',
    {
      config: { authenticated: true, passwordChangeStep: true, rateLimit: limited },
      schema: {
        tags: ['identity'],
        summary: 'Change my password (ends my other sessions)',
        body: s.changePasswordBody,
        response: { 200: s.okResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await changePassword(database, settings, {
        userId: actor.userId,
        sessionId: actor.sessionId,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        actor: request.auditActor!,
      });
      return { ok: true as const };
    },
  );

  r.post(
    '/me/mfa/enrolment',
    {
      config: { authenticated: true, mfaStep: true },
      schema: {
        tags: ['identity'],
        summary: 'Start TOTP enrolment: a secret and its QR code',
        response: { 200: s.enrolmentResponse, ...errors },
      },
    },
    async (request) => {
      const started = await startEnrolment(database, settings, actorOf(request).userId);
      return { ...started, qrDataUrl: await QRCode.toDataURL(started.otpauthUrl, { margin: 1, width: 240 }) };
    },
  );

  r.post(
    '/me/mfa/enrolment/confirm',
    {
      config: { authenticated: true, mfaStep: true, rateLimit: limited },
      schema: {
        tags: ['identity'],
        summary: 'Confirm enrolment with a first code; returns recovery codes once',
        body: s.codeBody,
        response: { 200: s.recoveryCodesResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { codes, session } = await confirmEnrolment(database, settings, {
        userId: actor.userId,
        sessionId: actor.sessionId,
        code: request.body.code,
        now: new Date(),
        actor: request.auditActor!,
      });
      setSessionCookies(reply, session, settings);
      return { recoveryCodes: codes };
    },
  );

  r.get(
    '/me/sessions',
    {
      config: { authenticated: true },
      schema: { tags: ['identity'], summary: 'My active sessions', response: { 200: z.array(s.sessionItem), ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await database.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, actor.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
        .orderBy(desc(sessions.lastSeenAt));
      return rows.map((x) => ({
        id: x.id,
        createdAt: x.createdAt.toISOString(),
        lastSeenAt: x.lastSeenAt.toISOString(),
        expiresAt: x.expiresAt.toISOString(),
        ip: x.ip,
        userAgent: x.userAgent,
        current: x.id === actor.sessionId,
      }));
    },
  );

  r.delete(
    '/me/sessions/:id',
    {
      config: { authenticated: true },
      schema: {
        tags: ['identity'],
        summary: 'End one of my sessions',
        params: s.sessionIdParams,
        response: { 200: s.okResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await database.db.transaction(async (tx) => {
        const [own] = await tx
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(eq(sessions.id, request.params.id), eq(sessions.userId, actor.userId)));
        if (!own) throw notFound();
        await revokeSession(tx, own.id, new Date());
        await recordAudit(tx, request.auditActor!, {
          action: 'identity.session.revoke',
          entityType: 'identity.session',
          entityId: own.id.slice(0, 12),
        });
      });
      return { ok: true as const };
    },
  );

  r.post(
    '/password-reset',
    {
      config: { public: true, rateLimit: limited },
      schema: {
        tags: ['identity'],
        summary: 'Set a new password with a one-time reset token',
        body: s.passwordResetBody,
        response: { 200: s.okResponse, ...errors },
      },
    },
    async (request) => {
      await resetPasswordWithToken(database, settings, {
        token: request.body.token,
        newPassword: request.body.newPassword,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        now: new Date(),
      });
      return { ok: true as const };
    },
  );
}
