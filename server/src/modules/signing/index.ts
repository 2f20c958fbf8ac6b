import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { signingPermissions, signingRoleGrants } from './manifest.ts';
import padesEn from './pades/i18n/en.json' with { type: 'json' };
import padesVi from './pades/i18n/vi.json' with { type: 'json' };
import { keyRoutes } from './routes/keys.routes.ts';
import { verifyRoutes } from './routes/verify.routes.ts';

/**
 * Signing for any unit (issue 13 §D): one home for PAdES signatures, the certificate store, the
 * trusted CAs and the public verification of every document type the platform signs. Modules
 * call it through public.ts; the grade book's transcripts are its first user.
 */
export const signingModule: ModuleDefinition = {
  name: 'signing',
  messages: { vi: { ...vi, ...padesVi }, en: { ...en, ...padesEn } },
  permissions: signingPermissions,
  roleGrants: signingRoleGrants,
  async routes(app: FastifyInstance) {
    await app.register(keyRoutes);
    await app.register(verifyRoutes);
  },
};
