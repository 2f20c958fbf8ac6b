import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Database } from './db/database.ts';
import type { EventDeclaration, EventSubscription } from './events/events.ts';
import type { Catalog } from './i18n/translator.ts';
import type { SeedStep } from './seed/pipeline.ts';

/** A permission as a module declares it (Moodle's db/access.php): synced to the database at migrate time. */
export interface PermissionDeclaration {
  id: string;
  label: { vi: string; en: string };
  /** Exports personal data of more than one class at a time: holders must use MFA. */
  bulkExport?: boolean;
}

/**
 * A scope an API client may be given (identity's machine credentials): a route that accepts
 * clients names one in `config.apiScope`, and the server refuses to start if no module declares it.
 */
export interface ApiScopeDeclaration {
  id: string;
  label: { vi: string; en: string };
}

/** A check run before a non-demo start; each string returned is a reason to refuse to start. */
export type StartupCheck = (database: Database) => Promise<string[]>;

/**
 * What a module declares about itself. The composition root (modules.ts) lists the modules;
 * everything else — routes under /api/<name>, strings, permissions, seed steps — follows from here.
 */
export interface ModuleDefinition {
  name: string;
  messages: Catalog;
  permissions?: readonly PermissionDeclaration[];
  /** Scopes of its routes that API clients may call (`config.apiScope`). */
  apiScopes?: readonly ApiScopeDeclaration[];
  /** The domain events the module publishes (platform/events), with their labels. */
  events?: readonly EventDeclaration[];
  /** Its handlers of other modules' events, delivered after the publisher's commit, at least once. */
  subscriptions?: readonly EventSubscription[];
  routes?: FastifyPluginAsync;
  seedSteps?: readonly SeedStep[];
  startupChecks?: readonly StartupCheck[];
  /** Runs after every migration pass, e.g. to sync the declared permissions into the database. */
  onMigrated?: (database: Database, modules: readonly ModuleDefinition[]) => Promise<void>;
  /** Hooks on the root of the app, before any module's routes (identity's session guard). */
  rootHooks?: (app: FastifyInstance) => void;
}
