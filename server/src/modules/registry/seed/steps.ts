import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { demoRegistryStep } from './demo.ts';
import { schoolProfileSeedStep } from './school.ts';
import { provinceRegistryStep } from './province.ts';
import { staffSeedStep } from './staff.ts';

export const registrySeedSteps: readonly SeedStep[] = [demoRegistryStep, provinceRegistryStep, staffSeedStep, schoolProfileSeedStep];
