import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { actorOf, requireAccess, scopeOf } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { classVisible, isUuid, pathInScope, provinceOf, requireSchool, TEACH } from '../access.ts';
import { deleteClass, openNextYear, setSubjectTeacher } from '../commands/school-year.ts';
import * as repo from '../repo.ts';
import { compareVietnameseNames } from '../rules/vietnamese-sort.ts';
import { errors, idParams, okSchema, schoolParams, tags } from './common.schemas.ts';
import {
  classStudentListSchema,
  classStudentsQuery,
  openNextYearBody,
  openNextYearResultSchema,
  subjectTeacherBody,
  subjectTeacherParams,
  teacherListSchema,
  yearAssignmentListSchema,
  yearParams,
} from './school-admin.schemas.ts';

const readAny = { anyPermission: ['registry.class.read', TEACH], authenticated: true } as const;

/**
 * What the school office needs to run a year (issue 5 §2, §8): open the next year from the last,
 * the class list in Vietnamese order with enrolment statuses, the school's teachers for pickers,
 * the teaching-assignment matrix, and deleting a class created by mistake.
 */
export async function schoolAdminRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));

  r.post(
    '/schools/:schoolId/years/:yearId/next',
    {
      config: { permission: 'registry.structure.write' },
      schema: {
        tags,
        summary: 'Open the next school year from this one: calendar, classes one grade up, curriculum periods, students promoted',
        params: yearParams,
        body: openNextYearBody,
        response: { 201: openNextYearResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { schoolId, yearId } = request.params;
      const result = await write((tx) => openNextYear(tx, actorOf(request), auditActorOf(request), schoolId, yearId, request.body));
      return reply.status(201).send(result);
    },
  );

  r.get(
    '/classes/:id/students',
    {
      config: { anyPermission: ['registry.class.read', 'registry.student.read', TEACH], authenticated: true },
      schema: {
        tags,
        summary: 'The class list: its students in the Vietnamese order (given name, middle, surname), numbered across pages',
        params: idParams,
        querystring: classStudentsQuery,
        response: { 200: classStudentListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      await requireAccess(db, actor, 'registry.class.read', { kind: 'registry.class', ids: [id] });
      const cls = await repo.findClass(db, id);
      if (!cls) throw notFound();
      const { page, pageSize } = request.query;
      const includeEnded = request.query.includeEnded === 'true';
      const result = await db.execute(sql`
      SELECT row_number() OVER (ORDER BY s.sort_key COLLATE "C", s.full_name COLLATE "C", s.id)::int AS no,
        e.id AS "enrolmentId", s.id AS "studentId", s.full_name AS "fullName", s.sex, s.date_of_birth::text AS "dateOfBirth",
        s.ethnicity_code AS "ethnicityCode", s.school_code AS "schoolCode", e.status, e.started_on::text AS "startedOn", e.ended_on::text AS "endedOn",
        (SELECT ev.reason FROM registry.enrolment_events ev WHERE ev.enrolment_id = e.id ORDER BY ev.on DESC, ev.created_at DESC LIMIT 1) AS reason,
        count(*) OVER ()::int AS total
      FROM registry.enrolments e JOIN registry.students s ON s.id = e.student_id
      WHERE e.class_id = ${id} ${includeEnded ? sql`` : sql`AND e.status NOT IN ('transferred_out', 'dropped_out')`}
      ORDER BY s.sort_key COLLATE "C", s.full_name COLLATE "C", s.id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
      const rows = result.rows as ({ total: number } & Record<string, unknown>)[];
      const school = await findUnit(db, cls.schoolId);
      const studentWrite = await scopeOf(db, actor, 'registry.student.write');
      const canWrite = !!school && pathInScope(school.path, studentWrite);
      return {
        items: rows.map(({ total: _t, ...row }) => row) as never[],
        total: rows[0]?.total ?? 0,
        page,
        pageSize,
        abilities: { changeStatus: canWrite, enrol: canWrite && cls.status === 'active' },
      };
    },
  );

  r.get(
    '/schools/:schoolId/teachers',
    {
      config: readAny,
      schema: {
        tags,
        summary: "The school's teachers (the teaching role held at the school or one of its sites), for pickers",
        params: schoolParams,
        response: { 200: teacherListSchema, ...errors },
      },
    },
    async (request) => {
      const school = await requireSchool(db, actorOf(request), request.params.schoolId, 'registry.class.read');
      const result = await db.execute(sql`
      SELECT DISTINCT u.id, u.display_name AS "displayName", u.username
      FROM identity.grants g
      JOIN identity.role_permissions rp ON rp.role_id = g.role_id AND rp.permission_id = ${TEACH}
      JOIN org.units gu ON gu.id = g.unit_id
      JOIN identity.users u ON u.id = g.user_id AND u.status = 'active'
      WHERE g.revoked_at IS NULL AND starts_with(gu.path, ${school.path})`);
      const items = (result.rows as { id: string; displayName: string; username: string }[]).sort(
        (a, b) => compareVietnameseNames(a.displayName, b.displayName) || a.username.localeCompare(b.username),
      );
      return { items };
    },
  );

  r.get(
    '/schools/:schoolId/years/:yearId/assignments',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Teaching assignments of every class of a school year the caller sees (the assignment matrix)',
        params: yearParams,
        response: { 200: yearAssignmentListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const school = await requireSchool(db, actor, request.params.schoolId, 'registry.class.read');
      const { yearId } = request.params;
      if (!isUuid(yearId) || !(await repo.yearsOfSchool(db, school.id, provinceOf(school))).some((y) => y.id === yearId)) throw notFound();
      const scope = await scopeOf(db, actor, 'registry.class.read');
      const result = await db.execute(sql`
      SELECT ta.id, ta.class_id AS "classId", ta.subject_code AS "subjectCode", ta.term_id AS "termId",
        json_build_object('id', u.id, 'displayName', u.display_name) AS teacher
      FROM registry.teaching_assignments ta JOIN registry.classes c ON c.id = ta.class_id JOIN identity.users u ON u.id = ta.teacher_id
      WHERE c.school_id = ${school.id} AND c.school_year_id = ${yearId} AND ${classVisible(scope, actor.userId)}
      ORDER BY c.grade_no, ta.subject_code, u.display_name`);
      return { items: result.rows as never[] };
    },
  );

  r.put(
    '/classes/:id/subjects/:subjectCode/teacher',
    {
      config: { permission: 'registry.class.write' },
      schema: {
        tags,
        summary: 'Set (or clear) the whole-year teacher of a subject in a class: one cell of the assignment matrix',
        params: subjectTeacherParams,
        body: subjectTeacherBody,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { id, subjectCode } = request.params;
      await write((tx) => setSubjectTeacher(tx, actorOf(request), auditActorOf(request), id, subjectCode, request.body.teacherId));
      return { ok: true as const };
    },
  );

  r.delete(
    '/classes/:id',
    {
      config: { permission: 'registry.class.write' },
      schema: {
        tags,
        summary: 'Delete a class no student was ever enrolled in (otherwise close it)',
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await write((tx) => deleteClass(tx, actorOf(request), auditActorOf(request), request.params.id));
      return { ok: true as const };
    },
  );
}
