import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Tx } from '../db/database.ts';
import { type DomainEvent, type EventSubscription, retryDelayMs } from './events.ts';

export interface DispatchReport {
  fannedOut: number;
  delivered: number;
  failed: number;
}

/**
 * Delivers committed domain events to the subscribers the modules declare. Each pass first fans
 * the new events out (one delivery row per subscriber of the event's name), then works the due
 * deliveries one transaction each, `FOR UPDATE SKIP LOCKED`, so several server processes share
 * the work without delivering one twice at the same time. A failing handler's writes are rolled
 * back (savepoint); its delivery is retried with backoff (events.retryDelayMs).
 */
export interface EventDispatcher {
  /** One pass; `now` decides which retries are due (tests move it forward). */
  runOnce(now?: Date): Promise<DispatchReport>;
  /** Passes every `intervalMs` until stop (the running server). */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/** Deliveries worked per pass at most, so one pass never holds the connection for long. */
const PASS_LIMIT = 200;

export function createEventDispatcher(
  database: Database,
  subscriptions: readonly EventSubscription[],
  log?: FastifyBaseLogger,
): EventDispatcher {
  const byId = new Map<string, EventSubscription>();
  for (const s of subscriptions) {
    if (byId.has(s.id)) throw new Error(`event subscriber declared twice: ${s.id}`);
    byId.set(s.id, s);
  }
  const routing = JSON.stringify(subscriptions.map((s) => ({ subscriber: s.id, event: s.event })));
  const known = JSON.stringify([...byId.keys()]);

  /** Deliveries become due at the pass's own clock (`now`), the one that `deliverOne` compares with: not the database's. */
  async function fanOut(now: Date): Promise<number> {
    const { rows } = await database.db.execute<{ id: number }>(sql`
      WITH picked AS (
        SELECT id, name FROM platform.domain_events WHERE fanned_out_at IS NULL ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED
      ), routed AS (
        INSERT INTO platform.event_deliveries (event_id, subscriber, next_attempt_at)
        SELECT p.id, s.subscriber, ${now.toISOString()}::timestamptz FROM picked p JOIN jsonb_to_recordset(${routing}::jsonb) AS s(subscriber text, event text) ON s.event = p.name
        ON CONFLICT DO NOTHING
      )
      UPDATE platform.domain_events e SET fanned_out_at = now() FROM picked WHERE e.id = picked.id RETURNING e.id`);
    return rows.length;
  }

  type Due = {
    eventId: number;
    subscriber: string;
    attempts: number;
    name: string;
    payload: unknown;
    orgUnitId: string | null;
    occurredAt: string;
  };

  async function deliverOne(now: Date): Promise<'delivered' | 'failed' | undefined> {
    return database.db.transaction(async (raw) => {
      const tx = raw as unknown as Tx;
      const { rows } = await tx.execute<Due>(sql`
        SELECT d.event_id AS "eventId", d.subscriber, d.attempts, e.name, e.payload, e.org_unit_id AS "orgUnitId", e.occurred_at AS "occurredAt"
        FROM platform.event_deliveries d JOIN platform.domain_events e ON e.id = d.event_id
        WHERE d.next_attempt_at <= ${now.toISOString()}::timestamptz
          AND d.subscriber IN (SELECT jsonb_array_elements_text(${known}::jsonb))
        ORDER BY d.next_attempt_at, d.event_id
        LIMIT 1 FOR UPDATE OF d SKIP LOCKED`);
      const due = rows[0];
      if (!due) return undefined;
      const subscription = byId.get(due.subscriber)!;
      const event: DomainEvent = {
        id: Number(due.eventId),
        name: due.name as DomainEvent['name'],
        payload: due.payload as DomainEvent['payload'],
        orgUnitId: due.orgUnitId,
        occurredAt: new Date(due.occurredAt),
      };
      const key = sql`event_id = ${due.eventId} AND subscriber = ${due.subscriber}`;
      try {
        await tx.transaction(async (savepoint) => subscription.handle(event, savepoint as unknown as Tx));
      } catch (err) {
        const attempts = due.attempts + 1;
        const delay = retryDelayMs(attempts);
        const next = delay === null ? null : new Date(now.getTime() + delay).toISOString();
        const message = err instanceof Error ? err.message : String(err);
        await tx.execute(sql`UPDATE platform.event_deliveries SET attempts = ${attempts}, last_error = ${message.slice(0, 2000)},
          next_attempt_at = ${next}::timestamptz WHERE ${key}`);
        log?.warn(
          { err, event: event.name, eventId: event.id, subscriber: due.subscriber, attempts, givenUp: delay === null },
          'event handler failed',
        );
        return 'failed';
      }
      await tx.execute(sql`UPDATE platform.event_deliveries SET attempts = attempts + 1, delivered_at = now(), next_attempt_at = NULL, last_error = NULL
        WHERE ${key}`);
      return 'delivered';
    });
  }

  let running: Promise<DispatchReport> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function pass(now: Date): Promise<DispatchReport> {
    const report: DispatchReport = { fannedOut: await fanOut(now), delivered: 0, failed: 0 };
    if (byId.size === 0) return report;
    for (let i = 0; i < PASS_LIMIT; i++) {
      const outcome = await deliverOne(now);
      if (!outcome) break;
      report[outcome]++;
    }
    return report;
  }

  const dispatcher: EventDispatcher = {
    runOnce(now = new Date()) {
      // One pass at a time in this process; a second caller waits for the one under way and runs its own.
      const previous = running ?? Promise.resolve(undefined);
      const current = previous.catch(() => undefined).then(() => pass(now));
      running = current;
      return current.finally(() => {
        if (running === current) running = undefined;
      });
    },
    start(intervalMs) {
      timer ??= setInterval(() => {
        if (running) return;
        dispatcher.runOnce().catch((err) => log?.error({ err }, 'event dispatch failed'));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
  return dispatcher;
}
