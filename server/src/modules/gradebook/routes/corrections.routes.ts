import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Actor, actorOf, inScope, scopeOf } from '../../identity/public.ts';
import { ENTER } from '../access.ts';
import { type CorrectionRow, decideCorrection, requestCorrection, withdrawCorrection } from '../commands/corrections.ts';
import {
  correctionListSchema,
  correctionSchema,
  correctionsQuery,
  decideCorrectionBody,
  errors,
  idParams,
  requestCorrectionBody,
  tags,
} from './sheets.schemas.ts';

type CorrectionView = CorrectionRow & {
  studentName: string;
  className: string;
  subjectCode: string;
  termName: string;
  requesterName: string;
  decidable: boolean;
};

/**
 * Corrections the caller sees: every request of the schools where they decide, plus their own.
 * `decidable` is computed in the same statement from the decide scope.
 */
async function listCorrections(q: Queryable, actor: Actor, where: ReturnType<typeof sql>): Promise<CorrectionView[]> {
  const decide = await scopeOf(q, actor, 'gradebook.correction.decide');
  const { rows } = await q.execute<CorrectionView>(sql`
    SELECT c.id, c.school_id AS "schoolId", c.sheet_id AS "sheetId", c.student_id AS "studentId", c.slot, c.old_value AS "oldValue",
      c.new_value AS "newValue", c.reason, c.status, c.requested_at AS "requestedAt", c.requested_by AS "requestedBy",
      c.decided_at AS "decidedAt", c.decided_by AS "decidedBy", c.decision_note AS "decisionNote",
      s.full_name AS "studentName", cl.name AS "className", sh.subject_code AS "subjectCode", t.name AS "termName",
      ru.display_name AS "requesterName", (${inScope(sql`u.path`, decide)}) AS decidable
    FROM gradebook.corrections c
    JOIN gradebook.sheets sh ON sh.id = c.sheet_id
    JOIN registry.students s ON s.id = c.student_id
    JOIN registry.classes cl ON cl.id = sh.class_id
    JOIN registry.terms t ON t.id = sh.term_id
    JOIN org.units u ON u.id = c.school_id
    JOIN identity.users ru ON ru.id = c.requested_by
    WHERE (${inScope(sql`u.path`, decide)} OR c.requested_by = ${actor.userId}) AND ${where}
    ORDER BY c.requested_at DESC LIMIT 500`);
  return rows;
}

const present = (actor: Actor, c: CorrectionView) => ({
  id: c.id,
  sheetId: c.sheetId,
  studentId: c.studentId,
  studentName: c.studentName,
  className: c.className,
  subjectCode: c.subjectCode,
  termName: c.termName,
  slot: c.slot,
  oldValue: c.oldValue,
  newValue: c.newValue,
  reason: c.reason,
  status: c.status,
  requestedAt: new Date(c.requestedAt).toISOString(),
  requestedBy: c.requesterName,
  decidedAt: c.decidedAt ? new Date(c.decidedAt).toISOString() : null,
  decisionNote: c.decisionNote,
  abilities: { decide: c.decidable && c.status === 'pending', withdraw: c.requestedBy === actor.userId && c.status === 'pending' },
});

export async function correctionRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const one = async (actor: Actor, id: string) => {
    const [row] = await listCorrections(db, actor, sql`c.id = ${id}`);
    if (!row) throw notFound();
    return present(actor, row);
  };

  r.get(
    '/corrections',
    {
      config: { anyPermission: ['gradebook.correction.decide', ENTER], authenticated: true },
      schema: {
        tags,
        summary: 'Correction requests: those the caller decides on, and their own',
        querystring: correctionsQuery,
        response: { 200: correctionListSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { status } = request.query;
      const rows = await listCorrections(db, actor, status ? sql`c.status = ${status}` : sql`true`);
      return { items: rows.map((c) => present(actor, c)) };
    },
  );

  r.post(
    '/corrections',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'Ask for a change of a locked cell, with a reason',
        body: requestCorrectionBody,
        response: { 201: correctionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await write((tx) => requestCorrection(tx, actor, auditActorOf(request), request.body));
      return reply.status(201).send(await one(actor, row.id));
    },
  );

  r.post(
    '/corrections/:id/decision',
    {
      config: { permission: 'gradebook.correction.decide' },
      schema: {
        tags,
        summary: 'Approve (the cell takes the value) or reject a correction',
        params: idParams,
        body: decideCorrectionBody,
        response: { 200: correctionSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await write((tx) =>
        decideCorrection(tx, actor, auditActorOf(request), request.params.id, request.body.decision, request.body.note),
      );
      return one(actor, row.id);
    },
  );

  r.post(
    '/corrections/:id/withdraw',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'Withdraw one of one’s own pending requests',
        params: idParams,
        response: { 200: correctionSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await write((tx) => withdrawCorrection(tx, actor, auditActorOf(request), request.params.id));
      return one(actor, row.id);
    },
  );
}
