import { z } from 'zod';

const runState = z.enum(['running', 'succeeded', 'failed']);

export const jobRun = z
  .object({
    id: z.uuid(),
    job: z.string(),
    trigger: z.enum(['schedule', 'manual', 'queue']),
    state: runState,
    attempt: z.number().int(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'JobRun' });

export const jobItem = z
  .object({
    name: z.string(),
    module: z.string(),
    label: z.string(),
    schedule: z.string().nullable(),
    retry: z.object({ limit: z.number().int(), delaySeconds: z.number().int(), backoff: z.boolean() }),
    lastRun: jobRun.nullable(),
    /** Failed runs in the last 24 hours. */
    failedRecently: z.number().int(),
  })
  .meta({ id: 'JobItem' });

export const jobList = z
  .object({
    items: z.array(jobItem),
    /** Whether this node runs the queue (JOBS=1): "run now" is queued there, otherwise run in the request. */
    queueRunning: z.boolean(),
  })
  .meta({ id: 'JobList' });

export const runsQuery = z.strictObject({
  job: z.string().max(100).optional(),
  state: runState.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const runList = z.object({ items: z.array(jobRun), total: z.number().int() }).meta({ id: 'JobRunList' });

export const jobParams = z.strictObject({ name: z.string().max(100) });

export const runNowResult = z.object({ queued: z.boolean(), run: jobRun.nullable() }).meta({ id: 'JobRunNow' });
