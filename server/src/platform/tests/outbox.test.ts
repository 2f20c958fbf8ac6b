import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tmpDir } from '../../../tests/support/paths.ts';
import { createTestDatabase } from '../../../tests/support/test-db.ts';
import { loadSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { type ChannelAdapter, emailAdapter } from '../notify/channels.ts';
import { createOutbox, type Outbox, savePreferences } from '../notify/index.ts';

let database: Database;
const log = createLogger({ logLevel: 'silent' });
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.exec('DELETE FROM platform.outbox; DELETE FROM platform.notification_preferences');
});

/** A Vietnam wall-clock time as an instant (UTC+7). */
const vn = (isoLocal: string) => new Date(`${isoLocal}+07:00`);
const seconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

/** An e-mail adapter that fails its first `failures` deliveries, and records what it delivered. */
function flakyEmail(failures: number): ChannelAdapter & { delivered: string[] } {
  let left = failures;
  const delivered: string[] = [];
  return {
    channel: 'email',
    transport: 'test',
    delivered,
    async deliver(m) {
      if (left-- > 0) throw new Error('421 4.7.0 try again later');
      delivered.push(m.to);
    },
  };
}

async function row(id: string) {
  const [r] = await database.query<{
    status: string;
    attempts: number;
    next_attempt_at: Date;
    error: string | null;
    sent_at: Date | null;
    to: string;
    channel: string;
  }>('SELECT status, attempts, next_attempt_at, error, sent_at, "to", channel FROM platform.outbox WHERE id = $1', [id]);
  return r!;
}

const mail = { channel: 'email', to: 'lan@example.vn', subject: 'Chào', body: 'Nội dung', topic: 'test.notice' } as const;

describe('the outbox', () => {
  it('retries a failed mail with exponential backoff and sends it on a later attempt', async () => {
    const adapter = flakyEmail(2);
    const outbox = createOutbox(database, log, { adapters: [adapter] });
    const t0 = vn('2026-12-07T10:00:00');
    const id = await outbox.enqueue(database.db, { ...mail, urgent: false }, t0);

    expect(await outbox.deliverPending(t0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await row(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: seconds(t0, 60),
      error: '421 4.7.0 try again later',
    });
    // Not due yet: nothing is attempted before its time.
    expect(await outbox.deliverPending(seconds(t0, 59))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await outbox.deliverPending(seconds(t0, 60))).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: seconds(t0, 60 + 120) });
    expect(await outbox.deliverPending(seconds(t0, 180))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, error: null });
    expect(adapter.delivered).toEqual(['lan@example.vn']);
  });

  it('marks a mail failed after the last attempt; an administrator retry puts it back in line', async () => {
    const outbox = createOutbox(database, log, {
      adapters: [flakyEmail(3)],
      retry: { email: { maxAttempts: 2, baseDelaySeconds: 10, maxDelaySeconds: 60 } },
    });
    const t0 = vn('2026-12-07T10:00:00');
    const id = await outbox.enqueue(database.db, { ...mail, urgent: true }, t0);
    await outbox.deliverPending(t0);
    expect(await outbox.deliverPending(seconds(t0, 10))).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await outbox.deliverPending(seconds(t0, 3600))).toEqual({ sent: 0, retrying: 0, failed: 0 });

    expect(await outbox.retry(database.db, id, seconds(t0, 3600))).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    // The adapter's third failure, then its first success.
    await outbox.deliverPending(seconds(t0, 3600));
    expect(await outbox.deliverPending(seconds(t0, 3610))).toMatchObject({ sent: 1 });
    expect(await outbox.retry(database.db, id)).toBe(false);
  });

  it('retries a mail the SMTP server refused to take (a real connection to a closed port)', async () => {
    const port = await closedPort();
    const settings = loadSettings({ DATA_DIR: `${tmpDir}/outbox-${process.pid}`, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) });
    const outbox = createOutbox(database, log, { adapters: [emailAdapter(settings)] });
    const t0 = new Date();
    const id = await outbox.enqueue(database.db, { ...mail, urgent: true }, t0);
    expect(await outbox.deliverPending(t0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const r = await row(id);
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r.error).toMatch(/ECONNREFUSED/);
  });

  it('holds a non-urgent message through the quiet hours; urgent ones and users who opted out go at once', async () => {
    const adapter = flakyEmail(0);
    const outbox = createOutbox(database, log, { adapters: [adapter] });
    const night = vn('2026-12-07T22:00:00');
    const optedOut = '00000000-0000-4000-8000-000000000001';
    await savePreferences(database.db, optedOut, { disabledChannels: [], quietHours: false });
    const waits = await outbox.enqueue(database.db, { ...mail, to: 'waits@example.vn', urgent: false }, night);
    await outbox.enqueue(database.db, { ...mail, to: 'urgent@example.vn', urgent: true }, night);
    await outbox.enqueue(database.db, { ...mail, to: 'night-owl@example.vn', urgent: false, userId: optedOut }, night);

    expect(await outbox.deliverPending(seconds(night, 60))).toMatchObject({ sent: 2 });
    expect(adapter.delivered.sort()).toEqual(['night-owl@example.vn', 'urgent@example.vn']);
    expect(await row(waits)).toMatchObject({ status: 'pending', next_attempt_at: vn('2026-12-08T06:00:00') });
    expect(await outbox.deliverPending(vn('2026-12-08T05:59:00'))).toMatchObject({ sent: 0 });
    expect(await outbox.deliverPending(vn('2026-12-08T06:00:00'))).toMatchObject({ sent: 1 });
  });

  it("takes a notification's channel from the user's preferences", async () => {
    const outbox = createOutbox(database, log, { adapters: [flakyEmail(0)] });
    const user = '00000000-0000-4000-8000-000000000002';
    const notification = {
      userId: user,
      topic: 'test.reminder',
      subject: 'Nhắc nộp báo cáo',
      body: 'Hạn nộp là 15/12/2026.',
      urgent: false,
      destinations: [
        { channel: 'sms', to: '0912345678' },
        { channel: 'email', to: 'lan@example.vn' },
      ],
    } as const;
    await savePreferences(database.db, user, { disabledChannels: ['sms'], quietHours: true });
    const id = await outbox.notify(database.db, notification, vn('2026-12-07T10:00:00'));
    expect(await row(id!)).toMatchObject({ channel: 'email', to: 'lan@example.vn' });

    await savePreferences(database.db, user, { disabledChannels: ['sms', 'email'], quietHours: true });
    expect(await outbox.notify(database.db, notification)).toBeNull();
    // A code is not optional: it goes on the first offered channel whatever the preferences.
    const urgent = await outbox.notify(database.db, { ...notification, urgent: true });
    expect(await row(urgent!)).toMatchObject({ channel: 'sms' });
  });

  it('records a message of a channel with no adapter as not sent, and never sends it', async () => {
    const outbox: Outbox = createOutbox(database, log, { adapters: [flakyEmail(0)] });
    const id = await outbox.enqueue(database.db, { ...mail, channel: 'sms', to: '0912345678', urgent: true });
    expect(await row(id)).toMatchObject({ status: 'unsent', attempts: 0 });
    expect((await row(id)).error).toMatch(/SMS/);
    expect(await outbox.retry(database.db, id)).toBe(true);
    expect(await outbox.deliverPending()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'unsent', attempts: 1 });
  });

  it('sends a message once when two delivery passes run at the same time (two nodes)', async () => {
    const a = flakyEmail(0);
    const b = flakyEmail(0);
    const one = createOutbox(database, log, { adapters: [a] });
    const two = createOutbox(database, log, { adapters: [b] });
    for (let i = 0; i < 20; i++) await one.enqueue(database.db, { ...mail, to: `p${i}@example.vn`, urgent: true });
    await Promise.all([one.deliverPending(), two.deliverPending()]);
    expect([...a.delivered, ...b.delivered].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}@example.vn`).sort());
  });

  it('writes nothing when the caller rolls back', async () => {
    const outbox = createOutbox(database, log, { adapters: [flakyEmail(0)] });
    await expect(
      database.db.transaction(async (tx) => {
        await outbox.enqueue(tx, { ...mail, urgent: true });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await database.query('SELECT 1 FROM platform.outbox')).toEqual([]);
  });
});

/** A port nothing listens on: opened, closed, handed back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
