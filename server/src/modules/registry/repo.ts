import { eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { classes, guardians, schoolYears, students, terms } from './schema.ts';

export type StudentRow = typeof students.$inferSelect;
export type ClassRow = typeof classes.$inferSelect;
export type YearRow = typeof schoolYears.$inferSelect;
export type GuardianRow = typeof guardians.$inferSelect;

const rows = <T>(r: { rows: unknown[] }) => r.rows as T[];

export async function findStudent(q: Queryable, id: string, lock = false): Promise<StudentRow | undefined> {
  const base = q.select().from(students).where(eq(students.id, id));
  const [row] = lock ? await base.for('update') : await base;
  return row;
}
export async function findClass(q: Queryable, id: string, lock = false): Promise<ClassRow | undefined> {
  const base = q.select().from(classes).where(eq(classes.id, id));
  const [row] = lock ? await base.for('update') : await base;
  return row;
}
export async function findYear(q: Queryable, id: string, lock = false): Promise<YearRow | undefined> {
  const base = q.select().from(schoolYears).where(eq(schoolYears.id, id));
  const [row] = lock ? await base.for('update') : await base;
  return row;
}
export async function findGuardian(q: Queryable, id: string): Promise<GuardianRow | undefined> {
  const [row] = await q.select().from(guardians).where(eq(guardians.id, id));
  return row;
}

/** Years a school uses: its own, and the province-wide calendar for years it has none of. */
export async function yearsOfSchool(q: Queryable, schoolId: string, provinceId: string): Promise<YearRow[]> {
  const result = await q
    .select()
    .from(schoolYears)
    .where(sql`${schoolYears.schoolId} = ${schoolId}
    OR (${schoolYears.schoolId} IS NULL AND ${schoolYears.provinceId} = ${provinceId}
      AND NOT EXISTS (SELECT 1 FROM registry.school_years o WHERE o.school_id = ${schoolId} AND o.start_year = ${schoolYears.startYear}))`)
    .orderBy(sql`${schoolYears.startYear} DESC`);
  return result;
}

export async function termsOf(q: Queryable, yearIds: string[]) {
  if (yearIds.length === 0) return [];
  return q
    .select()
    .from(terms)
    .where(sql`${terms.schoolYearId} = ANY(${`{${yearIds.join(',')}}`}::uuid[])`)
    .orderBy(terms.no);
}

export interface ClassListRow extends ClassRow {
  homeroomName: string | null;
  studentCount: number;
}

/** Classes with their homeroom teacher's name and open-enrolment counts, in grade/name order. */
export async function listClasses(q: Queryable, where: SQL): Promise<ClassListRow[]> {
  const result = await q.execute(sql`
    SELECT c.id, c.province_id AS "provinceId", c.school_id AS "schoolId", c.school_year_id AS "schoolYearId",
      c.grade_id AS "gradeId", c.grade_no AS "gradeNo", c.name, c.site_id AS "siteId",
      c.homeroom_teacher_id AS "homeroomTeacherId", c.two_sessions AS "twoSessions", c.combined_grades AS "combinedGrades",
      c.specialised_subject AS "specialisedSubject", c.subject_combination AS "subjectCombination",
      c.foreign_language AS "foreignLanguage", c.status, c.version,
      hu.display_name AS "homeroomName",
      (SELECT count(*)::int FROM registry.enrolments e WHERE e.class_id = c.id AND e.status NOT IN ('transferred_out', 'dropped_out')) AS "studentCount"
    FROM registry.classes c LEFT JOIN identity.users hu ON hu.id = c.homeroom_teacher_id
    WHERE ${where}
    ORDER BY c.grade_no, length(c.name), c.name, c.id
    LIMIT 1000`);
  return rows<ClassListRow>(result);
}

export interface StudentListRow {
  id: string;
  schoolId: string;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  cccd: string | null;
  moetCode: string | null;
  schoolCode: string | null;
  ethnicityCode: string;
  status: string;
  classId: string | null;
  className: string | null;
  gradeNo: number | null;
  /** The school's tree path (abilities are decided against the caller's scopes). */
  schoolPath: string;
  total: number;
}

/**
 * One page of students in the Vietnamese class-list order, done by the database: the stored
 * sort key compared bytewise (COLLATE "C"), then id, so pages never overlap or skip. `first`
 * (a search's best matches, see `studentSearchFirst`) puts the rows where it holds ahead.
 */
export async function listStudents(q: Queryable, where: SQL, page: number, pageSize: number, first?: SQL): Promise<StudentListRow[]> {
  const ahead = first ? sql`(${first}) DESC, ` : sql``;
  // the page first (index order, the count over every match), then the current class of its rows only:
  // a search matching hundreds of students across the province looks up 50 enrolments, not hundreds
  const result = await q.execute(sql`
    SELECT p.id, p."schoolId", p."fullName", p.sex, p."dateOfBirth", p.cccd, p."moetCode", p."schoolCode", p."ethnicityCode", p.status,
      ce.class_id AS "classId", ce.name AS "className", ce.grade_no AS "gradeNo", su.path AS "schoolPath", p.total
    FROM (
      SELECT s.id, s.school_id AS "schoolId", s.full_name AS "fullName", s.sex, s.date_of_birth::text AS "dateOfBirth",
        s.cccd, s.moet_code AS "moetCode", s.school_code AS "schoolCode", s.ethnicity_code AS "ethnicityCode", s.status, s.sort_key,
        ${first ? sql`(${first})` : sql`false`} AS ahead, count(*) OVER ()::int AS total
      FROM registry.students s
      WHERE ${where}
      ORDER BY ${ahead}s.sort_key COLLATE "C", s.id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) p
    LEFT JOIN LATERAL (
      SELECT e.class_id, c.name, c.grade_no FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id
      WHERE e.student_id = p.id AND e.status NOT IN ('transferred_out', 'dropped_out')
      ORDER BY e.start_year DESC LIMIT 1) ce ON true
    JOIN org.units su ON su.id = p."schoolId"
    ORDER BY p.ahead DESC, p.sort_key COLLATE "C", p.id`);
  return rows<StudentListRow>(result);
}

export async function guardiansOf(q: Queryable, studentId: string) {
  const result = await q.execute(sql`
    SELECT g.id, g.full_name AS "fullName", sg.relation, sg.primary_contact AS "primaryContact", g.birth_year AS "birthYear",
      g.occupation, g.cccd, g.workplace, g.phone, g.email, g.version
    FROM registry.student_guardians sg JOIN registry.guardians g ON g.id = sg.guardian_id
    WHERE sg.student_id = ${studentId}
    ORDER BY sg.primary_contact DESC, g.full_name, g.id`);
  return rows<{
    id: string;
    fullName: string;
    relation: 'father';
    primaryContact: boolean;
    birthYear: number | null;
    occupation: string | null;
    cccd: string | null;
    workplace: string | null;
    phone: string | null;
    email: string | null;
    version: number;
  }>(result);
}

/** Other children of these guardians: (guardian id, child id, child name). */
export async function childrenOfGuardians(q: Queryable, guardianIds: string[], except: string) {
  if (guardianIds.length === 0) return [];
  const result = await q.execute(sql`
    SELECT sg.guardian_id AS "guardianId", s.id, s.full_name AS "fullName"
    FROM registry.student_guardians sg JOIN registry.students s ON s.id = sg.student_id
    WHERE sg.guardian_id = ANY(${`{${guardianIds.join(',')}}`}::uuid[]) AND s.id <> ${except}
    ORDER BY s.sort_key COLLATE "C", s.id`);
  return rows<{ guardianId: string; id: string; fullName: string }>(result);
}

export async function enrolmentsOf(q: Queryable, studentId: string) {
  const result = await q.execute(sql`
    SELECT e.id, e.school_id AS "schoolId", u.name AS "schoolName", e.class_id AS "classId", c.name AS "className",
      e.grade_no AS "gradeNo", e.start_year AS "startYear", e.status, e.started_on::text AS "startedOn", e.ended_on::text AS "endedOn",
      coalesce((SELECT json_agg(json_build_object('status', ev.status, 'on', ev.on::text, 'reason', ev.reason) ORDER BY ev.on, ev.created_at)
        FROM registry.enrolment_events ev WHERE ev.enrolment_id = e.id), '[]'::json) AS history
    FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id JOIN org.units u ON u.id = e.school_id
    WHERE e.student_id = ${studentId}
    ORDER BY e.start_year DESC, e.started_on DESC`);
  return rows<{
    id: string;
    schoolId: string;
    schoolName: string;
    classId: string;
    className: string;
    gradeNo: number;
    startYear: number;
    status: 'enrolled';
    startedOn: string;
    endedOn: string | null;
    history: { status: 'enrolled'; on: string; reason: string | null }[];
  }>(result);
}
