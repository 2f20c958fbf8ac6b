import { gradebookModule } from './gradebook/index.tsx';
import { identityModule } from './identity/index.tsx';
import { operationsModule } from './operations/index.tsx';
import { orgModule } from './org/index.tsx';
import { platformModule } from './platform/index.tsx';
import { registryModule } from './registry/index.tsx';
import { signingModule } from './signing/index.tsx';
import type { WebModule } from './types.ts';

/**
 * Every web module of the app, in menu order. Adding one is one line here plus its folder
 * `modules/<id>/index.tsx` exporting a WebModule (see modules/types.ts).
 */
export const webModules: readonly WebModule[] = [
  platformModule,
  orgModule,
  registryModule,
  gradebookModule,
  signingModule,
  identityModule,
  operationsModule,
];
