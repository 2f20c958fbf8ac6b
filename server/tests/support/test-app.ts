import type { FastifyBaseLogger, FastifyInstance, RouteOptions } from 'fastify';
import { modules as allModules } from '../../src/modules.ts';
import { loadSettings, type Settings } from '../../src/platform/config.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { createTranslator } from '../../src/platform/i18n/translator.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { ModuleDefinition } from '../../src/platform/module.ts';
import { createPlatformOutbox } from '../../src/platform/notify/index.ts';
import { createTestDatabase } from './test-db.ts';
import { tmpDir } from './paths.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  settings: Settings;
  close(): Promise<void>;
}

/** The real app over a private database, driven with app.inject() (no network). */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    modules?: readonly ModuleDefinition[];
    onRoute?: (route: RouteOptions) => void;
    /** A built web app to serve (a folder of real files); none by default. */
    webDir?: string;
    /** A logger to read back (the log-scanning test); otherwise silent unless TEST_LOG is set. */
    logger?: FastifyBaseLogger;
  } = {},
): Promise<TestApp> {
  const settings = loadSettings({ DATA_DIR: `${tmpDir}/test-data-${process.pid}`, LOG_LEVEL: 'silent', ...options.env });
  const database = await createTestDatabase();
  const modules = options.modules ?? allModules;
  const log = createLogger(settings);
  const app = await buildApp({
    settings,
    database,
    modules,
    translator: createTranslator(modules.map((m) => m.messages)),
    outbox: createPlatformOutbox(settings, database, log),
    jobs: undefined,
    logger: options.logger ?? (process.env.TEST_LOG ? createLogger({ logLevel: 'error' }) : false),
    serveWebApp: options.webDir !== undefined,
    webDir: options.webDir,
    onRoute: options.onRoute,
  });
  await app.ready();
  return {
    app,
    database,
    settings,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
