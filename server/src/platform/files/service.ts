import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/database.ts';
import { AppError, unprocessable } from '../errors.ts';
import { type DetectedKind, detectKind, readZipDirectory } from './sniff.ts';
import { type FileStore, LocalFileStore, streamToFile } from './stores.ts';

export type FileRecord = {
  id: string;
  /** The owning module's kind of file ('registry.import', 'gradebook.transcript'): its authoriser decides downloads. */
  owner: string;
  unitId: string | null;
  key: string;
  name: string;
  contentType: string;
  kind: DetectedKind;
  size: number;
  sha256: string;
};

export interface FileLimits {
  /** An upload larger than this is cut off and refused (413): not BODY_LIMIT_BYTES, which stays small for JSON. */
  uploadBytes: number;
  /** A ZIP (xlsx, docx) whose entries declare more than this uncompressed is refused before anything is inflated. */
  zipUncompressedBytes: number;
  /** …or whose uncompressed total exceeds its size on disk by more than this factor (a decompression bomb). */
  zipRatio: number;
}

/** What an upload may be: a DetectedKind list, or a check that names its own refusal. */
export type UploadGate =
  | readonly DetectedKind[]
  | ((detected: DetectedKind, head: Buffer) => { ok: true; ext: string } | { ok: false; code: string; params?: Record<string, unknown> });

/** May this caller read this file? Each owning module registers its answer (unknown owner: nobody). */
export type FileAuthoriser = (request: FastifyRequest, file: FileRecord) => Promise<boolean>;

const EXT: Partial<Record<DetectedKind, string>> = {
  pdf: 'pdf',
  xlsx: 'xlsx',
  docx: 'docx',
  png: 'png',
  jpeg: 'jpg',
  text: 'csv',
  zip: 'zip',
};
const TYPE: Partial<Record<DetectedKind, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpeg: 'image/jpeg',
  text: 'text/csv',
  zip: 'application/zip',
};

const columns = sql`id, owner, unit_id AS "unitId", storage_key AS "key", name, content_type AS "contentType", kind, size::float8 AS size, sha256`;

/**
 * The platform's file service (issue 13 §C): streamed uploads with their own size limit, the type
 * judged from the bytes (a renamed or zip-bombed document refused), storage under DATA_DIR/files
 * or an S3-compatible store, a row per file in platform.files naming its owner module and unit,
 * and downloads only to callers the owner authorises (files.routes.ts).
 */
export class FileService {
  private readonly authorisers = new Map<string, FileAuthoriser>();
  constructor(
    readonly store: FileStore,
    private readonly db: Queryable,
    private readonly dataDir: string,
    readonly limits: FileLimits,
  ) {}

  registerOwner(owner: string, authorise: FileAuthoriser): void {
    this.authorisers.set(owner, authorise);
  }

  authoriserOf(owner: string): FileAuthoriser | undefined {
    return this.authorisers.get(owner);
  }

  /**
   * Receives an upload as a stream: written to a temporary file while counted and hashed (cut off
   * past `maxBytes`), judged by its bytes, then moved into the store under `key(id, ext)`.
   */
  async receive(
    source: Readable,
    options: {
      owner: string;
      unitId: string | null;
      name: string;
      accept: UploadGate;
      key: (id: string, ext: string) => string;
      createdBy: string | null;
      maxBytes?: number;
    },
  ): Promise<FileRecord> {
    const id = randomUUID();
    const incoming = path.join(this.dataDir, 'files', '.incoming');
    await fs.mkdir(incoming, { recursive: true });
    const temp = path.join(incoming, id);
    const limit = options.maxBytes ?? this.limits.uploadBytes;
    try {
      const hash = createHash('sha256');
      let size = 0;
      const out = createWriteStream(temp, { flags: 'wx' });
      try {
        for await (const chunk of source) {
          size += (chunk as Buffer).length;
          if (size > limit) {
            source.destroy();
            throw new AppError('platform.files.tooLarge', 413, { limitMb: Math.floor(limit / 1024 / 1024) });
          }
          hash.update(chunk as Buffer);
          if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
      } finally {
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }
      const head = Buffer.alloc(Math.min(size, 64 * 1024));
      const handle = await fs.open(temp, 'r');
      await handle.read(head, 0, head.length, 0).finally(() => handle.close());
      let zipEntries: string[] | undefined;
      if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
        const zip = await readZipDirectory(temp, size);
        if (!zip || zip.zip64)
          throw unprocessable('platform.files.zipUnreadable', {}, [{ path: 'body', code: 'platform.files.zipUnreadable' }]);
        const ratio = zip.uncompressed / Math.max(size, 1);
        if (zip.uncompressed > this.limits.zipUncompressedBytes || ratio > this.limits.zipRatio) {
          const params = { uncompressedMb: Math.round(zip.uncompressed / 1024 / 1024), ratio: Math.round(ratio) };
          throw unprocessable('platform.files.zipBomb', params, [{ path: 'body', code: 'platform.files.zipBomb', params }]);
        }
        zipEntries = zip.entries;
      }
      const kind = detectKind(head, zipEntries);
      const gate = options.accept;
      const verdict =
        typeof gate === 'function'
          ? gate(kind, head)
          : gate.includes(kind)
            ? ({ ok: true, ext: EXT[kind] ?? 'bin' } as const)
            : ({ ok: false, code: 'platform.files.typeRefused', params: { detected: kind, expected: gate.join(', ') } } as const);
      if (!verdict.ok)
        throw unprocessable(verdict.code, verdict.params ?? {}, [{ path: 'body', code: verdict.code, params: verdict.params }]);
      const key = options.key(id, verdict.ext);
      const sha256 = hash.digest('hex');
      await this.store.put(key, { file: temp, size, sha256 });
      return await this.insert(this.db, {
        id,
        owner: options.owner,
        unitId: options.unitId,
        key,
        name: options.name,
        contentType: TYPE[kind] ?? 'application/octet-stream',
        kind,
        size,
        sha256,
        createdBy: options.createdBy,
      });
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /** Stores bytes the server made itself (a rendered or signed PDF) under `key`, with its row. */
  async put(
    q: Queryable,
    input: { owner: string; unitId: string | null; key: string; name: string; bytes: Buffer; createdBy: string | null },
  ): Promise<FileRecord> {
    const kind = detectKind(input.bytes.subarray(0, 64 * 1024));
    await this.store.put(input.key, input.bytes);
    return this.insert(q, {
      id: randomUUID(),
      owner: input.owner,
      unitId: input.unitId,
      key: input.key,
      name: input.name,
      contentType: TYPE[kind] ?? 'application/octet-stream',
      kind,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      createdBy: input.createdBy,
    });
  }

  private async insert(q: Queryable, r: FileRecord & { createdBy: string | null }): Promise<FileRecord> {
    const { rows } = await q.execute<FileRecord>(sql`
      INSERT INTO platform.files (id, owner, unit_id, storage_key, name, content_type, kind, size, sha256, created_by)
      VALUES (${r.id}, ${r.owner}, ${r.unitId}, ${r.key}, ${r.name}, ${r.contentType}, ${r.kind}, ${r.size}, ${r.sha256}, ${r.createdBy})
      RETURNING ${columns}`);
    return rows[0]!;
  }

  async find(q: Queryable, id: string): Promise<FileRecord | undefined> {
    const { rows } = await q.execute<FileRecord>(sql`SELECT ${columns} FROM platform.files WHERE id = ${id}`);
    return rows[0];
  }

  open(key: string): Promise<Readable> {
    return this.store.get(key);
  }

  async read(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.store.get(key)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * A path on this machine's disk for readers that need one (the spreadsheet worker): the file
   * itself in the local store, a cached copy under DATA_DIR/files/<key> of a remote object.
   */
  async localPath(key: string): Promise<string> {
    if (this.store instanceof LocalFileStore) return this.store.pathOf(key);
    const cached = path.join(this.dataDir, 'files', key);
    try {
      await fs.access(cached);
    } catch {
      await streamToFile(await this.store.get(key), cached);
    }
    return cached;
  }
}
