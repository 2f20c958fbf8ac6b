import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lastCheck, lastCheckStamp } from '../audit-anchor.ts';
import { apiInfo } from './openapi.ts';

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    demo: z.boolean(),
    time: z.iso.datetime(),
    uptimeSeconds: z.number().int(),
    process: z.object({ pid: z.number().int(), rssMb: z.number(), node: z.string() }),
    database: z.object({
      kind: z.enum(['pglite', 'postgres']),
      ok: z.boolean(),
      latencyMs: z.number(),
      serverVersion: z.string().optional(),
    }),
    jobs: z.object({ running: z.boolean() }),
    /** The last full check of the audit and grade-book hash chains (nightly job or `npm run audit:verify`). */
    auditChain: z.object({
      checked: z.boolean(),
      ok: z.boolean().nullable(),
      checkedAt: z.iso.datetime().nullable(),
      problems: z.number().int(),
      anchorAt: z.iso.datetime().nullable(),
    }),
  })
  .meta({ id: 'Health' });

/** Process and database health, public so a load balancer and the web shell can read it. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  // The check result is a file the nightly job rewrites: parsed again only when its time changes.
  let chainState: { stamp: number; value: z.infer<typeof healthSchema>['auditChain'] } | undefined;
  const auditChain = () => {
    const stamp = lastCheckStamp(app.platform.settings.dataDir);
    if (chainState && chainState.stamp === stamp) return chainState.value;
    const check = lastCheck(app.platform.settings.dataDir);
    const value = check
      ? {
          checked: true,
          ok: check.ok,
          checkedAt: check.checkedAt,
          problems: check.chains.reduce((n, c) => n + c.problems, 0),
          anchorAt: check.anchor?.createdAt ?? null,
        }
      : { checked: false, ok: null, checkedAt: null, problems: 0, anchorAt: null };
    chainState = { stamp, value };
    return value;
  };

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['platform'],
        summary: 'Health of the process and its database',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const { database, jobs, settings, startedAt } = app.platform;
      const started = performance.now();
      let ok = true;
      let serverVersion: string | undefined;
      try {
        const [row] = await database.query<{ v: string }>("SELECT current_setting('server_version') AS v");
        serverVersion = row?.v;
      } catch {
        ok = false;
      }
      const body = {
        status: ok ? ('ok' as const) : ('degraded' as const),
        version: apiInfo.version,
        demo: settings.demo,
        time: new Date().toISOString(),
        uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000),
        process: {
          pid: process.pid,
          rssMb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
          node: process.version,
        },
        database: {
          kind: database.kind,
          ok,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
          serverVersion,
        },
        jobs: { running: jobs?.running ?? false },
        auditChain: auditChain(),
      };
      return reply.status(ok ? 200 : 503).send(body);
    },
  );
}
