import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { CHANNELS, preferencesOf, QUIET_HOURS, savePreferences } from '../../../platform/notify/index.ts';
import { actorOf } from '../../identity/public.ts';
import { holdsProvinceWide, requireProvinceWide } from '../access.ts';
import { retryMessage } from '../commands/outbox.ts';
import { listOutbox, type OutboxRow } from '../repo.ts';
import * as s from './outbox.schemas.ts';

const tags = ['operations'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const RETRYABLE = new Set<OutboxRow['status']>(['failed', 'unsent']);

const iso = (d: Date | null) => d?.toISOString() ?? null;
const present = (m: OutboxRow, canRetry: boolean) => ({
  ...m,
  createdAt: m.createdAt.toISOString(),
  nextAttemptAt: m.nextAttemptAt.toISOString(),
  lastAttemptAt: iso(m.lastAttemptAt),
  sentAt: iso(m.sentAt),
  abilities: { retry: canRetry && RETRYABLE.has(m.status) },
});
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

export async function outboxRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, outbox } = app.platform;

  r.get(
    '/outbox',
    {
      config: { permission: 'operations.outbox.read' },
      schema: {
        tags,
        summary: 'The outbox of every channel, newest first: sent, waiting, failed and unsent messages',
        querystring: s.outboxQuery,
        response: { 200: s.outboxList, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireProvinceWide(database.db, actor, 'operations.outbox.read');
      const { page, pageSize, ...filter } = request.query;
      const [list, canRetry] = await Promise.all([
        listOutbox(database.db, filter, page, pageSize),
        holdsProvinceWide(database.db, actor, 'operations.outbox.retry'),
      ]);
      return {
        ...list,
        items: list.items.map((m) => present(m, canRetry)),
        channels: CHANNELS.map((channel) => ({ channel, transport: outbox.transportOf(channel) ?? null })),
      };
    },
  );

  r.post(
    '/outbox/:id/retry',
    {
      config: { permission: 'operations.outbox.retry' },
      schema: {
        tags,
        summary: 'Put a failed or unsent message back in line for a fresh set of attempts (audited)',
        params: s.idParams,
        response: { 200: s.outboxItem, ...errors },
      },
    },
    async (request) => {
      const after = await retryMessage(database, outbox, actorOf(request), auditActorOf(request), request.params.id);
      return present(after, true);
    },
  );

  r.get(
    '/me/notification-preferences',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'My channel preferences and quiet hours',
        response: { 200: s.preferences, ...errors },
      },
    },
    async (request) => {
      const p = await preferencesOf(database.db, actorOf(request).userId);
      return { ...p, disabledChannels: [...p.disabledChannels], quietFrom: hh(QUIET_HOURS.startHour), quietTo: hh(QUIET_HOURS.endHour) };
    },
  );

  r.put(
    '/me/notification-preferences',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Set my channel preferences and quiet hours (urgent messages such as codes ignore both)',
        body: s.preferencesBody,
        response: { 200: s.preferences, ...errors },
      },
    },
    async (request) => {
      const body = { disabledChannels: [...new Set(request.body.disabledChannels)], quietHours: request.body.quietHours };
      await savePreferences(database.db, actorOf(request).userId, body);
      return { ...body, quietFrom: hh(QUIET_HOURS.startHour), quietTo: hh(QUIET_HOURS.endHour) };
    },
  );
}
