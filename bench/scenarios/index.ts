import type { Scenario } from '../lib/types.ts';
import { health } from './health.ts';
import { openapi } from './openapi.ts';

/** Every scenario `npm run bench -- <name>` knows; a new one is one file plus one line here. */
export const scenarios: readonly Scenario[] = [health, openapi];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
