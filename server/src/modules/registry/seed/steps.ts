import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { demoRegistryStep } from './demo.ts';

export const registrySeedSteps: readonly SeedStep[] = [demoRegistryStep];
