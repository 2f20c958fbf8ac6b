import { z } from 'zod';
import { CHANNELS } from '../../../platform/notify/index.ts';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unsent'] as const;

export const outboxQuery = z.strictObject({
  status: z.enum(OUTBOX_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const outboxItem = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    channel: z.string(),
    topic: z.string(),
    to: z.string(),
    subject: z.string(),
    body: z.string(),
    urgent: z.boolean(),
    transport: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime(),
    lastAttemptAt: z.iso.datetime().nullable(),
    sentAt: z.iso.datetime().nullable(),
    error: z.string().nullable(),
    abilities: z.object({ retry: z.boolean() }),
  })
  .meta({ id: 'OutboxMessage' });

export const outboxList = z
  .object({
    items: z.array(outboxItem),
    total: z.number().int(),
    /** Messages per status over the whole outbox (the screen's tabs). */
    counts: z.record(z.string(), z.number().int()),
    /** The adapter connected for each channel; absent: recorded only. */
    channels: z.array(z.object({ channel: z.enum(CHANNELS), transport: z.string().nullable() })),
  })
  .meta({ id: 'OutboxList' });

export const idParams = z.strictObject({ id: z.uuid() });

export const preferences = z
  .object({
    disabledChannels: z.array(z.enum(CHANNELS)),
    quietHours: z.boolean(),
    /** 21:00–06:00 Vietnam time, for the screen's sentence. */
    quietFrom: z.string(),
    quietTo: z.string(),
  })
  .meta({ id: 'NotificationPreferences' });

export const preferencesBody = z.strictObject({
  disabledChannels: z.array(z.enum(CHANNELS)).max(CHANNELS.length),
  quietHours: z.boolean(),
});
