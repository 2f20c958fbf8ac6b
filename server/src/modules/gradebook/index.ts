import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { markHistoryChain } from './history-chain.ts';
import { gradebookPermissions, gradebookRoleGrants } from './manifest.ts';
import { correctionRoutes } from './routes/corrections.routes.ts';
import { resultRoutes } from './routes/results.routes.ts';
import { transcriptRoutes } from './routes/transcripts.routes.ts';
import { sheetRoutes } from './routes/sheets.routes.ts';
import { gradebookSeedSteps } from './seed/steps.ts';
import { registerDocumentType } from '../signing/public.ts';
import { transcriptDocumentType } from './transcript-documents.ts';

/**
 * The grade book (issue 6): marks by TT 22/2021 and TT 27/2020 with the open → published → locked
 * workflow and principal-approved corrections; results, summaries and signed transcripts build on it.
 */
export const gradebookModule: ModuleDefinition = {
  name: 'gradebook',
  messages: { vi, en },
  permissions: gradebookPermissions,
  roleGrants: gradebookRoleGrants,
  seedSteps: gradebookSeedSteps,
  hashChains: [markHistoryChain],
  async routes(app: FastifyInstance) {
    await app.register(sheetRoutes);
    await app.register(correctionRoutes);
    await app.register(resultRoutes);
    await app.register(transcriptRoutes);
    registerDocumentType(transcriptDocumentType);
  },
};
