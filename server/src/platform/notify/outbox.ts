import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.ts';
import { notificationPreferences, outbox } from '../db/schema.ts';
import { type ChannelAdapter, notConnectedNote } from './channels.ts';
import {
  afterFailure,
  type Channel,
  chooseDestination,
  DEFAULT_PREFERENCES,
  DEFAULT_RETRY,
  type Destination,
  firstAttemptAt,
  type RecipientPreferences,
  type RetryPolicy,
} from './rules.ts';

/** One message on one channel. */
export interface OutboxMessage {
  channel: Channel;
  to: string;
  subject: string;
  body: string;
  /** `<module>.<subject>`, e.g. `identity.passwordReset`: what the screen and the logs show. */
  topic: string;
  /** Someone is waiting for it (a code, a password reset): no quiet hours. */
  urgent: boolean;
  /** The account it is for: its quiet-hours choice applies. */
  userId?: string;
}

/** A notification for a user, offered on several channels in the caller's order of preference. */
export interface Notification extends Omit<OutboxMessage, 'channel' | 'to'> {
  destinations: readonly Destination[];
}

export interface DeliveryReport {
  sent: number;
  /** Failed this pass and will be tried again. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
}

/**
 * The platform's one way out (style.md §10). Messages are written inside the caller's
 * transaction, so a rolled-back change sends nothing, and delivered after commit by
 * `deliverPending` — called right away by a route that wants its mail out now, and every minute
 * by the declared job `operations.outbox.deliver`. A failed attempt is retried with exponential
 * backoff up to the channel's attempt limit, then marked failed; an administrator may retry it.
 */
export interface Outbox {
  /** The adapter of each channel, or undefined when the channel is not connected. */
  transportOf(channel: Channel): string | undefined;
  enqueue(q: Queryable, message: OutboxMessage, now?: Date): Promise<string>;
  /** Picks the destination by the user's channel preferences; null when the user turned them all off. */
  notify(q: Queryable, notification: Notification, now?: Date): Promise<string | null>;
  deliverPending(now?: Date): Promise<DeliveryReport>;
  /** Puts a failed or unsent message back in line for a fresh set of attempts. */
  retry(q: Queryable, id: string, now?: Date): Promise<boolean>;
}

export interface OutboxOptions {
  adapters: readonly ChannelAdapter[];
  retry?: Partial<Record<Channel, RetryPolicy>>;
  /** Rows claimed by a pass that died (process killed mid-send) are taken again after this long. */
  staleClaimSeconds?: number;
}

export async function preferencesOf(q: Queryable, userId: string | undefined): Promise<RecipientPreferences> {
  if (!userId) return DEFAULT_PREFERENCES;
  const [row] = await q.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return row ? { disabledChannels: row.disabledChannels as Channel[], quietHours: row.quietHours } : DEFAULT_PREFERENCES;
}

export async function savePreferences(q: Queryable, userId: string, preferences: RecipientPreferences): Promise<void> {
  const values = { disabledChannels: [...preferences.disabledChannels], quietHours: preferences.quietHours };
  await q
    .insert(notificationPreferences)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { ...values, updatedAt: sql`now()` } });
}

const BATCH = 100;

export function createOutbox(database: Database, log: FastifyBaseLogger, options: OutboxOptions): Outbox {
  const adapters = new Map(options.adapters.map((a) => [a.channel, a]));
  const policyOf = (channel: Channel) => options.retry?.[channel] ?? DEFAULT_RETRY;
  const staleClaimSeconds = options.staleClaimSeconds ?? 600;
  let delivering: Promise<DeliveryReport> | undefined;

  async function enqueue(q: Queryable, m: OutboxMessage, now = new Date()): Promise<string> {
    const adapter = adapters.get(m.channel);
    const preferences = await preferencesOf(q, m.userId);
    const [row] = await q
      .insert(outbox)
      .values({
        channel: m.channel,
        topic: m.topic,
        userId: m.userId ?? null,
        to: m.to,
        subject: m.subject,
        body: m.body,
        urgent: m.urgent,
        transport: adapter?.transport ?? 'none',
        status: adapter ? 'pending' : 'unsent',
        error: adapter ? null : notConnectedNote(m.channel),
        createdAt: now,
        nextAttemptAt: firstAttemptAt(now, m.urgent, preferences),
      })
      .returning({ id: outbox.id });
    return row!.id;
  }

  /** Claims due rows (and rows a dead pass left claimed) so that two passes never send one twice. */
  async function claim(now: Date) {
    const stale = new Date(now.getTime() - staleClaimSeconds * 1000);
    return database.db
      .update(outbox)
      .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, lastAttemptAt: now })
      .where(
        inArray(
          outbox.id,
          sql`(SELECT id FROM ${outbox}
                WHERE (${outbox.status} = 'pending' AND ${outbox.nextAttemptAt} <= ${now.toISOString()})
                   OR (${outbox.status} = 'sending' AND ${outbox.lastAttemptAt} < ${stale.toISOString()})
                ORDER BY ${outbox.nextAttemptAt} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`,
        ),
      )
      .returning();
  }

  async function deliverOnce(now: Date): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const claimed = await claim(now);
      for (const m of claimed) {
        const adapter = adapters.get(m.channel as Channel);
        if (!adapter) {
          await database.db
            .update(outbox)
            .set({ status: 'unsent', error: notConnectedNote(m.channel as Channel) })
            .where(eq(outbox.id, m.id));
          continue;
        }
        try {
          await adapter.deliver(m);
          await database.db.update(outbox).set({ status: 'sent', sentAt: sql`now()`, error: null }).where(eq(outbox.id, m.id));
          report.sent++;
        } catch (err) {
          const preferences = await preferencesOf(database.db, m.userId ?? undefined);
          const next = afterFailure(m.attempts, now, m.urgent, policyOf(m.channel as Channel), preferences);
          log.warn({ err, outboxId: m.id, attempt: m.attempts, next: next.status }, 'outbox delivery failed');
          await database.db
            .update(outbox)
            .set({
              status: next.status,
              error: String((err as Error).message ?? err).slice(0, 500),
              ...(next.status === 'pending' ? { nextAttemptAt: next.nextAttemptAt } : {}),
            })
            .where(and(eq(outbox.id, m.id), eq(outbox.status, 'sending')));
          if (next.status === 'failed') report.failed++;
          else report.retrying++;
        }
      }
      if (claimed.length < BATCH) return report;
    }
  }

  return {
    transportOf: (channel) => adapters.get(channel)?.transport,
    enqueue,
    async notify(q, n, now) {
      const preferences = await preferencesOf(q, n.userId);
      const destination = chooseDestination(n.destinations, n.urgent, preferences);
      if (!destination) return null;
      const { destinations: _, ...message } = n;
      return enqueue(q, { ...message, ...destination }, now);
    },
    deliverPending(now) {
      // One pass at a time in this process; callers after commit share the running pass.
      delivering ??= deliverOnce(now ?? new Date()).finally(() => {
        delivering = undefined;
      });
      return delivering;
    },
    async retry(q, id, now = new Date()) {
      const updated = await q
        .update(outbox)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now, error: null })
        .where(and(eq(outbox.id, id), inArray(outbox.status, ['failed', 'unsent'])))
        .returning({ id: outbox.id });
      return updated.length > 0;
    },
  };
}
