import { describe, expect, it } from 'vitest';
import { matchPublicRoute, publicShellRoutes } from './routes.ts';

describe('public shell routes', () => {
  it('matches a fixed path, with or without a trailing slash', () => {
    expect(matchPublicRoute('/login')?.route.id).toBe('login');
    expect(matchPublicRoute('/activate/')?.route.id).toBe('activate');
  });

  it('takes a parameter from its segment', () => {
    expect(matchPublicRoute('/verify/AB12CD34EF56GH78')).toEqual({
      route: { id: 'verify', path: '/verify/:code' },
      params: { code: 'AB12CD34EF56GH78' },
    });
    expect(matchPublicRoute('/verify')?.params).toEqual({});
  });

  it('leaves every other path to the staff app', () => {
    for (const path of ['/', '/login/enrol', '/loginx', '/verify/a/b', '/registry/me/children', '/reset-password']) {
      expect(matchPublicRoute(path)).toBeUndefined();
    }
  });

  it('gives every page a file name safe for the build', () => {
    for (const r of publicShellRoutes) expect(r.id).toMatch(/^[a-z][a-z0-9-]*$/);
  });
});
