import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHttpService, SIGNATURE_HEADER, signCallback, startFakeHttpService, verifyCallback } from './fake-http.ts';

let fake: FakeHttpService;
beforeAll(async () => {
  fake = await startFakeHttpService();
});
afterAll(async () => fake.close());

describe('the fake HTTP service', () => {
  it('answers a scripted sequence of failures, then repeats the last answer', async () => {
    fake.on('POST', '/api/sync', { status: 503 }, { status: 500, body: { error: 'busy' } }, { status: 200, body: { accepted: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${fake.url}/api/sync`, { method: 'POST', body: '{}' })).status);
    expect(statuses).toEqual([503, 500, 200, 200]);
    expect(await (await fetch(`${fake.url}/api/sync`, { method: 'POST', body: '{}' })).json()).toEqual({ accepted: 3 });
    expect(fake.requests.filter((r) => r.path === '/api/sync')).toHaveLength(5);
    expect((await fetch(`${fake.url}/nowhere`)).status).toBe(404);
  });

  it("answers slower than an adapter's timeout, which then fails; the request still reached the service", async () => {
    fake.on('GET', '/slow', { status: 200, delayMs: 3_000 });
    const err = await fetch(`${fake.url}/slow`, { signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(fake.requests.some((r) => r.path === '/slow')).toBe(true);
  });

  it('drops a connection without answering', async () => {
    fake.on('GET', '/reset', { drop: true });
    await expect(fetch(`${fake.url}/reset`)).rejects.toThrow();
  });

  it('finds duplicate deliveries by idempotency key, or by body when there is none', async () => {
    fake.on('POST', '/api/records', { status: 201 });
    const send = (body: string, key?: string) =>
      fetch(`${fake.url}/api/records`, { method: 'POST', body, headers: key ? { 'idempotency-key': key } : {} });
    await send('{"id":1}', 'k-1');
    await send('{"id":1,"retry":true}', 'k-1');
    await send('{"id":2}', 'k-2');
    await send('{"id":3}');
    await send('{"id":3}');
    expect(fake.duplicates('/api/records').map((r) => r.body)).toEqual(['{"id":1,"retry":true}', '{"id":3}']);
  });
});

describe('signed callbacks', () => {
  const secret = 'bí-mật-của-ngân-hàng';
  /** A receiver as an adapter would be: checks the signature, applies each payment once. */
  let receiver: http.Server;
  let receiverUrl: string;
  const applied: string[] = [];
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        const check = verifyCallback(secret, body, req.headers[SIGNATURE_HEADER] as string | undefined, new Date());
        if (!check.ok) {
          res.writeHead(401).end(check.reason);
          return;
        }
        const { id } = JSON.parse(body) as { id: string };
        if (!applied.includes(id)) applied.push(id);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('delivers a signed callback; a duplicate delivery is accepted and applied once', async () => {
    const answers = await fake.sendCallback(receiverUrl, { id: 'GD-0001', amount: '150000' }, secret, { times: 2 });
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(applied).toEqual(['GD-0001']);
  });

  it('is refused when tampered with, signed with another key, or replayed late', async () => {
    const tampered = await fake.sendCallback(receiverUrl, { id: 'GD-0002', amount: '150000' }, secret, {
      tamper: (b) => b.replace('150000', '950000'),
    });
    expect([tampered[0]!.status, await tampered[0]!.text()]).toEqual([401, 'mismatch']);
    const forged = await fake.sendCallback(receiverUrl, { id: 'GD-0003' }, 'another key');
    expect(await forged[0]!.text()).toBe('mismatch');
    const late = await fake.sendCallback(receiverUrl, { id: 'GD-0004' }, secret, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await late[0]!.text()).toBe('stale');
    expect(applied).toEqual(['GD-0001']);
  });

  it('reads the signature header strictly', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const t = now.getTime() / 1000;
    expect(verifyCallback(secret, '{}', signCallback(secret, '{}', t), now)).toEqual({ ok: true });
    expect(verifyCallback(secret, '{}', undefined, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyCallback(secret, '{}', 't=abc,v1=00', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyCallback(secret, '{}', signCallback(secret, '{}', t + 301), now)).toEqual({ ok: false, reason: 'stale' });
  });
});
