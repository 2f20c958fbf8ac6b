import { defineConfig } from 'vitest/config';

/**
 * `npm test` (root) runs this: the server's unit, module and HTTP tests, and the web app's unit
 * tests as a second project, in one run with one report.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // The machine has two cores; each worker holds its own embedded database.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          // *.pg.test.ts need a PostgreSQL server (roles, privileges): collected only when DATABASE_URL is set.
          exclude: process.env.DATABASE_URL ? [] : ['**/*.pg.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      '../web/vitest.config.ts',
    ],
  },
});
