import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { installSessionGuard } from './guard.ts';
import { identityPermissions } from './manifest.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { roleRoutes } from './routes/roles.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { demoAccountsStep } from './seed/demo-accounts.ts';
import { syncPermissionsAndRoles } from './sync.ts';

/** Accounts, sessions, MFA, roles and grants; guards every route of the app. */
export const identityModule: ModuleDefinition = {
  name: 'identity',
  messages: { vi, en },
  permissions: identityPermissions,
  rootHooks: installSessionGuard,
  async routes(app: FastifyInstance) {
    await app.register(authRoutes);
    await app.register(userRoutes);
    await app.register(roleRoutes);
    await app.register(auditRoutes);
  },
  seedSteps: [demoAccountsStep],
  onMigrated: syncPermissionsAndRoles,
  startupChecks: [
    async (database) => {
      const result = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.users WHERE demo_password');
      const n = result[0]?.n ?? 0;
      return n > 0
        ? [`${n} account(s) still have the published demo password (identity.users.demo_password). Change their passwords or disable them, or start with DEMO=1.`]
        : [];
    },
  ],
};
