import { gradebookModule } from './modules/gradebook/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { operationsModule } from './modules/operations/index.ts';
import { orgModule } from './modules/org/index.ts';
import { registryModule } from './modules/registry/index.ts';
import { signingModule } from './modules/signing/index.ts';
import type { ModuleDefinition } from './platform/module.ts';

/**
 * The composition root: every module of the platform, in dependency order (identity before the
 * modules whose routes it guards; org before the modules that hang from the tree; signing before the modules that sign).
 */
export const modules: readonly ModuleDefinition[] = [
  identityModule,
  orgModule,
  registryModule,
  signingModule,
  gradebookModule,
  operationsModule,
];
