import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission id the caller must hold (in scope) for this route. */
    permission?: string;
    /** Explicitly open to anyone, signed in or not. */
    public?: boolean;
    /** Signed in, no particular permission (own profile, own sessions). */
    authenticated?: boolean;
    /**
     * Permissions the handler checks beyond the one that opens the route (a bulk export needs
     * `registry.export.bulk` on top of reading): listed so that every declared permission is
     * reachable from some route, which the role tests check.
     */
    alsoChecks?: readonly string[];
  }
}

/**
 * Opt-in auth is how a route ends up public by accident (Immich's forgotten decorator). Every
 * route must declare `permission`, `authenticated` or `public`; the server refuses to start
 * otherwise. Routes are collected as they are added and checked once the tree is complete,
 * because plugin wrappers (third-party UI, static files) mark theirs after this hook has seen them.
 */
export function enforceRouteDeclarations(app: FastifyInstance): RouteOptions[] {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => {
      const c = r.config ?? {};
      return !c.public && !c.permission && !c.authenticated && r.method !== 'HEAD';
    });
    if (undeclared.length > 0) {
      const list = undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ');
      throw new Error(`Routes without config.permission, config.authenticated or config.public: ${list}`);
    }
  });
  return routes;
}

/** For plugins we do not write (API reference UI, static files): their routes are public by nature. */
export function markRoutesPublic(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
}
