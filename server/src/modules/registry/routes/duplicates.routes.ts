import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { actorOf } from '../../identity/public.ts';
import { comparisonOf, dismissDuplicate, listDuplicates, MERGE, mergeStudents, requireMergeable } from '../commands/merge.ts';
import { findDuplicates } from '../rules/dedup.ts';
import { clashingYears, differingFields, mergeFields, orderedPair } from '../rules/merge.ts';
import { errors, tags } from './common.schemas.ts';
import {
  compareQuery,
  comparisonSchema,
  dismissBody,
  dismissResultSchema,
  duplicateListSchema,
  mergeBody,
  mergeResultSchema,
} from './duplicates.schemas.ts';

/** Suspected duplicate students: list, side-by-side comparison, merge a human confirms, "not a duplicate". */
export async function duplicateRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const config = { permission: MERGE } as const;

  r.get(
    '/duplicates',
    {
      config,
      schema: {
        tags,
        summary:
          'Suspected duplicate students in the caller’s scope (same CCCD, MOET code, or name and birth date); dismissed pairs left out',
        response: { 200: duplicateListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listDuplicates(db, actorOf(request)) }),
  );

  r.get(
    '/duplicates/compare',
    {
      config,
      schema: {
        tags,
        summary: 'Two records side by side, with the fields that differ',
        querystring: compareQuery,
        response: { 200: comparisonSchema, ...errors },
      },
    },
    async (request) => {
      const { a, b } = request.query;
      await requireMergeable(db, actorOf(request), [a, b]);
      const [x, y] = await Promise.all([comparisonOf(db, a), comparisonOf(db, b)]);
      const pick = (s: typeof x.record) => Object.fromEntries(mergeFields.map((f) => [f, s[f] ?? null]));
      const [candidate] = findDuplicates([x.record, y.record], undefined, { nameAndDateOnly: true });
      const [pa, pb] = orderedPair(a, b);
      const dismissed = await db.execute(sql`SELECT 1 FROM registry.duplicate_dismissals WHERE student_a = ${pa} AND student_b = ${pb}`);
      const side = (c: typeof x) => ({
        id: c.record.id,
        schoolName: c.schoolName,
        status: c.record.status,
        version: c.record.version,
        fields: pick(c.record),
        guardians: c.guardians,
        enrolments: c.enrolments,
        pendingTransfers: c.pendingTransfers,
      });
      return {
        a: side(x),
        b: side(y),
        fields: [...mergeFields],
        differing: differingFields(x.record, y.record),
        level: candidate?.level ?? null,
        reasons: candidate?.reasons ?? [],
        clashingYears: clashingYears(x.enrolments, y.enrolments),
        dismissed: dismissed.rows.length > 0,
      };
    },
  );

  r.post(
    '/duplicates/merge',
    {
      config,
      schema: {
        tags,
        summary: 'Merge two records of one student (one transaction, one audit event; the merged id resolves to the survivor)',
        body: mergeBody,
        response: { 200: mergeResultSchema, ...errors },
      },
    },
    async (request) => write((tx) => mergeStudents(tx, actorOf(request), auditActorOf(request), request.body)),
  );

  r.post(
    '/duplicates/dismiss',
    {
      config,
      schema: {
        tags,
        summary: 'Mark a pair as not a duplicate (remembered; no longer suggested)',
        body: dismissBody,
        response: { 200: dismissResultSchema, ...errors },
      },
    },
    async (request) => write((tx) => dismissDuplicate(tx, actorOf(request), auditActorOf(request), request.body)),
  );
}
