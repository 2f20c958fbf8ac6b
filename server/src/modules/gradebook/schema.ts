import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/schema.ts';
import { units } from '../org/schema.ts';
import { classes, schoolYears, students, terms } from '../registry/schema.ts';

/**
 * The grade book (sổ theo dõi và đánh giá học sinh, TT 22/2021 and TT 27/2020). Scores are
 * `numeric(3,1)`: they travel as decimal strings from the request to the column and back, never
 * as binary floats. Foreign keys leave the module toward the registry (classes, students, years),
 * the organisation tree and identity.
 */
export const gradebook = pgSchema('gradebook');

export const sheetStatuses = ['open', 'published', 'locked'] as const;
export type SheetStatus = (typeof sheetStatuses)[number];

/**
 * One subject's column block for one class and term (sổ điểm môn học): its workflow state
 * open → published (students and parents see it) → locked (term end; changes only by correction).
 * Created on the first save; until then a sheet is open and empty.
 */
export const sheets = gradebook.table(
  'sheets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: uuid('province_id')
      .notNull()
      .references(() => units.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => units.id),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    termId: uuid('term_id')
      .notNull()
      .references(() => terms.id),
    termNo: smallint('term_no').notNull(),
    subjectCode: text('subject_code').notNull(),
    gradeNo: smallint('grade_no').notNull(),
    /** NXDS comment + score, NX comment only (TT 22 Art. 5), TT27 primary. */
    assessment: text('assessment', { enum: ['NXDS', 'NX', 'TT27'] }).notNull(),
    /** The ruleset the sheet was opened under (e.g. tt22-2021), so past results stay recomputable. */
    ruleset: text('ruleset').notNull(),
    /** Số ĐĐGtx required this term (2, 3 or 4 from periods per year); null when not scored. */
    requiredRegular: smallint('required_regular'),
    status: text('status', { enum: sheetStatuses }).notNull().default('open'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    lockedBy: uuid('locked_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('sheets_class_subject_term_uq').on(t.classId, t.subjectCode, t.termId),
    index('sheets_school_year_idx').on(t.schoolId, t.schoolYearId, t.termNo),
  ],
);

/**
 * One cell: a student's mark in one slot of a sheet. Slots: tx1…tx4 (ĐĐGtx), gk (ĐĐGgk), ck
 * (ĐĐGck); for TT 27: gk (mid-term subject level), gkt (mid-term test score, grades 4–5 Tiếng Việt
 * and Toán), lvl (end-of-term subject level), test (end-of-term test score). A cell holds a score, a
 * level (Đ/CĐ; T/H/C), or `missed` — absent from an assessment, make-up pending: not a 0.
 * `version` is the optimistic lock two teachers saving the same cell collide on.
 */
export const marks = gradebook.table(
  'marks',
  {
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => sheets.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    slot: text('slot').notNull(),
    score: numeric('score', { precision: 3, scale: 1 }),
    level: text('level'),
    missed: boolean('missed').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.sheetId, t.studentId, t.slot] }),
    index('marks_student_idx').on(t.studentId),
    check('marks_slot_ck', sql`${t.slot} ~ '^(tx[1-9]|gk|ck|lvl|test|gkt)$'`),
    check('marks_score_ck', sql`${t.score} IS NULL OR (${t.score} >= 0 AND ${t.score} <= 10)`),
    check('marks_one_value_ck', sql`(${t.score} IS NOT NULL)::int + (${t.level} IS NOT NULL)::int + ${t.missed}::int <= 1`),
  ],
);

/** The teacher's comment (nhận xét) on a student in a sheet. */
export const remarks = gradebook.table(
  'remarks',
  {
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => sheets.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    text: text('text').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.sheetId, t.studentId] }), index('remarks_student_idx').on(t.studentId)],
);

/**
 * Every change of a cell: who, when, old value, new value, and the reason (required after the
 * lock, where the change comes from an approved correction). Append-only by trigger.
 */
export const markChanges = gradebook.table(
  'mark_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => sheets.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    slot: text('slot').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    reason: text('reason'),
    correctionId: uuid('correction_id'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid('changed_by').references(() => users.id),
    /** Set by the database (migration 0026): the entry's place and hash in its sheet's chain. */
    chainSeq: bigint('chain_seq', { mode: 'number' })
      .notNull()
      .$defaultFn(() => 0),
    chainHash: text('chain_hash')
      .notNull()
      .$defaultFn(() => ''),
  },
  (t) => [
    index('mark_changes_sheet_idx').on(t.sheetId, t.studentId, t.changedAt),
    uniqueIndex('mark_changes_chain_uq').on(t.sheetId, t.chainSeq),
  ],
);

export const correctionStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type CorrectionStatus = (typeof correctionStatuses)[number];

/** A change asked for after the lock (yêu cầu điều chỉnh điểm): the principal approves or rejects. */
export const corrections = gradebook.table(
  'corrections',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => units.id),
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => sheets.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    slot: text('slot').notNull(),
    /** Canonical values ('7.5', 'D', 'missed', null = empty). */
    oldValue: text('old_value'),
    newValue: text('new_value'),
    reason: text('reason').notNull(),
    status: text('status', { enum: correctionStatuses }).notNull().default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('corrections_school_status_idx').on(t.schoolId, t.status, t.requestedAt),
    // One open request per cell: a double submit is refused, not duplicated.
    uniqueIndex('corrections_one_pending_uq').on(t.sheetId, t.studentId, t.slot).where(sql`${t.status} = 'pending'`),

    index('corrections_student_idx').on(t.studentId),
  ],
);

export const tt22Levels = ['T', 'K', 'D', 'CD'] as const;

/**
 * What the homeroom teacher (GVCN) records per student and term of a class: the rèn luyện level
 * (TT 22 Art. 8), absences in sessions (buổi, excused and not: promotion counts both, Art. 12),
 * and the term comment.
 */
export const studentTerms = gradebook.table(
  'student_terms',
  {
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    termNo: smallint('term_no').notNull(),
    conduct: text('conduct', { enum: tt22Levels }),
    absencesExcused: smallint('absences_excused').notNull().default(0),
    absencesUnexcused: smallint('absences_unexcused').notNull().default(0),
    comment: text('comment'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.studentId, t.termNo] }),
    index('student_terms_student_idx').on(t.studentId),
    check('student_terms_term_ck', sql`${t.termNo} IN (1, 2)`),
    check('student_terms_absences_ck', sql`${t.absencesExcused} BETWEEN 0 AND 400 AND ${t.absencesUnexcused} BETWEEN 0 AND 400`),
  ],
);

export const tt27QcLevels = ['T', 'D', 'C'] as const;

/**
 * TT 27 (primary): the homeroom teacher's assessment of the key qualities (phẩm chất chủ yếu) and
 * core competences (năng lực cốt lõi) of a student, Tốt / Đạt / Cần cố gắng, at mid-term (gk) and
 * end of term (ck) of each term (Art. 6–7, regulations.md §2.2). `qualities` and `competences`
 * map the ruleset's codes (YEU_NUOC…, TU_CHU_TU_HOC…) to a level; the end of HKII is the year's.
 */
export const tt27Qualities = gradebook.table(
  'tt27_qualities',
  {
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    termNo: smallint('term_no').notNull(),
    point: text('point', { enum: ['gk', 'ck'] }).notNull(),
    qualities: jsonb('qualities').notNull().default(sql`'{}'::jsonb`),
    competences: jsonb('competences').notNull().default(sql`'{}'::jsonb`),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.studentId, t.termNo, t.point] }),
    index('tt27_qualities_student_idx').on(t.studentId),
    check('tt27_qualities_term_ck', sql`${t.termNo} IN (1, 2)`),
    check('tt27_qualities_point_ck', sql`${t.point} IN ('gk', 'ck')`),
  ],
);

/**
 * A student's year result (kết quả cả năm): computed from the sheets by the versioned ruleset,
 * finalised by the homeroom teacher. The original and the after-summer levels are both kept
 * (TT 22 Art. 13–14); `detail` is the engine's full result. TT 27 rows use `level` for the overall
 * result and leave `conduct` empty. Statistics read the indexed columns.
 */
export const yearResults = gradebook.table(
  'year_results',
  {
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => units.id),
    provinceId: uuid('province_id')
      .notNull()
      .references(() => units.id),
    startYear: smallint('start_year').notNull(),
    gradeNo: smallint('grade_no').notNull(),
    ruleset: text('ruleset').notNull(),
    circular: text('circular', { enum: ['tt22', 'tt27', 'tt58'] }).notNull(),
    /** TT 22 year học tập (original); TT 27 overall result. */
    level: text('level'),
    conduct: text('conduct'),
    /** After summer training / re-assessment (equal to the original when there were none). */
    finalLevel: text('final_level'),
    finalConduct: text('final_conduct'),
    outcome: text('outcome'),
    title: text('title'),
    absences: smallint('absences').notNull().default(0),
    /** Summer steps the GVCN records: { summerConduct, reassessment: { scored, comment } }. */
    summer: jsonb('summer'),
    detail: jsonb('detail').notNull(),
    status: text('status', { enum: ['draft', 'final'] })
      .notNull()
      .default('draft'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    finalisedAt: timestamp('finalised_at', { withTimezone: true }),
    finalisedBy: uuid('finalised_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.studentId, t.schoolYearId] }),
    index('year_results_class_idx').on(t.classId),
    index('year_results_school_idx').on(t.schoolId, t.startYear, t.gradeNo),
    index('year_results_province_idx').on(t.provinceId, t.startYear),
  ],
);

/**
 * A student's term result in a sheet (ĐTBmhk of a score subject, Đạt/CĐ of a comment subject, the
 * TT 27 level), stored when the sheet is locked and restated by each approved correction: the
 * year-end computation reads these instead of every cell. `tenths` is the score ×10 for the
 * arithmetic (7.9 → 79); null for levels and while pending.
 */
export const termResults = gradebook.table(
  'term_results',
  {
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => sheets.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    result: text('result'),
    tenths: smallint('tenths'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sheetId, t.studentId] }),
    index('term_results_student_idx').on(t.studentId),
    check('term_results_tenths_ck', sql`${t.tenths} IS NULL OR ${t.tenths} BETWEEN 0 AND 100`),
  ],
);

export const transcriptStatuses = ['generated', 'signed_homeroom', 'signed_principal', 'sealed', 'superseded'] as const;

/**
 * A transcript (học bạ) of one student and school year, one row per version: generated, then
 * signed by the homeroom teacher, the principal and the school seal in that order (each an
 * incremental update of the file under DATA_DIR). Sealed is final and immutable; a correction is
 * a new version with its reason, the old one marked superseded (it still verifies as such).
 * `code` is the public verification identifier carried by the QR code.
 */
export const transcripts = gradebook.table(
  'transcripts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    code: text('code').notNull(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => units.id),
    version: integer('version').notNull().default(1),
    status: text('status', { enum: transcriptStatuses }).notNull().default('generated'),
    reason: text('reason'),
    file: text('file').notNull(),
    fingerprint: text('fingerprint'),
    signatures: jsonb('signatures').notNull().default(sql`'[]'::jsonb`),
    supersededBy: uuid('superseded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    sealedAt: timestamp('sealed_at', { withTimezone: true }),
    /**
     * Set when a principal-approved correction changes the grade book of this pupil's year after
     * the transcript was made (issue 14 §9): the transcript no longer matches, a new version is due.
     */
    staleSince: timestamp('stale_since', { withTimezone: true }),
    staleReason: text('stale_reason'),
    staleCorrectionId: uuid('stale_correction_id'),
  },
  (t) => [
    uniqueIndex('transcripts_code_uq').on(t.code),
    index('transcripts_stale_idx').on(t.schoolId).where(sql`${t.staleSince} IS NOT NULL AND ${t.status} <> 'superseded'`),
    uniqueIndex('transcripts_student_year_version_uq').on(t.studentId, t.schoolYearId, t.version),
    uniqueIndex('transcripts_current_uq').on(t.studentId, t.schoolYearId).where(sql`${t.status} <> 'superseded'`),
    index('transcripts_class_idx').on(t.classId, t.status),
    index('transcripts_fingerprint_idx').on(t.fingerprint),
  ],
);
