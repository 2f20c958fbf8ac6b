import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import type { AuditActor } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { createEventDispatcher, type EventDispatcher } from '../../../platform/events/dispatcher.ts';
import { type DomainEvent, publishEvent, subscribe } from '../../../platform/events/events.ts';
import type { Actor } from '../../identity/public.ts';
import type { SignedIn } from '../../identity/tests/factories.ts';
import { type SheetEvent, type SheetKey, writeAbsenceCounts, writeConfirmedMarks } from '../public.ts';
import { createGradebookFixture, type GradebookFixture } from './factories.ts';

let t: TestApp;
let f: GradebookFixture;
let dispatcher: EventDispatcher;
/** What the test's subscribers received, in delivery order. */
const received: Array<{ subscriber: string; event: DomainEvent }> = [];
/** The flaky subscriber fails while this is above 0 (and writes a row that must roll back each time). */
let failuresLeft = 0;

const subscribers = [
  subscribe('test.onPublished', 'gradebook.sheet.published', async (event) => {
    received.push({ subscriber: 'test.onPublished', event });
  }),
  subscribe('test.onLocked', 'gradebook.sheet.locked', async (event, tx) => {
    // A subscriber's own write commits with its delivery.
    await tx.execute(sql`INSERT INTO test_seen (event_id) VALUES (${event.id})`);
    received.push({ subscriber: 'test.onLocked', event });
  }),
  subscribe('test.flaky', 'gradebook.sheet.locked', async (event, tx) => {
    await tx.execute(sql`INSERT INTO test_seen (event_id) VALUES (${-event.id})`);
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('the other system is down');
    }
    received.push({ subscriber: 'test.flaky', event });
  }),
];

beforeAll(async () => {
  t = await createTestApp();
  f = await createGradebookFixture(t.app, t.database);
  await t.database.exec('CREATE TABLE test_seen (event_id bigint NOT NULL)');
  dispatcher = createEventDispatcher(t.database, subscribers);
});
afterAll(async () => {
  await dispatcher.stop();
  await t.close();
});

const actorOf = (who: SignedIn): Actor => ({
  userId: who.userId,
  username: who.username,
  displayName: who.username,
  kind: 'staff',
  sessionId: 'test',
  ip: '127.0.0.1',
  userAgent: undefined,
});
const audit = (who: SignedIn): AuditActor => ({ userId: who.userId, label: who.username });
const key = (): SheetKey => ({ classId: f.classId, subjectCode: 'TOAN', termId: f.term1 });
const inTx = <T>(work: (tx: Tx) => Promise<T>) => t.database.db.transaction(async (tx) => work(tx as unknown as Tx));
const sheetUrl = () => `/api/gradebook/classes/${f.classId}/subjects/TOAN/terms/${f.term1}`;
const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: { code?: string; status?: number }) => err,
  );
const seen = async () =>
  (await t.database.query<{ event_id: string }>('SELECT event_id FROM test_seen ORDER BY event_id')).map((r) => Number(r.event_id));

describe("the grade book's public write path and its events", () => {
  it('writes confirmed marks through the sheet save: parsed, versioned, audited with their source', async () => {
    const [an, binh] = f.students;
    const saved = await inTx((tx) =>
      writeConfirmedMarks(
        tx,
        actorOf(f.teacher),
        audit(f.teacher),
        key(),
        [
          { studentId: an!.id, slot: 'tx1', value: '8,5', expectedVersion: 0 },
          { studentId: binh!.id, slot: 'tx1', value: '7', expectedVersion: 0 },
        ],
        'assessment.test:de-01',
      ),
    );
    expect(saved.saved).toEqual([
      { studentId: an!.id, slot: 'tx1', value: '8.5', version: 1 },
      { studentId: binh!.id, slot: 'tx1', value: '7.0', version: 1 },
    ]);
    const [row] = await t.database.query<{ reason: string }>(
      "SELECT reason FROM platform.audit_events WHERE action = 'gradebook.marks.save' ORDER BY id DESC LIMIT 1",
    );
    expect(row?.reason).toBe('assessment.test:de-01');
    // the version guard of the sheet: a sender that saw version 0 of a cell saved since loses, nothing is written
    const stale = await errorOf(
      inTx((tx) =>
        writeConfirmedMarks(
          tx,
          actorOf(f.teacher),
          audit(f.teacher),
          key(),
          [{ studentId: an!.id, slot: 'tx1', value: '9', expectedVersion: 0 }],
          'x',
        ),
      ),
    );
    expect(stale).toMatchObject({ code: 'gradebook.marks.conflict', status: 409 });
    // only the subject's teacher writes: another school's teacher learns nothing of the class
    const outsider = await errorOf(
      inTx((tx) =>
        writeConfirmedMarks(
          tx,
          actorOf(f.otherTeacher),
          audit(f.otherTeacher),
          key(),
          [{ studentId: an!.id, slot: 'tx2', value: '9', expectedVersion: 0 }],
          'x',
        ),
      ),
    );
    expect(outsider).toMatchObject({ status: 404 });
  });

  it('delivers nothing of a rolled-back change, and a published sheet to its subscriber after commit', async () => {
    await expect(
      inTx(async (tx) => {
        await publishEvent(tx, 'gradebook.sheet.published', { sheetId: 'x' } as SheetEvent, f.tree.schoolA);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await dispatcher.runOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0 });

    const res = await t.app.inject({ method: 'POST', url: `${sheetUrl()}/publish`, headers: f.teacher.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(received).toEqual([]);
    expect(await dispatcher.runOnce()).toEqual({ fannedOut: 1, delivered: 1, failed: 0 });
    expect(received).toEqual([
      {
        subscriber: 'test.onPublished',
        event: expect.objectContaining({
          name: 'gradebook.sheet.published',
          orgUnitId: f.tree.schoolA,
          payload: {
            sheetId: res.json().id,
            classId: f.classId,
            subjectCode: 'TOAN',
            termId: f.term1,
            termNo: 1,
            schoolId: f.tree.schoolA,
            schoolYearId: f.yearId,
          },
        }),
      },
    ]);
    // delivered once: a second pass finds nothing; publishing again is a no-op and announces nothing
    expect(await dispatcher.runOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0 });
    await t.app.inject({ method: 'POST', url: `${sheetUrl()}/publish`, headers: f.teacher.headers });
    expect(await dispatcher.runOnce()).toMatchObject({ fannedOut: 0 });
  });

  it('retries a failing subscriber with backoff, rolling back its writes each time, without holding up the others', async () => {
    received.length = 0;
    failuresLeft = 2;
    const res = await t.app.inject({ method: 'POST', url: `${sheetUrl()}/lock`, headers: f.principal.headers });
    expect(res.statusCode, res.body).toBe(200);
    const start = new Date(Date.now() + 1000);
    expect(await dispatcher.runOnce(start)).toEqual({ fannedOut: 1, delivered: 1, failed: 1 });
    expect(received.map((r) => r.subscriber)).toEqual(['test.onLocked']);
    const eventId = received[0]!.event.id;
    expect(await seen()).toEqual([eventId]);
    const [delivery] = await t.database.query<{ attempts: number; last_error: string; next_attempt_at: Date }>(
      "SELECT attempts, last_error, next_attempt_at FROM platform.event_deliveries WHERE subscriber = 'test.flaky'",
    );
    expect(delivery).toMatchObject({ attempts: 1, last_error: 'the other system is down' });
    expect(new Date(delivery!.next_attempt_at).getTime()).toBe(start.getTime() + 10_000);
    // not due before its time; then fails once more (20 s later next), then succeeds
    expect(await dispatcher.runOnce(new Date(start.getTime() + 9_000))).toMatchObject({ delivered: 0, failed: 0 });
    expect(await dispatcher.runOnce(new Date(start.getTime() + 10_000))).toMatchObject({ delivered: 0, failed: 1 });
    expect(await dispatcher.runOnce(new Date(start.getTime() + 29_000))).toMatchObject({ delivered: 0, failed: 0 });
    expect(await dispatcher.runOnce(new Date(start.getTime() + 30_000))).toMatchObject({ delivered: 1, failed: 0 });
    expect(received.map((r) => r.subscriber)).toEqual(['test.onLocked', 'test.flaky']);
    expect(received[1]!.event).toMatchObject({ id: eventId, name: 'gradebook.sheet.locked', payload: { sheetId: res.json().id } });
    // the two failed attempts' rows rolled back; the successful one's stayed
    expect(await seen()).toEqual([-eventId, eventId]);
  });

  it('refuses a write into the locked sheet through public.ts: a change after the lock is a correction request', async () => {
    const [, , chau] = f.students;
    const err = await errorOf(
      inTx((tx) =>
        writeConfirmedMarks(
          tx,
          actorOf(f.teacher),
          audit(f.teacher),
          key(),
          [{ studentId: chau!.id, slot: 'tx1', value: '6', expectedVersion: 0 }],
          'x',
        ),
      ),
    );
    expect(err).toMatchObject({ code: 'gradebook.sheet.locked', status: 409 });
    const cells = await t.database.query('SELECT 1 FROM gradebook.marks WHERE student_id = $1', [chau!.id]);
    expect(cells).toEqual([]);
  });

  it("fills the term's absence counts for the homeroom teacher only, keeping conduct and moving the version", async () => {
    const [an, binh] = f.students;
    const counts = [
      { studentId: an!.id, excused: 2, unexcused: 1 },
      { studentId: binh!.id, excused: 0, unexcused: 0 },
    ];
    const first = await inTx((tx) => writeAbsenceCounts(tx, actorOf(f.homeroom), audit(f.homeroom), f.classId, 1, counts, 'attendance'));
    expect(first).toEqual(expect.arrayContaining([{ studentId: an!.id, version: 1 }]));
    await t.database.query("UPDATE gradebook.student_terms SET conduct = 'T' WHERE student_id = $1 AND term_no = 1", [an!.id]);
    const second = await inTx((tx) =>
      writeAbsenceCounts(
        tx,
        actorOf(f.homeroom),
        audit(f.homeroom),
        f.classId,
        1,
        [{ studentId: an!.id, excused: 3, unexcused: 1 }],
        'attendance',
      ),
    );
    expect(second).toEqual([{ studentId: an!.id, version: 2 }]);
    const rows = await t.database.query<{
      student_id: string;
      conduct: string | null;
      absences_excused: number;
      absences_unexcused: number;
    }>(
      'SELECT student_id, conduct, absences_excused, absences_unexcused FROM gradebook.student_terms WHERE class_id = $1 AND term_no = 1',
      [f.classId],
    );
    expect(rows.find((r) => r.student_id === an!.id)).toMatchObject({ conduct: 'T', absences_excused: 3, absences_unexcused: 1 });
    expect(rows.find((r) => r.student_id === binh!.id)).toMatchObject({ absences_excused: 0, absences_unexcused: 0 });
    const [logged] = await t.database.query<{ before: unknown; reason: string }>(
      "SELECT before, reason FROM platform.audit_events WHERE action = 'gradebook.absences.save' ORDER BY id DESC LIMIT 1",
    );
    expect(logged).toMatchObject({
      reason: 'attendance',
      before: { termNo: 1, counts: [{ studentId: an!.id, excused: 2, unexcused: 1 }] },
    });

    const notHomeroom = await errorOf(
      inTx((tx) => writeAbsenceCounts(tx, actorOf(f.teacher), audit(f.teacher), f.classId, 1, counts, 'attendance')),
    );
    expect(notHomeroom).toMatchObject({ code: 'gradebook.notHomeroom', status: 403 });
    const wrong = await errorOf(
      inTx((tx) =>
        writeAbsenceCounts(
          tx,
          actorOf(f.homeroom),
          audit(f.homeroom),
          f.classId,
          1,
          [{ studentId: an!.id, excused: -1, unexcused: 0 }],
          'x',
        ),
      ),
    );
    expect(wrong).toMatchObject({ status: 422 });
  });
});
