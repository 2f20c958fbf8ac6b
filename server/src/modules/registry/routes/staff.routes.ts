import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Actor, actorOf, requireAccess, scopeOf } from '../../identity/public.ts';
import { isUuid } from '../access.ts';
import { ethnicGroups, extraEthnicCodes } from '../rules/ethnicity.ts';
import { staffCodeLists } from '../rules/staff.ts';
import { linkStaffAccount } from '../staff/account.ts';
import { requireStaffAccess, STAFF_MANAGE, STAFF_READ, staffVisible } from '../staff/access.ts';
import { createStaff, curriculumLevelsOf, updateStaff } from '../staff/commands.ts';
import { presentStaff } from '../staff/present.ts';
import * as repo from '../staff/repo.ts';
import { errors, idParams, tags } from './common.schemas.ts';
import {
  createStaffBody,
  type StaffDetailDto,
  staffAccountBody,
  staffAccountResult,
  staffCodesSchema,
  staffDetailSchema,
  staffListSchema,
  staffQuery,
  updateStaffBody,
} from './staff.schemas.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const ownStaffSchema = z.object({ record: staffDetailSchema.nullable() }).meta({ id: 'RegistryOwnStaff' });

const accountCandidates = z
  .object({ items: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string() })) })
  .meta({ id: 'RegistryStaffAccountCandidates' });

/** Staff records (cán bộ, giáo viên, nhân viên): `/api/registry/staff…`. */
export async function staffRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings, mailer } = app.platform;
  const db = database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));

  async function detail(actor: Actor, id: string): Promise<StaffDetailDto> {
    const [row] = await repo.listStaff(db, sql`st.id = ${id}`, 1, 1);
    if (!row) throw notFound();
    const [item] = await presentStaff(db, actor, [row]);
    const s = (await repo.findStaff(db, id))!;
    const [unit] = (await db.execute(sql`SELECT school_level AS level FROM org.units WHERE id = ${s.schoolId}`)).rows as {
      level: string | null;
    }[];
    return {
      ...item!,
      ethnicityCode: s.ethnicityCode,
      major: s.major,
      joinedSectorOn: s.joinedSectorOn,
      joinedSchoolOn: s.joinedSchoolOn,
      standardRating: s.standardRating,
      standardRatingYear: s.standardRatingYear,
      regularTraining: s.regularTraining,
      regularTrainingYear: s.regularTrainingYear,
      partyMember: s.partyMember,
      partyJoinedOn: s.partyJoinedOn,
      subjectChoices: await repo.subjectsOfLevels(db, curriculumLevelsOf(unit?.level ?? null)),
    };
  }

  r.get(
    '/staff/codes',
    {
      config: { permission: STAFF_READ },
      schema: {
        tags,
        summary: 'The code lists of staff records with their Vietnamese and English labels',
        response: { 200: staffCodesSchema, ...errors },
      },
    },
    async () =>
      ({
        ...staffCodeLists,
        subjects: await repo.subjectsOfLevels(db, ['tieu_hoc', 'thcs', 'thpt']),
        ethnicities: [...ethnicGroups, ...extraEthnicCodes].map((g) => ({ code: g.code, name: g.name })),
      }) as unknown as z.infer<typeof staffCodesSchema>,
  );

  r.get(
    '/staff',
    {
      config: { permission: STAFF_READ },
      schema: {
        tags,
        summary: 'Staff the caller reaches, in Vietnamese name order; accent-insensitive search by name, CCCD or staff code',
        querystring: staffQuery,
        response: { 200: staffListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { schoolId, position, subject, status, qualificationStandard, q, page, pageSize } = request.query;
      if (schoolId && !isUuid(schoolId)) return { items: [], total: 0, page, pageSize };
      const filters: SQL[] = [staffVisible(await scopeOf(db, actor, STAFF_READ))];
      if (schoolId) filters.push(sql`st.school_id = ${schoolId}`);
      if (position) filters.push(sql`st.position = ${position}`);
      if (subject) filters.push(sql`st.subjects @> ARRAY[${subject}]::text[]`);
      if (status) filters.push(sql`st.status = ${status}`);
      if (qualificationStandard) filters.push(sql`st.qualification_standard = ${qualificationStandard}`);
      if (q) {
        const digits = /^\d{6,12}$/.test(q);
        filters.push(
          digits
            ? sql`(st.cccd = ${q} OR st.staff_code = ${q})`
            : sql`(st.name_fold LIKE platform.fold(${`%${escapeLike(q)}%`}) OR st.staff_code = ${q})`,
        );
      }
      const rows = await repo.listStaff(db, sql.join(filters, sql` AND `), page, pageSize);
      return { items: await presentStaff(db, actor, rows), total: rows[0]?.total ?? 0, page, pageSize };
    },
  );

  r.get(
    '/staff/me',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: "The caller's own staff record (the one tied to their account; null when none), read-only unless they manage staff there",
        response: { 200: ownStaffSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const [own] = (await db.execute(sql`SELECT id::text FROM registry.staff WHERE user_id = ${actor.userId}`)).rows as { id: string }[];
      return { record: own ? await detail(actor, own.id) : null };
    },
  );

  r.get(
    '/staff/:id',
    {
      config: { permission: STAFF_READ },
      schema: { tags, summary: 'A staff record', params: idParams, response: { 200: staffDetailSchema, ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireStaffAccess(db, actor, request.params.id, STAFF_READ);
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/staff',
    {
      config: { permission: STAFF_MANAGE },
      schema: {
        tags,
        summary: 'Create a staff record at a school',
        body: createStaffBody,
        response: { 201: staffDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await write((tx) => createStaff(tx, actor, auditActorOf(request), request.body, today()));
      return reply.status(201).send(await detail(actor, row.id));
    },
  );

  r.patch(
    '/staff/:id',
    {
      config: { permission: STAFF_MANAGE },
      schema: {
        tags,
        summary: 'Edit a staff record (optimistic version)',
        params: idParams,
        body: updateStaffBody,
        response: { 200: staffDetailSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await write((tx) => updateStaff(tx, actor, auditActorOf(request), request.params.id, request.body, today()));
      return detail(actor, request.params.id);
    },
  );

  r.get(
    '/staff/:id/account-candidates',
    {
      config: { permission: STAFF_MANAGE },
      schema: {
        tags,
        summary: 'Active accounts of the school not yet tied to a staff record',
        params: idParams,
        response: { 200: accountCandidates, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireStaffAccess(db, actor, request.params.id, STAFF_MANAGE);
      const s = (await repo.findStaff(db, request.params.id))!;
      await requireAccess(db, actor, 'identity.user.read', { kind: 'org.unit', ids: [s.schoolId] });
      const result = await db.execute(sql`
      SELECT u.id, u.username, u.display_name AS "displayName" FROM identity.users u
      WHERE u.home_unit_id = ${s.schoolId} AND u.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM registry.staff o WHERE o.user_id = u.id)
      ORDER BY platform.fold(u.display_name), u.id LIMIT 500`);
      return { items: result.rows as { id: string; username: string; displayName: string }[] };
    },
  );

  r.post(
    '/staff/:id/account',
    {
      config: { permission: STAFF_MANAGE },
      schema: {
        tags,
        summary: "Tie the record to the person's login: link an account of the school, or create one with a role at the school",
        params: idParams,
        body: staffAccountBody,
        response: { 200: staffAccountResult, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const linked = await write((tx) =>
        linkStaffAccount(tx, { database, settings, mailer }, actor, auditActorOf(request), request.params.id, request.body),
      );
      if (linked.reset?.mailed) await mailer.deliverPending();
      return { staff: await detail(actor, request.params.id), userId: linked.userId, created: linked.created, passwordReset: linked.reset };
    },
  );
}
