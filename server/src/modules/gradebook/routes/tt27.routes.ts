import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { actorOf } from '../../identity/public.ts';
import { ENTER } from '../access.ts';
import { saveQualities, saveTt27Steps } from '../commands/tt27.ts';
import type { Tt27Steps } from '../results/tt27-results.ts';
import { errors, tags } from './sheets.schemas.ts';
import { studentRecordParams } from './results.schemas.ts';
import { qualitiesParams, saveQualitiesBody, savedQualitiesSchema, tt27StepsBody, tt27StepsResultSchema } from './tt27.schemas.ts';

/** Primary (TT 27) routes of the homeroom teacher; the summary and finalisation are in results.routes.ts. */
export async function tt27Routes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));

  r.put(
    '/classes/:classId/terms/:termNo/qualities/:point',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary:
          'The homeroom teacher records qualities and competences (Tốt / Đạt / Cần cố gắng) at mid-term (gk) or end of term (ck) — primary classes (TT 27)',
        params: qualitiesParams,
        body: saveQualitiesBody,
        response: { 200: savedQualitiesSchema, ...errors },
      },
    },
    async (request) => {
      const { classId, termNo, point } = request.params;
      return {
        saved: await write((tx) =>
          saveQualities(tx, actorOf(request), auditActorOf(request), classId, termNo, point, request.body.changes),
        ),
      };
    },
  );

  r.put(
    '/classes/:classId/students/:studentId/tt27-year',
    {
      config: { anyPermission: [ENTER, 'gradebook.sheet.lock'], authenticated: true },
      schema: {
        tags,
        summary:
          'After finalisation (TT 27): the class recognition for the award and the re-assessment after the support plan (homeroom teacher); the decision for a student still not completing (principal)',
        params: studentRecordParams,
        body: tt27StepsBody,
        response: { 200: tt27StepsResultSchema, ...errors },
      },
    },
    async (request) => {
      const r27 = await write((tx) =>
        saveTt27Steps(
          tx,
          actorOf(request),
          auditActorOf(request),
          request.params.classId,
          request.params.studentId,
          request.body as Tt27Steps,
        ),
      );
      return { overall: r27.overall, afterSupport: r27.afterSupport, award: r27.award, completed: r27.completed, outcome: r27.outcome };
    },
  );
}
