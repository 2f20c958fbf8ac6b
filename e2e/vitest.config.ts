import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Browser journeys against the real platform: `npm run test:e2e` (root). The global setup starts
 * `server/src/main.ts` on a free port with a fresh data folder and stops it at the end.
 */
export default defineConfig({
  root: here,
  test: {
    include: ['**/*.e2e.ts'],
    globalSetup: [path.join(here, 'support/global-setup.ts')],
    // One platform process, one browser per file; files run one after another (2 cores).
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
