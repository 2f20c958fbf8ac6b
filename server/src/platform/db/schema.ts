import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Tables of the platform kernel: seeding bookkeeping, the audit trail, outgoing mail. */
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
