import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Actor, actorOf, scopeOf } from '../../identity/public.ts';
import { isUuid } from '../access.ts';
import {
  decideTransfer,
  noMatchError,
  requestTransfer,
  requireTransfer,
  startTransfer,
  transferFromOtherProvince,
  transferOutOfProvince,
} from '../commands/transfers.ts';
import { listTransfers, presentTransfers, transferScope } from '../repo-transfers.ts';
import { asDomainErrors } from '../commands/common.ts';
import { errors, idParams, tags } from './common.schemas.ts';
import {
  acceptTransferBody,
  cancelTransferBody,
  destinationsQuery,
  destinationsSchema,
  fromOtherProvinceBody,
  fromOtherProvinceResult,
  outOfProvinceBody,
  rejectTransferBody,
  requestTransferBody,
  startTransferBody,
  type TransferDto,
  transferListSchema,
  transferSchema,
  transfersQuery,
} from './transfers.schemas.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Transfers between schools (chuyển trường): in the province, and to/from other provinces. */
export async function transferRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const read = { permission: 'registry.student.read' } as const;
  const writer = { permission: 'registry.student.write' } as const;

  async function one(actor: Actor, id: string): Promise<TransferDto> {
    const [row] = await listTransfers(db, sql`t.id = ${id}`, 1, 1);
    if (!row) throw notFound();
    return (await presentTransfers(db, actor, [row]))[0]!;
  }

  r.get(
    '/transfers',
    {
      config: read,
      schema: {
        tags,
        summary: 'Transfers of the schools the caller reads: incoming (to them), outgoing (from them) or both; pending first',
        querystring: transfersQuery,
        response: { 200: transferListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { direction, status, schoolId, page, pageSize } = request.query;
      if (schoolId && !isUuid(schoolId)) return { items: [], total: 0, page, pageSize };
      const filters: SQL[] = [await transferScope(db, actor, direction)];
      if (status) filters.push(sql`t.status = ${status}`);
      if (schoolId) {
        filters.push(
          direction === 'incoming'
            ? sql`t.to_school_id = ${schoolId}`
            : direction === 'outgoing'
              ? sql`t.from_school_id = ${schoolId}`
              : sql`(t.to_school_id = ${schoolId} OR t.from_school_id = ${schoolId})`,
        );
      }
      const rows = await listTransfers(db, sql.join(filters, sql` AND `), page, pageSize);
      return { items: await presentTransfers(db, actor, rows), total: rows[0]?.total ?? 0, page, pageSize };
    },
  );

  r.get(
    '/transfers/destinations',
    {
      config: writer,
      schema: {
        tags,
        summary: 'Schools of the province a student can be transferred to (name search without accents)',
        querystring: destinationsQuery,
        response: { 200: destinationsSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const scope = await scopeOf(db, actor, 'registry.student.write');
      // The provinces (tree roots) where the caller writes student records.
      const roots = [...new Set(scope.paths.map((p) => `/${p.split('/').filter(Boolean)[0]}/`))];
      if (roots.length === 0) return { items: [] };
      const q = request.query.q ? `%${escapeLike(request.query.q)}%` : undefined;
      const result = await db.execute(sql`
      SELECT u.id, u.name, p.name AS "communeName" FROM org.units u LEFT JOIN org.units p ON p.id = u.parent_id
      WHERE u.type = 'school' AND u.status = 'active' AND (${sql.join(
        roots.map((root) => sql`u.path LIKE ${`${root}%`}`),
        sql` OR `,
      )})
        ${q ? sql`AND platform.fold(u.name) LIKE platform.fold(${q})` : sql``}
      ORDER BY u.name, u.id LIMIT 50`);
      return { items: result.rows as { id: string; name: string; communeName: string | null }[] };
    },
  );

  r.get(
    '/transfers/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One transfer (the sending and the receiving school see it)',
        params: idParams,
        response: { 200: transferSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireTransfer(db as unknown as Tx, actor, request.params.id);
      return one(actor, request.params.id);
    },
  );

  r.post(
    '/transfers',
    {
      config: writer,
      schema: {
        tags,
        summary: 'The sending school starts a transfer to another school of the province (the receiving school accepts or rejects)',
        body: startTransferBody,
        response: { 201: transferSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await write((tx) => startTransfer(tx, actor, auditActorOf(request), request.body, today()));
      return reply.status(201).send(await one(actor, row.id));
    },
  );

  r.post(
    '/transfers/requests',
    {
      config: writer,
      schema: {
        tags,
        summary:
          'The receiving school asks for a student (CCCD or MOET code, and the date of birth) into one of its classes (the sending school decides); lookups are audited and limited per user',
        body: requestTransferBody,
        response: { 201: transferSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const limit = app.platform.settings.transferLookupsPerHour;
      const out = await write((tx) => requestTransfer(tx, actor, auditActorOf(request), request.body, today(), limit));
      // The lookup's audit entry is committed above; only then the answer that names no pupil.
      if (!out.transfer) return asDomainErrors(() => Promise.reject(noMatchError(request.body)));
      return reply.status(201).send(await one(actor, out.transfer.id));
    },
  );

  r.post(
    '/transfers/:id/accept',
    {
      config: writer,
      schema: {
        tags,
        summary: 'Accept a transfer: the sending enrolment ends (transferred out), the receiving one starts (transferred in); repeat-safe',
        params: idParams,
        body: acceptTransferBody,
        response: { 200: transferSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await write((tx) =>
        decideTransfer(
          tx,
          actor,
          auditActorOf(request),
          request.params.id,
          'accept',
          { classId: request.body.classId, note: request.body.note },
          today(),
        ),
      );
      return one(actor, request.params.id);
    },
  );

  r.post(
    '/transfers/:id/reject',
    {
      config: writer,
      schema: {
        tags,
        summary: 'Reject a transfer, with the reason',
        params: idParams,
        body: rejectTransferBody,
        response: { 200: transferSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await write((tx) =>
        decideTransfer(tx, actor, auditActorOf(request), request.params.id, 'reject', { note: request.body.reason }, today()),
      );
      return one(actor, request.params.id);
    },
  );

  r.post(
    '/transfers/:id/cancel',
    {
      config: writer,
      schema: {
        tags,
        summary: 'Withdraw a transfer one started, while the other school has not decided',
        params: idParams,
        body: cancelTransferBody,
        response: { 200: transferSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await write((tx) =>
        decideTransfer(tx, actor, auditActorOf(request), request.params.id, 'cancel', { note: request.body.reason }, today()),
      );
      return one(actor, request.params.id);
    },
  );

  r.post(
    '/transfers/out-of-province',
    {
      config: writer,
      schema: {
        tags,
        summary: 'A student leaves for another province: the enrolment ends as transferred out, the destination is recorded',
        body: outOfProvinceBody,
        response: { 201: transferSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await write((tx) => transferOutOfProvince(tx, actor, auditActorOf(request), request.body, today()));
      return reply.status(201).send(await one(actor, row.id));
    },
  );

  r.post(
    '/transfers/from-other-province',
    {
      config: writer,
      schema: {
        tags,
        summary: 'A student arrives from another province: found by CCCD or MOET code (or created) and enrolled as transferred in',
        body: fromOtherProvinceBody,
        response: { 201: fromOtherProvinceResult, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const out = await write((tx) => transferFromOtherProvince(tx, actor, auditActorOf(request), request.body, today()));
      return reply.status(201).send({ transfer: await one(actor, out.transfer.id), studentId: out.studentId, created: out.created });
    },
  );
}
