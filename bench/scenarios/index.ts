import type { Scenario } from '../lib/types.ts';

/**
 * Every scenario `npm run bench -- <name>` knows; a new one is one file plus one line here.
 * Loaded on demand, so the baseline process imports only the scenario it serves (a scenario
 * that seeds through the server's modules would otherwise weigh on every baseline's memory).
 */
const loaders: Record<string, () => Promise<Scenario>> = {
  health: async () => (await import('./health.ts')).health,
  openapi: async () => (await import('./openapi.ts')).openapi,
  org: async () => (await import('./org.ts')).org,
  'org-root': async () => (await import('./org.ts')).orgRoot,
  login: async () => (await import('./login.ts')).login,
  'registry-import-xlsx': async () => (await import('./registry.ts')).registryImportXlsx,
  'registry-import-csv': async () => (await import('./registry.ts')).registryImportCsv,
  'registry-search': async () => (await import('./registry.ts')).registrySearch,
  'gradebook-year-end': async () => (await import('./gradebook.ts')).gradebookYearEnd,
  'gradebook-save': async () => (await import('./gradebook.ts')).gradebookSave,
  'gradebook-transcripts': async () => (await import('./gradebook.ts')).gradebookTranscripts,
};

export const scenarioNames: readonly string[] = Object.keys(loaders);

export async function loadScenario(name: string): Promise<Scenario | undefined> {
  return Object.hasOwn(loaders, name) ? loaders[name]?.() : undefined;
}
