import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Tables of the platform kernel: seeding bookkeeping, the audit trail, outgoing mail. */
export const platform = pgSchema('platform');

export const seedRuns = platform.table('seed_runs', {
  stepId: text('step_id').primaryKey(),
  version: integer('version').notNull(),
  size: text('size').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE, so not even
 * a bug or an administrator's SQL session can rewrite history through the application role.
 */
export const auditEvents = platform.table(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** The organisation unit the change belongs to, so administrators see their own subtree. */
    orgUnitId: uuid('org_unit_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    /** Bulk operations: counts and a reference to the stored source file. */
    bulk: jsonb('bulk'),
  },
  (t) => [
    index('audit_events_occurred_at_idx').on(t.occurredAt),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    index('audit_events_actor_idx').on(t.actorUserId),
    index('audit_events_org_unit_idx').on(t.orgUnitId),
  ],
);

export const outboundMail = platform.table(
  'outbound_mail',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** 'file' when no SMTP server is configured: the message is written under DATA_DIR/mail. */
    transport: text('transport').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [index('outbound_mail_created_at_idx').on(t.createdAt)],
);

/**
 * Domain events (platform/events): written by a module inside its own write transaction, so an
 * event exists exactly when the change it announces committed; fanned out after commit to one
 * delivery per subscriber (the subscribers known when the dispatcher picks the event up).
 */
export const domainEvents = platform.table(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    orgUnitId: uuid('org_unit_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  },
  (t) => [
    index('domain_events_pending_idx').on(t.id).where(sql`${t.fannedOutAt} IS NULL`),
    index('domain_events_name_idx').on(t.name, t.id),
  ],
);

/** One subscriber's handling of one event: retried with backoff until it succeeds or gives up. */
export const eventDeliveries = platform.table(
  'event_deliveries',
  {
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => domainEvents.id),
    subscriber: text('subscriber').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Null once delivered or given up. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.subscriber] }),
    index('event_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.nextAttemptAt} IS NOT NULL`),
  ],
);

/**
 * The rules of a school year's calendar (calendar.ts) set at a unit: the department's row is the
 * province default, a school's row overrides it for that school; the nearest unit up the tree wins.
 */
export const schoolCalendars = platform.table(
  'school_calendars',
  {
    /** An org unit (no foreign key: the platform kernel does not know the org module's tables). */
    unitId: uuid('unit_id').notNull(),
    /** 2026 for 2026–2027. */
    startYear: smallint('start_year').notNull(),
    weekdays: smallint('weekdays').array().notNull(),
    breaks: jsonb('breaks').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.startYear] })],
);
