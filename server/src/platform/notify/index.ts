/**
 * The platform's notifications, the interface every module calls (style.md §10): write a message
 * or a notification into the outbox inside your transaction, then `deliverPending()` after commit
 * if it should leave at once. Channels are adapters (channels.ts): e-mail now; SMS, Zalo ZNS and
 * web push are recorded as not sent until their adapter is connected.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Settings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { type ChannelAdapter, emailAdapter } from './channels.ts';
import { createOutbox, type Outbox } from './outbox.ts';

export type { ChannelAdapter, Deliverable } from './channels.ts';
export {
  createOutbox,
  type DeliveryReport,
  type Notification,
  type Outbox,
  type OutboxMessage,
  preferencesOf,
  savePreferences,
} from './outbox.ts';
export { CHANNELS, type Channel, type Destination, QUIET_HOURS, type RecipientPreferences } from './rules.ts';

/** The outbox of a running platform: the channels its settings connect (e-mail only, for now). */
export function createPlatformOutbox(
  settings: Settings,
  database: Database,
  log: FastifyBaseLogger,
  extra: readonly ChannelAdapter[] = [],
): Outbox {
  return createOutbox(database, log, { adapters: [emailAdapter(settings), ...extra] });
}
