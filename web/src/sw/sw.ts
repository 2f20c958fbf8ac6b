import { userDataRoutes } from './handlers.ts';

/**
 * The one service worker of the origin (served as /sw.js). It makes the app installable and a
 * repeat visit fast on a phone:
 * - the shell (both apps' HTML, entry scripts and styles, the offline page, icons) is kept per
 *   build in `gds-shell-<build>`, filled when this version installs;
 * - hashed assets are cache-first (their names change with their content);
 * - pages are network-first: a stale index.html is never served while the server answers, and
 *   offline the page comes from the same build as the assets cached with it, so no chunk is missing;
 * - the last answer of a user's own data (handlers.ts) is kept per user and shown first;
 * - a new build installs at once (skipWaiting, clients.claim) and drops the previous build's shell.
 * Plain code with no imports but handlers.ts: the build emits it as one file and writes the list
 * of the shell's files and the build id in place of `__GDS_SW_MANIFEST__`.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface SwClient {
  postMessage(message: unknown): void;
}
interface SwGlobal {
  location: Location;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(options?: { type?: string }): Promise<readonly SwClient[]> };
}

declare const self: SwGlobal;
declare const __GDS_SW_MANIFEST__: { build: string; precache: string[]; pages: { path: string; file: string }[] };

const manifest = __GDS_SW_MANIFEST__;
const shellCache = `gds-shell-${manifest.build}`;
const assetCache = 'gds-assets';
const metaCache = 'gds-meta';
const dataCachePrefix = 'gds-data-';
const userKey = '/__gds/user';
/** Hashed assets kept beyond the shell (lazy route chunks seen so far), oldest dropped first. */
const maxAssets = 200;

const pagePatterns = manifest.pages.map((p) => ({
  pattern: new RegExp(`^${p.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[A-Za-z]+/g, '/[^/]+')}/?$`),
  file: `/${p.file}`,
}));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(shellCache);
      // Past the HTTP cache: the shell must be this build's, all of it, or the install fails.
      await cache.addAll(manifest.precache.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('gds-shell-') && name !== shellCache) await caches.delete(name);
      }
      const assets = await caches.open(assetCache);
      const keys = await assets.keys();
      for (const key of keys.slice(0, Math.max(0, keys.length - maxAssets))) await assets.delete(key);
      await self.clients.claim();
    })(),
  );
});

let currentUser: string | null | undefined;

async function readUser(): Promise<string | null> {
  if (currentUser !== undefined) return currentUser;
  const saved = await (await caches.open(metaCache)).match(userKey);
  currentUser = saved ? await saved.text() : null;
  return currentUser;
}

/** Drops every user's data (sign-out, sign-in, session over) or all but `keep`'s. */
async function clearUserData(keep?: string): Promise<void> {
  for (const name of await caches.keys()) {
    if (name.startsWith(dataCachePrefix) && name !== `${dataCachePrefix}${keep}`) await caches.delete(name);
  }
  if (!keep) {
    currentUser = null;
    await (await caches.open(metaCache)).delete(userKey);
  }
}

async function setUser(id: string): Promise<void> {
  if ((await readUser()) === id) return;
  await clearUserData(id);
  currentUser = id;
  await (await caches.open(metaCache)).put(userKey, new Response(id));
}

/** Who is signed in, learnt from the answers of /api/identity/me the app asks for anyway. */
async function watchMe(request: Request): Promise<Response> {
  const user = await readUser();
  let response: Response;
  try {
    response = await fetch(request);
  } catch (err) {
    // Offline: the last answer of the same user lets the cached home paint.
    const cached = user ? await (await caches.open(`${dataCachePrefix}${user}`)).match(request) : undefined;
    if (cached) return cached;
    throw err;
  }
  if (response.ok) {
    const me = (await response.clone().json()) as { id?: string; pending?: string };
    if (me.id && me.pending === 'none') {
      await setUser(me.id);
      await (await caches.open(`${dataCachePrefix}${me.id}`)).put(request, response.clone());
    }
  } else if (response.status === 401 || response.status === 403) {
    await clearUserData();
  }
  return response;
}

/** A user's own data: the last answer at once, the fresh one stored for next time and announced. */
async function userData(event: FetchEvent): Promise<Response> {
  const user = await readUser();
  if (!user) return fetch(event.request);
  const cache = await caches.open(`${dataCachePrefix}${user}`);
  const cached = await cache.match(event.request);
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok && currentUser === user) {
      await cache.put(event.request, response.clone());
      if (cached && (await cached.clone().text()) !== (await response.clone().text())) {
        for (const client of await self.clients.matchAll({ type: 'window' })) {
          client.postMessage({ type: 'gds:data-updated', url: event.request.url });
        }
      }
    } else if (response.status === 401 || response.status === 403) {
      await clearUserData();
    }
    return response;
  });
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => undefined));
  return cached;
}

async function page(request: Request, pathname: string): Promise<Response> {
  try {
    return await fetch(request);
  } catch (err) {
    const file = pagePatterns.find((p) => p.pattern.test(pathname))?.file ?? '/index.html';
    const shell = await caches.open(shellCache);
    const cached = (await shell.match(file)) ?? (await shell.match('/offline.html'));
    if (cached) return cached;
    throw err;
  }
}

async function asset(request: Request): Promise<Response> {
  const cached = (await caches.match(request)) ?? undefined;
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(assetCache)).put(request, response.clone());
  return response;
}

async function afterAuthChange(request: Request): Promise<Response> {
  const response = await fetch(request);
  await clearUserData();
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && /^\/api\/identity\/(logout|login)$/.test(url.pathname)) {
    event.respondWith(afterAuthChange(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request, url.pathname));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else if (url.pathname === '/api/identity/me') {
    event.respondWith(watchMe(request));
  } else if (!url.search && userDataRoutes.some((r) => r.path.test(url.pathname))) {
    event.respondWith(userData(event));
  }
});
