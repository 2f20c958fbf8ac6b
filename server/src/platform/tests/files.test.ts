import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../../tests/support/paths.ts';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { createTestTree, signIn } from '../../modules/identity/tests/factories.ts';
import { AppError } from '../errors.ts';
import { detectKind, FileService, LocalFileStore, S3Error, S3FileStore } from '../files/index.ts';
import { authorization, sha256Hex } from '../files/sigv4.ts';

/** A ZIP written by hand (deflate entries, central directory, end record): what an xlsx or a zip bomb is made of. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const workbook = () =>
  zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<?xml version="1.0"?><worksheet/>') },
  ]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const html = Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

let t: TestApp;
let files: FileService;
const upload = (bytes: Buffer, accept: Parameters<FileService['receive']>[1]['accept'], maxBytes?: number) =>
  files.receive(Readable.from([bytes]), {
    owner: 'test.document',
    unitId: null,
    name: 'tai-lieu.pdf',
    accept,
    key: (id, ext) => `test/${id}.${ext}`,
    createdBy: null,
    ...(maxBytes ? { maxBytes } : {}),
  });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError & { params: Record<string, unknown> };
};

beforeAll(async () => {
  t = await createTestApp({ env: { ZIP_MAX_UNCOMPRESSED_BYTES: String(8 * 1024 * 1024), ZIP_MAX_RATIO: '100' } });
  files = t.app.platform.files;
});
afterAll(async () => t.close());

describe('file types are judged by their bytes', () => {
  it('tells a PDF, a workbook, a web page and a program apart, whatever their names', () => {
    expect(detectKind(pdf)).toBe('pdf');
    expect(detectKind(html)).toBe('html');
    expect(detectKind(Buffer.from('\uFEFF  <html lang="vi"></html>'))).toBe('html');
    expect(detectKind(exe)).toBe('executable');
    expect(detectKind(workbook(), ['[Content_Types].xml', 'xl/workbook.xml'])).toBe('xlsx');
    expect(detectKind(workbook(), ['word/document.xml'])).toBe('docx');
    expect(detectKind(Buffer.from('Họ và tên;Ngày sinh\nNguyễn Văn An;01/02/2014\n'))).toBe('text');
    expect(detectKind(Buffer.from([0xff, 0xfe, 0x48, 0x00]))).toBe('utf16');
    expect(detectKind(Buffer.alloc(0))).toBe('empty');
  });
});

describe('uploads (streamed, own size limit, sniffed, zip bombs refused)', () => {
  it('stores a real PDF: its row names the owner, its sha256 and size; the bytes read back', async () => {
    const rec = await upload(pdf, ['pdf']);
    expect(rec).toMatchObject({ owner: 'test.document', kind: 'pdf', size: pdf.length, contentType: 'application/pdf' });
    expect(rec.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(await files.read(rec.key)).toEqual(pdf);
    const { rows } = await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM platform.files WHERE id = ${rec.id}`);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses a web page and a program renamed to .pdf, naming what they are; nothing is kept', async () => {
    const before = await fs.readdir(path.join(t.settings.dataDir, 'files', 'test')).catch(() => []);
    for (const [bytes, detected] of [
      [html, 'html'],
      [exe, 'executable'],
      [workbook(), 'xlsx'],
    ] as const) {
      const err = await refusal(upload(bytes, ['pdf']));
      expect(err.status).toBe(422);
      expect(err.code).toBe('platform.files.typeRefused');
      expect(err.params).toMatchObject({ detected, expected: 'pdf' });
    }
    expect(await fs.readdir(path.join(t.settings.dataDir, 'files', 'test')).catch(() => [])).toEqual(before);
    expect(await fs.readdir(path.join(t.settings.dataDir, 'files', '.incoming'))).toEqual([]);
  });

  it('cuts off an upload past its own limit (413), whatever BODY_LIMIT_BYTES says', async () => {
    const err = await refusal(upload(Buffer.concat([pdf, Buffer.alloc(5000)]), ['pdf'], 2000));
    expect(err.status).toBe(413);
    expect(err.code).toBe('platform.files.tooLarge');
  });

  it('refuses a zip bomb from its central directory, before anything is inflated', async () => {
    const bomb = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const err = await refusal(upload(bomb, ['xlsx']));
    expect(err.code).toBe('platform.files.zipBomb');
    expect(err.params).toMatchObject({ uncompressedMb: 20 });
    // an honest workbook passes
    expect((await upload(workbook(), ['xlsx'])).kind).toBe('xlsx');
  });

  it('serves a download only to a caller the owning module authorises; others and unknown ids get the same 404', async () => {
    const tree = await createTestTree(t.database);
    const reader = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const stranger = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolB });
    const rec = await upload(pdf, ['pdf']);
    files.registerOwner('test.document', async (request) => request.headers.cookie === reader.headers.cookie);
    const get = (id: string, who?: { headers: Record<string, string> }) =>
      t.app.inject({ method: 'GET', url: `/api/files/${id}`, ...(who ? { headers: who.headers } : {}) });
    const ok = await get(rec.id, reader);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.rawPayload).toEqual(pdf);
    expect((await get(rec.id, stranger)).statusCode).toBe(404);
    expect((await get(randomUUID(), reader)).statusCode).toBe(404);
    expect((await get(rec.id)).statusCode).toBe(401);
  });
});

/**
 * A local stand-in for an S3-compatible service: objects in memory, every request's SigV4
 * signature recomputed with the shared secret (the signing itself is checked against AWS's
 * published examples in sigv4.test.ts) and its payload hash checked against the body.
 */
function fakeS3(secret: string) {
  const objects = new Map<string, Buffer>();
  const seen: string[] = [];
  let failNext = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    seen.push(`${req.method} ${req.url}`);
    if (failNext > 0) {
      failNext--;
      res.writeHead(503).end('<Error><Code>SlowDown</Code></Error>');
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const headers = Object.fromEntries(signed.map((h) => [h, String(req.headers[h])]));
    const payloadHash = String(req.headers['x-amz-content-sha256']);
    const date = String(req.headers['x-amz-date']);
    const when = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const expected = authorization(
      { method: req.method!, path: decodeURI(req.url!.split('?')[0]!), headers, payloadHash },
      { accessKeyId: 'GDSTESTKEY', secretAccessKey: secret, region: 'vn-north-1', service: 's3' },
      when,
    );
    if (auth !== expected || (req.method === 'PUT' && sha256Hex(body) !== payloadHash)) {
      res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const key = decodeURI(req.url!);
    if (req.method === 'PUT') {
      objects.set(key, body);
      res.writeHead(200).end();
    } else if (req.method === 'GET') {
      const o = objects.get(key);
      if (o) res.writeHead(200, { 'content-length': o.length }).end(o);
      else res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
    } else if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204).end();
    } else res.writeHead(405).end();
  });
  return {
    objects,
    seen,
    failOnce: () => {
      failNext = 1;
    },
    listen: () =>
      new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('the S3-compatible store (SigV4, against a local fake S3)', () => {
  it('puts, gets and deletes signed objects; a wrong secret is refused; a failure surfaces as S3Error', async () => {
    const s3 = fakeS3('the-shared-secret');
    const endpoint = await s3.listen();
    try {
      const settings = {
        endpoint,
        region: 'vn-north-1',
        bucket: 'gds-files',
        accessKeyId: 'GDSTESTKEY',
        secretAccessKey: 'the-shared-secret',
      };
      const dataDir = path.join(tmpDir, `s3-cache-${randomUUID()}`);
      const service = new FileService(new S3FileStore(settings), t.database.db, dataDir, files.limits);
      const rec = await service.receive(Readable.from([pdf]), {
        owner: 'test.document',
        unitId: null,
        name: 'bien-lai.pdf',
        accept: ['pdf'],
        key: (id, ext) => `receipts/${id}.${ext}`,
        createdBy: null,
      });
      expect(s3.objects.get(`/gds-files/${rec.key}`)).toEqual(pdf);
      expect(await service.read(rec.key)).toEqual(pdf);
      // readers that need a path get a cached copy
      const local = await service.localPath(rec.key);
      expect(await fs.readFile(local)).toEqual(pdf);
      // the server-made files too
      const made = await service.put(t.database.db, {
        owner: 'test.document',
        unitId: null,
        key: 'receipts/made.pdf',
        name: 'x.pdf',
        bytes: pdf,
        createdBy: null,
      });
      expect(made.kind).toBe('pdf');
      expect(s3.objects.has('/gds-files/receipts/made.pdf')).toBe(true);
      await service.store.delete('receipts/made.pdf');
      expect(s3.objects.has('/gds-files/receipts/made.pdf')).toBe(false);

      const wrong = new S3FileStore({ ...settings, secretAccessKey: 'not-the-secret' });
      const denied = await wrong.put('receipts/x.pdf', pdf).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(S3Error);
      expect((denied as S3Error).status).toBe(403);
      s3.failOnce();
      const busy = await new S3FileStore(settings).get(rec.key).catch((e: unknown) => e);
      expect((busy as S3Error).status).toBe(503);
      const missing = await new S3FileStore(settings).get('receipts/none.pdf').catch((e: unknown) => e);
      expect((missing as S3Error).status).toBe(404);
      await fs.rm(dataDir, { recursive: true, force: true });
    } finally {
      await s3.close();
    }
  });

  it('the local store refuses keys that climb out of DATA_DIR/files', async () => {
    const store = new LocalFileStore(path.join(tmpDir, 'files-root'));
    await expect(store.put('../escape.pdf', pdf)).rejects.toThrow(/bad file key/);
    await expect(store.put('/abs.pdf', pdf)).rejects.toThrow(/bad file key/);
  });
});
