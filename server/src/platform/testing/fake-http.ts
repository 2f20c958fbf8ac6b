import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of an external HTTP service (the national database, the public-service portal, a
 * bank, an SMS gateway) for contract tests of the adapters that talk to it: scripted failures,
 * slow answers that trip the adapter's timeout, dropped connections, duplicate deliveries, and
 * callbacks signed the way such services sign them. Test code only; listens on 127.0.0.1.
 */

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer after this long (an adapter's timeout should fire first). */
  delayMs?: number;
  /** Close the connection without answering (connection reset). */
  drop?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: Date;
}

export interface SignedCallbackOptions {
  /** Seconds since the epoch put in the signature; default now. An old one tests replay refusal. */
  timestamp?: number;
  /** Send the same callback this many times (services retry until they see a 2xx, so adapters see duplicates). */
  times?: number;
  /** Change the body after signing (a forged or corrupted callback). */
  tamper?: (body: string) => string;
  headerName?: string;
}

export interface FakeHttpService {
  readonly url: string;
  /** Every request received, in order (also those answered late or dropped). */
  readonly requests: RecordedRequest[];
  /**
   * Script the answers to `METHOD /path`: used one per request in order, the last one repeated.
   * A path not scripted answers 404.
   */
  on(method: string, path: string, ...responses: FakeResponse[]): void;
  /** Requests (to `path`, or any) that repeat an earlier one's `Idempotency-Key` header (or whole body when it has none). */
  duplicates(path?: string): RecordedRequest[];
  /** Posts a JSON callback to `target`, signed with `secret` (see `signCallback`), like a bank or portal does. */
  sendCallback(target: string, payload: unknown, secret: string, options?: SignedCallbackOptions): Promise<Response[]>;
  close(): Promise<void>;
}

export const SIGNATURE_HEADER = 'x-signature';

/**
 * The signature scheme of the fakes, the common shape of webhook signatures (Stripe, many bank
 * and payment gateways): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. A real
 * service's scheme replaces this in its own adapter; the tests' cases stay the same.
 */
export function signCallback(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Checks a signature of `signCallback`'s scheme: right key, untouched body, not older than `toleranceSeconds`. */
export function verifyCallback(
  secret: string,
  body: string,
  header: string | undefined,
  now: Date,
  toleranceSeconds = 300,
): { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' } {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signCallback(secret, body, t).split('v1=')[1]!, 'hex');
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex')) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

export async function startFakeHttpService(): Promise<FakeHttpService> {
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, FakeResponse[]>();
  const served = new Map<string, number>();
  const pending = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: new Date(),
      });
      const key = `${req.method} ${path}`;
      const script = scripts.get(key);
      if (!script) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not scripted"}');
        return;
      }
      const n = served.get(key) ?? 0;
      served.set(key, n + 1);
      const answer = script[Math.min(n, script.length - 1)]!;
      const respond = () => {
        if (answer.drop) {
          req.socket.destroy();
          return;
        }
        const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res
          .writeHead(answer.status ?? 200, {
            ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}),
            ...answer.headers,
          })
          .end(body);
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          pending.delete(timer);
          if (!res.destroyed) respond();
        }, answer.delayMs);
        pending.add(timer);
      } else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, ...responses) {
      if (responses.length === 0) throw new Error('on(): give at least one response');
      scripts.set(`${method.toUpperCase()} ${path}`, responses);
      served.delete(`${method.toUpperCase()} ${path}`);
    },
    duplicates(path) {
      const seen = new Set<string>();
      return requests.filter((r) => {
        if (path !== undefined && r.path !== path) return false;
        const idem = r.headers['idempotency-key'];
        const key = `${r.method} ${r.path} ${typeof idem === 'string' ? `key:${idem}` : `body:${r.body}`}`;
        if (seen.has(key)) return true;
        seen.add(key);
        return false;
      });
    },
    async sendCallback(target, payload, secret, options = {}) {
      const body = JSON.stringify(payload);
      const signature = signCallback(secret, body, options.timestamp ?? Math.floor(Date.now() / 1000));
      const sent = options.tamper ? options.tamper(body) : body;
      const answers: Response[] = [];
      for (let i = 0; i < (options.times ?? 1); i++) {
        answers.push(
          await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [options.headerName ?? SIGNATURE_HEADER]: signature },
            body: sent,
          }),
        );
      }
      return answers;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
