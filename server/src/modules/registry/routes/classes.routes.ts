import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { actorOf, requireAccess, scopeOf } from '../../identity/public.ts';
import { classVisible, isUuid, requireSchool, TEACH } from '../access.ts';
import { addAssignment, createClass, removeAssignment, setHomeroom, updateClass } from '../commands/classes.ts';
import { presentClasses } from '../present.ts';
import * as repo from '../repo.ts';
import {
  assignmentListSchema,
  assignmentSchema,
  classesQuery,
  classListSchema,
  classSchema,
  createAssignmentBody,
  createClassBody,
  homeroomBody,
  updateClassBody,
} from './classes.schemas.ts';
import { errors, idParams, okSchema, schoolParams, tags } from './common.schemas.ts';

export async function classRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const readAny = { anyPermission: ['registry.class.read', TEACH], authenticated: true } as const;

  const one = async (request: Parameters<typeof actorOf>[0], id: string) => {
    const [row] = await repo.listClasses(db, sql`c.id = ${id}`);
    if (!row) throw notFound();
    return (await presentClasses(db, actorOf(request), [row]))[0]!;
  };

  r.get(
    '/schools/:schoolId/classes',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Classes of a school the caller reaches (teachers: the classes they teach)',
        params: schoolParams,
        querystring: classesQuery,
        response: { 200: classListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const school = await requireSchool(db, actor, request.params.schoolId, 'registry.class.read');
      const { yearId, gradeNo } = request.query;
      if (yearId && !isUuid(yearId)) return { items: [] };
      const scope = await scopeOf(db, actor, 'registry.class.read');
      const rows = await repo.listClasses(
        db,
        sql`c.school_id = ${school.id} AND ${classVisible(scope, actor.userId)}
      ${yearId ? sql`AND c.school_year_id = ${yearId}` : sql``} ${gradeNo ? sql`AND c.grade_no = ${gradeNo}` : sql``}`,
      );
      return { items: await presentClasses(db, actor, rows) };
    },
  );

  r.post(
    '/schools/:schoolId/classes',
    {
      config: { permission: 'registry.class.write' },
      schema: {
        tags,
        summary: 'Create a class in a school year',
        params: schoolParams,
        body: createClassBody,
        response: { 201: classSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await write((tx) => createClass(tx, actorOf(request), auditActorOf(request), request.params.schoolId, request.body));
      return reply.status(201).send(await one(request, row.id));
    },
  );

  r.get(
    '/classes/:id',
    {
      config: readAny,
      schema: { tags, summary: 'One class', params: idParams, response: { 200: classSchema, ...errors } },
    },
    async (request) => {
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      await requireAccess(db, actorOf(request), 'registry.class.read', { kind: 'registry.class', ids: [id] });
      return one(request, id);
    },
  );

  r.patch(
    '/classes/:id',
    {
      config: { anyPermission: ['registry.class.write', TEACH], authenticated: true },
      schema: {
        tags,
        summary: 'Edit a class (school staff, or its homeroom teacher)',
        params: idParams,
        body: updateClassBody,
        response: { 200: classSchema, ...errors },
      },
    },
    async (request) => {
      const row = await write((tx) => updateClass(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      return one(request, row.id);
    },
  );

  r.put(
    '/classes/:id/homeroom',
    {
      config: { permission: 'registry.class.write' },
      schema: {
        tags,
        summary: 'Assign (or clear) the homeroom teacher',
        params: idParams,
        body: homeroomBody,
        response: { 200: classSchema, ...errors },
      },
    },
    async (request) => {
      const row = await write((tx) => setHomeroom(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      return one(request, row.id);
    },
  );

  r.get(
    '/classes/:id/assignments',
    {
      config: readAny,
      schema: { tags, summary: 'Teaching assignments of a class', params: idParams, response: { 200: assignmentListSchema, ...errors } },
    },
    async (request) => {
      const { id } = request.params;
      if (!isUuid(id)) throw notFound();
      await requireAccess(db, actorOf(request), 'registry.class.read', { kind: 'registry.class', ids: [id] });
      const result = await db.execute(sql`SELECT ta.id, ta.class_id AS "classId", ta.subject_code AS "subjectCode", ta.term_id AS "termId",
        json_build_object('id', u.id, 'displayName', u.display_name) AS teacher
      FROM registry.teaching_assignments ta JOIN identity.users u ON u.id = ta.teacher_id
      WHERE ta.class_id = ${id} ORDER BY ta.subject_code, u.display_name`);
      return { items: result.rows as never[] };
    },
  );

  r.post(
    '/classes/:id/assignments',
    {
      config: { permission: 'registry.class.write' },
      schema: {
        tags,
        summary: 'Assign a teacher to teach a subject in a class (a term or the whole year)',
        params: idParams,
        body: createAssignmentBody,
        response: { 201: assignmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await write((tx) => addAssignment(tx, actorOf(request), auditActorOf(request), request.params.id, request.body));
      const result = await db.execute(sql`SELECT display_name AS "displayName" FROM identity.users WHERE id = ${a.teacherId}`);
      const displayName = (result.rows[0] as { displayName: string }).displayName;
      return reply
        .status(201)
        .send({ id: a.id, classId: a.classId, subjectCode: a.subjectCode, termId: a.termId, teacher: { id: a.teacherId, displayName } });
    },
  );

  r.delete(
    '/assignments/:id',
    {
      config: { permission: 'registry.class.write' },
      schema: { tags, summary: 'Remove a teaching assignment', params: idParams, response: { 200: okSchema, ...errors } },
    },
    async (request) => {
      await write((tx) => removeAssignment(tx, actorOf(request), auditActorOf(request), request.params.id));
      return { ok: true as const };
    },
  );
}
