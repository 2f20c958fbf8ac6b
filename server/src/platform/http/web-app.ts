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
 * Serves the built React app from the same process. Hashed assets are cached for a year;
 * index.html never, so a new release is picked up on the next load.
 */
export async function registerWebApp(app: FastifyInstance, dir = webDistDir): Promise<void> {
  await app.register(async (scope) => {
    markRoutesPublic(scope);
    await scope.register(fastifyStatic, {
      root: dir,
      wildcard: true,
      index: 'index.html',
      setHeaders(res, filePath) {
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  });
}
