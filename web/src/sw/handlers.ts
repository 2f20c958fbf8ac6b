/**
 * What the service worker keeps of a signed-in user's data, per user, so that a repeat visit of a
 * phone page paints at once from the last answer while the fresh one is fetched (stale while
 * revalidate). Only read-only GETs of one's own data belong here; everything is dropped at
 * sign-out, at sign-in, when the session ends and when another user signs in (phones are shared).
 * A module adds its phone page's data with one line.
 */
export interface UserDataRoute {
  /** Which module asks for it (for whoever reads this list). */
  module: string;
  /** Matched against the path of a same-origin GET (no query string unless the pattern says so). */
  path: RegExp;
}

export const userDataRoutes: readonly UserDataRoute[] = [
  // A guardian's home: their children with marks, classes and schools.
  { module: 'registry', path: /^\/api\/registry\/me\/children$/ },
  { module: 'registry', path: /^\/api\/registry\/me\/student$/ },
];
