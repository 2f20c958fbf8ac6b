import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { markRoutesPublic } from './route-declarations.ts';

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/dist');

export function webAppBuilt(dir = webDistDir): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}

/**
 * The pages of the light public shell (sign-in, activation, verification…), written by the web
 * build as `public-pages.json`: a path pattern (`/verify/:code`) and the prerendered HTML file
 * that answers it. Every other path gets the staff app's index.html.
 */
interface PublicPage {
  path: string;
  file: string;
}

function readPublicPages(dir: string): { pattern: RegExp; file: string }[] {
  const manifest = path.join(dir, 'public-pages.json');
  if (!fs.existsSync(manifest)) return [];
  const pages = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { pages?: PublicPage[] }).pages ?? [];
  return pages
    .filter((p) => typeof p.path === 'string' && typeof p.file === 'string' && !p.file.includes('..'))
    .map((p) => ({
      pattern: new RegExp(`^${p.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[A-Za-z]+/g, '/[^/]+')}/?$`),
      file: p.file,
    }));
}

/** Vite names every emitted file of `assets/` `<name>-<hash>.<ext>`: safe to keep for a year. */
const hashedAsset = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Serves the built web app from the same process.
 *
 * - The build writes a brotli and a gzip copy beside every text asset; `preCompressed` picks one
 *   by Accept-Encoding (identity when the client asks for none), and every answer of a file that
 *   has copies says `Vary: Accept-Encoding` so a shared cache keeps the variants apart. Range and
 *   HEAD apply to the representation sent (RFC 9110 §14: the bytes of the encoded file).
 * - Hashed assets are immutable for a year; everything else (index.html, the service worker, the
 *   manifest) is `no-cache` with an ETag, so a new release is seen on the next load.
 *   `cacheControl: false`: otherwise @fastify/static writes its own `max-age=0` over ours.
 *
 * Returns the HTML file that answers a page path (the SPA fallback of the not-found handler).
 */
export async function registerWebApp(app: FastifyInstance, dir = webDistDir): Promise<(pathname: string) => string> {
  const publicPages = readPublicPages(dir);
  // The build does not change under a running server: which files have compressed copies is read once.
  const withCopies = new Set(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => /\.(br|gz)$/.test(f))
      .map((f) => path.join(dir, f.replace(/\.(br|gz)$/, ''))),
  );
  await app.register(async (scope) => {
    markRoutesPublic(scope);
    await scope.register(fastifyStatic, {
      root: dir,
      wildcard: true,
      index: 'index.html',
      preCompressed: true,
      cacheControl: false,
      etag: true,
      lastModified: true,
      // The fingerprint of the last build and the list of public pages are the server's business.
      allowedPath: (pathname) => pathname !== '/.build-hash' && !pathname.startsWith('/.vite/'),
      setHeaders(res, filePath) {
        const plain = filePath.replace(/\.(br|gz)$/, '');
        res.setHeader('cache-control', hashedAsset.test(plain) ? 'public, max-age=31536000, immutable' : 'no-cache');
        if (withCopies.has(plain)) {
          res.setHeader('vary', 'accept-encoding');
        }
        // The service worker controls the whole origin though it is served from the root anyway.
        if (plain.endsWith(`${path.sep}sw.js`)) res.setHeader('service-worker-allowed', '/');
      },
    });
  });
  return (pathname) => publicPages.find((p) => p.pattern.test(pathname))?.file ?? 'index.html';
}
