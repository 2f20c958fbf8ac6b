/**
 * The pages of the light public shell: what a parent, a pupil or a citizen opens on a phone
 * without signing in (sign-in with its second-factor step, account activation, transcript
 * verification; the procedure catalogue and open data of coming modules go here too). They are
 * rendered without Ant Design and prerendered at build time: the build writes `shell/<id>.html`
 * for each `id` and `public-pages.json`, from which the server answers these paths; every other
 * path is the staff app. A module adds a page with one line here and one in `pages.tsx`.
 * Plain data (no React): vite.config.ts reads it.
 */
export interface PublicShellRoute {
  /** The page component (pages.tsx) and its prerendered file `shell/<id>.html`. */
  id: string;
  /** `/verify/:code`: a `:name` segment stands for any one path segment. */
  path: string;
}

export const publicShellRoutes: readonly PublicShellRoute[] = [
  { id: 'login', path: '/login' },
  { id: 'activate', path: '/activate' },
  { id: 'verify', path: '/verify' },
  { id: 'verify', path: '/verify/:code' },
];

function pattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[A-Za-z]+/g, '/([^/]+)');
  return new RegExp(`^${escaped}/?$`);
}

/** The route of a path and its `:name` parameters, or undefined (not a public shell page). */
export function matchPublicRoute(
  pathname: string,
  routes: readonly PublicShellRoute[] = publicShellRoutes,
): { route: PublicShellRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const m = pattern(route.path).exec(pathname);
    if (!m) continue;
    const names = [...route.path.matchAll(/\/:([A-Za-z]+)/g)].map((n) => n[1] ?? '');
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}
