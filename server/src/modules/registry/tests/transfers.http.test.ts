import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { units } from '../../org/schema.ts';
import { auditCount, createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { cccdFor, createClass, createStudent, createYear } from './factories.ts';

let t: TestApp;
let tree: TestTree;
let schoolC: string;
let clerkA: SignedIn;
let clerkB: SignedIn;
let clerkC: SignedIn;
let teacherA: SignedIn;
let classA: string;
let classB: string;
let classB2: string;
let classC: string;
let yearA: string;

const post = (url: string, who: SignedIn, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object });
const get = (url: string, who: SignedIn) => t.app.inject({ method: 'GET', url, headers: who.headers });
const enrolmentsAt = async (studentId: string, schoolId: string) =>
  (
    await t.database.db.execute(
      sql`SELECT status FROM registry.enrolments WHERE student_id = ${studentId} AND school_id = ${schoolId} ORDER BY created_at`,
    )
  ).rows.map((r) => (r as { status: string }).status);

async function enrolledStudent(name: string, extra: Record<string, unknown> = {}) {
  const s = await createStudent(t.app, clerkA.headers, tree.schoolA, name, extra);
  const res = await post(`/api/registry/students/${s.id}/enrolments`, clerkA, { classId: classA, startedOn: '2026-09-05' });
  expect(res.statusCode, res.body).toBe(201);
  return s;
}

beforeAll(async () => {
  t = await createTestApp({ env: { REGISTRY_TRANSFER_LOOKUPS_PER_HOUR: '8' } });
  tree = await createTestTree(t.database);
  // A third school C of commune A: neither side of the transfers below.
  const [communeA] = await t.database.db.select().from(units).where(sql`${units.id} = ${tree.communeA}`);
  schoolC = randomUUID();
  await t.database.db.insert(units).values({
    id: schoolC,
    parentId: communeA!.id,
    path: `${communeA!.path}${schoolC}/`,
    depth: communeA!.depth + 1,
    type: 'school',
    code: `school-C-${schoolC.slice(0, 8)}`,
    name: 'Trường THCS Cẩm Giang',
    schoolLevel: 'thcs',
  });
  clerkA = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolA });
  clerkB = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolB });
  clerkC = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: schoolC });
  teacherA = await signIn(t.app, t.database, { roleKey: 'teacher', unitId: tree.schoolA });
  yearA = (await createYear(t.app, clerkA.headers, tree.schoolA)).id;
  const yearB = (await createYear(t.app, clerkB.headers, tree.schoolB)).id;
  classA = (await createClass(t.app, clerkA.headers, tree.schoolA, yearA, '6A1')).id;
  classB = (await createClass(t.app, clerkB.headers, tree.schoolB, yearB, '6B1')).id;
  classB2 = (await createClass(t.app, clerkB.headers, tree.schoolB, yearB, '6B2')).id;
  classC = (await createClass(t.app, clerkC.headers, schoolC, (await createYear(t.app, clerkC.headers, schoolC)).id, '6C1')).id;
});
afterAll(async () => t.close());

describe('a transfer started by the sending school', () => {
  let an: Awaited<ReturnType<typeof enrolledStudent>>;
  let transferId: string;

  beforeAll(async () => {
    an = await enrolledStudent('Nguyễn Văn An');
  });

  it('is started by school A, audited, and waits for school B', async () => {
    const res = await post('/api/registry/transfers', clerkA, {
      studentId: an.id,
      toSchoolId: tree.schoolB,
      transferOn: '2026-11-20',
      reason: 'Gia đình chuyển nơi ở',
      documentsNote: 'Học bạ, giấy chuyển trường',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    transferId = body.id;
    expect(body).toMatchObject({
      kind: 'in_province',
      status: 'pending',
      initiatedBy: 'sender',
      fromSchool: { id: tree.schoolA },
      toSchool: { id: tree.schoolB },
      fromGradeNo: 6,
      fromStartYear: 2026,
      student: { id: an.id, fullName: 'Nguyễn Văn An', cccd: an.cccd },
      abilities: { accept: false, reject: false, cancel: true, openStudent: true },
    });
    expect(await auditCount(t.database, 'registry.transfer.start')).toBe(1);
  });

  it('cannot be started twice for one student', async () => {
    const again = await post('/api/registry/transfers', clerkA, { studentId: an.id, toSchoolId: tree.schoolB, transferOn: '2026-11-20' });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ path: 'body.studentId', code: 'registry.transfer.pendingExists' });
  });

  it('is invisible to school C (404) and refused to a teacher (403)', async () => {
    expect((await get(`/api/registry/transfers/${transferId}`, clerkC)).statusCode).toBe(404);
    expect((await post(`/api/registry/transfers/${transferId}/accept`, clerkC, { classId: classB })).statusCode).toBe(404);
    expect((await post(`/api/registry/transfers/${transferId}/reject`, clerkC, { reason: 'Không rõ' })).statusCode).toBe(404);
    expect((await get('/api/registry/transfers?direction=all', clerkC)).json().items).toEqual([]);
    expect((await get('/api/registry/transfers', teacherA)).statusCode).toBe(403);
    expect(
      (await post('/api/registry/transfers', teacherA, { studentId: an.id, toSchoolId: tree.schoolB, transferOn: '2026-11-20' }))
        .statusCode,
    ).toBe(403);
    expect((await post(`/api/registry/transfers/${transferId}/accept`, teacherA, { classId: classB })).statusCode).toBe(403);
  });

  it('cannot be accepted by the sending school itself', async () => {
    const res = await post(`/api/registry/transfers/${transferId}/accept`, clerkA, { classId: classB });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('registry.transfer.notYourSide');
  });

  it("shows in school B's incoming list with accept/reject, the student's CCCD masked", async () => {
    const list = (await get('/api/registry/transfers?direction=incoming&status=pending', clerkB)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: transferId, abilities: { accept: true, reject: true, cancel: false, openStudent: false } });
    expect(list.items[0].student.cccd).toMatch(/^\d{4}\*{6}\d{2}$/);
    expect((await get('/api/registry/transfers?direction=outgoing', clerkB)).json().items).toEqual([]);
  });

  it('needs a class of the receiving school', async () => {
    const none = await post(`/api/registry/transfers/${transferId}/accept`, clerkB, {});
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0]).toMatchObject({ path: 'body.classId', code: 'registry.transfer.classRequired' });
    const theirs = await post(`/api/registry/transfers/${transferId}/accept`, clerkB, { classId: classA });
    expect(theirs.statusCode).toBe(422);
    expect(theirs.json().errors[0].path).toBe('body.classId');
  });

  it('accepted by B in one transaction: A ends transferred_out, B starts transferred_in; accepting twice makes one enrolment', async () => {
    const first = await post(`/api/registry/transfers/${transferId}/accept`, clerkB, { classId: classB });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'accepted',
      toClass: { id: classB, name: '6B1' },
      abilities: { accept: false, openStudent: true },
    });
    const second = await post(`/api/registry/transfers/${transferId}/accept`, clerkB, { classId: classB2 });
    expect(second.statusCode).toBe(200);
    expect(second.json().toClass.id).toBe(classB);
    expect(await enrolmentsAt(an.id, tree.schoolA)).toEqual(['transferred_out']);
    expect(await enrolmentsAt(an.id, tree.schoolB)).toEqual(['transferred_in']);
    expect(await auditCount(t.database, 'registry.transfer.accept')).toBe(1);
    const reject = await post(`/api/registry/transfers/${transferId}/reject`, clerkB, { reason: 'Đổi ý' });
    expect(reject.statusCode).toBe(409);
    expect(reject.json().code).toBe('registry.transfer.alreadyDecided');
  });

  it('B holds the record now, with the whole history', async () => {
    const res = await get(`/api/registry/students/${an.id}`, clerkB);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      schoolId: tree.schoolB,
      status: 'transferred_in',
      currentClass: { id: classB },
      abilities: { update: true },
    });
    expect(body.view).toBeUndefined();
    expect(body.enrolments.map((e: { schoolId: string; status: string }) => [e.schoolId, e.status])).toEqual(
      expect.arrayContaining([
        [tree.schoolA, 'transferred_out'],
        [tree.schoolB, 'transferred_in'],
      ]),
    );
    const list = (await get(`/api/registry/students?schoolId=${tree.schoolB}&q=nguyen van an`, clerkB)).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([an.id]);
  });

  it('A keeps its past year only: its own enrolment and the identity as of the transfer', async () => {
    const current = (await get(`/api/registry/students/${an.id}`, clerkB)).json();
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: clerkB.headers,
      payload: { version: current.version, fullName: 'Nguyễn Văn Ân', phone: '0912000111' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const res = await get(`/api/registry/students/${an.id}`, clerkA);
    expect(res.statusCode).toBe(200);
    const past = res.json();
    expect(past).toMatchObject({
      view: 'past',
      fullName: 'Nguyễn Văn An',
      phone: null,
      currentClass: null,
      guardians: [],
      abilities: { update: false, enrol: false },
    });
    expect(past.cccd).toMatch(/^\d{4}\*{6}\d{2}$/);
    expect(past.enrolments.map((e: { schoolId: string; status: string }) => [e.schoolId, e.status])).toEqual([
      [tree.schoolA, 'transferred_out'],
    ]);
    // Not in A's current lists, and not editable.
    expect((await get(`/api/registry/students?schoolId=${tree.schoolA}&q=nguyen van`, clerkA)).json().items).toEqual([]);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/registry/students/${an.id}`,
      headers: clerkA.headers,
      payload: { version: current.version + 1, religion: 'Không' },
    });
    expect(patch.statusCode).toBe(404);
    // The outgoing list still names the transfer and offers the past view.
    const out = (await get('/api/registry/transfers?direction=outgoing', clerkA)).json();
    expect(out.items[0]).toMatchObject({ id: transferId, status: 'accepted', abilities: { openStudent: false, openPast: true } });
    expect((await get(`/api/registry/students/${an.id}`, clerkC)).statusCode).toBe(404);
  });
});

describe('a transfer requested by the receiving school', () => {
  it('is found by CCCD, decided by the sender; rejecting needs a reason; a decided transfer never changes', async () => {
    const binh = await enrolledStudent('Trần Thị Bình', { sex: 'female' });
    const unknown = await post('/api/registry/transfers/requests', clerkB, {
      schoolId: tree.schoolB,
      classId: classB,
      cccd: cccdFor('male'),
      dateOfBirth: '2014-03-15',
      transferOn: '2026-11-20',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'body.cccd', code: 'registry.transfer.studentNotFound' });
    const res = await post('/api/registry/transfers/requests', clerkB, {
      schoolId: tree.schoolB,
      classId: classB2,
      cccd: binh.cccd,
      dateOfBirth: '2014-03-15',
      transferOn: '2026-11-20',
      reason: 'Theo nguyện vọng gia đình',
    });
    expect(res.statusCode, res.body).toBe(201);
    const tr = res.json();
    expect(tr).toMatchObject({ initiatedBy: 'receiver', toClass: { id: classB2 }, abilities: { accept: false, cancel: true } });
    const mine = (await get('/api/registry/transfers?direction=outgoing&status=pending', clerkA)).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([tr.id]);
    expect(mine.items[0].abilities).toMatchObject({ accept: true, reject: true, cancel: false });
    expect((await post(`/api/registry/transfers/${tr.id}/reject`, clerkA, {})).statusCode).toBe(400);
    const rejected = await post(`/api/registry/transfers/${tr.id}/reject`, clerkA, { reason: 'Học sinh vẫn học tại trường' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: 'Học sinh vẫn học tại trường' });
    const late = await post(`/api/registry/transfers/${tr.id}/accept`, clerkA, {});
    expect(late.statusCode).toBe(409);
    expect(await enrolmentsAt(binh.id, tree.schoolA)).toEqual(['enrolled']);
  });

  it('refuses a date outside the receiving year', async () => {
    const cuong = await enrolledStudent('Lê Văn Cường');
    const outside = await post('/api/registry/transfers/requests', clerkB, {
      schoolId: tree.schoolB,
      classId: classB,
      cccd: cuong.cccd,
      dateOfBirth: '2014-03-15',
      transferOn: '2027-06-20',
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ path: 'body.transferOn', code: 'registry.transfer.dateOutsideYear' });
  });

  it('can be withdrawn by the side that started it', async () => {
    const dung = await enrolledStudent('Phạm Thị Dung', { sex: 'female' });
    const tr = (
      await post('/api/registry/transfers/requests', clerkB, {
        schoolId: tree.schoolB,
        classId: classB,
        cccd: dung.cccd,
        dateOfBirth: '2014-03-15',
        transferOn: '2026-11-21',
      })
    ).json();
    expect((await post(`/api/registry/transfers/${tr.id}/cancel`, clerkA, {})).statusCode).toBe(403);
    const cancelled = await post(`/api/registry/transfers/${tr.id}/cancel`, clerkB, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await auditCount(t.database, 'registry.transfer.cancel')).toBe(1);
  });
});

describe('a receiving school proves it knows the pupil it asks for', () => {
  const ask = (who: SignedIn, ids: Record<string, string>) =>
    post('/api/registry/transfers/requests', who, { schoolId: tree.schoolB, classId: classB, transferOn: '2026-11-20', ...ids });
  const lookups = async (matched: boolean) =>
    (
      await t.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM platform.audit_events WHERE action = 'registry.transfer.lookup' AND (after->>'matched')::boolean = $1",
        [matched],
      )
    )[0]!.n;
  /** The answer without what differs per request (its id and URL). */
  const answer = (res: { statusCode: number; json(): Record<string, unknown> }) => {
    const { instance: _i, requestId: _r, ...rest } = res.json();
    return { status: res.statusCode, ...rest };
  };

  it('answers a wrong date of birth exactly like an unknown code, audits both lookups, and names no pupil in the audit', async () => {
    const moetCode = `HS${Date.now() % 1_000_000_000}`;
    const hoa = await enrolledStudent('Đỗ Thị Hoa', { sex: 'female', moetCode });
    const [noneBefore, okBefore] = [await lookups(false), await lookups(true)];
    const unknown = await ask(clerkB, { moetCode: `${moetCode}9`, dateOfBirth: '2014-03-15' });
    const wrongBirth = await ask(clerkB, { moetCode, dateOfBirth: '2014-03-16' });
    expect(unknown.statusCode).toBe(422);
    expect(answer(wrongBirth)).toEqual(answer(unknown));
    expect(wrongBirth.json().errors).toMatchObject([{ path: 'body.moetCode', code: 'registry.transfer.studentNotFound' }]);
    expect(wrongBirth.body).not.toContain('Hoa');
    expect(await lookups(false)).toBe(noneBefore + 2);
    const probes = await t.database.query<{ entity_id: string | null; org_unit_id: string }>(
      "SELECT entity_id, org_unit_id FROM platform.audit_events WHERE action = 'registry.transfer.lookup' ORDER BY id DESC LIMIT 2",
    );
    expect(probes).toEqual([
      { entity_id: null, org_unit_id: tree.schoolB },
      { entity_id: null, org_unit_id: tree.schoolB },
    ]);
    // Without the date of birth the request is not even looked up.
    expect((await ask(clerkB, { moetCode })).statusCode).toBe(400);
    expect(await lookups(false)).toBe(noneBefore + 2);
    // Code and date of birth together: the request is made, and the sending school sees it to decide.
    const ok = await ask(clerkB, { moetCode: moetCode.toLowerCase(), dateOfBirth: '2014-03-15' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ student: { id: hoa.id, fullName: 'Đỗ Thị Hoa' }, initiatedBy: 'receiver' });
    expect(await lookups(true)).toBe(okBefore + 1);
    const outgoing = (await get('/api/registry/transfers?direction=outgoing&status=pending', clerkA)).json();
    expect(outgoing.items.find((i: { id: string }) => i.id === ok.json().id)?.abilities).toMatchObject({ accept: true, reject: true });
    expect((await post(`/api/registry/transfers/${ok.json().id}/cancel`, clerkB, {})).statusCode).toBe(200);
  });

  it('limits the lookups per user and hour, whatever they find, and counts each user apart', async () => {
    const limit = t.settings.transferLookupsPerHour;
    const prober = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolB });
    const other = await signIn(t.app, t.database, { roleKey: 'school_office', unitId: tree.schoolB });
    const target = await enrolledStudent('Vũ Văn Khánh');
    // Sent at once: the per-user lock makes them count one after the other.
    const burst = await Promise.all(
      Array.from({ length: limit }, (_, i) => ask(prober, { moetCode: `HS-KHONG-CO-${i}`, dateOfBirth: '2014-03-15' })),
    );
    expect(burst.map((r) => r.statusCode)).toEqual(Array(limit).fill(422));
    const over = await ask(prober, { cccd: target.cccd, dateOfBirth: '2014-03-15' });
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('registry.transfer.lookupLimit');
    const fine = await ask(other, { cccd: target.cccd, dateOfBirth: '2014-03-15' });
    expect(fine.statusCode, fine.body).toBe(201);
    expect((await post(`/api/registry/transfers/${fine.json().id}/cancel`, other, {})).statusCode).toBe(200);
  });
});

describe('double submission', () => {
  it('two accepts sent at the same moment make one enrolment', async () => {
    const kim = await enrolledStudent('Lý Thị Kim', { sex: 'female' });
    const tr = (
      await post('/api/registry/transfers', clerkA, { studentId: kim.id, toSchoolId: tree.schoolB, transferOn: '2026-11-22' })
    ).json();
    const before = await auditCount(t.database, 'registry.transfer.accept');
    const [x, y] = await Promise.all([
      post(`/api/registry/transfers/${tr.id}/accept`, clerkB, { classId: classB }),
      post(`/api/registry/transfers/${tr.id}/accept`, clerkB, { classId: classB2 }),
    ]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    expect(x.json().toClass.id).toBe(y.json().toClass.id);
    expect(await enrolmentsAt(kim.id, tree.schoolB)).toEqual(['transferred_in']);
    expect(await enrolmentsAt(kim.id, tree.schoolA)).toEqual(['transferred_out']);
    expect(await auditCount(t.database, 'registry.transfer.accept')).toBe(before + 1);
  });
});

describe('who sees what', () => {
  it('the department acts for either side; a commune officer only reads the transfers of its schools', async () => {
    const minh = await enrolledStudent('Trịnh Văn Minh');
    const tr = (
      await post('/api/registry/transfers', clerkA, { studentId: minh.id, toSchoolId: tree.schoolB, transferOn: '2026-11-23' })
    ).json();
    const officer = await signIn(t.app, t.database, { roleKey: 'department_officer', unitId: tree.department });
    const seen = (await get(`/api/registry/transfers/${tr.id}`, officer)).json();
    expect(seen.abilities).toMatchObject({ accept: true, reject: true, cancel: true });
    const communeA = await signIn(t.app, t.database, { roleKey: 'commune_officer', unitId: tree.communeA });
    const read = await get(`/api/registry/transfers/${tr.id}`, communeA);
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toMatchObject({ accept: false, reject: false, cancel: false });
    expect((await post(`/api/registry/transfers/${tr.id}/cancel`, communeA, {})).statusCode).toBe(403);
    // A pending transfer whose enrolment ended meanwhile cannot be accepted any more.
    const enrolment = (await get(`/api/registry/students/${minh.id}`, clerkA)).json().enrolments[0];
    expect(
      (
        await post(`/api/registry/enrolments/${enrolment.id}/status`, clerkA, {
          status: 'dropped_out',
          on: '2026-11-24',
          reason: 'Nghỉ học',
        })
      ).statusCode,
    ).toBe(200);
    const late = await post(`/api/registry/transfers/${tr.id}/accept`, clerkB, { classId: classB });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('registry.transfer.enrolmentChanged');
    expect(await enrolmentsAt(minh.id, tree.schoolB)).toEqual([]);
    // Back in a class, he can be transferred again: the stale request is closed, not in the way.
    expect(
      (await post(`/api/registry/students/${minh.id}/enrolments`, clerkA, { classId: classA, startedOn: '2026-11-25' })).statusCode,
    ).toBe(201);
    const again = await post('/api/registry/transfers', clerkA, { studentId: minh.id, toSchoolId: tree.schoolB, transferOn: '2026-11-26' });
    expect(again.statusCode, again.body).toBe(201);
    expect((await get(`/api/registry/transfers/${tr.id}`, clerkA)).json()).toMatchObject({
      status: 'cancelled',
      decisionNote: 'Tự huỷ: lớp học ở trường chuyển đi đã kết thúc',
    });
  });
});

describe('other provinces', () => {
  it('a student leaves for another province: the enrolment ends and the destination is recorded', async () => {
    const em = await enrolledStudent('Hoàng Văn Em');
    const res = await post('/api/registry/transfers/out-of-province', clerkA, {
      studentId: em.id,
      transferOn: '2026-11-25',
      otherProvince: 'Thành phố Hà Nội',
      otherSchoolName: 'Trường THCS Cầu Giấy',
      reason: 'Theo bố mẹ',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'out_of_province', status: 'accepted', otherProvince: 'Thành phố Hà Nội', toSchool: null });
    const rec = (await get(`/api/registry/students/${em.id}`, clerkA)).json();
    expect(rec.status).toBe('transferred_out');
    expect(rec.enrolments[0].history.at(-1)).toMatchObject({
      status: 'transferred_out',
      reason: 'Chuyển đến Trường THCS Cầu Giấy, Thành phố Hà Nội',
    });
    expect(
      (
        await post('/api/registry/transfers/out-of-province', clerkB, {
          studentId: em.id,
          transferOn: '2026-11-25',
          otherProvince: 'Hà Nội',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a student arrives from another province: created, or found by CCCD, and enrolled as transferred in', async () => {
    const cccd = cccdFor('female');
    const payload = (student: Record<string, unknown>) => ({
      schoolId: tree.schoolB,
      classId: classB,
      transferOn: '2026-11-26',
      otherProvince: 'Tỉnh Lạng Sơn',
      otherSchoolName: 'Trường THCS Chi Lăng',
      student: { fullName: 'Vi Thị Giang', sex: 'female', dateOfBirth: '2014-03-15', cccd, ethnicityCode: '04', ...student },
    });
    const created = await post('/api/registry/transfers/from-other-province', clerkB, payload({}));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      created: true,
      transfer: { kind: 'from_other_province', fromSchool: null, toClass: { id: classB } },
    });
    const studentId = created.json().studentId;
    expect(await enrolmentsAt(studentId, tree.schoolB)).toEqual(['transferred_in']);

    // The same CCCD again: found, not created — and she already has a class this year.
    const twice = await post('/api/registry/transfers/from-other-province', clerkB, payload({}));
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0].code).toBe('registry.transfer.twoClassesInYear');
    // The same CCCD with another birth date: the clerk must check the papers.
    const other = await post('/api/registry/transfers/from-other-province', clerkC, {
      ...payload({ dateOfBirth: '2013-01-01' }),
      schoolId: schoolC,
      classId: classC,
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0]).toMatchObject({ path: 'body.student.cccd', code: 'registry.transfer.identityMismatch' });
  });

  it('a student who left the province comes back to the same record', async () => {
    const hai = await enrolledStudent('Đỗ Văn Hải');
    expect(
      (
        await post('/api/registry/transfers/out-of-province', clerkA, {
          studentId: hai.id,
          transferOn: '2026-10-01',
          otherProvince: 'Tỉnh Bắc Giang',
        })
      ).statusCode,
    ).toBe(201);
    const back = await post('/api/registry/transfers/from-other-province', clerkB, {
      schoolId: tree.schoolB,
      classId: classB2,
      transferOn: '2026-11-27',
      otherProvince: 'Tỉnh Bắc Giang',
      student: { fullName: 'Đỗ Văn Hải', sex: 'male', dateOfBirth: '2014-03-15', cccd: hai.cccd },
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ created: false, studentId: hai.id });
    expect((await get(`/api/registry/students/${hai.id}`, clerkB)).json()).toMatchObject({
      schoolId: tree.schoolB,
      status: 'transferred_in',
    });
    // A student who studies in the province is not "from another province".
    const an = (await get('/api/registry/students?q=nguyen van', clerkB)).json().items[0];
    const full = (await get(`/api/registry/students/${an.id}`, clerkB)).json();
    const inProvince = await post('/api/registry/transfers/from-other-province', clerkA, {
      schoolId: tree.schoolA,
      classId: classA,
      transferOn: '2026-11-27',
      otherProvince: 'Tỉnh Bắc Giang',
      student: { fullName: full.fullName, sex: 'male', dateOfBirth: full.dateOfBirth, cccd: full.cccd },
    });
    expect(inProvince.statusCode).toBe(422);
    expect(inProvince.json().errors[0].code).toBe('registry.transfer.studentInProvince');
  });

  it('finds a returning student by the MOET code too (letters in any case)', async () => {
    const lan = await enrolledStudent('Ngô Thị Lan', { sex: 'female', cccd: null, moetCode: 'HS27MOET01' });
    expect(
      (
        await post('/api/registry/transfers/out-of-province', clerkA, {
          studentId: lan.id,
          transferOn: '2026-10-02',
          otherProvince: 'Tỉnh Thái Nguyên',
        })
      ).statusCode,
    ).toBe(201);
    const back = await post('/api/registry/transfers/from-other-province', clerkB, {
      schoolId: tree.schoolB,
      classId: classB,
      transferOn: '2026-11-27',
      otherProvince: 'Tỉnh Thái Nguyên',
      student: { fullName: 'Ngô Thị Lan', sex: 'female', dateOfBirth: '2014-03-15', moetCode: 'hs27moet01' },
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ created: false, studentId: lan.id });
  });
});

describe('destinations', () => {
  it('lists the schools of the province by name without accents; a teacher may not', async () => {
    const res = (await get('/api/registry/transfers/destinations?q=bac son', clerkA)).json();
    expect(res.items.map((s: { id: string }) => s.id)).toEqual([tree.schoolB]);
    expect((await get('/api/registry/transfers/destinations', teacherA)).statusCode).toBe(403);
  });
});

describe("a school that already opened next year's classes", () => {
  it("a transfer ends next year's place too: the pupil is on no list of the sending school", async () => {
    const hoa = await enrolledStudent('Lê Thị Hoa', { sex: 'female' });
    const next = await post(`/api/registry/schools/${tree.schoolA}/years/${yearA}/next`, clerkA, {
      startsOn: '2027-09-05',
      endsOn: '2028-05-31',
      terms: [
        { no: 1, name: 'Học kì I', startsOn: '2027-09-05', endsOn: '2028-01-15' },
        { no: 2, name: 'Học kì II', startsOn: '2028-01-17', endsOn: '2028-05-31' },
      ],
    });
    expect(next.statusCode, next.body).toBe(201);
    expect(await enrolmentsAt(hoa.id, tree.schoolA)).toEqual(['enrolled', 'enrolled']);
    const started = await post('/api/registry/transfers', clerkA, {
      studentId: hoa.id,
      toSchoolId: tree.schoolB,
      transferOn: '2026-11-25',
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ fromStartYear: 2026 });
    const accepted = await post(`/api/registry/transfers/${started.json().id}/accept`, clerkB, { classId: classB });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await enrolmentsAt(hoa.id, tree.schoolA)).toEqual(['transferred_out', 'transferred_out']);
    const ended = (
      await t.database.db.execute(sql`SELECT start_year AS "startYear", ended_on::text AS "endedOn" FROM registry.enrolments
      WHERE student_id = ${hoa.id} AND school_id = ${tree.schoolA} ORDER BY start_year`)
    ).rows;
    expect(ended).toEqual([
      { startYear: 2026, endedOn: '2026-11-25' },
      { startYear: 2027, endedOn: '2026-11-25' },
    ]);
    expect((await get(`/api/registry/students/${hoa.id}`, clerkB)).json()).toMatchObject({
      schoolId: tree.schoolB,
      currentClass: { id: classB },
    });
    const listA = (await get(`/api/registry/students?schoolId=${tree.schoolA}&q=le thi hoa`, clerkA)).json();
    expect(listA.items).toEqual([]);
  });
});
