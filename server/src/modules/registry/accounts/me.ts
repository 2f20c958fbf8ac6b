import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { type Actor, allowedIds } from '../../identity/public.ts';
import { uuidArray } from '../access.ts';
import { ACCOUNT_READ } from './access.ts';

export interface OwnRecordRow {
  id: string;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  moetCode: string | null;
  schoolCode: string | null;
  status: string;
  schoolId: string;
  schoolName: string;
  classId: string | null;
  className: string | null;
  gradeNo: number | null;
  startYear: number | null;
  homeroomTeacher: string | null;
  relations: string[];
}

/** The basic record and current class of these students (what a guardian or a student sees). */
async function ownRecords(q: Queryable, ids: string[], relationsOf?: string): Promise<OwnRecordRow[]> {
  if (ids.length === 0) return [];
  const result = await q.execute(sql`
    SELECT s.id, s.full_name AS "fullName", s.sex, s.date_of_birth::text AS "dateOfBirth", s.moet_code AS "moetCode",
      s.school_code AS "schoolCode", s.status, s.school_id AS "schoolId", u.name AS "schoolName",
      ce.class_id AS "classId", ce.name AS "className", ce.grade_no AS "gradeNo", ce.start_year AS "startYear", ce.homeroom AS "homeroomTeacher",
      ${
        relationsOf
          ? sql`coalesce((SELECT array_agg(DISTINCT sg.relation ORDER BY sg.relation) FROM registry.student_guardians sg
            JOIN registry.guardians g ON g.id = sg.guardian_id WHERE sg.student_id = s.id AND g.user_id = ${relationsOf}), '{}')`
          : sql`'{}'::text[]`
      } AS relations
    FROM registry.students s JOIN org.units u ON u.id = s.school_id
    LEFT JOIN LATERAL (
      SELECT e.class_id, c.name, c.grade_no, e.start_year, hu.display_name AS homeroom
      FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id
      LEFT JOIN identity.users hu ON hu.id = c.homeroom_teacher_id
      WHERE e.student_id = s.id AND e.status NOT IN ('transferred_out', 'dropped_out')
      ORDER BY e.start_year DESC LIMIT 1) ce ON true
    WHERE s.id = ANY(${uuidArray(ids)})
    ORDER BY s.date_of_birth, s.sort_key COLLATE "C", s.id`);
  return result.rows as unknown as OwnRecordRow[];
}

/**
 * The children of the guardian records linked to this account, across schools — kept to those
 * the access layer opens to the account (the guardian → child rule), so there is one rule.
 */
export async function myChildren(q: Queryable, actor: Actor): Promise<OwnRecordRow[]> {
  const result = await q.execute(sql`
    SELECT DISTINCT sg.student_id::text AS id FROM registry.guardians g
    JOIN registry.student_guardians sg ON sg.guardian_id = g.id WHERE g.user_id = ${actor.userId}`);
  const ids = (result.rows as { id: string }[]).map((r) => r.id);
  if (ids.length === 0) return [];
  const allowed = await allowedIds(q, actor, ACCOUNT_READ, 'registry.student', ids);
  return ownRecords(
    q,
    ids.filter((id) => allowed.has(id)),
    actor.userId,
  );
}

/** The student record of a student account (null for any other account). */
export async function myStudentRecord(q: Queryable, actor: Actor): Promise<OwnRecordRow | null> {
  const result = await q.execute(sql`SELECT student_id::text AS id FROM registry.student_accounts WHERE user_id = ${actor.userId}`);
  const id = (result.rows[0] as { id: string } | undefined)?.id;
  if (!id) return null;
  const allowed = await allowedIds(q, actor, ACCOUNT_READ, 'registry.student', [id]);
  if (!allowed.has(id)) return null;
  return (await ownRecords(q, [id]))[0] ?? null;
}

export interface GuardianAccountRow {
  guardianId: string;
  fullName: string;
  hasPhone: boolean;
  hasEmail: boolean;
  username: string | null;
  /** The latest invitation that was not replaced. */
  invitation: {
    channel: 'email' | 'phone';
    destination: string;
    expiresAt: Date;
    usedAt: Date | null;
    revokedAt: null;
    attempts: number;
  } | null;
}

/** Account state of a student and of each of its guardians, for the school's student page. */
export async function accountsOfStudent(
  q: Queryable,
  studentId: string,
): Promise<{ studentUsername: string | null; guardians: GuardianAccountRow[] }> {
  const student = await q.execute(
    sql`SELECT u.username FROM registry.student_accounts sa JOIN identity.users u ON u.id = sa.user_id WHERE sa.student_id = ${studentId}`,
  );
  const result = await q.execute(sql`
    SELECT g.id AS "guardianId", g.full_name AS "fullName", coalesce(g.phone, '') <> '' AS "hasPhone",
      coalesce(g.email, '') <> '' AS "hasEmail", u.username,
      li.channel, li.destination, (extract(epoch FROM li.expires_at) * 1000)::float8 AS "expiresMs",
      (extract(epoch FROM li.used_at) * 1000)::float8 AS "usedMs", li.attempts
    FROM registry.student_guardians sg JOIN registry.guardians g ON g.id = sg.guardian_id
    LEFT JOIN identity.users u ON u.id = g.user_id
    LEFT JOIN LATERAL (SELECT * FROM registry.account_invitations ai WHERE ai.guardian_id = g.id AND ai.revoked_at IS NULL
      ORDER BY ai.created_at DESC LIMIT 1) li ON true
    WHERE sg.student_id = ${studentId}
    ORDER BY sg.primary_contact DESC, g.full_name, g.id`);
  type Raw = Omit<GuardianAccountRow, 'invitation'> & {
    channel: 'email' | 'phone' | null;
    destination: string | null;
    expiresMs: number | null;
    usedMs: number | null;
    attempts: number | null;
  };
  return {
    studentUsername: (student.rows[0] as { username: string } | undefined)?.username ?? null,
    guardians: (result.rows as Raw[]).map(({ channel, destination, expiresMs, usedMs, attempts, ...r }) => ({
      ...r,
      invitation:
        channel && destination && expiresMs !== null
          ? {
              channel,
              destination,
              expiresAt: new Date(Number(expiresMs)),
              usedAt: usedMs === null ? null : new Date(Number(usedMs)),
              revokedAt: null,
              attempts: Number(attempts ?? 0),
            }
          : null,
    })),
  };
}
