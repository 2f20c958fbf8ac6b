import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 (the signing every S3-compatible store accepts: AWS S3, MinIO, Ceph,
 * Viettel/FPT object storage), written against the published algorithm so that no SDK is needed:
 * canonical request → string to sign → HMAC chain of date, region, service. Checked against the
 * examples of AWS's documentation (tests/sigv4.test.ts).
 */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Uint8Array | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept; '/' kept in paths). */
export function uriEncode(value: string, keepSlash: boolean): string {
  return [...new TextEncoder().encode(value)]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) return c;
      return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

export const amzDate = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * The Authorization header of a request. `headers` are the headers to sign (host and x-amz-date
 * at least); `path` is already the object's path (encoded here once, S3 style).
 */
export function authorization(
  request: { method: string; path: string; query?: Record<string, string>; headers: Record<string, string>; payloadHash: string },
  credentials: SigV4Credentials,
  now: Date,
): string {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const names = Object.keys(request.headers)
    .map((h) => h.toLowerCase())
    .sort();
  const value = (name: string) =>
    String(Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)![1])
      .trim()
      .replace(/\s+/g, ' ');
  const query = Object.entries(request.query ?? {})
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    request.method,
    uriEncode(request.path, true),
    query,
    names.map((n) => `${n}:${value(n)}\n`).join(''),
    names.join(';'),
    request.payloadHash,
  ].join('\n');
  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region), credentials.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}
