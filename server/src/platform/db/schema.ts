import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Tables of the platform kernel: seeding bookkeeping, the audit trail, the outbox, job runs. */
export const platform = pgSchema('platform');

export const seedRuns = platform.table('seed_runs', {
  stepId: text('step_id').primaryKey(),
  version: integer('version').notNull(),
  size: text('size').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Append-only: a trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE, so not even
 * a bug or an administrator's SQL session can rewrite history through the application role.
 * Tamper-evident (migration 0025): a BEFORE INSERT trigger sets the chain columns, a hash linked
 * to the previous entry of the same stream (audit-chain.ts verifies them).
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
    // Set by the BEFORE INSERT trigger whatever the insert says (the placeholders only satisfy the
    // insert type): the stream ('unit:<org unit>', else 'user:<actor>', else 'system'), the place
    // in it and the hash linked to the previous entry.
    chainStream: text('chain_stream')
      .notNull()
      .$defaultFn(() => ''),
    chainSeq: bigint('chain_seq', { mode: 'number' })
      .notNull()
      .$defaultFn(() => 0),
    chainHash: text('chain_hash')
      .notNull()
      .$defaultFn(() => ''),
  },
  (t) => [
    uniqueIndex('audit_events_chain_uq').on(t.chainStream, t.chainSeq),
    index('audit_events_occurred_at_idx').on(t.occurredAt),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    index('audit_events_actor_idx').on(t.actorUserId),
    index('audit_events_org_unit_idx').on(t.orgUnitId),
  ],
);

/**
 * Every message the platform sends, whatever the channel (migration 0027 made the mail table it).
 * status: pending (waiting for its time or a retry) → sending (claimed by a delivery pass) → sent,
 * or failed after the last attempt; unsent when its channel has no adapter connected (the SMS
 * codes of guardian invitations today): recorded only, read by an administrator.
 */
export const outbox = platform.table(
  'outbox',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    channel: text('channel').notNull().default('email'),
    /** What the message is about, `<module>.<subject>` (identity.passwordReset); shown on the screen. */
    topic: text('topic').notNull().default('mail'),
    /** The account it is for, when there is one: its channel preferences and quiet hours apply. */
    userId: uuid('user_id'),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    /** The adapter that handles the channel: 'smtp' or 'file' for e-mail, 'none' when not connected. */
    transport: text('transport').notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Why the last attempt failed, or why an unsent message is not sent. */
    error: text('error'),
  },
  (t) => [
    index('outbox_created_at_idx').on(t.createdAt),
    index('outbox_status_idx').on(t.status, t.createdAt),
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} IN ('pending', 'sending')`),
  ],
);

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unsent';

/** A user's choices: channels they do not want, and whether non-urgent messages wait out the night. */
export const notificationPreferences = platform.table('notification_preferences', {
  userId: uuid('user_id').primaryKey(),
  disabledChannels: text('disabled_channels').array().notNull().default(sql`'{}'`),
  quietHours: boolean('quiet_hours').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per run of a declared job (platform/jobs/runner.ts): the jobs screen reads it. */
export const jobRuns = platform.table(
  'job_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    job: text('job').notNull(),
    /** schedule (cron), manual (an administrator's "run now"), queue (sent by code). */
    trigger: text('trigger').$type<'schedule' | 'manual' | 'queue'>().notNull(),
    state: text('state').$type<'running' | 'succeeded' | 'failed'>().notNull(),
    attempt: integer('attempt').notNull().default(1),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    error: text('error'),
    summary: jsonb('summary').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('job_runs_job_idx').on(t.job, t.startedAt),
    index('job_runs_started_at_idx').on(t.startedAt),
    index('job_runs_failed_idx').on(t.startedAt).where(sql`${t.state} = 'failed'`),
  ],
);

/** The last link of every hash chain (chain 'audit' by stream, 'marks' by grade-book sheet). */
export const chainHeads = platform.table(
  'chain_heads',
  {
    chain: text('chain').notNull(),
    stream: text('stream').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'chain_heads_pkey', columns: [t.chain, t.stream] })],
);

/**
 * Every stored file (platform/files): where its bytes are (a key in DATA_DIR/files or the S3
 * bucket), what its bytes are, and which module owns it for which unit — the owner's authoriser
 * decides who may download it.
 */
export const files = platform.table(
  'files',
  {
    id: uuid('id').primaryKey(),
    owner: text('owner').notNull(),
    unitId: uuid('unit_id'),
    storageKey: text('storage_key').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    kind: text('kind').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('files_owner_unit_idx').on(t.owner, t.unitId), index('files_storage_key_idx').on(t.storageKey)],
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
