import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../../tests/support/paths.ts';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import type { ModuleDefinition } from '../module.ts';

/**
 * The web app as the build leaves it (real files on disk: an asset with its .br and .gz copies, the
 * staff app's index.html, a public page and the list that maps paths to it), served by the real app.
 */
const dir = path.join(tmpDir, `web-app-test-${process.pid}`);
const asset = `console.log(${JSON.stringify('Giáo Dục Số '.repeat(400))});\n`;
const assetPath = 'assets/index-AbC123xY.js';
const bigJson = { rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Nguyễn Văn ${i}`, score: '8,5' })) };
// Random bytes do not compress: a PDF-sized payload that would only cost CPU.
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251))]);

const probe: ModuleDefinition = {
  name: 'probe',
  messages: { vi: {}, en: {} },
  async routes(app: FastifyInstance) {
    app.get('/rows', { config: { public: true } }, async () => bigJson);
    app.get('/small', { config: { public: true } }, async () => ({ ok: true }));
    app.get('/file.pdf', { config: { public: true } }, async (_request, reply) => reply.type('application/pdf').send(pdf));
  },
};

function write(rel: string, body: string | Buffer) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), body);
}

let t: TestApp;
beforeAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  write('index.html', '<!doctype html><title>staff app</title>');
  write('shell/login.html', '<!doctype html><title>sign-in</title>');
  write(
    'public-pages.json',
    JSON.stringify({
      pages: [
        { path: '/login', file: 'shell/login.html' },
        { path: '/verify/:code', file: 'shell/login.html' },
      ],
    }),
  );
  write(assetPath, asset);
  write(`${assetPath}.br`, zlib.brotliCompressSync(asset));
  write(`${assetPath}.gz`, zlib.gzipSync(asset));
  write('assets/logo-Zz99Yy88.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  write('.build-hash', 'abc\n');
  t = await createTestApp({ modules: [probe], webDir: dir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('precompressed static assets', () => {
  it('sends the brotli copy to a browser that accepts it, with Vary and a year of immutable caching', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(asset);
  });

  it('sends gzip when brotli is not accepted', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(asset);
  });

  it('sends the identity body to a client that sends no Accept-Encoding', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${assetPath}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body).toBe(asset);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(asset));
  });

  it('answers a range request on the encoded representation with 206 and the right bytes', async () => {
    const br = fs.readFileSync(path.join(dir, `${assetPath}.br`));
    const res = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { 'accept-encoding': 'br', range: 'bytes=0-9' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-range']).toBe(`bytes 0-9/${br.length}`);
    expect(Buffer.compare(res.rawPayload, br.subarray(0, 10))).toBe(0);
  });

  it('answers a range request without Accept-Encoding from the plain file', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { range: 'bytes=8-19' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-range']).toBe(`bytes 8-19/${Buffer.byteLength(asset)}`);
    expect(res.rawPayload.toString('latin1')).toBe(Buffer.from(asset).subarray(8, 20).toString('latin1'));
  });

  it('refuses a range past the end with 416', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { range: 'bytes=999999-' } });
    expect(res.statusCode).toBe(416);
  });

  it('answers HEAD with the headers of the chosen representation and no body', async () => {
    const br = fs.readFileSync(path.join(dir, `${assetPath}.br`));
    const res = await t.app.inject({ method: 'HEAD', url: `/${assetPath}`, headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(br.length);
    expect(res.body).toBe('');
    const plain = await t.app.inject({ method: 'HEAD', url: `/${assetPath}` });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(asset));
  });

  it('revalidates with the ETag of the representation: 304 on a match', async () => {
    const first = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { 'accept-encoding': 'br' } });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await t.app.inject({ method: 'GET', url: `/${assetPath}`, headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('does not compress images again', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/logo-Zz99Yy88.png', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps the build fingerprint private', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/.build-hash' })).body).not.toContain('abc');
  });
});

describe('pages', () => {
  it('serves index.html as no-cache with an ETag, also for a deep link', async () => {
    for (const url of ['/', '/org/units/123']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('staff app');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toBeTruthy();
    }
  });

  it('serves a public page from its prerendered file, a parameterised path too', async () => {
    for (const url of ['/login', '/login?next=%2Fprofile', '/verify/ABCDEFGH12345678']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('sign-in');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    expect((await t.app.inject({ method: 'GET', url: '/login/other' })).body).toContain('staff app');
    expect((await t.app.inject({ method: 'GET', url: '/verify' })).body).toContain('staff app');
  });
});

describe('API compression', () => {
  it('compresses a JSON answer above 1 KB for a client that accepts it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/probe/rows', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const body = zlib.brotliDecompressSync(res.rawPayload);
    expect(JSON.parse(body.toString())).toEqual(bigJson);
    expect(res.rawPayload.length).toBeLessThan(body.length / 3);
  });

  it('sends identity JSON to a client without Accept-Encoding', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/probe/rows' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual(bigJson);
  });

  it('leaves small answers and PDFs as they are', async () => {
    const small = await t.app.inject({ method: 'GET', url: '/api/probe/small', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
    const file = await t.app.inject({ method: 'GET', url: '/api/probe/file.pdf', headers: { 'accept-encoding': 'br, gzip' } });
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
  });
});
