/**
 * Nothing for other modules: they send through platform/notify (the outbox) and declare their
 * jobs in their own ModuleDefinition; this module only shows and operates both.
 */
export {};
