import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { type PgErrorInfo, pgErrorOf } from '../../../platform/db/database.ts';
import { createTestTree, type SignedIn, signIn, type TestTree } from '../../identity/tests/factories.ts';
import { createClass, createStudent, createYear } from './factories.ts';

// The references of a pupil's rows to a student, enrolment or guardian are checked once per
// statement (migration 0022, registry.require_parents) and their parents are never deleted
// (registry.refuse_parent_removal). These tests hold that they still guard like foreign keys.

let t: TestApp;
let tree: TestTree;
let principal: SignedIn;
let student: { id: string };
let enrolment: { id: string; schoolId: string; provinceId: string };
let guardian: { id: string };

const run = (q: SQL) => t.database.db.execute(q);
/** The PostgreSQL error of a statement that must fail (code and constraint), or a failure of the test. */
async function refused(q: SQL): Promise<PgErrorInfo> {
  try {
    await run(q);
  } catch (err) {
    const pg = pgErrorOf(err);
    if (pg) return pg;
    throw err;
  }
  throw new Error('the statement was accepted');
}
const count = async (q: SQL) => Number(((await run(q)).rows[0] as { n: number | string }).n);

beforeAll(async () => {
  t = await createTestApp();
  tree = await createTestTree(t.database);
  principal = await signIn(t.app, t.database, { roleKey: 'principal', unitId: tree.schoolA });
  const year = (await createYear(t.app, principal.headers, tree.schoolA)).id;
  const classId = (await createClass(t.app, principal.headers, tree.schoolA, year, '6A1')).id;
  student = await createStudent(t.app, principal.headers, tree.schoolA, 'Phạm Thị Thu');
  const e = await t.app.inject({
    method: 'POST',
    url: `/api/registry/students/${student.id}/enrolments`,
    headers: principal.headers,
    payload: { classId, startedOn: '2026-09-05' },
  });
  expect(e.statusCode, e.body).toBe(201);
  const g = await t.app.inject({
    method: 'POST',
    url: `/api/registry/students/${student.id}/guardians`,
    headers: principal.headers,
    payload: { relation: 'mother', primaryContact: true, guardian: { fullName: 'Phạm Thị Lan', phone: '0987654321' } },
  });
  expect(g.statusCode, g.body).toBe(201);
  enrolment = (
    await run(
      sql`SELECT id, school_id AS "schoolId", province_id AS "provinceId" FROM registry.enrolments WHERE student_id = ${student.id}`,
    )
  ).rows[0] as typeof enrolment;
  guardian = (await run(sql`SELECT guardian_id AS id FROM registry.student_guardians WHERE student_id = ${student.id}`))
    .rows[0] as typeof guardian;
  expect(enrolment?.id).toBeTruthy();
  expect(guardian?.id).toBeTruthy();
});
afterAll(async () => t.close());

const event = (enrolmentId: string, studentId: string) =>
  sql`(${randomUUID()}, ${enrolment.provinceId}, ${enrolment.schoolId}, ${enrolmentId}, ${studentId}, 'enrolled', '2026-09-05')`;
const insertEvents = (...rows: SQL[]) =>
  sql`INSERT INTO registry.enrolment_events (id, province_id, school_id, enrolment_id, student_id, status, "on") VALUES ${sql.join(rows, sql`, `)}`;

describe('references checked once per statement', () => {
  it('accept rows whose student, enrolment and guardian exist', async () => {
    await run(insertEvents(event(enrolment.id, student.id), event(enrolment.id, student.id)));
    expect(await count(sql`SELECT count(*) AS n FROM registry.enrolment_events WHERE enrolment_id = ${enrolment.id}`)).toBe(3);
  });

  it('refuse a missing enrolment or student as a foreign-key violation naming the key, and write none of the statement', async () => {
    const before = await count(sql`SELECT count(*) AS n FROM registry.enrolment_events`);
    const missing = randomUUID();
    const e = await refused(insertEvents(event(enrolment.id, student.id), event(missing, student.id)));
    expect(e).toMatchObject({ code: '23503', constraint: 'enrolment_events_enrolment_id_fk' });
    const s = await refused(insertEvents(event(enrolment.id, missing)));
    expect(s).toMatchObject({ code: '23503', constraint: 'enrolment_events_student_id_fk' });
    expect(await count(sql`SELECT count(*) AS n FROM registry.enrolment_events`)).toBe(before);
  });

  it('refuse a guardian link to a missing guardian or student, and an enrolment of a missing student', async () => {
    const link = (
      studentId: string,
      guardianId: string,
    ) => sql`INSERT INTO registry.student_guardians (province_id, student_id, guardian_id, relation)
      VALUES (${enrolment.provinceId}, ${studentId}, ${guardianId}, 'father')`;
    expect(await refused(link(student.id, randomUUID()))).toMatchObject({ code: '23503', constraint: 'student_guardians_guardian_id_fk' });
    expect(await refused(link(randomUUID(), guardian.id))).toMatchObject({ code: '23503', constraint: 'student_guardians_student_id_fk' });
    const other = await createStudent(t.app, principal.headers, tree.schoolA, 'Đỗ Văn Bình');
    await run(link(other.id, guardian.id)); // a second child of the same guardian: fine
  });

  it('check a key changed by an update, and leave other updates alone', async () => {
    expect(await refused(sql`UPDATE registry.enrolments SET student_id = ${randomUUID()} WHERE id = ${enrolment.id}`)).toMatchObject({
      code: '23503',
      constraint: 'enrolments_student_id_fk',
    });
    expect(
      await refused(sql`UPDATE registry.student_guardians SET guardian_id = ${randomUUID()} WHERE student_id = ${student.id}`),
    ).toMatchObject({
      code: '23503',
      constraint: 'student_guardians_guardian_id_fk',
    });
    await run(sql`UPDATE registry.enrolment_events SET reason = 'Nhập học đầu năm' WHERE enrolment_id = ${enrolment.id}`);
    expect(await count(sql`SELECT count(*) AS n FROM registry.enrolments WHERE id = ${enrolment.id} AND student_id = ${student.id}`)).toBe(
      1,
    );
  });

  it('hold because a referenced student, enrolment or guardian is never deleted, truncated or given another id', async () => {
    for (const q of [
      sql`DELETE FROM registry.students WHERE id = ${student.id}`,
      sql`DELETE FROM registry.enrolments WHERE id = ${enrolment.id}`,
      sql`DELETE FROM registry.guardians WHERE id = ${guardian.id}`,
      sql`TRUNCATE registry.guardians CASCADE`,
      sql`UPDATE registry.students SET id = ${randomUUID()} WHERE id = ${student.id}`,
      sql`UPDATE registry.enrolments SET id = ${randomUUID()} WHERE id = ${enrolment.id}`,
    ]) {
      expect((await refused(q)).code).toBe('23001');
    }
    expect(await count(sql`SELECT count(*) AS n FROM registry.students WHERE id = ${student.id}`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM registry.student_guardians WHERE guardian_id = ${guardian.id}`)).toBe(2);
    // the rows that reference them may go: a guardian link is removed by deleting it
    await run(sql`DELETE FROM registry.student_guardians WHERE student_id = ${student.id} AND guardian_id = ${guardian.id}`);
  });
});
