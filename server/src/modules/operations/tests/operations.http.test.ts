import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { modules } from '../../../modules.ts';
import type { ModuleDefinition } from '../../../platform/module.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';

/** A module whose sync job fails, as a national-database sync does when the far side answers 503. */
const failingSync: ModuleDefinition = {
  name: 'testsync',
  messages: { vi: {}, en: {} },
  jobs: [
    {
      name: 'testsync.push',
      label: { vi: 'Đồng bộ thử', en: 'Test sync' },
      retry: { limit: 2, delaySeconds: 30, backoff: true },
      handler: async () => Promise.reject(new Error('national portal answered 503')),
    },
  ],
};

let t: TestApp;
let tree: TestTree;
let admin: SignedIn;
let schoolReader: SignedIn;
beforeAll(async () => {
  t = await createTestApp({ modules: [...modules, failingSync] });
  tree = await createTestTree(t.database);
  admin = await signIn(t.app, t.database, { roleKey: 'system_admin', unitId: tree.department });
  // A custom role holding the outbox and job permissions, granted at a school only.
  await t.database.exec(`
    INSERT INTO identity.roles (key, name_vi, name_en, builtin, requires_mfa) VALUES ('ops_reader', 'Đọc vận hành', 'Ops reader', false, false);
    INSERT INTO identity.role_permissions (role_id, permission_id)
      SELECT r.id, p FROM identity.roles r, unnest(ARRAY['operations.outbox.read','operations.outbox.retry','operations.jobs.read','operations.jobs.run']) p
      WHERE r.key = 'ops_reader';`);
  schoolReader = await signIn(t.app, t.database, { roleKey: 'ops_reader', unitId: tree.schoolA });
});
afterAll(async () => t.close());

const get = (url: string, who: SignedIn) => t.app.inject({ method: 'GET', url, headers: who.headers });
const post = (url: string, who: SignedIn) => t.app.inject({ method: 'POST', url, headers: who.headers });

describe('the outbox screen', () => {
  it('lists failed messages and retries one, audited without its body', async () => {
    const [failed] = await t.database.query<{ id: string }>(
      `INSERT INTO platform.outbox (channel, topic, "to", subject, body, urgent, transport, status, attempts, error)
       VALUES ('email', 'test.notice', 'lan@example.vn', 'Thông báo', 'Mã: SECRET-1', true, 'file', 'failed', 6, 'connect ECONNREFUSED')
       RETURNING id`,
    );
    const list = await get('/api/operations/outbox?status=failed', admin);
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((m: { id: string }) => m.id === failed!.id);
    expect(item).toMatchObject({ status: 'failed', attempts: 6, error: 'connect ECONNREFUSED', abilities: { retry: true } });
    expect(list.json().counts.failed).toBeGreaterThanOrEqual(1);
    expect(list.json().channels).toContainEqual({ channel: 'email', transport: 'file' });
    expect(list.json().channels).toContainEqual({ channel: 'sms', transport: null });

    const retried = await post(`/api/operations/outbox/${failed!.id}/retry`, admin);
    expect(retried.statusCode, retried.body).toBe(200);
    // No SMTP in tests: the file transport delivers it at once.
    expect(retried.json()).toMatchObject({ status: 'sent', attempts: 1, error: null, abilities: { retry: false } });
    expect(await auditCount(t.database, 'operations.outbox.retry')).toBe(1);
    const [event] = await t.database.query<{ before: unknown; after: unknown }>(
      "SELECT before, after FROM platform.audit_events WHERE action = 'operations.outbox.retry'",
    );
    expect(JSON.stringify(event)).not.toContain('SECRET-1');

    const again = await post(`/api/operations/outbox/${failed!.id}/retry`, admin);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('operations.outbox.notRetryable');
    expect((await post('/api/operations/outbox/00000000-0000-4000-8000-000000000000/retry', admin)).statusCode).toBe(404);
  });

  it('is for the province only: a grant at a school does not open it', async () => {
    for (const url of ['/api/operations/outbox', '/api/operations/jobs', '/api/operations/jobs/runs']) {
      const res = await get(url, schoolReader);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('operations.provinceOnly');
    }
    expect((await post('/api/operations/jobs/testsync.push/run', schoolReader)).statusCode).toBe(403);
  });
});

describe('the jobs screen', () => {
  it("lists every module's declared jobs, the outbox sender among them", async () => {
    const res = await get('/api/operations/jobs', admin);
    expect(res.statusCode, res.body).toBe(200);
    const names = res.json().items.map((j: { name: string }) => j.name);
    expect(names).toEqual(expect.arrayContaining(['operations.outbox.deliver', 'operations.jobs.prune', 'testsync.push']));
    expect(res.json().items.find((j: { name: string }) => j.name === 'operations.outbox.deliver')).toMatchObject({
      module: 'operations',
      schedule: '* * * * *',
      label: 'Gửi tin trong hộp thư đi (thử lại tin lỗi)',
    });
  });

  it('shows a failed run: its state, error and duration on the list and in the run log', async () => {
    const run = await post('/api/operations/jobs/testsync.push/run', admin);
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({
      queued: false,
      run: { job: 'testsync.push', state: 'failed', trigger: 'manual', error: 'national portal answered 503' },
    });
    expect(await auditCount(t.database, 'operations.job.run')).toBe(1);

    const list = await get('/api/operations/jobs', admin);
    expect(list.json().items.find((j: { name: string }) => j.name === 'testsync.push')).toMatchObject({
      lastRun: { state: 'failed', error: 'national portal answered 503' },
      failedRecently: 1,
    });
    const runs = await get('/api/operations/jobs/runs?state=failed&job=testsync.push', admin);
    expect(runs.json()).toMatchObject({ total: 1, items: [{ state: 'failed', error: 'national portal answered 503' }] });
    expect(runs.json().items[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs the outbox sender by hand and logs what it did', async () => {
    const run = await post('/api/operations/jobs/operations.outbox.deliver/run', admin);
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().run).toMatchObject({ state: 'succeeded', summary: { sent: expect.any(Number), failed: 0 } });
    expect((await post('/api/operations/jobs/nope.nothing/run', admin)).statusCode).toBe(404);
  });
});

describe('my notification preferences', () => {
  it('starts with every channel and quiet hours, and keeps what I choose', async () => {
    const me = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    const first = await get('/api/operations/me/notification-preferences', me);
    expect(first.json()).toEqual({ disabledChannels: [], quietHours: true, quietFrom: '21:00', quietTo: '06:00' });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/operations/me/notification-preferences',
      headers: me.headers,
      payload: { disabledChannels: ['sms', 'sms'], quietHours: false },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get('/api/operations/me/notification-preferences', me)).json()).toMatchObject({
      disabledChannels: ['sms'],
      quietHours: false,
    });
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/operations/me/notification-preferences',
      headers: me.headers,
      payload: { disabledChannels: ['fax'], quietHours: false },
    });
    expect(bad.statusCode).toBe(400);
  });
});
