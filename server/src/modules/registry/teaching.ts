import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { isUuid, uuidArray } from '../../platform/db/uuid.ts';
import { grantPaths, inScope, type Scope } from '../identity/public.ts';
import { openStatuses } from './access.ts';
import { catalogue, levelOfGrade, requiredRegular } from './catalogue.ts';
import { ethnicGroupByCode } from './rules/ethnicity.ts';
import type { Assessment } from './rules/periods.ts';

/**
 * What the grade book reads of the registry: a class with its year and terms, the subjects its
 * grade studies with the periods the school set for the year, who teaches what, and the class
 * list in Vietnamese order. Read models only; the registry keeps its tables to itself.
 */
export type ClassContext = {
  id: string;
  name: string;
  provinceId: string;
  schoolId: string;
  schoolName: string;
  schoolPath: string;
  schoolYearId: string;
  startYear: number;
  yearName: string;
  gradeNo: number;
  homeroomTeacherId: string | null;
  terms: { id: string; no: number; name: string; startsOn: string; endsOn: string }[];
};

export async function classContext(q: Queryable, classId: string): Promise<ClassContext | undefined> {
  if (!isUuid(classId)) return undefined;
  const { rows } = await q.execute<ClassContext>(sql`
    SELECT c.id, c.name, c.province_id AS "provinceId", c.school_id AS "schoolId", u.name AS "schoolName", u.path AS "schoolPath",
      c.school_year_id AS "schoolYearId", y.start_year AS "startYear", y.name AS "yearName", c.grade_no AS "gradeNo",
      c.homeroom_teacher_id AS "homeroomTeacherId",
      coalesce((SELECT json_agg(json_build_object('id', t.id, 'no', t.no, 'name', t.name, 'startsOn', t.starts_on::text, 'endsOn', t.ends_on::text) ORDER BY t.no)
        FROM registry.terms t WHERE t.school_year_id = c.school_year_id), '[]'::json) AS terms
    FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id JOIN org.units u ON u.id = c.school_id
    WHERE c.id = ${classId}`);
  return rows[0];
}

export interface ClassSubject {
  code: string;
  name: string;
  assessment: Assessment;
  periodsPerYear: number;
  /** Số ĐĐGtx per term (TT 22 Art. 6); null for comment-only and primary subjects. */
  requiredRegular: number | null;
  teacherIds: string[];
}

/** The subjects of the class's grade (catalogue defaults, the school's periods for the year) and their teachers. */
export async function subjectsOfClass(q: Queryable, ctx: ClassContext): Promise<ClassSubject[]> {
  const { rows } = await q.execute<{ subject: string; periods: number | null; teachers: string[] | null }>(sql`
    SELECT coalesce(p.subject_code, t.subject_code) AS subject, p.periods_per_year AS periods, t.teachers
    FROM (SELECT subject_code, periods_per_year FROM registry.curriculum_periods
          WHERE school_id = ${ctx.schoolId} AND school_year_id = ${ctx.schoolYearId} AND grade_no = ${ctx.gradeNo}) p
    FULL JOIN (SELECT subject_code, array_agg(DISTINCT teacher_id::text) AS teachers FROM registry.teaching_assignments
          WHERE class_id = ${ctx.id} GROUP BY subject_code) t ON t.subject_code = p.subject_code`);
  const byCode = new Map(rows.map((r) => [r.subject, r]));
  return catalogue[levelOfGrade(ctx.gradeNo)]
    .filter((s) => s.periods[ctx.gradeNo] !== undefined)
    .map((s) => {
      const periodsPerYear = byCode.get(s.code)?.periods ?? s.periods[ctx.gradeNo]!;
      return {
        code: s.code,
        name: s.name,
        assessment: s.assessment,
        periodsPerYear,
        requiredRegular: requiredRegular(s.assessment, periodsPerYear),
        teacherIds: byCode.get(s.code)?.teachers ?? [],
      };
    })
    .filter((s) => s.periodsPerYear > 0);
}

/**
 * The user teaches `subject` in the class for the term (an assignment for the whole year or for
 * that term), and still holds `permission` somewhere: an ended teaching role ends the right.
 */
export async function teachesSubject(
  q: Queryable,
  userId: string,
  permission: string,
  classId: string,
  subjectCode: string,
  termId: string,
): Promise<boolean> {
  const { rows } = await q.execute<{ ok: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM registry.teaching_assignments ta
      WHERE ta.class_id = ${classId} AND ta.subject_code = ${subjectCode} AND ta.teacher_id = ${userId}
        AND (ta.term_id IS NULL OR ta.term_id = ${termId}))
      AND EXISTS (${grantPaths(userId, permission)}) AS ok`);
  return rows[0]?.ok === true;
}

/** The user has a teaching assignment in the class (any subject, any term). */
export async function teachesInClass(q: Queryable, userId: string, classId: string): Promise<boolean> {
  const { rows } = await q.execute<{ ok: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM registry.teaching_assignments WHERE class_id = ${classId} AND teacher_id = ${userId}) AS ok`);
  return rows[0]?.ok === true;
}

export type RosterEntry = {
  id: string;
  fullName: string;
  schoolCode: string | null;
  dateOfBirth: string;
  sex: 'male' | 'female';
  status: string;
};

/** Students with an open enrolment in the class, by the stored Vietnamese sort key. */
export async function classRoster(q: Queryable, classId: string): Promise<RosterEntry[]> {
  const { rows } = await q.execute<RosterEntry>(sql`
    SELECT s.id, s.full_name AS "fullName", s.school_code AS "schoolCode", s.date_of_birth::text AS "dateOfBirth", s.sex, e.status
    FROM registry.enrolments e JOIN registry.students s ON s.id = e.student_id
    WHERE e.class_id = ${classId} AND e.status IN ${openStatuses}
    ORDER BY s.sort_key COLLATE "C", s.id`);
  return rows;
}

export type StudentClass = { classId: string; className: string; gradeNo: number; yearName: string; startYear: number };

/** Every class a student has been enrolled in, newest year first (their record travels with them). */
export async function classesOfStudent(q: Queryable, studentId: string): Promise<StudentClass[]> {
  const { rows } = await q.execute<StudentClass>(sql`
    SELECT DISTINCT ON (e.class_id) e.class_id AS "classId", c.name AS "className", c.grade_no AS "gradeNo", y.name AS "yearName", y.start_year AS "startYear"
    FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id JOIN registry.school_years y ON y.id = e.school_year_id
    WHERE e.student_id = ${studentId}
    ORDER BY e.class_id`);
  return rows.sort((a, b) => b.startYear - a.startYear);
}

export type TaughtClass = {
  id: string;
  name: string;
  gradeNo: number;
  schoolId: string;
  schoolName: string;
  yearName: string;
  homeroom: boolean;
  subjects: string[];
};

/**
 * Classes of the current school years a user works with: those they teach (with their subjects)
 * or lead, and every class of the schools in `staffScope` (a principal's or an office's).
 */
export async function classesOfTeacher(q: Queryable, userId: string, staffScope: Scope, limit = 500): Promise<TaughtClass[]> {
  const staff = inScope(sql`u.path`, staffScope);
  const { rows } = await q.execute<TaughtClass>(sql`
    SELECT c.id, c.name, c.grade_no AS "gradeNo", c.school_id AS "schoolId", u.name AS "schoolName", y.name AS "yearName",
      (c.homeroom_teacher_id IS NOT DISTINCT FROM ${userId}::uuid) AS homeroom,
      coalesce((SELECT array_agg(DISTINCT ta.subject_code) FROM registry.teaching_assignments ta WHERE ta.class_id = c.id AND ta.teacher_id = ${userId}), '{}') AS subjects
    FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id JOIN org.units u ON u.id = c.school_id
    WHERE c.status = 'active' AND y.status = 'current'
      AND (c.homeroom_teacher_id = ${userId}
        OR EXISTS (SELECT 1 FROM registry.teaching_assignments ta WHERE ta.class_id = c.id AND ta.teacher_id = ${userId})
        OR (${staff}))
    ORDER BY u.name, c.grade_no, c.name LIMIT ${limit}`);
  return rows;
}

export type TranscriptIdentity = {
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  birthplace: string | null;
  ethnicity: string | null;
  nationality: string;
  cccd: string | null;
  schoolCode: string | null;
  moetCode: string | null;
  address: string | null;
  guardians: { relation: string; name: string }[];
};

const relationLabel: Record<string, string> = {
  father: 'Cha',
  mother: 'Mẹ',
  guardian: 'Người giám hộ',
  grandparent: 'Ông/bà',
  sibling: 'Anh/chị',
  other: 'Người thân',
};

/** The identity block of a transcript (học bạ): who the student is, as the register holds it. */
export async function transcriptIdentity(q: Queryable, studentId: string): Promise<TranscriptIdentity | undefined> {
  const { rows } = await q.execute<
    Omit<TranscriptIdentity, 'ethnicity' | 'guardians' | 'address'> & {
      ethnicityCode: string;
      currentAddress: Record<string, string> | null;
    }
  >(sql`
    SELECT full_name AS "fullName", sex, date_of_birth::text AS "dateOfBirth", birthplace, ethnicity_code AS "ethnicityCode", nationality,
      cccd, school_code AS "schoolCode", moet_code AS "moetCode", current_address AS "currentAddress"
    FROM registry.students WHERE id = ${studentId}`);
  const s = rows[0];
  if (!s) return undefined;
  const guardians = await q.execute<{ relation: string; name: string }>(sql`
    SELECT sg.relation, g.full_name AS name FROM registry.student_guardians sg JOIN registry.guardians g ON g.id = sg.guardian_id
    WHERE sg.student_id = ${studentId} ORDER BY sg.primary_contact DESC, g.full_name`);
  const a = s.currentAddress;
  return {
    fullName: s.fullName,
    sex: s.sex,
    dateOfBirth: s.dateOfBirth,
    birthplace: s.birthplace,
    nationality: s.nationality === 'VN' ? 'Việt Nam' : s.nationality,
    ethnicity: ethnicGroupByCode(s.ethnicityCode, { allowExtra: true })?.name ?? null,
    cccd: s.cccd,
    schoolCode: s.schoolCode,
    moetCode: s.moetCode,
    address: a ? [a.street, a.area].filter(Boolean).join(', ') || null : null,
    guardians: guardians.rows.map((g) => ({ relation: relationLabel[g.relation] ?? g.relation, name: g.name })),
  };
}

export type TranscriptSigners = { homeroomName: string | null; principalName: string | null; authority: string; place: string };

/**
 * Names printed on a class's transcripts: the homeroom teacher, the principal (from the school
 * profile), the governing department and the province for the place line.
 */
export async function transcriptSigners(q: Queryable, classId: string): Promise<TranscriptSigners> {
  const { rows } = await q.execute<TranscriptSigners>(sql`
    SELECT hu.display_name AS "homeroomName",
      coalesce(pu.display_name, sp.principal_name) AS "principalName",
      coalesce((SELECT d.name FROM org.units d WHERE d.type = 'department' AND s.path LIKE d.path || '%' ORDER BY d.depth LIMIT 1), '') AS authority,
      coalesce((SELECT p.name FROM org.admin_units c JOIN org.admin_units p ON p.code = c.province_code WHERE c.code = s.admin_unit_code), '') AS place
    FROM registry.classes c JOIN org.units s ON s.id = c.school_id
    LEFT JOIN identity.users hu ON hu.id = c.homeroom_teacher_id
    LEFT JOIN registry.school_profiles sp ON sp.school_id = c.school_id
    LEFT JOIN identity.users pu ON pu.id = sp.principal_user_id
    WHERE c.id = ${classId}`);
  return rows[0] ?? { homeroomName: null, principalName: null, authority: '', place: '' };
}

/** Which of these students are on the class list now (open enrolment): one indexed statement. */
export async function enrolledInClass(q: Queryable, classId: string, studentIds: readonly string[]): Promise<Set<string>> {
  if (studentIds.length === 0) return new Set();
  const { rows } = await q.execute<{ id: string }>(sql`
    SELECT e.student_id AS id FROM registry.enrolments e
    WHERE e.class_id = ${classId} AND e.status IN ${openStatuses} AND e.student_id = ANY(${uuidArray(studentIds.filter(isUuid))})`);
  return new Set(rows.map((r) => r.id));
}
