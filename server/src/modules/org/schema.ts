import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The organisation tree and the administrative units it stands in (the stable kernel). */
export const org = pgSchema('org');

/**
 * Administrative units after the 1 July 2025 reform (Decision 19/2025/QĐ-TTg): 34 provinces and
 * 3,321 communes, keyed by official code. Reference data shipped with the platform.
 */
export const adminUnits = org.table(
  'admin_units',
  {
    code: text('code').primaryKey(),
    level: text('level', { enum: ['province', 'commune'] }).notNull(),
    /** tinh, thanh_pho (province level); xa, phuong, dac_khu (commune level). */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    fullName: text('full_name').notNull(),
    nameEn: text('name_en'),
    provinceCode: text('province_code'),
    validFrom: date('valid_from').notNull(),
  },
  (t) => [index('admin_units_province_idx').on(t.provinceCode)],
);

/** Pre-2025 units each new unit was formed from; `partial` means the old unit was split. */
export const adminUnitMerges = org.table(
  'admin_unit_merges',
  {
    newCode: text('new_code').notNull(),
    oldCode: text('old_code').notNull(),
    oldName: text('old_name').notNull(),
    mergeType: text('merge_type', { enum: ['full', 'partial'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.newCode, t.oldCode] }), index('admin_unit_merges_old_idx').on(t.oldCode)],
);

export const unitTypes = ['province', 'department', 'division', 'district', 'commune', 'school', 'site'] as const;
export type UnitType = (typeof unitTypes)[number];

/**
 * A node of the organisation tree. `path` is the materialised chain of ids from the root
 * ('/<root>/<child>/…/<self>/'), so "is X inside the subtree of Y" is one indexed prefix test —
 * the access layer evaluates every grant that way.
 */
export const units = org.table(
  'units',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    type: text('type', { enum: unitTypes }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Administrative unit the organisation stands in (commune code); for communes, their own. */
    adminUnitCode: text('admin_unit_code').references(() => adminUnits.code),
    /** School level: mam_non, tieu_hoc, thcs, thpt, gdtx, lien_cap (no upper-secondary grades), lien_cap_thpt. */
    schoolLevel: text('school_level'),
    /** cong_lap, dan_lap, tu_thuc. */
    ownership: text('ownership'),
    status: text('status', { enum: ['active', 'closed'] })
      .notNull()
      .default('active'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: an edit names the version it read. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('units_code_uq').on(t.code),
    uniqueIndex('units_path_uq').on(t.path),
    index('units_path_prefix_idx').on(sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
    index('units_admin_unit_idx').on(t.adminUnitCode),
    index('units_name_fold_idx').using('gin', sql`platform.fold(${t.name}) gin_trgm_ops`),
    index('units_type_level_idx').on(t.type, t.schoolLevel),
    // A school always has a level (the rules check it first; this keeps the table honest).
    check('units_school_level_ck', sql`${t.type} <> 'school' OR ${t.schoolLevel} IS NOT NULL`),
    check('units_not_own_parent_ck', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
  ],
);

/** Which version of each shipped reference dataset is loaded (admin units, merges). */
export const referenceData = org.table('reference_data', {
  name: text('name').primaryKey(),
  version: text('version').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
