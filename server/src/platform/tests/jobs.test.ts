import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-db.ts';
import type { Database } from '../db/database.ts';
import { type Jobs, startJobs } from '../jobs/jobs.ts';
import { createLogger } from '../logger.ts';

let database: Database;
let jobs: Jobs;
beforeAll(async () => {
  database = await createTestDatabase();
  jobs = await startJobs(database, createLogger({ logLevel: 'silent' }));
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

describe('background jobs (pg-boss over the same database)', () => {
  it('delivers a sent job to its worker', async () => {
    const received = new Promise<{ n: number }>((resolve) => {
      void jobs.work<{ n: number }>('platform.test-job', async (data) => resolve(data));
    });
    const id = await jobs.send('platform.test-job', { n: 42 });
    expect(id).toBeTruthy();
    expect(await received).toEqual({ n: 42 });
  });
});
