import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, allowedIds, inScope, scopeOf } from '../identity/public.ts';
import { pathInScope, STUDENT_PAST } from './access.ts';
import type { StudentSnapshot } from './commands/transfers.ts';
import { maskCccd } from './identifiers.ts';
import type { StudentDetailDto } from './routes/students.schemas.ts';
import type { TransferDto } from './routes/transfers.schemas.ts';
import { abilitiesOf, type TransferSide } from './rules/transfers.ts';

interface TransferListRow {
  id: string;
  kind: TransferDto['kind'];
  status: TransferDto['status'];
  initiatedBy: TransferSide;
  studentId: string;
  snapshot: StudentSnapshot;
  fromSchoolId: string | null;
  fromName: string | null;
  fromPath: string | null;
  fromGradeNo: number | null;
  fromStartYear: number | null;
  toSchoolId: string | null;
  toName: string | null;
  toPath: string | null;
  toClassId: string | null;
  toClassName: string | null;
  toClassGrade: number | null;
  transferOn: string;
  reason: string | null;
  documentsNote: string | null;
  otherProvince: string | null;
  otherSchoolName: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
  version: number;
  total: number;
}

/** Transfers matching `where` (aliases t, fu, tu), pending first, newest first. */
export async function listTransfers(q: Queryable, where: SQL, page = 1, pageSize = 50): Promise<TransferListRow[]> {
  const result = await q.execute(sql`
    SELECT t.id, t.kind, t.status, t.initiated_by AS "initiatedBy", t.student_id AS "studentId", t.student_snapshot AS snapshot,
      t.from_school_id AS "fromSchoolId", fu.name AS "fromName", fu.path AS "fromPath", fe.grade_no AS "fromGradeNo", fe.start_year AS "fromStartYear",
      t.to_school_id AS "toSchoolId", tu.name AS "toName", tu.path AS "toPath",
      t.to_class_id AS "toClassId", tc.name AS "toClassName", tc.grade_no AS "toClassGrade",
      t.transfer_on::text AS "transferOn", t.reason, t.documents_note AS "documentsNote", t.other_province AS "otherProvince",
      t.other_school_name AS "otherSchoolName", t.decision_note AS "decisionNote", t.decided_at AS "decidedAt", t.created_at AS "createdAt",
      t.version, count(*) OVER ()::int AS total
    FROM registry.transfers t
    LEFT JOIN org.units fu ON fu.id = t.from_school_id
    LEFT JOIN org.units tu ON tu.id = t.to_school_id
    LEFT JOIN registry.enrolments fe ON fe.id = t.from_enrolment_id
    LEFT JOIN registry.classes tc ON tc.id = t.to_class_id
    WHERE ${where}
    ORDER BY (t.status = 'pending') DESC, t.created_at DESC, t.id
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  return result.rows as unknown as TransferListRow[];
}

/** The scope condition of a list: transfers whose sending and/or receiving school the caller reads. */
export async function transferScope(q: Queryable, actor: Actor, direction: 'incoming' | 'outgoing' | 'all'): Promise<SQL> {
  const scope = await scopeOf(q, actor, 'registry.student.read');
  const incoming = inScope(sql`tu.path`, scope);
  const outgoing = inScope(sql`fu.path`, scope);
  if (direction === 'incoming') return incoming;
  if (direction === 'outgoing') return outgoing;
  return sql`(${incoming} OR ${outgoing})`;
}

const iso = (v: unknown) =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();

export async function presentTransfers(q: Queryable, actor: Actor, rows: TransferListRow[]): Promise<TransferDto[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.studentId))];
  const [write, current, editable, past] = await Promise.all([
    scopeOf(q, actor, 'registry.student.write'),
    allowedIds(q, actor, 'registry.student.read', 'registry.student', ids),
    allowedIds(q, actor, 'registry.student.write', 'registry.student', ids),
    allowedIds(q, actor, 'registry.student.read', STUDENT_PAST, ids),
  ]);
  return rows.map((r) => {
    const sides: TransferSide[] = [];
    if (r.fromPath && pathInScope(r.fromPath, write)) sides.push('sender');
    if (r.toPath && pathInScope(r.toPath, write)) sides.push('receiver');
    const decidable = r.kind === 'in_province';
    const can = decidable ? abilitiesOf(r.status, r.initiatedBy, sides) : { accept: false, reject: false, cancel: false };
    const s = r.snapshot;
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      initiatedBy: r.initiatedBy,
      student: {
        id: r.studentId,
        fullName: s.fullName,
        sex: s.sex,
        dateOfBirth: s.dateOfBirth,
        cccd: editable.has(r.studentId) ? s.cccd : maskCccd(s.cccd),
        moetCode: s.moetCode,
      },
      fromSchool: r.fromSchoolId ? { id: r.fromSchoolId, name: r.fromName ?? '' } : null,
      fromGradeNo: r.fromGradeNo,
      fromStartYear: r.fromStartYear,
      toSchool: r.toSchoolId ? { id: r.toSchoolId, name: r.toName ?? '' } : null,
      toClass: r.toClassId ? { id: r.toClassId, name: r.toClassName ?? '', gradeNo: r.toClassGrade ?? 0 } : null,
      transferOn: r.transferOn,
      reason: r.reason,
      documentsNote: r.documentsNote,
      otherProvince: r.otherProvince,
      otherSchoolName: r.otherSchoolName,
      decisionNote: r.decisionNote,
      decidedAt: iso(r.decidedAt),
      createdAt: iso(r.createdAt)!,
      version: r.version,
      abilities: { ...can, openStudent: current.has(r.studentId), openPast: !current.has(r.studentId) && past.has(r.studentId) },
    };
  });
}

/** A merged duplicate's id → its survivor's (old links keep working); any other id unchanged. */
export async function resolveStudentId(q: Queryable, id: string): Promise<string> {
  const result = await q.execute(sql`SELECT survivor_id::text AS id FROM registry.student_merges WHERE merged_id::text = ${id}`);
  return (result.rows[0] as { id: string } | undefined)?.id ?? id;
}

/**
 * What a school that no longer holds the student sees (its past years only): its own enrolments of
 * the student with their history, and the student's identity as of the transfer — never the
 * current record, the guardians, or the years at other schools. Undefined when the caller reaches
 * no past of this student either.
 */
export async function pastStudentView(q: Queryable, actor: Actor, id: string): Promise<StudentDetailDto | undefined> {
  const allowed = await allowedIds(q, actor, 'registry.student.read', STUDENT_PAST, [id]);
  if (!allowed.has(id)) return undefined;
  const scope = await scopeOf(q, actor, 'registry.student.read');
  const mine = sql`e.school_id IN (SELECT u.id FROM org.units u WHERE ${inScope(sql`u.path`, scope)})`;
  const enrolments = (
    await q.execute(sql`
    SELECT e.id, e.school_id AS "schoolId", u.name AS "schoolName", e.class_id AS "classId", c.name AS "className",
      e.grade_no AS "gradeNo", e.start_year AS "startYear", e.status, e.started_on::text AS "startedOn", e.ended_on::text AS "endedOn",
      coalesce((SELECT json_agg(json_build_object('status', ev.status, 'on', ev.on::text, 'reason', ev.reason) ORDER BY ev.on, ev.created_at)
        FROM registry.enrolment_events ev WHERE ev.enrolment_id = e.id), '[]'::json) AS history
    FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id JOIN org.units u ON u.id = e.school_id
    WHERE e.student_id = ${id} AND ${mine}
    ORDER BY e.start_year DESC, e.started_on DESC`)
  ).rows as StudentDetailDto['enrolments'];
  if (enrolments.length === 0) return undefined;
  // The identity as the student left: the snapshot of the latest transfer out of the caller's schools.
  const snap = (
    await q.execute(sql`
    SELECT t.student_snapshot AS s FROM registry.transfers t JOIN org.units fu ON fu.id = t.from_school_id
    WHERE t.student_id = ${id} AND t.status = 'accepted' AND ${inScope(sql`fu.path`, scope)}
    ORDER BY t.decided_at DESC NULLS LAST LIMIT 1`)
  ).rows[0] as { s: StudentSnapshot } | undefined;
  const fallback = (
    await q.execute(sql`
    SELECT full_name AS "fullName", sex, date_of_birth::text AS "dateOfBirth", cccd, moet_code AS "moetCode", school_code AS "schoolCode",
      ethnicity_code AS "ethnicityCode", birthplace FROM registry.students WHERE id = ${id}`)
  ).rows[0] as unknown as StudentSnapshot;
  const who = snap?.s ?? fallback;
  const last = enrolments[0]!;
  return {
    id,
    schoolId: last.schoolId,
    fullName: who.fullName,
    sex: who.sex,
    dateOfBirth: who.dateOfBirth,
    cccd: maskCccd(who.cccd),
    moetCode: who.moetCode,
    schoolCode: who.schoolCode,
    ethnicityCode: who.ethnicityCode,
    status: last.status,
    currentClass: null,
    abilities: { update: false, enrol: false, editGuardians: false },
    registerNo: null,
    nationality: 'VN',
    religion: null,
    birthplace: who.birthplace,
    birthProvinceCode: null,
    birthCommuneCode: null,
    hometown: null,
    permanentAddress: null,
    currentAddress: null,
    admissionDate: null,
    admissionForm: null,
    policyGroups: [],
    householdStatus: 'none',
    disability: null,
    boarding: 'none',
    youthMembership: null,
    phone: null,
    email: null,
    health: null,
    version: 0,
    guardians: [],
    enrolments,
    view: 'past',
  };
}
