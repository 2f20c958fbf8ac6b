import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { loadSettings } from '../../../platform/config.ts';
import { createLogger } from '../../../platform/logger.ts';
import { orderSeedSteps, runSeedPipeline, type SeedStep } from '../../../platform/seed/pipeline.ts';
import { requireAccess } from '../../identity/public.ts';
import { demoAccountsStep } from '../../identity/seed/demo-accounts.ts';
import { createSession } from '../../identity/sessions.ts';
import { orgTreeStep } from '../../org/seed/steps.ts';
import { classRoster, subjectsOfClass, classContext } from '../../registry/public.ts';
import { demoRegistryStep } from '../../registry/seed/demo.ts';
import { schoolProfileSeedStep } from '../../registry/seed/school.ts';
import { DEMO_GUARDIAN_USERNAME, DEMO_SIGNING_PASSPHRASE, giaovienFirstClass, gvcnClass } from '../seed/demo.ts';
import { gradebookSeedSteps } from '../seed/steps.ts';
import { unlockSigner } from '../../signing/public.ts';

let t: TestApp;
let steps: SeedStep[];
const log = createLogger({ logLevel: 'silent' });
const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q)).rows as T[];
const userId = async (username: string) =>
  (
    await rows<{ id: string; homeUnitId: string }>(
      sql`SELECT id, home_unit_id AS "homeUnitId" FROM identity.users WHERE username = ${username}`,
    )
  )[0]!;
const headersOf = async (id: string) => {
  const s = await createSession(
    t.database.db,
    { userId: id, mfaPending: false, ip: '127.0.0.1', userAgent: 'vitest', now: new Date() },
    loadSettings({ LOG_LEVEL: 'silent' }),
  );
  return { cookie: `gds_session=${s.token}; gds_csrf=${s.csrfToken}`, 'x-csrf-token': s.csrfToken };
};
const tx = <T>(work: (q: Parameters<typeof giaovienFirstClass>[0]) => Promise<T>) => t.database.db.transaction((q) => work(q as never));

beforeAll(async () => {
  t = await createTestApp();
  steps = orderSeedSteps([orgTreeStep, demoAccountsStep, demoRegistryStep, schoolProfileSeedStep, ...gradebookSeedSteps]);
  await runSeedPipeline(t.database, steps, { size: 'demo', log });
}, 300_000);
afterAll(async () => t.close());

describe('grade book demo seed (the contract of the browser journey)', () => {
  it('test keys for gvcn, hieutruong and the school seal, unlockable with HocBa@2026; the test CA is trusted; the profile names the principal', async () => {
    const gvcn = await userId('gvcn');
    const principal = await userId('hieutruong');
    for (const owner of [
      { kind: 'personal', userId: gvcn.id },
      { kind: 'personal', userId: principal.id },
      { kind: 'seal', unitId: principal.homeUnitId },
    ] as const) {
      const { signer, key } = await unlockSigner(t.database.db, owner, DEMO_SIGNING_PASSPHRASE, 'passphrase');
      expect(key.test).toBe(true);
      expect(signer.certificateChain.length).toBeGreaterThan(1);
      await expect(unlockSigner(t.database.db, owner, 'not-the-passphrase', 'passphrase')).rejects.toMatchObject({ status: 422 });
    }
    expect((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM signing.trusted_roots WHERE test`))[0]!.n).toBe(1);
    const [profile] = await rows<{ principal: string }>(
      sql`SELECT principal_user_id AS principal FROM registry.school_profiles WHERE school_id = ${principal.homeUnitId}`,
    );
    expect(profile!.principal).toBe(principal.id);
    const sealed = await rows<{ sealed: string }>(sql`SELECT sealed::text FROM signing.signing_keys`);
    expect(sealed.every((k) => !k.sealed.includes('PRIVATE KEY'))).toBe(true);
  });

  it("giaovien's first class: no TOAN HK1 sheet (empty, open), the other subjects have HK1 marks without ck, published", async () => {
    const classId = (await tx(giaovienFirstClass))!;
    const ctx = (await classContext(t.database.db, classId))!;
    const term1 = ctx.terms.find((x) => x.no === 1)!.id;
    expect(await rows(sql`SELECT 1 FROM gradebook.sheets WHERE class_id = ${classId} AND subject_code = 'TOAN'`)).toEqual([]);
    const giaovien = await userId('giaovien');
    const sheet = await t.app.inject({
      method: 'GET',
      url: `/api/gradebook/classes/${classId}/subjects/TOAN/terms/${term1}`,
      headers: await headersOf(giaovien.id),
    });
    expect(sheet.statusCode, sheet.body).toBe(200);
    expect(sheet.json().sheet.status).toBe('open');
    const others = await rows<{ status: string; slots: string[]; missed: number; cells: number }>(sql`
      SELECT s.status, array_agg(DISTINCT m.slot ORDER BY m.slot) AS slots, count(*) FILTER (WHERE m.missed)::int AS missed, count(*)::int AS cells
      FROM gradebook.sheets s JOIN gradebook.marks m ON m.sheet_id = s.id WHERE s.class_id = ${classId} AND s.term_no = 1 GROUP BY s.id, s.status`);
    const roster = await classRoster(t.database.db, classId);
    expect(others.length).toBe((await subjectsOfClass(t.database.db, ctx)).length - 1);
    for (const s of others) {
      expect(s.status).toBe('published');
      expect(s.slots).toEqual(['gk', 'tx1', 'tx2']);
      expect(s.cells).toBe(roster.length * 3);
    }
    // realistic: scores around 7, a few missed
    const [dist] = await rows<{ avg: string; missed: number; total: number }>(sql`SELECT round(avg(score), 1)::text AS avg,
      count(*) FILTER (WHERE missed)::int AS missed, count(*)::int AS total FROM gradebook.marks m JOIN gradebook.sheets s ON s.id = m.sheet_id WHERE s.status <> 'locked'`);
    expect(Number(dist!.avg)).toBeGreaterThan(6.3);
    expect(Number(dist!.avg)).toBeLessThan(7.7);
    expect(dist!.missed).toBeGreaterThan(0);
    expect(dist!.missed / dist!.total).toBeLessThan(0.05);
    expect(
      (
        await rows(
          sql`SELECT 1 FROM gradebook.marks WHERE slot = 'ck' AND sheet_id IN (SELECT id FROM gradebook.sheets WHERE status <> 'locked')`,
        )
      ).length,
    ).toBe(0);
    expect((await rows(sql`SELECT 1 FROM gradebook.remarks`)).length).toBeGreaterThan(0);
  });

  it('phuhuynh is a guardian account with the demo password that reaches the first student of that class', async () => {
    const classId = (await tx(giaovienFirstClass))!;
    const child = (await classRoster(t.database.db, classId))[0]!;
    const [account] = await rows<{
      id: string;
      kind: string;
      demo: boolean;
      must: boolean;
    }>(sql`SELECT id, kind, demo_password AS demo, must_change_password AS must
      FROM identity.users WHERE username = ${DEMO_GUARDIAN_USERNAME}`);
    expect(account).toMatchObject({ kind: 'guardian', demo: true, must: false });
    await expect(
      requireAccess(t.database.db, { userId: account!.id }, 'registry.student.read', { kind: 'registry.student', ids: [child.id] }),
    ).resolves.toBeUndefined();
    const other = (await classRoster(t.database.db, classId)).find((s) => s.id !== child.id)!;
    const siblings = await rows(
      sql`SELECT 1 FROM registry.student_guardians sg JOIN registry.guardians g ON g.id = sg.guardian_id WHERE g.user_id = ${account!.id} AND sg.student_id = ${other.id}`,
    );
    if (siblings.length === 0) {
      await expect(
        requireAccess(t.database.db, { userId: account!.id }, 'registry.student.read', { kind: 'registry.student', ids: [other.id] }),
      ).rejects.toMatchObject({ status: 404 });
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/identity/login',
      payload: { login: DEMO_GUARDIAN_USERNAME, password: 'GiaoDucSo@2026' },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().status).toBe('ok');
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/gradebook/students/${child.id}/report`,
      headers: await headersOf(account!.id),
    });
    expect(report.statusCode, report.body).toBe(200);
  });

  it("gvcn's class: every subject of both terms locked with term results, conduct recorded, not finalised — and gvcn can finalise it", async () => {
    const classId = (await tx(gvcnClass))!;
    const ctx = (await classContext(t.database.db, classId))!;
    const subjects = await subjectsOfClass(t.database.db, ctx);
    const roster = await classRoster(t.database.db, classId);
    const sheets = await rows<{ status: string; results: number; pending: number }>(sql`SELECT s.status,
        (SELECT count(*)::int FROM gradebook.term_results r WHERE r.sheet_id = s.id) AS results,
        (SELECT count(*)::int FROM gradebook.term_results r WHERE r.sheet_id = s.id AND r.result IS NULL) AS pending
      FROM gradebook.sheets s WHERE s.class_id = ${classId}`);
    expect(sheets.length).toBe(subjects.length * 2);
    expect(sheets.every((s) => s.status === 'locked' && s.results === roster.length && s.pending === 0)).toBe(true);
    const [records] = await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM gradebook.student_terms WHERE class_id = ${classId} AND conduct IS NOT NULL`,
    );
    expect(records!.n).toBe(roster.length * 2);
    expect(await rows(sql`SELECT 1 FROM gradebook.year_results WHERE class_id = ${classId}`)).toEqual([]);

    // idempotent: a second run changes nothing
    const before = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM gradebook.marks`);
    const report = await runSeedPipeline(t.database, steps, { size: 'demo', log });
    expect(report.applied).toEqual([]);
    for (const step of gradebookSeedSteps)
      await t.database.db.transaction((q) => step.run({ tx: q as never, size: 'demo', seed: 20250701, log }));
    expect(await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM gradebook.marks`)).toEqual(before);

    const gvcn = await userId('gvcn');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/gradebook/classes/${classId}/finalise`,
      headers: await headersOf(gvcn.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ students: roster.length });
  });
});
