import type { JobDeclaration } from '../../platform/jobs/declarations.ts';
import type { PermissionDeclaration } from '../../platform/module.ts';
import { pruneJobRuns } from './repo.ts';

/**
 * Running the platform: the outbox of every channel and the background jobs of every module, seen
 * and acted on by administrators of the whole province (the messages hold codes and links).
 */
export const operationsPermissions = [
  {
    id: 'operations.outbox.read',
    label: { vi: 'Xem hộp thư đi (mọi kênh): tin đã gửi, đang chờ, bị lỗi', en: 'Read the outbox (every channel): sent, waiting, failed' },
  },
  { id: 'operations.outbox.retry', label: { vi: 'Gửi lại tin bị lỗi hoặc chưa gửi', en: 'Retry failed or unsent messages' } },
  { id: 'operations.jobs.read', label: { vi: 'Xem tác vụ nền và nhật ký chạy', en: 'Read background jobs and their run log' } },
  { id: 'operations.jobs.run', label: { vi: 'Chạy ngay một tác vụ nền', en: 'Run a background job now' } },
] as const satisfies readonly PermissionDeclaration[];

export type OperationsPermission = (typeof operationsPermissions)[number]['id'];

/** Runs older than this leave the log (a quarter: long enough to see a term's pattern of failures). */
export const JOB_RUN_RETENTION_DAYS = 92;

export const operationsJobs = [
  {
    name: 'operations.outbox.deliver',
    label: { vi: 'Gửi tin trong hộp thư đi (thử lại tin lỗi)', en: 'Deliver the outbox (retrying failed messages)' },
    // Every minute: retries fall due at 1, 2, 4… minutes; a route also delivers right after its commit.
    schedule: '* * * * *',
    // The outbox retries each message itself; a failed pass is simply the next minute's.
    retry: { limit: 0, delaySeconds: 60, backoff: false },
    expireSeconds: 15 * 60,
    async handler(ctx) {
      const report = await ctx.outbox.deliverPending(ctx.now());
      return { ...report };
    },
  },
  {
    name: 'operations.jobs.prune',
    label: { vi: 'Dọn nhật ký chạy tác vụ cũ', en: 'Prune old job runs' },
    schedule: '30 2 * * *',
    retry: { limit: 3, delaySeconds: 600, backoff: true },
    async handler(ctx) {
      const before = new Date(ctx.now().getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000);
      return { deleted: await pruneJobRuns(ctx.database.db, before) };
    },
  },
] as const satisfies readonly JobDeclaration[];
