import { defineConfig } from 'vitest/config';

// Unit tests of the web app's pure helpers (`npm test -w web`); screens are covered by e2e/.
export default defineConfig({
  test: { name: 'web', root: import.meta.dirname, include: ['src/**/*.test.ts'], environment: 'node' },
});
