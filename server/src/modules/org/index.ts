import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import { registerOrgRecordKind } from './access.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { orgPermissions, orgRoleGrants } from './manifest.ts';
import { loadAdminUnits } from './reference/load.ts';
import { adminUnitRoutes } from './routes/admin-units.routes.ts';
import { unitRoutes } from './routes/units.routes.ts';
import { orgSeedSteps } from './seed/steps.ts';

registerOrgRecordKind();

/** Administrative units and the organisation tree (issue 4). */
export const orgModule: ModuleDefinition = {
  name: 'org',
  messages: { vi, en },
  permissions: orgPermissions,
  roleGrants: orgRoleGrants,
  async routes(app: FastifyInstance) {
    await app.register(unitRoutes);
    await app.register(adminUnitRoutes);
  },
  seedSteps: orgSeedSteps,
  async onMigrated(database) {
    await loadAdminUnits(database);
  },
};
