import i18n from 'i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiProblem, call, createApiClient, problemFromResponse, readCookie } from './client.ts';

// The client runs in a browser; here the one browser global it reads is stubbed.
beforeAll(async () => {
  vi.stubGlobal('document', { cookie: 'other=1; gds_csrf=tok%2Ben; x=2' });
  await i18n.init({
    lng: 'en',
    supportedLngs: ['vi', 'en'],
    resources: { en: { common: { x: 'x' } }, vi: { common: { x: 'x' } } },
    defaultNS: 'common',
    initAsync: false,
  });
});

function recordingClient(answer: () => Response) {
  const seen: Request[] = [];
  const client = createApiClient({
    baseUrl: 'http://localhost',
    fetch: async (input: RequestInfo | URL) => {
      seen.push(input as Request);
      return answer();
    },
  });
  return { client, seen };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('API client', () => {
  it('reads the CSRF cookie', () => {
    expect(readCookie('gds_csrf')).toBe('tok+en');
    expect(readCookie('missing')).toBeUndefined();
  });

  it('sends Accept-Language always and x-csrf-token on writes only', async () => {
    const { client, seen } = recordingClient(() => json({}));
    await call(client.GET('/api/health'));
    await call(client.POST('/api/identity/logout' as never, {} as never));
    const [get, post] = seen;
    expect(get?.headers.get('accept-language')).toBe('en');
    expect(get?.headers.get('x-csrf-token')).toBeNull();
    expect(post?.method).toBe('POST');
    expect(post?.headers.get('x-csrf-token')).toBe('tok+en');
  });

  it('turns problem+json into an ApiProblem with the translated title, request id and field errors', async () => {
    const body = {
      type: 'urn:giao-duc-so:error:platform.validation',
      title: 'Dữ liệu không hợp lệ.',
      status: 400,
      code: 'platform.validation',
      requestId: 'r-1',
      errors: [{ path: 'body.name', code: 'validation.required', message: 'Bắt buộc.' }],
    };
    const { client } = recordingClient(() => json(body, 400));
    const err = await call(client.GET('/api/health')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    const p = err as ApiProblem;
    expect([p.kind, p.status, p.code, p.title, p.requestId]).toEqual([
      'problem',
      400,
      'platform.validation',
      'Dữ liệu không hợp lệ.',
      'r-1',
    ]);
    expect(p.fieldMessages()).toEqual({ 'body.name': 'Bắt buộc.' });
  });

  it('reports an unreachable server and a non-problem answer apart', async () => {
    const down = createApiClient({
      baseUrl: 'http://localhost',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const err = (await call(down.GET('/api/health')).catch((e: unknown) => e)) as ApiProblem;
    expect(err.kind).toBe('network');

    const other = problemFromResponse(new Response(null, { status: 502, headers: { 'x-request-id': 'r-2' } }), '<html>');
    expect([other.kind, other.status, other.requestId]).toEqual(['unexpected', 502, 'r-2']);
  });
});
