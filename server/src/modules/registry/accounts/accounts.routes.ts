import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { authRateLimit } from '../../../platform/http/rate-limit.ts';
import { actorOf, allowedIds } from '../../identity/public.ts';
import { isUuid, TEACH } from '../access.ts';
import { requireStudent } from '../commands/students.ts';
import { errors, idParams, tags } from '../routes/common.schemas.ts';
import {
  classAccountsResponse,
  invitationParams,
  invitationSchema,
  inviteBody,
  myChildrenResponse,
  myStudentResponse,
  ownRecordSchema,
  redeemBody,
  redeemResponse,
  studentAccountsResponse,
  studentAccountsStateSchema,
} from './accounts.schemas.ts';
import { inviteGuardian, redeemInvitation } from './invitations.ts';
import { accountsOfStudent, myChildren, myStudentRecord, type OwnRecordRow } from './me.ts';
import { invitationProblem, maskContact, STUDENT_ACCOUNT_MIN_GRADE } from './rules.ts';
import { classAccounts, createClassStudentAccounts, requireClassForAccounts } from './student-accounts.ts';

const present = (r: OwnRecordRow) => ({
  id: r.id,
  fullName: r.fullName,
  sex: r.sex,
  dateOfBirth: r.dateOfBirth,
  moetCode: r.moetCode,
  schoolCode: r.schoolCode,
  status: r.status,
  school: { id: r.schoolId, name: r.schoolName },
  currentClass: r.classId
    ? { id: r.classId, name: r.className ?? '', gradeNo: r.gradeNo ?? 0, startYear: r.startYear ?? 0, homeroomTeacher: r.homeroomTeacher }
    : null,
  relations: r.relations as never[],
});

const stateOf = {
  'registry.accounts.codeUsed': 'used',
  'registry.accounts.codeExpired': 'expired',
  'registry.accounts.codeLocked': 'locked',
  'registry.accounts.codeRevoked': 'expired',
} as const;

/** Guardian and student accounts (issue 5 §9): invitations, redemption, class accounts, "my" records. */
export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, settings, outbox } = app.platform;
  const db = database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const readAny = { anyPermission: ['registry.student.read', TEACH], authenticated: true } as const;
  const writeAny = { anyPermission: ['registry.student.write', TEACH], authenticated: true } as const;

  r.get(
    '/students/:id/accounts',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Accounts of a student and of its guardians (invitation state; never a code)',
        params: idParams,
        response: { 200: studentAccountsStateSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const student = await requireStudent(db as unknown as Tx, actor, request.params.id, 'registry.student.read');
      const state = await accountsOfStudent(db, student.id);
      const now = new Date();
      const writable = await allowedIds(db, actor, 'registry.student.write', 'registry.student', [student.id]);
      return {
        studentUsername: state.studentUsername,
        guardians: state.guardians.map((g) => ({
          guardianId: g.guardianId,
          fullName: g.fullName,
          hasPhone: g.hasPhone,
          hasEmail: g.hasEmail,
          username: g.username,
          invitation: g.invitation
            ? {
                channel: g.invitation.channel,
                destination: maskContact(g.invitation.channel, g.invitation.destination),
                expiresAt: g.invitation.expiresAt.toISOString(),
                state: (() => {
                  const p = invitationProblem(g.invitation, now);
                  return p ? stateOf[p] : ('open' as const);
                })(),
              }
            : null,
        })),
        abilities: { invite: writable.has(student.id) },
      };
    },
  );

  r.post(
    '/students/:id/guardians/:guardianId/invitations',
    {
      config: writeAny,
      schema: {
        tags,
        summary: 'Invite a guardian to an account: a one-time code by e-mail or SMS (replaces an open invitation)',
        params: invitationParams,
        body: inviteBody,
        response: { 201: invitationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const dto = await write((tx) =>
        inviteGuardian(tx, { settings, outbox }, actor, auditActorOf(request), {
          studentId: request.params.id,
          guardianId: request.params.guardianId,
          channel: request.body.channel,
          now: new Date(),
        }),
      );
      void outbox.deliverPending().catch((err: unknown) => request.log.warn({ err }, 'outbox delivery failed'));
      return reply.status(201).send(dto);
    },
  );

  r.post(
    '/account-invitations/redeem',
    {
      config: { public: true, rateLimit: authRateLimit(settings) },
      schema: {
        tags,
        summary:
          'Redeem a guardian invitation: the contact and the one-time code, then a username and password (or the existing account of the same guardian)',
        body: redeemBody,
        response: { 200: redeemResponse, ...errors },
      },
    },
    async (request) => {
      return redeemInvitation(database, settings, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        now: new Date(),
      });
    },
  );

  r.get(
    '/classes/:id/student-accounts',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'Students of a class and their accounts',
        params: idParams,
        response: { 200: classAccountsResponse, ...errors },
      },
    },
    async (request) => {
      const cls = await requireClassForAccounts(db as unknown as Tx, actorOf(request), request.params.id);
      const rows = await classAccounts(db as unknown as Tx, cls.id);
      return {
        classId: cls.id,
        gradeNo: cls.gradeNo,
        eligible: cls.gradeNo >= STUDENT_ACCOUNT_MIN_GRADE,
        items: rows.map((x) => ({ studentId: x.studentId, fullName: x.fullName, username: x.username })),
      };
    },
  );

  r.post(
    '/classes/:id/student-accounts',
    {
      config: { permission: 'registry.student.write' },
      schema: {
        tags,
        summary: 'Create accounts for the students of a class (grade 6 and above) who have none; first passwords are returned once',
        params: idParams,
        response: { 201: studentAccountsResponse, ...errors },
      },
    },
    async (request, reply) => {
      const result = await write((tx) =>
        createClassStudentAccounts(tx, settings, actorOf(request), auditActorOf(request), request.params.id, new Date()),
      );
      return reply.status(201).header('cache-control', 'no-store').send(result);
    },
  );

  r.get(
    '/me/children',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Guardian account: my children across schools, with their class',
        response: { 200: myChildrenResponse, ...errors },
      },
    },
    async (request) => ({ items: (await myChildren(db, actorOf(request))).map(present) }),
  );

  r.get(
    '/me/children/:id',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Guardian account: one of my children (404 for any other student)',
        params: idParams,
        response: { 200: ownRecordSchema, ...errors },
      },
    },
    async (request) => {
      if (!isUuid(request.params.id)) throw notFound();
      const child = (await myChildren(db, actorOf(request))).find((c) => c.id === request.params.id);
      if (!child) throw notFound();
      return present(child);
    },
  );

  r.get(
    '/me/student',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Student account: my own record and class (null for any other account)',
        response: { 200: myStudentResponse, ...errors },
      },
    },
    async (request) => {
      const me = await myStudentRecord(db, actorOf(request));
      return { student: me ? present(me) : null };
    },
  );
}
