import type { Queryable, Tx } from '../db/database.ts';
import { domainEvents } from '../db/schema.ts';

/**
 * Every domain event by name → its payload. Each module adds the events it publishes by
 * declaration merging in its `public.ts` (`declare module '…/platform/events/events.ts'`), so a
 * publisher's payload and a subscriber's handler are checked against one type, and a subscriber
 * learns the payload from the publisher's public interface, never from its tables.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules through declaration merging
export interface DomainEvents {}

export type EventName = keyof DomainEvents & string;

export interface DomainEvent<N extends EventName = EventName> {
  id: number;
  name: N;
  payload: DomainEvents[N];
  /** The unit the change belongs to (a school for a grade sheet), for subscribers that scope by it. */
  orgUnitId: string | null;
  occurredAt: Date;
}

/** An event a module publishes, with its label (manifest; the i18n test checks both languages). */
export interface EventDeclaration {
  name: EventName;
  label: { vi: string; en: string };
}

/**
 * A module's handler of one event, declared in its manifest (ModuleDefinition.subscriptions).
 * The handler runs inside the transaction that marks its delivery done: its own writes commit
 * with that mark, so a database-only handler takes effect once; a handler with an outside effect
 * (mail, a call to another system) may run again after a crash — delivery is at least once, so it
 * must be idempotent (key the effect by event id).
 */
export interface EventSubscription {
  /** Unique and stable (`<module>.<what it does>`): deliveries are kept per subscriber id. */
  id: string;
  event: EventName;
  handle(event: DomainEvent, tx: Tx): Promise<void>;
}

export function subscribe<N extends EventName>(
  id: string,
  event: N,
  handle: (event: DomainEvent<N>, tx: Tx) => Promise<void>,
): EventSubscription {
  return { id, event, handle: handle as EventSubscription['handle'] };
}

/**
 * Writes the event with the caller's transaction handle: it exists exactly when the change it
 * announces commits, and is delivered to the subscribers after that (platform/events/dispatcher).
 */
export async function publishEvent<N extends EventName>(
  q: Queryable,
  name: N,
  payload: DomainEvents[N],
  orgUnitId: string | null,
): Promise<void> {
  await q.insert(domainEvents).values({ name, payload, orgUnitId });
}

/** A handler that keeps failing is given up after this many attempts (its delivery stays on record with its last error). */
export const MAX_DELIVERY_ATTEMPTS = 10;

/**
 * How long to wait before the next attempt after `attempts` failed ones: 10 s doubling each time,
 * at most an hour; null once MAX_DELIVERY_ATTEMPTS have failed.
 */
export function retryDelayMs(attempts: number): number | null {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
