import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../org/schema.ts';

/** Accounts, credentials, sessions, MFA, roles and grants. */
export const identity = pgSchema('identity');

export const users = identity.table(
  'users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Stored lower-case; login compares lower-case. */
    username: text('username').notNull(),
    email: text('email'),
    phone: text('phone'),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ['staff', 'student', 'guardian'] })
      .notNull()
      .default('staff'),
    /** The unit the account belongs to (where it was created); grants say what it may do. */
    homeUnitId: uuid('home_unit_id').references(() => units.id),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** Still the password printed in the README: a non-demo start refuses while any remain. */
    demoPassword: boolean('demo_password').notNull().default(false),
    /** TOTP secret, encrypted with a key derived from SESSION_SECRET (AES-256-GCM). */
    mfaSecret: text('mfa_secret'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    /** Last accepted TOTP time step: a code is never accepted twice. */
    mfaLastStep: integer('mfa_last_step'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    uniqueIndex('users_phone_uq').on(t.phone),
    index('users_home_unit_idx').on(t.homeUnitId),
    // Counting a subtree's active accounts (org overview, children) reads only this index.
    index('users_active_home_unit_idx').on(t.homeUnitId).where(sql`${t.status} = 'active'`),
    index('users_name_fold_idx').using('gin', sql`platform.fold(${t.displayName}) gin_trgm_ops`),
  ],
);

export const recoveryCodes = identity.table(
  'recovery_codes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** Server-side sessions; the cookie carries a random token, the table only its SHA-256. */
export const sessions = identity.table(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Password checked but the second factor not yet: only the MFA routes answer. */
    mfaPending: boolean('mfa_pending').notNull().default(false),
    /** Wrong codes entered on this pending sign-in: it ends after MFA_SIGN_IN_MAX_FAILURES. */
    mfaFailures: integer('mfa_failures').notNull().default(0),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Declared in each module's manifest, synced here at migrate time. */
export const permissions = identity.table('permissions', {
  id: text('id').primaryKey(),
  module: text('module').notNull(),
  labelVi: text('label_vi').notNull(),
  labelEn: text('label_en').notNull(),
  bulkExport: boolean('bulk_export').notNull().default(false),
});

export const roles = identity.table(
  'roles',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    key: text('key').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    builtin: boolean('builtin').notNull().default(false),
    /** Holders must use a second factor (administrators, principals, bulk exporters). */
    requiresMfa: boolean('requires_mfa').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('roles_key_uq').on(t.key)],
);

export const rolePermissions = identity.table(
  'role_permissions',
  {
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    permissionId: text('permission_id')
      .notNull()
      .references(() => permissions.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permissionId] }), index('role_permissions_perm_idx').on(t.permissionId)],
);

/** A role held at an organisation unit; it covers the unit's whole subtree. */
export const grants = identity.table(
  'grants',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    grantedBy: uuid('granted_by').references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('grants_user_idx').on(t.userId),
    index('grants_unit_idx').on(t.unitId),
    uniqueIndex('grants_active_uq').on(t.userId, t.roleId, t.unitId).where(sql`${t.revokedAt} IS NULL`),
  ],
);

/**
 * Failure counters: `user:<id>` (wrong passwords of an account, whichever of its username, e-mail
 * or phone was typed), `name:<identifier>` (an identifier naming no account, counted and locked
 * exactly like an account, so a lockout reveals nothing about which accounts exist), `ip:<address>`
 * and `mfa:<id>` (wrong second-factor codes of an account).
 */
export const loginThrottle = identity.table('login_throttle', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  failures: integer('failures').notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

export const passwordResetTokens = identity.table('password_reset_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  createdBy: uuid('created_by').references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
