import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { pgErrorOf, type Queryable, type Tx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { type Actor, grantPaths } from '../../identity/public.ts';
import type { UnitRow } from '../../org/public.ts';
import { isUuid, provinceOf, requireSchool, TEACH, uuidArray } from '../access.ts';
import { gradesOfLevel } from '../catalogue.ts';
import * as repo from '../repo.ts';
import { promoteClass } from '../rules/promote.ts';
import { classes, grades, teachingAssignments } from '../schema.ts';
import { addAssignment, classSnapshot, removeAssignment } from './classes.ts';
import { asDomainErrors, RegistryRuleError } from './common.ts';
import { createSchoolYear } from './structure.ts';

interface TermInput {
  no: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface OpenNextYearInput {
  startsOn: string;
  endsOn: string;
  status?: 'planned' | 'current' | undefined;
  terms: TermInput[];
  /** Keep each class's homeroom teacher (when they still teach at the school). Default true. */
  keepHomeroom?: boolean | undefined;
  /** Enrol the students still in a class in its promoted class (not those held back). Default true. */
  promoteStudents?: boolean | undefined;
}

export interface OpenNextYearResult {
  yearId: string;
  /** notPromoted: students of the old year left without a class (held back, last grade, or promotion off). */
  counts: { classes: number; periods: number; students: number; heldBack: number; notPromoted: number };
}

async function teachersAt(q: Queryable, school: UnitRow, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await q.execute(sql`SELECT u.id::text AS id FROM unnest(${uuidArray(ids)}) AS u(id)
    WHERE EXISTS (SELECT 1 FROM (${grantPaths(sql`u.id`, TEACH)}) gp WHERE starts_with(${school.path}, gp.path))`);
  return new Set((result.rows as { id: string }[]).map((r) => r.id));
}

/**
 * Opens the school year after `fromYearId` (lên lớp): a new year with its calendar, the classes of
 * the old year one grade up (the last grade of the level is not carried: it graduates), the
 * curriculum periods the school set, and — by default — the students still in a class enrolled in
 * its promoted class. The old year, its classes and enrolments stay as they were (the history).
 */
export async function openNextYear(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  schoolId: string,
  fromYearId: string,
  input: OpenNextYearInput,
): Promise<OpenNextYearResult> {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, schoolId, 'registry.structure.write');
    if (!isUuid(fromYearId)) throw notFound();
    const from = (await repo.yearsOfSchool(tx, school.id, provinceOf(school))).find((y) => y.id === fromYearId);
    if (!from) throw notFound();
    const startYear = from.startYear + 1;
    const year = await createSchoolYear(tx, actor, audit, schoolId, {
      startYear,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      status: input.status ?? 'planned',
      terms: input.terms,
    });

    // Curriculum periods the school changed for the old year carry over; the rest stay defaults.
    const periods = await tx.execute(sql`INSERT INTO registry.curriculum_periods
        (province_id, school_id, school_year_id, grade_no, subject_code, periods_per_year, created_by, updated_by)
      SELECT province_id, school_id, ${year.id}, grade_no, subject_code, periods_per_year, ${actor.userId}, ${actor.userId}
      FROM registry.curriculum_periods WHERE school_id = ${schoolId} AND school_year_id = ${from.id}
      RETURNING 1`);

    const schoolGrades = gradesOfLevel(school.schoolLevel);
    const gradeRows = await tx.select().from(grades).where(eq(grades.schoolId, schoolId));
    const gradeId = new Map(gradeRows.map((g) => [g.gradeNo, g.id]));
    const old = await tx
      .select()
      .from(classes)
      .where(sql`${classes.schoolId} = ${schoolId} AND ${classes.schoolYearId} = ${from.id} AND ${classes.status} = 'active'`)
      .orderBy(classes.gradeNo, classes.name);
    const keepHomeroom = input.keepHomeroom ?? true;
    const stillTeaching = keepHomeroom
      ? await teachersAt(tx, school, [...new Set(old.flatMap((c) => (c.homeroomTeacherId ? [c.homeroomTeacherId] : [])))])
      : new Set<string>();
    const pairs: { fromId: string; toId: string; gradeNo: number }[] = [];
    for (const c of old) {
      const next = promoteClass(c, schoolGrades);
      const nextGradeId = next ? gradeId.get(next.gradeNo) : undefined;
      if (!next || !nextGradeId) continue;
      const homeroom = c.homeroomTeacherId && stillTeaching.has(c.homeroomTeacherId) ? c.homeroomTeacherId : null;
      const [row] = await tx
        .insert(classes)
        .values({
          provinceId: c.provinceId,
          schoolId,
          schoolYearId: year.id,
          gradeId: nextGradeId,
          gradeNo: next.gradeNo,
          name: next.name,
          siteId: c.siteId,
          homeroomTeacherId: homeroom,
          twoSessions: c.twoSessions,
          combinedGrades: next.combinedGrades,
          specialisedSubject: c.specialisedSubject,
          subjectCombination: next.subjectCombination,
          foreignLanguage: c.foreignLanguage,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        })
        .returning();
      pairs.push({ fromId: c.id, toId: row!.id, gradeNo: next.gradeNo });
    }

    // Held back (lưu ban): an enrolment changed to 'repeating' during the year — not one that
    // began as a repeated year — stays in its grade: the clerk enrols the student in a class of
    // the same grade of the new year.
    const heldBack = sql`e.status = 'repeating' AND EXISTS (SELECT 1 FROM registry.enrolment_events hb
      WHERE hb.enrolment_id = e.id AND hb.status = 'repeating' AND hb.created_at > e.created_at)`;
    let promoted = 0;
    if ((input.promoteStudents ?? true) && pairs.length > 0) {
      const map = sql.join(
        pairs.map((p) => sql`(${p.fromId}::uuid, ${p.toId}::uuid, ${p.gradeNo}::smallint)`),
        sql`, `,
      );
      const moved = await tx.execute(sql`
        WITH m(from_id, to_id, grade_no) AS (VALUES ${map}),
        ins AS (
          INSERT INTO registry.enrolments (province_id, school_id, student_id, class_id, school_year_id, start_year, grade_no, status, started_on, created_by, updated_by)
          SELECT e.province_id, e.school_id, e.student_id, m.to_id, ${year.id}, ${startYear}, m.grade_no, 'enrolled', ${input.startsOn}, ${actor.userId}, ${actor.userId}
          FROM registry.enrolments e JOIN m ON m.from_id = e.class_id JOIN registry.students s ON s.id = e.student_id
          WHERE e.status IN ('enrolled', 'transferred_in', 'repeating') AND s.school_id = ${schoolId} AND NOT (${heldBack})
            AND NOT EXISTS (SELECT 1 FROM registry.enrolments x WHERE x.student_id = e.student_id AND x.start_year = ${startYear}
              AND x.status NOT IN ('transferred_out', 'dropped_out'))
          RETURNING id, province_id, school_id, student_id, status, started_on),
        ev AS (
          INSERT INTO registry.enrolment_events (province_id, school_id, enrolment_id, student_id, status, "on", reason, created_by)
          SELECT province_id, school_id, id, student_id, status, started_on, 'Lên lớp', ${actor.userId} FROM ins RETURNING student_id)
        SELECT student_id::text AS id FROM ev`);
      const ids = (moved.rows as { id: string }[]).map((r) => r.id);
      promoted = ids.length;
      if (ids.length > 0) {
        await tx.execute(sql`UPDATE registry.students s SET status = l.status, school_id = l.school_id
          FROM registry.students s2 CROSS JOIN LATERAL (
            SELECT e.status, e.school_id FROM registry.enrolments e WHERE e.student_id = s2.id
            ORDER BY e.start_year DESC, (e.status IN ('transferred_out', 'dropped_out')), e.started_on DESC LIMIT 1) l
          WHERE s.id = s2.id AND s2.id = ANY(${uuidArray(ids)})`);
      }
    }
    const open = await tx.execute(sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE ${heldBack})::int AS held FROM registry.enrolments e
      WHERE e.school_id = ${schoolId} AND e.school_year_id = ${from.id} AND e.status IN ('enrolled', 'transferred_in', 'repeating')`);
    const { n, held } = open.rows[0] as { n: number; held: number };
    const counts = {
      classes: pairs.length,
      periods: periods.rows.length,
      students: promoted,
      heldBack: held,
      notPromoted: Math.max(0, n - promoted),
    };
    await recordAudit(tx, audit, {
      action: 'registry.year.rollover',
      entityType: 'registry.year',
      entityId: year.id,
      orgUnitId: schoolId,
      before: { fromYearId: from.id, fromStartYear: from.startYear },
      after: { keepHomeroom, promoteStudents: input.promoteStudents ?? true },
      bulk: { counts },
    });
    return { yearId: year.id, counts };
  });
}

/** A class with no students ever enrolled may be deleted (a mistake); otherwise it is closed. */
export async function deleteClass(tx: Tx, actor: Actor, audit: AuditActor, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const row = await repo.findClass(tx, id, true);
  if (!row) throw notFound();
  await requireSchool(tx, actor, row.schoolId, 'registry.class.write');
  const used = await tx.execute(sql`SELECT EXISTS (SELECT 1 FROM registry.enrolments WHERE class_id = ${id}) AS ok`);
  if ((used.rows[0] as { ok: boolean }).ok) throw new AppError('registry.classHasStudents', 409);
  const removed = await tx.delete(teachingAssignments).where(eq(teachingAssignments.classId, id)).returning();
  try {
    await tx.delete(classes).where(eq(classes.id, id));
  } catch (err) {
    // Another module's record (a gradebook, a timetable) refers to the class: it stays (the
    // transaction rolls back).
    if (pgErrorOf(err)?.code === '23503') throw new AppError('registry.classInUse', 409);
    throw err;
  }
  await recordAudit(tx, audit, {
    action: 'registry.class.delete',
    entityType: 'registry.class',
    entityId: id,
    orgUnitId: row.schoolId,
    before: {
      ...classSnapshot(row),
      assignments: removed.map((a) => ({ subjectCode: a.subjectCode, teacherId: a.teacherId, termId: a.termId })),
    },
  });
}

/**
 * The teacher of a subject in a class for the whole year (the assignment matrix's cell): the
 * whole-year assignments of that subject are replaced; `teacherId` null clears the cell. Term
 * assignments are left alone. Each removal and addition is audited.
 */
export async function setSubjectTeacher(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  classId: string,
  subjectCode: string,
  teacherId: string | null,
) {
  return asDomainErrors(async () => {
    if (!isUuid(classId)) throw notFound();
    const row = await repo.findClass(tx, classId, true);
    if (!row) throw notFound();
    await requireSchool(tx, actor, row.schoolId, 'registry.class.write');
    const existing = await tx
      .select()
      .from(teachingAssignments)
      .where(
        sql`${teachingAssignments.classId} = ${classId} AND ${teachingAssignments.subjectCode} = ${subjectCode} AND ${teachingAssignments.termId} IS NULL`,
      );
    if (teacherId && existing.length === 1 && existing[0]!.teacherId === teacherId) return existing[0]!;
    for (const a of existing) await removeAssignment(tx, actor, audit, a.id);
    if (!teacherId) {
      if (existing.length === 0) throw new RegistryRuleError('registry.assignmentNone', 'teacherId');
      return null;
    }
    return addAssignment(tx, actor, audit, classId, { subjectCode, teacherId, termId: null });
  });
}
