import { sql } from 'drizzle-orm';
import { boolean, check, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/schema.ts';
import { units } from '../org/schema.ts';

/** The signing service's own tables (moved from the grade book by migration 0029). */
export const signing = pgSchema('signing');

/**
 * Signing keys (chứng thư số): a person's certificate or a unit's seal certificate (a school, a
 * commune, the department), the PKCS#12 kept sealed (scrypt + AES-256-GCM under the holder's
 * passphrase, pades/signer.ts) and opened only for the signature. The certificate is kept in
 * clear for display and checks.
 */
export const signingKeys = signing.table(
  'signing_keys',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    kind: text('kind', { enum: ['personal', 'seal'] }).notNull(),
    userId: uuid('user_id').references(() => users.id),
    unitId: uuid('unit_id').references(() => units.id),
    sealed: jsonb('sealed').notNull(),
    certificate: text('certificate').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    test: boolean('test').notNull().default(false),
    status: text('status', { enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    check(
      'signing_keys_owner_ck',
      sql`(${t.kind} = 'personal' AND ${t.userId} IS NOT NULL) OR (${t.kind} = 'seal' AND ${t.unitId} IS NOT NULL)`,
    ),
    uniqueIndex('signing_keys_user_active_uq').on(t.userId).where(sql`${t.status} = 'active' AND ${t.kind} = 'personal'`),
    uniqueIndex('signing_keys_unit_active_uq').on(t.unitId).where(sql`${t.status} = 'active' AND ${t.kind} = 'seal'`),
  ],
);

/** Root certificates the province trusts for every signed document (VGCA and licensed CAs; the test CA in the demo). */
export const trustedRoots = signing.table('trusted_roots', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  certificate: text('certificate').notNull(),
  test: boolean('test').notNull().default(false),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
});
