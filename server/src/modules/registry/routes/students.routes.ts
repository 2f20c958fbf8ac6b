import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Actor, actorOf, allowedIds, scopesOf } from '../../identity/public.ts';
import { isUuid, TEACH } from '../access.ts';
import {
  addGuardian,
  changeEnrolmentStatus,
  createStudent,
  enrol,
  requireStudent,
  unlinkGuardian,
  updateGuardian,
  updateStudent,
} from '../commands/students.ts';
import { maskCccd } from '../identifiers.ts';
import { presentStudents } from '../present.ts';
import { pastStudentView, resolveStudentId } from '../repo-transfers.ts';
import * as repo from '../repo.ts';
import { errors, idParams, okSchema, tags } from './common.schemas.ts';
import { studentFilters, studentSearchFirst } from './student-filters.ts';
import {
  addGuardianBody,
  createStudentBody,
  enrolBody,
  enrolmentStatusBody,
  guardianParams,
  studentDetailSchema,
  studentListSchema,
  studentsQuery,
  updateGuardianBody,
  updateStudentBody,
  type StudentDetailDto,
} from './students.schemas.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';

export async function studentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const readAny = { anyPermission: ['registry.student.read', TEACH], authenticated: true } as const;
  const writeAny = { anyPermission: ['registry.student.write', TEACH], authenticated: true } as const;

  async function detail(actor: Actor, id: string): Promise<StudentDetailDto> {
    const [row] = await repo.listStudents(db, sql`s.id = ${id}`, 1, 1);
    if (!row) throw notFound();
    const [item] = await presentStudents(db, actor, [row]);
    const s = (await repo.findStudent(db, id))!;
    const canEdit = item!.abilities.update;
    const guardianRows = await repo.guardiansOf(db, id);
    const siblings = await repo.childrenOfGuardians(
      db,
      guardianRows.map((g) => g.id),
      id,
    );
    const visibleSiblings = await allowedIds(
      db,
      actor,
      'registry.student.read',
      'registry.student',
      siblings.map((c) => c.id),
    );
    return {
      ...item!,
      registerNo: s.registerNo,
      nationality: s.nationality,
      religion: s.religion,
      birthplace: s.birthplace,
      birthProvinceCode: s.birthProvinceCode,
      birthCommuneCode: s.birthCommuneCode,
      hometown: s.hometown,
      permanentAddress: (s.permanentAddress as StudentDetailDto['permanentAddress']) ?? null,
      currentAddress: (s.currentAddress as StudentDetailDto['currentAddress']) ?? null,
      admissionDate: s.admissionDate,
      admissionForm: s.admissionForm,
      policyGroups: s.policyGroups,
      householdStatus: s.householdStatus,
      disability: s.disability,
      boarding: s.boarding,
      youthMembership: s.youthMembership,
      phone: s.phone,
      email: s.email,
      health: (s.health as StudentDetailDto['health']) ?? null,
      version: s.version,
      guardians: guardianRows.map((g) => ({
        ...g,
        cccd: canEdit ? g.cccd : maskCccd(g.cccd),
        otherChildren: siblings
          .filter((c) => c.guardianId === g.id && visibleSiblings.has(c.id))
          .map((c) => ({ id: c.id, fullName: c.fullName })),
      })),
      enrolments: await repo.enrolmentsOf(db, id),
    };
  }

  r.get(
    '/students',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Students the caller reaches, in Vietnamese name order; accent-insensitive search by name, CCCD or code',
        querystring: studentsQuery,
        response: { 200: studentListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize } = request.query;
      const scopes = await scopesOf(db, actor, ['registry.student.read', 'registry.student.write']);
      const where = studentFilters(scopes['registry.student.read'], actor.userId, request.query);
      if (!where) return { items: [], total: 0, page, pageSize };
      const rows = await repo.listStudents(db, where, page, pageSize, studentSearchFirst(request.query) ?? undefined);
      return {
        items: await presentStudents(db, actor, rows, scopes['registry.student.write']),
        total: rows[0]?.total ?? 0,
        page,
        pageSize,
      };
    },
  );

  r.get(
    '/students/:id',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'A student record with guardians and enrolment history',
        params: idParams,
        response: { 200: studentDetailSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      // A merged duplicate's id resolves to the survivor; a school the student left sees its past only.
      const id = isUuid(request.params.id) ? await resolveStudentId(db, request.params.id) : request.params.id;
      try {
        await requireStudent(db as unknown as Tx, actor, id, 'registry.student.read');
      } catch (err) {
        const past = isUuid(id) ? await pastStudentView(db, actor, id) : undefined;
        if (past) return past;
        throw err;
      }
      return detail(actor, id);
    },
  );

  r.post(
    '/students',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'Create a student record at a school',
        body: createStudentBody,
        response: { 201: studentDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await write((tx) => createStudent(tx, actor, auditActorOf(request), request.body, today()));
      return reply.status(201).send(await detail(actor, row.id));
    },
  );

  r.patch(
    '/students/:id',
    {
      config: writeAny,
      schema: {
        tags,
        summary: 'Edit a student record (school staff, or the homeroom teacher of the class)',
        params: idParams,
        body: updateStudentBody,
        response: { 200: studentDetailSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await write((tx) => updateStudent(tx, actor, auditActorOf(request), request.params.id, request.body, today()));
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/students/:id/guardians',
    {
      config: writeAny,
      schema: {
        tags,
        summary: "Add a guardian (new, or a sibling's guardian by id)",
        params: idParams,
        body: addGuardianBody,
        response: { 201: studentDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await write((tx) => addGuardian(tx, actor, auditActorOf(request), request.params.id, request.body));
      return reply.status(201).send(await detail(actor, request.params.id));
    },
  );

  r.patch(
    '/students/:id/guardians/:guardianId',
    {
      config: writeAny,
      schema: {
        tags,
        summary: "Edit a guardian's details",
        params: guardianParams,
        body: updateGuardianBody,
        response: { 200: studentDetailSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await write((tx) => updateGuardian(tx, actor, auditActorOf(request), request.params.id, request.params.guardianId, request.body));
      return detail(actor, request.params.id);
    },
  );

  r.delete(
    '/students/:id/guardians/:guardianId',
    {
      config: writeAny,
      schema: { tags, summary: 'Unlink a guardian from a student', params: guardianParams, response: { 200: okSchema, ...errors } },
    },
    async (request) => {
      await write((tx) => unlinkGuardian(tx, actorOf(request), auditActorOf(request), request.params.id, request.params.guardianId));
      return { ok: true as const };
    },
  );

  r.post(
    '/students/:id/enrolments',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'Enrol a student in a class (one class per school year)',
        params: idParams,
        body: enrolBody,
        response: { 201: studentDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await write((tx) => enrol(tx, actor, auditActorOf(request), request.params.id, request.body));
      return reply.status(201).send(await detail(actor, request.params.id));
    },
  );

  r.post(
    '/enrolments/:id/status',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'Change the status of an enrolment (dropped out, graduated, transferred out…)',
        params: idParams,
        body: enrolmentStatusBody,
        response: { 200: studentDetailSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const e = await write((tx) => changeEnrolmentStatus(tx, actor, auditActorOf(request), request.params.id, request.body));
      return detail(actor, e.studentId);
    },
  );
}
