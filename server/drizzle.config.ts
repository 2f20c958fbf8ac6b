import { defineConfig } from 'drizzle-kit';

// One migrations folder for all modules; each module's tables live in its own PostgreSQL schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/db/schema.ts', './src/modules/*/schema.ts'],
  out: './drizzle',
});
