import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { allowedIds, scopeOf } from '../../identity/public.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { units } from '../../org/schema.ts';
import { INVITATION_MAX_ATTEMPTS } from '../accounts/rules.ts';
import { createClass, createStudent, createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let clerkA: SignedIn;
let clerkB: SignedIn;
let classA: string;
let classB: string;
let childA: { id: string };
let childB: { id: string };
let other: { id: string };
let hungA: string;
let hungB: string;
let lan: string;

type Headers = Record<string, string>;
const post = (url: string, payload: unknown, headers?: Headers) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, ...(headers ? { headers } : {}) });
const get = (url: string, headers?: Headers) => t.app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) });

async function addGuardian(who: SignedIn, studentId: string, guardian: Record<string, unknown>, relation = 'father'): Promise<string> {
  const res = await post(`/api/registry/students/${studentId}/guardians`, { relation, guardian }, who.headers);
  expect(res.statusCode, res.body).toBe(201);
  const g = (res.json().guardians as { id: string; fullName: string }[]).find((x) => x.fullName === guardian.fullName)!;
  return g.id;
}

async function enrol(who: SignedIn, studentId: string, classId: string) {
  const res = await post(`/api/registry/students/${studentId}/enrolments`, { classId, startedOn: '2026-09-05' }, who.headers);
  expect(res.statusCode, res.body).toBe(201);
}

/** The latest message of the outbox to this address, and the code in it. */
async function codeSentTo(to: string): Promise<string> {
  const rows = await t.database.query<{ body: string }>(
    'SELECT body FROM platform.outbox WHERE "to" = $1 ORDER BY created_at DESC LIMIT 1',
    [to],
  );
  const m = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(rows[0]?.body ?? '');
  if (!m) throw new Error(`no code sent to ${to}`);
  return m[1]!;
}

async function login(username: string, password: string): Promise<Headers> {
  const res = await post('/api/identity/login', { login: username, password });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().status).toBe('ok');
  const session = res.cookies.find((c) => c.name === 'gds_session')!.value;
  const csrf = res.cookies.find((c) => c.name === 'gds_csrf')!.value;
  return { cookie: `gds_session=${session}; gds_csrf=${csrf}`, 'x-csrf-token': csrf };
}

const invite = (who: SignedIn, studentId: string, guardianId: string, channel: 'email' | 'phone') =>
  post(`/api/registry/students/${studentId}/guardians/${guardianId}/invitations`, { channel }, who.headers);

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  clerkA = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  clerkB = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolB });
  const principalA = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  const principalB = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolB });
  classA = (
    await createClass(t.app, principalA.headers, tree.schoolA, (await createYear(t.app, principalA.headers, tree.schoolA)).id, '6A1')
  ).id;
  classB = (
    await createClass(t.app, principalB.headers, tree.schoolB, (await createYear(t.app, principalB.headers, tree.schoolB)).id, '7B2', 7)
  ).id;
  childA = await createStudent(t.app, clerkA.headers, tree.schoolA, 'Nguyễn Minh An', { moetCode: '2701000001' });
  childB = await createStudent(t.app, clerkB.headers, tree.schoolB, 'Nguyễn Thu Bình', {
    sex: 'female',
    dateOfBirth: '2013-04-02',
    cccd: undefined,
  });
  other = await createStudent(t.app, clerkA.headers, tree.schoolA, 'Trần Văn Cường', { schoolCode: 'HS02' });
  await enrol(clerkA, childA.id, classA);
  await enrol(clerkB, childB.id, classB);
  await enrol(clerkA, other.id, classA);
  // One father, recorded by each school on its own; the other family shares his phone under another name.
  hungA = await addGuardian(clerkA, childA.id, { fullName: 'Nguyễn Văn Hùng', phone: '0912345678', email: 'hung.nguyen@example.vn' });
  hungB = await addGuardian(clerkB, childB.id, { fullName: 'nguyen van hung', phone: '+84 912 345 678' });
  lan = await addGuardian(clerkA, other.id, { fullName: 'Trần Thị Lan', phone: '0912345678', email: 'lan@example.vn' }, 'mother');
});
afterAll(async () => t.close());

describe('guardian invitations', () => {
  it('answers 404 to another school and to a caller who cannot see the student; 403 to a reader', async () => {
    expect((await invite(clerkB, childA.id, hungA, 'email')).statusCode).toBe(404);
    const teacher = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
    expect((await invite(teacher, childA.id, hungA, 'email')).statusCode).toBe(404);
    const officer = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
    expect((await invite(officer, childA.id, hungA, 'email')).statusCode).toBe(403);
    expect((await invite(clerkA, childA.id, hungB, 'email')).statusCode).toBe(404);
    expect((await post(`/api/registry/students/${childA.id}/guardians/${hungA}/invitations`, { channel: 'email' })).statusCode).toBe(401);
  });

  it('refuses a channel the record has no address for, on the field', async () => {
    const res = await invite(clerkB, childB.id, hungB, 'email');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'body.channel', code: 'registry.accounts.noEmail' });
  });

  it('sends an SMS code to the outbox only, clearly marked as not sent', async () => {
    const res = await invite(clerkA, other.id, lan, 'phone');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'phone', destination: '091****678' });
    const [sms] = await t.database.query<{ transport: string; status: string; sent_at: Date | null; error: string | null; body: string }>(
      `SELECT transport, status, sent_at, error, body FROM platform.outbox WHERE channel = 'sms' AND "to" = '0912345678' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(sms).toMatchObject({ transport: 'none', status: 'unsent', sent_at: null });
    expect(sms!.error).toMatch(/SMS/);
    expect(sms!.body).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it('e-mails a code, keeps only its HMAC, audits without the code; a wrong code is counted; the right one makes the account', async () => {
    const res = await invite(clerkA, childA.id, hungA, 'email');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'email', destination: 'h*********n@example.vn' });
    const code = await codeSentTo('hung.nguyen@example.vn');
    const [stored] = await t.database.query<{ code_hash: string; attempts: number }>(
      'SELECT code_hash, attempts FROM registry.account_invitations WHERE guardian_id = $1 AND revoked_at IS NULL',
      [hungA],
    );
    expect(stored!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.code_hash).not.toContain(code.replace('-', ''));
    const audits = await t.database.query<{ after: unknown }>(
      `SELECT after FROM platform.audit_events WHERE action = 'registry.account.invite' AND entity_id = $1`,
      [hungA],
    );
    expect(JSON.stringify(audits)).not.toContain(code.replace('-', ''));

    const wrong = await post('/api/registry/account-invitations/redeem', {
      contact: 'Hung.Nguyen@example.vn',
      code: 'AAAA-AAAA',
      username: 'phuhuynh.hung',
      password: 'Con-toi-hoc-gioi-2026',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'registry.accounts.codeInvalid', errors: [{ path: 'body.code' }] });
    expect(wrong.json().title).toMatch(new RegExp(`còn ${INVITATION_MAX_ATTEMPTS - 1} lần`));
    const [after] = await t.database.query<{ attempts: number }>(
      'SELECT attempts FROM registry.account_invitations WHERE guardian_id = $1 AND revoked_at IS NULL',
      [hungA],
    );
    expect(after!.attempts).toBe(1);

    const weak = await post('/api/registry/account-invitations/redeem', {
      contact: 'hung.nguyen@example.vn',
      code,
      username: 'phuhuynh.hung',
      password: '12345678',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].path).toBe('body.password');

    const ok = await post('/api/registry/account-invitations/redeem', {
      contact: 'hung.nguyen@example.vn',
      code: code.toLowerCase(),
      username: 'PhuHuynh.Hung',
      password: 'Con-toi-hoc-gioi-2026',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ username: 'phuhuynh.hung', newAccount: true });
    expect(await auditCount(t.database, 'registry.account.redeem')).toBe(1);
    expect(await auditCount(t.database, 'registry.account.create')).toBe(1);
    expect(await auditCount(t.database, 'registry.account.redeemFailed')).toBeGreaterThanOrEqual(1);

    const again = await post('/api/registry/account-invitations/redeem', {
      contact: 'hung.nguyen@example.vn',
      code,
      username: 'someone.else',
      password: 'Con-toi-hoc-gioi-2026',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('registry.accounts.codeUsed');
  });

  it('links every record of the same guardian, and only those: one account sees both children in two schools', async () => {
    const links = await t.database.query<{ id: string; user_id: string | null }>(
      'SELECT id, user_id FROM registry.guardians WHERE id = ANY($1::uuid[])',
      [[hungA, hungB, lan]],
    );
    const byId = new Map(links.map((l) => [l.id, l.user_id]));
    expect(byId.get(hungA)).toBeTruthy();
    expect(byId.get(hungB)).toBe(byId.get(hungA));
    expect(byId.get(lan)).toBeNull();

    const h = await login('phuhuynh.hung', 'Con-toi-hoc-gioi-2026');
    const res = await get('/api/registry/me/children', h);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; school: { name: string }; currentClass: { name: string } }[];
    expect(items.map((c) => c.id).sort()).toEqual([childA.id, childB.id].sort());
    expect(items.map((c) => c.currentClass.name).sort()).toEqual(['6A1', '7B2']);
    expect(new Set(items.map((c) => c.school.name)).size).toBe(2);
    expect((await get(`/api/registry/me/children/${childB.id}`, h)).statusCode).toBe(200);
    expect((await get(`/api/registry/me/children/${other.id}`, h)).statusCode).toBe(404);
    expect((await get('/api/registry/me/children/not-a-uuid', h)).statusCode).toBe(404);
    // no grant, no subtree: the school lists stay closed
    expect((await get(`/api/registry/students/${childA.id}`, h)).statusCode).toBe(403);
    expect((await get('/api/registry/students', h)).statusCode).toBe(403);
    expect((await get('/api/registry/me/student', h)).json()).toEqual({ student: null });
  });

  it('opens the guardian account to its children in the access layer, for reading only', async () => {
    const [u] = await t.database.query<{ id: string }>(`SELECT id FROM identity.users WHERE username = 'phuhuynh.hung'`);
    const actor = { userId: u!.id };
    const read = await allowedIds(t.database.db, actor, 'registry.student.read', 'registry.student', [childA.id, childB.id, other.id]);
    expect([...read].sort()).toEqual([childA.id, childB.id].sort());
    expect((await allowedIds(t.database.db, actor, 'registry.student.write', 'registry.student', [childA.id, childB.id])).size).toBe(0);
    expect((await allowedIds(t.database.db, actor, 'registry.class.read', 'registry.class', [classA, classB])).size).toBe(0);
    expect((await scopeOf(t.database.db, actor, 'registry.student.read')).paths).toEqual([]);
  });

  it('a new child record of the same guardian joins the existing account with its password, not a second account', async () => {
    const third = await createStudent(t.app, clerkB.headers, tree.schoolB, 'Nguyễn Gia Huy');
    const hungC = await addGuardian(clerkB, third.id, { fullName: 'Nguyễn Văn Hùng', phone: '0912 345 678' });
    expect((await invite(clerkB, childB.id, hungB, 'phone')).statusCode).toBe(409);
    expect((await invite(clerkB, third.id, hungC, 'phone')).statusCode).toBe(201);
    const rows = await t.database.query<{ body: string }>(
      `SELECT body FROM platform.outbox WHERE channel = 'sms' AND "to" = '0912345678' ORDER BY created_at DESC LIMIT 1`,
    );
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(rows[0]!.body)![1]!;
    const second = await post('/api/registry/account-invitations/redeem', {
      contact: '0912345678',
      code,
      username: 'hung2',
      password: 'Mot-mat-khau-khac-2026',
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().code).toBe('registry.accounts.useExistingAccount');
    const joined = await post('/api/registry/account-invitations/redeem', {
      contact: '+84912345678',
      code,
      username: 'phuhuynh.hung',
      password: 'Con-toi-hoc-gioi-2026',
    });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toEqual({ username: 'phuhuynh.hung', newAccount: false });
    const h = await login('phuhuynh.hung', 'Con-toi-hoc-gioi-2026');
    expect(((await get('/api/registry/me/children', h)).json().items as unknown[]).length).toBe(3);
  });

  it('an expired code says so; a code locked after too many wrong tries stays locked even when right', async () => {
    // Lan's SMS invitation was sent above: expire it.
    const smsCode = (
      await t.database.query<{ body: string }>(
        `SELECT body FROM platform.outbox WHERE channel = 'sms' AND "to" = '0912345678' AND body LIKE '%phu huynh%' ORDER BY created_at ASC LIMIT 1`,
      )
    )[0]!.body;
    const lanCode = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(smsCode)![1]!;
    await t.database.query(`UPDATE registry.account_invitations SET expires_at = now() - interval '1 minute' WHERE guardian_id = $1`, [
      lan,
    ]);
    const expired = await post('/api/registry/account-invitations/redeem', {
      contact: '0912345678',
      code: lanCode,
      username: 'me.lan',
      password: 'Me-Lan-yeu-con-2026',
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().code).toBe('registry.accounts.codeExpired');

    expect((await invite(clerkA, other.id, lan, 'email')).statusCode).toBe(201);
    const code = await codeSentTo('lan@example.vn');
    for (let i = 1; i <= INVITATION_MAX_ATTEMPTS; i += 1) {
      const res = await post('/api/registry/account-invitations/redeem', {
        contact: 'lan@example.vn',
        code: 'ZZZZ-ZZZZ',
        username: 'me.lan',
        password: 'Me-Lan-yeu-con-2026',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(i < INVITATION_MAX_ATTEMPTS ? 'registry.accounts.codeInvalid' : 'registry.accounts.codeLocked');
    }
    const locked = await post('/api/registry/account-invitations/redeem', {
      contact: 'lan@example.vn',
      code,
      username: 'me.lan',
      password: 'Me-Lan-yeu-con-2026',
    });
    expect(locked.statusCode).toBe(400);
    expect(locked.json().code).toBe('registry.accounts.codeLocked');
    const [g] = await t.database.query<{ user_id: string | null }>('SELECT user_id FROM registry.guardians WHERE id = $1', [lan]);
    expect(g!.user_id).toBeNull();
  });

  it('shows the school the account state without any code', async () => {
    const res = await get(`/api/registry/students/${childA.id}/accounts`, clerkA.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      abilities: { invite: true },
      guardians: [{ guardianId: hungA, username: 'phuhuynh.hung', invitation: { channel: 'email', state: 'used' } }],
    });
    expect((await get(`/api/registry/students/${childA.id}/accounts`, clerkB.headers)).statusCode).toBe(404);
  });
});

describe('student accounts', () => {
  it('creates accounts from the class list once, with printable first passwords; skips students without a code', async () => {
    expect((await post(`/api/registry/classes/${classA}/student-accounts`, {}, clerkB.headers)).statusCode).toBe(404);
    const res = await post(`/api/registry/classes/${classA}/student-accounts`, {}, clerkA.headers);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    const names = body.created.map((c: { username: string }) => c.username);
    expect(names).toHaveLength(2);
    expect(names).toContain('hs2701000001');
    expect(names.find((n: string) => n !== 'hs2701000001')).toMatch(/^hs[a-z0-9]+\.hs02$/);
    for (const c of body.created) expect(c.initialPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(body.skipped).toEqual([]);
    expect(await auditCount(t.database, 'registry.account.createStudents')).toBe(1);
    const audit = await t.database.query<{ after: unknown }>(
      `SELECT after FROM platform.audit_events WHERE action = 'registry.account.createStudents'`,
    );
    expect(JSON.stringify(audit)).not.toContain(body.created[0].initialPassword);

    const again = (await post(`/api/registry/classes/${classA}/student-accounts`, {}, clerkA.headers)).json();
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(2);

    const noCode = await createStudent(t.app, clerkA.headers, tree.schoolA, 'Lê Văn Dũng');
    await enrol(clerkA, noCode.id, classA);
    const third = (await post(`/api/registry/classes/${classA}/student-accounts`, {}, clerkA.headers)).json();
    expect(third.skipped).toEqual([{ studentId: noCode.id, fullName: 'Lê Văn Dũng', reason: 'noCode' }]);

    // The student must change the printed password before anything else, then sees only themself.
    const first = body.created.find((c: { username: string }) => c.username === 'hs2701000001');
    const s = await login('hs2701000001', first.initialPassword);
    const blocked = await get('/api/registry/me/student', s);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('identity.passwordChangeRequired');
    const me = (await get('/api/identity/me', s)).json();
    expect(me).toMatchObject({ kind: 'student', mustChangePassword: true });
    const changed = await post(
      '/api/identity/me/password',
      { currentPassword: first.initialPassword, newPassword: 'Em-hoc-lop-6A1-nam-nay' },
      s,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const self = await get('/api/registry/me/student', s);
    expect(self.statusCode, self.body).toBe(200);
    expect(self.json().student).toMatchObject({ id: childA.id, fullName: 'Nguyễn Minh An', currentClass: { name: '6A1', gradeNo: 6 } });
    expect((await get('/api/registry/me/children', s)).json().items).toEqual([]);
    expect((await get(`/api/registry/students/${other.id}`, s)).statusCode).toBe(403);
    const [u] = await t.database.query<{ id: string }>(`SELECT id FROM identity.users WHERE username = 'hs2701000001'`);
    const seen = await allowedIds(t.database.db, { userId: u!.id }, 'registry.student.read', 'registry.student', [
      childA.id,
      other.id,
      childB.id,
    ]);
    expect([...seen]).toEqual([childA.id]);
    expect((await allowedIds(t.database.db, { userId: u!.id }, 'registry.student.write', 'registry.student', [childA.id])).size).toBe(0);
  });

  it('refuses a primary class (below grade 6) on the class', async () => {
    const [commune] = await t.database.query<{ path: string; depth: number }>('SELECT path, depth FROM org.units WHERE id = $1', [
      tree.communeA,
    ]);
    const id = randomUUID();
    await t.database.db.insert(units).values({
      id,
      parentId: tree.communeA,
      path: `${commune!.path}${id}/`,
      depth: commune!.depth + 1,
      type: 'school',
      code: `th-${id.slice(0, 8)}`,
      name: 'Trường Tiểu học An Bình',
      schoolLevel: 'tieu_hoc',
    });
    const principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: id });
    const year = await createYear(t.app, principal.headers, id);
    const cls = await createClass(t.app, principal.headers, id, year.id, '5A', 5);
    const res = await post(`/api/registry/classes/${cls.id}/student-accounts`, {}, principal.headers);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('registry.accounts.gradeTooLow');
  });

  it('a disabled student account reaches nothing', async () => {
    await t.database.query(`UPDATE identity.users SET status = 'disabled' WHERE username LIKE '%.hs02'`);
    const [u] = await t.database.query<{ id: string }>(`SELECT id FROM identity.users WHERE username LIKE '%.hs02'`);
    expect((await allowedIds(t.database.db, { userId: u!.id }, 'registry.student.read', 'registry.student', [other.id])).size).toBe(0);
  });
});
