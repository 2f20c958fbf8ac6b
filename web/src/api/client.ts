import createClient, { type FetchOptions, type Middleware } from 'openapi-fetch';
import { currentLanguage } from '../i18n/index.ts';
import type { paths } from './schema';

export type { components, paths } from './schema';

/** The options (`params`, `body`) of one operation, for a module's api.ts to take from its pages: `RequestOf<'/api/org/units', 'post'>`. */
export type RequestOf<P extends keyof paths, M extends keyof paths[P]> = FetchOptions<paths[P][M]>;

/** One field error of a problem+json response, already translated by the server. */
export interface ApiFieldError {
  path: string;
  code: string;
  message: string;
}

/**
 * A failed API call. `kind` says which: the server answered with problem+json (`problem`), it
 * could not be reached (`network`), or it answered with something else (`unexpected`).
 * `title` is the server's translated title for `problem`; the UI translates the other two kinds.
 */
export class ApiProblem extends Error {
  constructor(
    readonly kind: 'problem' | 'network' | 'unexpected',
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly requestId?: string,
    readonly errors: readonly ApiFieldError[] = [],
  ) {
    super(title || code);
    this.name = 'ApiProblem';
  }

  /** Field errors keyed by path, for a form (`body.name` → message). */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.path, e.message]));
  }
}

export function isApiProblem(err: unknown): err is ApiProblem {
  return err instanceof ApiProblem;
}

function isProblemBody(
  body: unknown,
): body is { code: string; title: string; status: number; requestId?: string; errors?: ApiFieldError[] } {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { title?: unknown }).title === 'string'
  );
}

/** The ApiProblem of a non-2xx response, from its parsed body (problem+json or anything else). */
export function problemFromResponse(response: Response, body: unknown): ApiProblem {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (isProblemBody(body)) {
    return new ApiProblem('problem', body.status ?? response.status, body.code, body.title, body.requestId ?? requestId, body.errors ?? []);
  }
  return new ApiProblem('unexpected', response.status, 'web.unexpectedResponse', '', requestId);
}

/** An exception of fetch() itself (offline, server down) as an ApiProblem of kind `network`. */
export function asNetworkProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  return new ApiProblem('network', 0, 'web.unreachable', err instanceof Error ? err.message : String(err));
}

/** The value of a cookie readable by scripts (the CSRF token is; the session cookie is not). */
export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export const csrfCookieName = 'gds_csrf';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const platformHeaders: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept-language', currentLanguage());
    if (!safeMethods.has(request.method.toUpperCase())) {
      const token = readCookie(csrfCookieName);
      if (token) request.headers.set('x-csrf-token', token);
    }
    return request;
  },
  onError({ error }) {
    // fetch() itself failed: offline, DNS, server down, CORS. Surfaces as one kind of error.
    return asNetworkProblem(error);
  },
};

/**
 * A same-origin request the typed client cannot carry (a file sent as the raw body, a binary
 * answer read as a blob), with the same platform headers (language, CSRF) and errors (ApiProblem).
 */
export async function sendRaw(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept-language', currentLanguage());
  const token = readCookie(csrfCookieName);
  if (token && !safeMethods.has((init.method ?? 'GET').toUpperCase())) headers.set('x-csrf-token', token);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  } catch (err) {
    throw asNetworkProblem(err);
  }
  if (!res.ok) throw problemFromResponse(res, await res.json().catch(() => null));
  return res;
}

/** A typed client with the platform's headers; `baseUrl`/`fetch` only differ in tests. */
export function createApiClient(options: { baseUrl?: string; fetch?: typeof fetch } = {}) {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '', credentials: 'same-origin', fetch: options.fetch });
  client.use(platformHeaders);
  return client;
}

/** The typed client of the platform's API (same origin, cookies sent). */
export const api = createApiClient();

/**
 * Unwraps an openapi-fetch result: the data of a 2xx answer, or throws an ApiProblem.
 * `const units = await call(api.GET('/api/org/units'))`.
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (err) {
    throw asNetworkProblem(err);
  }
  if (result.response.ok) return result.data as T;
  throw problemFromResponse(result.response, result.error);
}
