import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { operationsJobs, operationsPermissions } from './manifest.ts';
import { jobRoutes } from './routes/jobs.routes.ts';
import { outboxRoutes } from './routes/outbox.routes.ts';

/** Running the platform: the outbox screen, the jobs screen and their run log, each user's notification preferences. */
export const operationsModule: ModuleDefinition = {
  name: 'operations',
  messages: { vi, en },
  permissions: operationsPermissions,
  jobs: operationsJobs,
  async routes(app: FastifyInstance) {
    await app.register(outboxRoutes);
    await app.register(jobRoutes);
  },
};
