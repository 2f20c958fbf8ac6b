import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../errors.ts';

/** At most this many fields are named; a request full of NULs needs no more to be understood. */
const MAX_NAMED = 20;

/**
 * The dotted paths (`body.guardians.0.fullName`) of every string — value or key — holding U+0000,
 * which PostgreSQL cannot store in text. Buffers and streams (file uploads) are not walked: files
 * are checked cell by cell by their readers.
 */
export function pathsWithNul(value: unknown, path: string, found: string[] = []): string[] {
  if (found.length >= MAX_NAMED) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsWithNul(v, `${path}.${i}`, found);
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && isPlain(value)) {
    for (const [k, v] of Object.entries(value)) {
      const at = `${path}.${k.replaceAll('\u0000', '\\u0000')}`;
      if (k.includes('\u0000') && found.length < MAX_NAMED) found.push(at);
      pathsWithNul(v, at, found);
    }
  }
  return found;
}

/** A parsed body, query or params object: Fastify's query parser builds them on a prototype of its own whose prototype is null. */
const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * Refuses U+0000 once for the whole API, before any route's schema or query sees the request:
 * 400 naming each field (`validation.nulCharacter`), for every body, query string and path parameter.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const found = pathsWithNul(request.params, 'params');
    pathsWithNul(request.query, 'query', found);
    pathsWithNul(request.body, 'body', found);
    if (found.length === 0) return;
    const errors: FieldError[] = found.slice(0, MAX_NAMED).map((path) => ({ path, code: 'validation.nulCharacter' }));
    throw new AppError('platform.validation', 400, {}, errors);
  });
}
