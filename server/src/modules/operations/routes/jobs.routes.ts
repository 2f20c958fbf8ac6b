import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { actorOf } from '../../identity/public.ts';
import { requireProvinceWide } from '../access.ts';
import { runJobNow } from '../commands/jobs.ts';
import { type JobRunRow, jobSummaries, listJobRuns } from '../repo.ts';
import * as s from './jobs.schemas.ts';

const tags = ['operations'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

const presentRun = (r: JobRunRow) => ({
  ...r,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  summary: r.summary ?? null,
});

export async function jobRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, modules, jobs } = app.platform;
  const declared = modules.flatMap((m) => (m.jobs ?? []).map((job) => ({ job, module: m.name })));

  r.get(
    '/jobs',
    {
      config: { permission: 'operations.jobs.read' },
      schema: {
        tags,
        summary: "Every module's declared jobs with their schedule, retry policy and latest run",
        response: { 200: s.jobList, ...errors },
      },
    },
    async (request) => {
      await requireProvinceWide(database.db, actorOf(request), 'operations.jobs.read');
      const summaries = await jobSummaries(database.db, new Date(Date.now() - 86_400_000));
      return {
        queueRunning: jobs?.running ?? false,
        items: declared.map(({ job, module }) => {
          const summary = summaries.get(job.name);
          return {
            name: job.name,
            module,
            label: job.label[request.lang],
            schedule: job.schedule ?? null,
            retry: job.retry,
            lastRun: summary ? presentRun(summary.last) : null,
            failedRecently: summary?.failedSince ?? 0,
          };
        }),
      };
    },
  );

  r.get(
    '/jobs/runs',
    {
      config: { permission: 'operations.jobs.read' },
      schema: { tags, summary: 'The run log, newest first', querystring: s.runsQuery, response: { 200: s.runList, ...errors } },
    },
    async (request) => {
      await requireProvinceWide(database.db, actorOf(request), 'operations.jobs.read');
      const { page, pageSize, ...filter } = request.query;
      const list = await listJobRuns(database.db, filter, page, pageSize);
      return { ...list, items: list.items.map(presentRun) };
    },
  );

  r.post(
    '/jobs/:name/run',
    {
      config: { permission: 'operations.jobs.run' },
      schema: {
        tags,
        summary: 'Run a job now: queued where the queue runs (JOBS=1), otherwise run within the request (audited)',
        params: s.jobParams,
        response: { 200: s.runNowResult, 202: s.runNowResult, ...errors },
      },
    },
    async (request, reply) => {
      const result = await runJobNow(app.platform, actorOf(request), auditActorOf(request), request.log, request.params.name);
      return reply.status(result.queued ? 202 : 200).send({ queued: result.queued, run: result.run && presentRun(result.run) });
    },
  );
}
