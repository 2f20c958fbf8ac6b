import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { gradebookDemoSteps } from './demo.ts';
import { provinceGradebookStep } from './province.ts';

/** Phase 30: after the registry's records (20). Demo: keys, HK1 marks, a locked class, a guardian account. Province: a year of term-level data. */
export const gradebookSeedSteps: readonly SeedStep[] = [...gradebookDemoSteps, provinceGradebookStep];
