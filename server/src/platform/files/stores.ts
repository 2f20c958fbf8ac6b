import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { authorization, amzDate, type SigV4Credentials, sha256Hex } from './sigv4.ts';

/**
 * Where the bytes of stored files live. Keys are relative paths ('transcripts/<school>/<id>-3.pdf');
 * a key is written once and never overwritten in place.
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Stores a local file (moved when the store is local) or bytes under `key`. */
  put(key: string, source: { file: string; size: number; sha256: string } | Buffer): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

const safeKey = (key: string) => {
  if (key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '' || p === '.')) throw new Error(`bad file key ${key}`);
  return key;
};

/** DATA_DIR/files/<key>: written to a temporary name and renamed, so a killed process never leaves half a file. */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';
  constructor(readonly root: string) {}
  pathOf(key: string): string {
    return path.join(this.root, safeKey(key));
  }
  async put(key: string, source: { file: string } | Buffer): Promise<void> {
    const full = this.pathOf(key);
    await fs.mkdir(path.dirname(full), { recursive: true });
    if (Buffer.isBuffer(source)) {
      const temp = `${full}.${randomUUID()}.tmp`;
      await fs.writeFile(temp, source, { flag: 'wx' });
      await fs.rename(temp, full);
    } else await fs.rename(source.file, full);
  }
  async get(key: string): Promise<Readable> {
    const full = this.pathOf(key);
    await fs.access(full);
    return createReadStream(full);
  }
  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

export interface S3Settings {
  /** http(s)://host[:port] of the S3-compatible service (path-style addressing: endpoint/bucket/key). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`S3 answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'S3Error';
  }
}

/**
 * An S3-compatible object store over plain HTTP(S) with SigV4 (sigv4.ts): PUT, GET, DELETE of one
 * object, path-style URLs so that MinIO and on-premise stores work without DNS per bucket. Uploads
 * are streamed from the local temporary file with their length and SHA-256 signed.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3';
  private readonly credentials: SigV4Credentials;
  constructor(
    private readonly settings: S3Settings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.credentials = {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: 's3',
    };
  }

  private request(method: string, key: string, body?: { stream: Readable; size: number; sha256: string }): Promise<http.IncomingMessage> {
    const url = new URL(this.settings.endpoint);
    const objectPath = `${url.pathname.replace(/\/$/, '')}/${this.settings.bucket}/${safeKey(key)}`;
    const now = this.now();
    const payloadHash = body?.sha256 ?? sha256Hex('');
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate(now),
      ...(body ? { 'content-length': String(body.size) } : {}),
    };
    headers.authorization = authorization({ method, path: objectPath, headers, payloadHash }, this.credentials, now);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        { method, hostname: url.hostname, port: url.port || undefined, path: encodeURI(objectPath), headers, timeout: 60_000 },
        resolve,
      );
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('S3 request timed out')));
      if (body) pipeline(body.stream, req).catch(reject);
      else req.end();
    });
  }

  private async expectOk(res: http.IncomingMessage): Promise<void> {
    if (res.statusCode && res.statusCode < 300) {
      res.resume();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    throw new S3Error(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
  }

  async put(key: string, source: { file: string; size: number; sha256: string } | Buffer): Promise<void> {
    const body = Buffer.isBuffer(source)
      ? { stream: Readable.from([source]), size: source.length, sha256: sha256Hex(source) }
      : { stream: createReadStream(source.file), size: source.size, sha256: source.sha256 };
    await this.expectOk(await this.request('PUT', key, body));
    if (!Buffer.isBuffer(source)) await fs.rm(source.file, { force: true });
  }

  async get(key: string): Promise<Readable> {
    const res = await this.request('GET', key);
    if (res.statusCode !== 200) await this.expectOk(res);
    return res;
  }

  async delete(key: string): Promise<void> {
    await this.expectOk(await this.request('DELETE', key));
  }
}

/** Writes a readable to a local file (the cache of a remote object a reader needs on disk). */
export async function streamToFile(stream: Readable, file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  await pipeline(stream, createWriteStream(temp, { flags: 'wx' }));
  await fs.rename(temp, file);
}
