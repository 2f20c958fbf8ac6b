import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { HashChain } from './audit-chain.ts';
import type { Database, Queryable } from './db/database.ts';
import type { Catalog } from './i18n/translator.ts';
import type { JobDeclaration } from './jobs/declarations.ts';
import type { SeedStep } from './seed/pipeline.ts';

/** A permission as a module declares it (Moodle's db/access.php): synced to the database at migrate time. */
export interface PermissionDeclaration {
  id: string;
  label: { vi: string; en: string };
  /** Exports personal data of more than one class at a time: holders must use MFA. */
  bulkExport?: boolean;
}

/**
 * A role a module brings (the one-stop officer of public services, the accountant of payments),
 * or one of the shared built-in roles identity declares (principal, teacher…). Its permissions
 * are the declaring module's own; other modules add theirs through `roleGrants`.
 */
export interface RoleDeclaration {
  key: string;
  name: { vi: string; en: string };
  requiresMfa: boolean;
  /** 'all' only for the system administrator: every permission of every module. */
  permissions: readonly string[] | 'all';
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
  /** Roles this module defines (identity composes every module's roles and grants into the built-in roles). */
  roles?: readonly RoleDeclaration[];
  /** This module's permissions given to roles declared elsewhere, by role key (`{ teacher: ['gradebook.mark.enter'] }`). */
  roleGrants?: Readonly<Record<string, readonly string[]>>;
  /** Background jobs: queue, retry policy, schedule; every run is logged (platform/jobs). */
  jobs?: readonly JobDeclaration[];
  routes?: FastifyPluginAsync;
  seedSteps?: readonly SeedStep[];
  startupChecks?: readonly StartupCheck[];
  /** Runs after every migration pass, e.g. to sync the declared permissions into the database. */
  onMigrated?: (database: Database, modules: readonly ModuleDefinition[]) => Promise<void>;
  /** Hooks on the root of the app, before any module's routes (identity's session guard). */
  rootHooks?: (app: FastifyInstance) => void;
  /** Append-only histories of the module chained by hash (their trigger is in a migration). */
  hashChains?: readonly HashChain[];
  /** The platform administrators' e-mail addresses (identity: who administers the province). */
  administratorEmails?: (q: Queryable) => Promise<string[]>;
}
