import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { installSessionGuard } from './guard.ts';
import { identityPermissions, identityRoles } from './manifest.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { roleRoutes } from './routes/roles.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { demoAccountsStep } from './seed/demo-accounts.ts';
import { syncPermissionsAndRoles } from './sync.ts';
import { registerDependantCounter } from '../org/public.ts';
import { sql } from 'drizzle-orm';

// A unit where people still have their accounts or hold roles cannot close.
registerDependantCounter('identity.users', async (q, unitId) => {
  const r = await q.execute(sql`SELECT count(*)::int AS n FROM identity.users WHERE home_unit_id = ${unitId} AND status = 'active'`);
  return (r.rows[0] as { n: number }).n;
});
registerDependantCounter('identity.grants', async (q, unitId) => {
  const r = await q.execute(sql`SELECT count(*)::int AS n FROM identity.grants WHERE unit_id = ${unitId} AND revoked_at IS NULL`);
  return (r.rows[0] as { n: number }).n;
});

/** Accounts, sessions, MFA, roles and grants; guards every route of the app. */
export const identityModule: ModuleDefinition = {
  name: 'identity',
  messages: { vi, en },
  permissions: identityPermissions,
  roles: identityRoles,
  rootHooks: installSessionGuard,
  async routes(app: FastifyInstance) {
    await app.register(authRoutes);
    await app.register(userRoutes);
    await app.register(roleRoutes);
    await app.register(auditRoutes);
  },
  seedSteps: [demoAccountsStep],
  // The system administrators with an address: they get the nightly signed heads of the audit chains.
  async administratorEmails(q) {
    const r = await q.execute(sql`SELECT DISTINCT u.email FROM identity.users u
      JOIN identity.grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      JOIN identity.roles r ON r.id = g.role_id AND r.key = 'system_admin'
      WHERE u.status = 'active' AND u.email IS NOT NULL`);
    return (r.rows as { email: string }[]).map((row) => row.email);
  },
  onMigrated: syncPermissionsAndRoles,
  startupChecks: [
    async (database) => {
      const result = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.users WHERE demo_password');
      const n = result[0]?.n ?? 0;
      return n > 0
        ? [
            `${n} account(s) still have the published demo password (identity.users.demo_password). Change their passwords or disable them, or start with DEMO=1.`,
          ]
        : [];
    },
  ],
};
