import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
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
import { adminUnits, units } from '../org/schema.ts';
import {
  qualificationStandardCodes,
  staffContractTypeCodes,
  staffPositionCodes,
  staffQualificationCodes,
  staffStandardRatingCodes,
  staffStatusCodes,
  staffTitleGroupCodes,
  staffTitleRankCodes,
  staffTrainingResultCodes,
} from './rules/staff.ts';

/**
 * The sector database (CSDL ngành, regulations.md §7.3). Tenant keys on every table that holds
 * school data: `province_id` (the root unit of the tree, the future distribution key) and, for
 * records that belong to one school, `school_id`. Foreign keys leave the module only toward the
 * organisation tree and identity.
 */
export const registry = pgSchema('registry');

/**
 * Who and when, and the optimistic version an edit names. `created_by` / `updated_by` carry no
 * foreign key: they always name the signed-in actor, accounts are disabled and never deleted, and
 * the audit trail is the record of who did what. As keys they were 8 of the 24 checks a pupil of
 * a bulk import paid (≈ 4 µs each, 13 s of a 400,000-row import).
 */
const audited = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  version: integer('version').notNull().default(1),
});
const province = () =>
  uuid('province_id')
    .notNull()
    .references(() => units.id);
const school = () =>
  uuid('school_id')
    .notNull()
    .references(() => units.id);
/**
 * The tenant key of a row that hangs off a student (enrolments, their events, guardian links): a
 * copy of its student's `province_id`, checked there; no key of its own to check on every row.
 */
const tenantCopy = () => uuid('province_id').notNull();
/**
 * A reference from a pupil's rows (enrolment, its events, guardian link) to a student, enrolment
 * or guardian, checked once per statement by `registry.require_parents` (migration 0022), not
 * row by row. As foreign keys these were 5 of a pupil's 9 checks in a bulk import: 7 of 38 s of
 * a raw load of 400,000 pupils. No row lock is needed: students, enrolments and guardians are
 * never deleted and never change id (`registry.refuse_parent_removal`), so a parent seen once
 * stays. The merge finds these references in the catalogue with the foreign keys (merge.ts).
 */
const checkedKey = (name: string) => uuid(name).notNull();

/**
 * A school year (năm học). `school_id` null: the province-wide calendar the department sets,
 * used by every school that has no calendar of its own for that year.
 */
export const schoolYears = registry.table(
  'school_years',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: uuid('school_id').references(() => units.id),
    /** 2026 for 2026–2027. */
    startYear: smallint('start_year').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    status: text('status', { enum: ['planned', 'current', 'closed'] })
      .notNull()
      .default('planned'),
    ...audited(),
  },
  (t) => [
    uniqueIndex('school_years_school_uq').on(t.schoolId, t.startYear).where(sql`${t.schoolId} IS NOT NULL`),
    uniqueIndex('school_years_province_uq').on(t.provinceId, t.startYear).where(sql`${t.schoolId} IS NULL`),
    check('school_years_dates_ck', sql`${t.startsOn} < ${t.endsOn}`),
  ],
);

/** Terms of a year (học kì I, II) with their dates. */
export const terms = registry.table(
  'terms',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: uuid('school_id').references(() => units.id),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    no: smallint('no').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    ...audited(),
  },
  (t) => [uniqueIndex('terms_year_no_uq').on(t.schoolYearId, t.no), check('terms_dates_ck', sql`${t.startsOn} < ${t.endsOn}`)],
);

/** Grades (khối 1–12) a school teaches. */
export const grades = registry.table(
  'grades',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: school(),
    gradeNo: smallint('grade_no').notNull(),
    name: text('name').notNull(),
    ...audited(),
  },
  (t) => [uniqueIndex('grades_school_no_uq').on(t.schoolId, t.gradeNo), check('grades_no_ck', sql`${t.gradeNo} BETWEEN 1 AND 12`)],
);

/** A class (lớp) of one school year. */
export const classes = registry.table(
  'classes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: school(),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    gradeId: uuid('grade_id')
      .notNull()
      .references(() => grades.id),
    gradeNo: smallint('grade_no').notNull(),
    name: text('name').notNull(),
    /** Satellite site (điểm trường) where the class studies, if not the main site. */
    siteId: uuid('site_id').references(() => units.id),
    homeroomTeacherId: uuid('homeroom_teacher_id').references(() => users.id),
    twoSessions: boolean('two_sessions').notNull().default(false),
    /** Lớp ghép: the other grades taught together with `grade_no`. */
    combinedGrades: smallint('combined_grades').array(),
    /** Lớp chuyên: the specialised subject's code. */
    specialisedSubject: text('specialised_subject'),
    /** THPT tổ hợp môn, e.g. "KHTN1". */
    subjectCombination: text('subject_combination'),
    foreignLanguage: text('foreign_language'),
    status: text('status', { enum: ['active', 'closed'] })
      .notNull()
      .default('active'),
    ...audited(),
  },
  (t) => [
    uniqueIndex('classes_school_year_name_uq').on(t.schoolId, t.schoolYearId, sql`lower(${t.name})`),
    // the target of an enrolment's one key over class, year and school (they cannot disagree)
    uniqueIndex('classes_id_year_school_uq').on(t.id, t.schoolYearId, t.schoolId),
    index('classes_year_idx').on(t.schoolYearId, t.gradeNo),
    index('classes_homeroom_idx').on(t.homeroomTeacherId),
  ],
);

/** Subjects of the 2018 curriculum per level (reference data shipped with the platform). */
export const subjects = registry.table(
  'subjects',
  {
    code: text('code').notNull(),
    /** tieu_hoc, thcs, thpt. */
    level: text('level').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    /** NXDS comment + score, NX comment only (TT 22 Art. 5), TT27 primary. */
    assessment: text('assessment', { enum: ['NXDS', 'NX', 'TT27'] }).notNull(),
    elective: boolean('elective').notNull().default(false),
    sort: smallint('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.code] })],
);

/** Periods per year of a subject in a grade, as a school sets them for one year (defaults: §1.4). */
export const curriculumPeriods = registry.table(
  'curriculum_periods',
  {
    provinceId: province(),
    schoolId: school(),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    gradeNo: smallint('grade_no').notNull(),
    subjectCode: text('subject_code').notNull(),
    periodsPerYear: smallint('periods_per_year').notNull(),
    ...audited(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.schoolYearId, t.gradeNo, t.subjectCode] }),
    check('curriculum_periods_ck', sql`${t.periodsPerYear} BETWEEN 0 AND 400`),
  ],
);

/** Teacher × subject × class × term (term null: the whole year). */
export const teachingAssignments = registry.table(
  'teaching_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: school(),
    schoolYearId: uuid('school_year_id')
      .notNull()
      .references(() => schoolYears.id),
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id),
    termId: uuid('term_id').references(() => terms.id),
    subjectCode: text('subject_code').notNull(),
    teacherId: uuid('teacher_id')
      .notNull()
      .references(() => users.id),
    ...audited(),
  },
  (t) => [
    uniqueIndex('teaching_assignments_uq').on(
      t.classId,
      t.subjectCode,
      t.teacherId,
      sql`coalesce(${t.termId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('teaching_assignments_teacher_idx').on(t.teacherId, t.classId),
  ],
);

/**
 * A learner: one person across schools and years. `school_id` is the school of the current
 * enrolment (the school that holds the record); `sort_key` orders names the Vietnamese way
 * (given name, middle, surname) without depending on the database's collation.
 */
export const students = registry.table(
  'students',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: school(),
    /** Mã học sinh of the school, and the MOET sector-database code (opaque, never recycled). */
    schoolCode: text('school_code'),
    moetCode: text('moet_code'),
    /** Số định danh cá nhân (12 digits, §7.1). */
    cccd: text('cccd'),
    /** Số đăng bộ. */
    registerNo: text('register_no'),
    fullName: text('full_name').notNull(),
    sortKey: text('sort_key').notNull(),
    nameFold: text('name_fold').notNull().generatedAlwaysAs(sql`platform.fold(full_name)`),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    /** Two-digit code of QĐ 121-TCTK/PPCĐ (§7.4). */
    ethnicityCode: text('ethnicity_code').notNull().default('01'),
    nationality: text('nationality').notNull().default('VN'),
    religion: text('religion'),
    /** Nơi sinh / nơi khai sinh / quê quán: free text plus admin-unit codes. */
    birthplace: text('birthplace'),
    birthProvinceCode: text('birth_province_code'),
    birthCommuneCode: text('birth_commune_code'),
    hometown: text('hometown'),
    /** Addresses: { street, area, communeCode, provinceCode, oldCommuneCode?, oldProvinceCode? }. */
    permanentAddress: jsonb('permanent_address'),
    currentAddress: jsonb('current_address'),
    /** Admin-unit code of the current address, indexed for filters and statistics. */
    currentCommuneCode: text('current_commune_code'),
    admissionDate: date('admission_date'),
    admissionForm: text('admission_form'),
    /** Diện chính sách codes (con thương binh, dân tộc thiểu số vùng khó khăn…). */
    policyGroups: text('policy_groups').array().notNull().default(sql`'{}'::text[]`),
    householdStatus: text('household_status', { enum: ['none', 'poor', 'near_poor'] })
      .notNull()
      .default('none'),
    disability: text('disability'),
    boarding: text('boarding', { enum: ['none', 'boarding', 'semi_boarding'] })
      .notNull()
      .default('none'),
    youthMembership: text('youth_membership', { enum: ['doi_vien', 'doan_vien'] }),
    phone: text('phone'),
    email: text('email'),
    /** { heightCm, weightKg, bloodType, vaccinations, notes } — the school-health module extends it. */
    health: jsonb('health'),
    /** Status of the current enrolment (enrolled, transferred_out, …); `none` before any. */
    status: text('status').notNull().default('none'),
    ...audited(),
  },
  (t) => [
    uniqueIndex('students_cccd_uq').on(t.cccd).where(sql`${t.cccd} IS NOT NULL`),
    uniqueIndex('students_moet_uq').on(t.moetCode).where(sql`${t.moetCode} IS NOT NULL`),
    index('students_school_sort_idx').on(t.schoolId, sql`${t.sortKey} COLLATE "C"`, t.id),
    index('students_province_sort_idx').on(t.provinceId, sql`${t.sortKey} COLLATE "C"`, t.id),
    // name search: words of the folded name (rules/name-search.ts says why not trigrams)
    index('students_name_words_idx').using('gin', sql`to_tsvector('simple', ${t.nameFold})`),
    index('students_school_code_idx').on(t.schoolId, t.schoolCode),
    // search by code across schools (an OR arm of the search: without it the whole other index is read)
    index('students_school_code_only_idx').on(t.schoolCode),
    /** Suspected duplicates: same folded name and birth date in a province (the merge flow). */
    index('students_dedup_idx').on(t.provinceId, t.nameFold, t.dateOfBirth),
    check('students_cccd_ck', sql`${t.cccd} IS NULL OR ${t.cccd} ~ '^[0-9]{12}$'`),
    check('students_ethnicity_ck', sql`${t.ethnicityCode} ~ '^[0-9]{2}$'`),
  ],
);

/** A parent or guardian; one guardian may have children in several schools of the province. */
export const guardians = registry.table(
  'guardians',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    fullName: text('full_name').notNull(),
    nameFold: text('name_fold').notNull().generatedAlwaysAs(sql`platform.fold(full_name)`),
    birthYear: smallint('birth_year'),
    occupation: text('occupation'),
    cccd: text('cccd'),
    workplace: text('workplace'),
    phone: text('phone'),
    email: text('email'),
    /** The account the guardian was invited to (issue 5 §9, later slice). */
    userId: uuid('user_id').references(() => users.id),
    ...audited(),
  },
  (t) => [
    uniqueIndex('guardians_cccd_uq').on(t.cccd).where(sql`${t.cccd} IS NOT NULL`),
    index('guardians_phone_idx').on(t.provinceId, t.phone),
    // The children of a guardian account (access rule guardian → child, "Con của tôi").
    index('guardians_user_idx').on(t.userId).where(sql`${t.userId} IS NOT NULL`),
    check('guardians_cccd_ck', sql`${t.cccd} IS NULL OR ${t.cccd} ~ '^[0-9]{12}$'`),
  ],
);

export const guardianRelations = ['father', 'mother', 'guardian', 'grandparent', 'sibling', 'other'] as const;

export const studentGuardians = registry.table(
  'student_guardians',
  {
    provinceId: tenantCopy(),
    studentId: checkedKey('student_id'),
    guardianId: checkedKey('guardian_id'),
    relation: text('relation', { enum: guardianRelations }).notNull(),
    primaryContact: boolean('primary_contact').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.studentId, t.guardianId] }), index('student_guardians_guardian_idx').on(t.guardianId)],
);

export const enrolmentStatuses = ['enrolled', 'transferred_in', 'repeating', 'transferred_out', 'dropped_out', 'graduated'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];
/** Statuses that end an enrolment: the student is no longer in the class. */
export const endedStatuses: readonly EnrolmentStatus[] = ['transferred_out', 'dropped_out'];

/**
 * Student × class × school year. At most one open enrolment per student and year (the unique
 * index over `start_year`, which also holds across schools and province/school calendars). Class,
 * year and school are checked by one key against the class, so they can never disagree.
 */
export const enrolments = registry.table(
  'enrolments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: tenantCopy(),
    schoolId: uuid('school_id').notNull(),
    studentId: checkedKey('student_id'),
    classId: uuid('class_id').notNull(),
    schoolYearId: uuid('school_year_id').notNull(),
    startYear: smallint('start_year').notNull(),
    gradeNo: smallint('grade_no').notNull(),
    status: text('status', { enum: enrolmentStatuses }).notNull(),
    startedOn: date('started_on').notNull(),
    endedOn: date('ended_on'),
    ...audited(),
  },
  (t) => [
    // One open enrolment per student and year. Not a partial index: ended enrolments take their own
    // id as the third key (never equal), open ones the nil uuid (equal, so a second open one clashes),
    // and so the same index also serves every look-up by student (a partial one serves none).
    uniqueIndex('enrolments_one_class_per_year_uq').on(
      t.studentId,
      t.startYear,
      sql`(CASE WHEN ${t.status} IN ('transferred_out', 'dropped_out') THEN ${t.id} ELSE '00000000-0000-0000-0000-000000000000'::uuid END)`,
    ),
    index('enrolments_class_idx').on(t.classId, t.status),
    index('enrolments_school_year_idx').on(t.schoolId, t.startYear),
    foreignKey({
      name: 'enrolments_class_fk',
      columns: [t.classId, t.schoolYearId, t.schoolId],
      foreignColumns: [classes.id, classes.schoolYearId, classes.schoolId],
    }),
  ],
);

/**
 * Status history of an enrolment: every change, with its date and reason. The school is the
 * enrolment's, copied; the student keeps its key, by which a merge finds what to move.
 */
export const enrolmentEvents = registry.table(
  'enrolment_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: tenantCopy(),
    schoolId: uuid('school_id').notNull(),
    enrolmentId: checkedKey('enrolment_id'),
    studentId: checkedKey('student_id'),
    status: text('status', { enum: enrolmentStatuses }).notNull(),
    on: date('on').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('enrolment_events_student_idx').on(t.studentId, t.on)],
);

/**
 * The school profile (hồ sơ trường, regulations.md §7.3): what the sector database holds about a
 * school beyond the organisation tree (code, name, level, ownership and commune stay on
 * org.units). One row per school unit, created on the first save.
 */
export const schoolProfiles = registry.table(
  'school_profiles',
  {
    schoolId: uuid('school_id')
      .primaryKey()
      .references(() => units.id),
    provinceId: province(),
    address: text('address'),
    /** none, kho_khan (vùng khó khăn), dac_biet_kho_khan (vùng đặc biệt khó khăn). */
    difficultArea: text('difficult_area').notNull().default('none'),
    /** chua_dat, muc_1, muc_2 (chuẩn quốc gia) and the date of the recognition decision. */
    nationalStandard: text('national_standard').notNull().default('chua_dat'),
    nationalStandardOn: date('national_standard_on'),
    /** Kiểm định chất lượng giáo dục: cấp độ 1–4 (null: not accredited) and its date. */
    accreditationLevel: smallint('accreditation_level'),
    accreditedOn: date('accredited_on'),
    /** Hiệu trưởng: an account of the school, or only a name. */
    principalUserId: uuid('principal_user_id').references(() => users.id),
    principalName: text('principal_name'),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    sessionsPerDay: smallint('sessions_per_day'),
    foundedYear: smallint('founded_year'),
    ...audited(),
  },
  (t) => [
    index('school_profiles_province_idx').on(t.provinceId),
    check('school_profiles_accreditation_ck', sql`${t.accreditationLevel} IS NULL OR ${t.accreditationLevel} BETWEEN 1 AND 4`),
    check('school_profiles_sessions_ck', sql`${t.sessionsPerDay} IS NULL OR ${t.sessionsPerDay} BETWEEN 1 AND 2`),
  ],
);

/** A satellite site (điểm trường) of a school: where it is and how many classes and students study there. */
export const schoolSites = registry.table(
  'school_sites',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: school(),
    name: text('name').notNull(),
    address: text('address'),
    /** Commune (admin-unit code, §7.5) the site stands in. */
    communeCode: text('commune_code').references(() => adminUnits.code),
    classCount: smallint('class_count').notNull().default(0),
    studentCount: integer('student_count').notNull().default(0),
    ...audited(),
  },
  (t) => [
    uniqueIndex('school_sites_name_uq').on(t.schoolId, sql`lower(${t.name})`),
    check('school_sites_counts_ck', sql`${t.classCount} >= 0 AND ${t.studentCount} >= 0`),
  ],
);

/**
 * Facilities (cơ sở vật chất, §7.3) of a school for one school year (`start_year` 2026 =
 * 2026–2027). Counts are non-negative integers; areas are exact decimals (m²). Subject rooms and
 * minimum equipment sets are lists keyed by kind and grade (validated by the rules).
 */
export const schoolFacilities = registry.table(
  'school_facilities',
  {
    provinceId: province(),
    schoolId: school(),
    startYear: smallint('start_year').notNull(),
    classroomsSolid: integer('classrooms_solid').notNull().default(0),
    classroomsSemiSolid: integer('classrooms_semi_solid').notNull().default(0),
    classroomsTemporary: integer('classrooms_temporary').notNull().default(0),
    /** [{ kind, count }] — phòng bộ môn by kind. */
    subjectRooms: jsonb('subject_rooms').notNull().default(sql`'[]'::jsonb`),
    hasLibrary: boolean('has_library').notNull().default(false),
    /** TT 16/2022/TT-BGDĐT: chua_dat, muc_1, muc_2. */
    libraryStandard: text('library_standard').notNull().default('chua_dat'),
    /** [{ gradeNo, sets, missing }] — bộ thiết bị dạy học tối thiểu per grade. */
    equipmentSets: jsonb('equipment_sets').notNull().default(sql`'[]'::jsonb`),
    computersTeaching: integer('computers_teaching').notNull().default(0),
    computersManagement: integer('computers_management').notNull().default(0),
    /** none, fiber, mobile, other. */
    internet: text('internet').notNull().default('none'),
    toiletsStudents: integer('toilets_students').notNull().default(0),
    toiletsStaff: integer('toilets_staff').notNull().default(0),
    toiletsMeetStandard: boolean('toilets_meet_standard').notNull().default(false),
    cleanWater: boolean('clean_water').notNull().default(false),
    teacherHousingRooms: integer('teacher_housing_rooms').notNull().default(0),
    landArea: numeric('land_area', { precision: 12, scale: 2 }),
    playgroundArea: numeric('playground_area', { precision: 12, scale: 2 }),
    ...audited(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.startYear] }),
    index('school_facilities_province_year_idx').on(t.provinceId, t.startYear),
    check(
      'school_facilities_counts_ck',
      sql`${t.classroomsSolid} >= 0 AND ${t.classroomsSemiSolid} >= 0 AND ${t.classroomsTemporary} >= 0 AND ${t.computersTeaching} >= 0
        AND ${t.computersManagement} >= 0 AND ${t.toiletsStudents} >= 0 AND ${t.toiletsStaff} >= 0 AND ${t.teacherHousingRooms} >= 0`,
    ),
    check(
      'school_facilities_areas_ck',
      sql`(${t.landArea} IS NULL OR ${t.landArea} >= 0) AND (${t.playgroundArea} IS NULL OR ${t.playgroundArea} >= 0)`,
    ),
    check('school_facilities_year_ck', sql`${t.startYear} BETWEEN 2000 AND 2100`),
  ],
);

/**
 * A member of staff (cán bộ, giáo viên, nhân viên — §7.3) at the school that employs them. Names
 * sort and fold exactly as students' do. `user_id` ties the record to the person's login.
 * Code-list columns are plain text: the lists (rules/staff.ts) are configuration, not DDL.
 */
export const staff = registry.table(
  'staff',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    schoolId: school(),
    /** Mã cán bộ (sector database code, opaque). */
    staffCode: text('staff_code'),
    cccd: text('cccd'),
    fullName: text('full_name').notNull(),
    sortKey: text('sort_key').notNull(),
    nameFold: text('name_fold').notNull().generatedAlwaysAs(sql`platform.fold(full_name)`),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    ethnicityCode: text('ethnicity_code').notNull().default('01'),
    position: text('position', { enum: staffPositionCodes }).notNull(),
    titleGroup: text('title_group', { enum: staffTitleGroupCodes }),
    titleRank: text('title_rank', { enum: staffTitleRankCodes }),
    qualification: text('qualification', { enum: staffQualificationCodes }),
    /** Derived from qualification, position and school level on every write (rules/staff.ts). */
    qualificationStandard: text('qualification_standard', { enum: qualificationStandardCodes }),
    major: text('major'),
    /** Subject codes of the catalogue (registry.subjects) the person teaches. */
    subjects: text('subjects').array().notNull().default(sql`'{}'::text[]`),
    contractType: text('contract_type', { enum: staffContractTypeCodes }),
    joinedSectorOn: date('joined_sector_on'),
    joinedSchoolOn: date('joined_school_on'),
    standardRating: text('standard_rating', { enum: staffStandardRatingCodes }),
    standardRatingYear: smallint('standard_rating_year'),
    regularTraining: text('regular_training', { enum: staffTrainingResultCodes }),
    regularTrainingYear: smallint('regular_training_year'),
    partyMember: boolean('party_member').notNull().default(false),
    partyJoinedOn: date('party_joined_on'),
    status: text('status', { enum: staffStatusCodes }).notNull().default('working'),
    phone: text('phone'),
    email: text('email'),
    userId: uuid('user_id').references(() => users.id),
    ...audited(),
  },
  (t) => [
    uniqueIndex('staff_cccd_uq').on(t.cccd).where(sql`${t.cccd} IS NOT NULL`),
    uniqueIndex('staff_code_uq').on(t.provinceId, t.staffCode).where(sql`${t.staffCode} IS NOT NULL`),
    uniqueIndex('staff_user_uq').on(t.userId).where(sql`${t.userId} IS NOT NULL`),
    index('staff_school_sort_idx').on(t.schoolId, sql`${t.sortKey} COLLATE "C"`, t.id),
    index('staff_province_sort_idx').on(t.provinceId, sql`${t.sortKey} COLLATE "C"`, t.id),
    index('staff_name_fold_idx').using('gin', sql`${t.nameFold} gin_trgm_ops`),
    index('staff_subjects_idx').using('gin', t.subjects),
    check('staff_cccd_ck', sql`${t.cccd} IS NULL OR ${t.cccd} ~ '^[0-9]{12}$'`),
    check('staff_ethnicity_ck', sql`${t.ethnicityCode} ~ '^[0-9]{2}$'`),
  ],
);

/**
 * A one-time code inviting a guardian record to an account (issue 5 §9), sent by e-mail or SMS.
 * Only an HMAC of the code is kept; a code expires, allows a few wrong tries and is used once.
 */
export const accountInvitations = registry.table(
  'account_invitations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    guardianId: uuid('guardian_id')
      .notNull()
      .references(() => guardians.id),
    /** The school of the child through whom the guardian was invited (home unit of the account). */
    schoolId: school(),
    channel: text('channel', { enum: ['email', 'phone'] }).notNull(),
    /** Normalised: lower-case e-mail, or a phone as 0 + 9 digits. */
    destination: text('destination').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Wrong codes typed against this invitation while it was open. */
    attempts: smallint('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Replaced by a newer invitation of the same guardian. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The account the code was redeemed into. */
    userId: uuid('user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    index('account_invitations_destination_idx').on(t.destination, t.createdAt),
    index('account_invitations_guardian_idx').on(t.guardianId),
    check('account_invitations_attempts_ck', sql`${t.attempts} >= 0`),
  ],
);

/** A student's own account (grade 6 and above, created from the class list): student → self. */
export const studentAccounts = registry.table(
  'student_accounts',
  {
    studentId: uuid('student_id')
      .primaryKey()
      .references(() => students.id),
    provinceId: province(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('student_accounts_user_uq').on(t.userId)],
);

export const transferKinds = ['in_province', 'out_of_province', 'from_other_province'] as const;
export type TransferKind = (typeof transferKinds)[number];
export const transferStatuses = ['pending', 'accepted', 'rejected', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

/**
 * A transfer (chuyển trường). In the province: started by the sending school or requested by the
 * receiving one, decided by the other side; on acceptance the sending enrolment ends as
 * transferred_out and a transferred_in enrolment starts at the receiver (same transaction).
 * To or from another province: recorded as accepted at once by the school in the province.
 * `student_snapshot` keeps the student's identity as of the transfer: what the sending school
 * still sees afterwards.
 */
export const transfers = registry.table(
  'transfers',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    provinceId: province(),
    kind: text('kind', { enum: transferKinds }).notNull(),
    status: text('status', { enum: transferStatuses }).notNull(),
    initiatedBy: text('initiated_by', { enum: ['sender', 'receiver'] }).notNull(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    fromSchoolId: uuid('from_school_id').references(() => units.id),
    fromEnrolmentId: uuid('from_enrolment_id').references(() => enrolments.id),
    toSchoolId: uuid('to_school_id').references(() => units.id),
    toClassId: uuid('to_class_id').references(() => classes.id),
    toEnrolmentId: uuid('to_enrolment_id').references(() => enrolments.id),
    transferOn: date('transfer_on').notNull(),
    reason: text('reason'),
    documentsNote: text('documents_note'),
    /** Another province: its name and the school there (free text, as written on the papers). */
    otherProvince: text('other_province'),
    otherSchoolName: text('other_school_name'),
    decisionNote: text('decision_note'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    studentSnapshot: jsonb('student_snapshot').notNull(),
    ...audited(),
  },
  (t) => [
    uniqueIndex('transfers_one_pending_uq').on(t.studentId).where(sql`${t.status} = 'pending'`),
    index('transfers_from_idx').on(t.fromSchoolId, t.status, t.createdAt),
    index('transfers_to_idx').on(t.toSchoolId, t.status, t.createdAt),
    index('transfers_student_idx').on(t.studentId),
    check(
      'transfers_sides_ck',
      sql`(${t.kind} = 'in_province' AND ${t.fromSchoolId} IS NOT NULL AND ${t.toSchoolId} IS NOT NULL)
        OR (${t.kind} = 'out_of_province' AND ${t.fromSchoolId} IS NOT NULL AND ${t.toSchoolId} IS NULL AND ${t.otherProvince} IS NOT NULL)
        OR (${t.kind} = 'from_other_province' AND ${t.fromSchoolId} IS NULL AND ${t.toSchoolId} IS NOT NULL AND ${t.otherProvince} IS NOT NULL)`,
    ),
  ],
);

/**
 * Tombstones of merged duplicates: the merged record stays (status 'merged', identifiers cleared)
 * because append-only history still names it; every link to it resolves to the survivor here.
 */
export const studentMerges = registry.table(
  'student_merges',
  {
    mergedId: uuid('merged_id')
      .primaryKey()
      .references(() => students.id),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => students.id),
    provinceId: province(),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    mergedBy: uuid('merged_by').references(() => users.id),
  },
  (t) => [index('student_merges_survivor_idx').on(t.survivorId), check('student_merges_self_ck', sql`${t.mergedId} <> ${t.survivorId}`)],
);

/** "Not a duplicate": a pair a human looked at and kept apart (student_a < student_b). */
export const duplicateDismissals = registry.table(
  'duplicate_dismissals',
  {
    provinceId: province(),
    studentA: uuid('student_a')
      .notNull()
      .references(() => students.id),
    studentB: uuid('student_b')
      .notNull()
      .references(() => students.id),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    primaryKey({ columns: [t.studentA, t.studentB] }),
    index('duplicate_dismissals_b_idx').on(t.studentB),
    check('duplicate_dismissals_order_ck', sql`${t.studentA} < ${t.studentB}`),
  ],
);
