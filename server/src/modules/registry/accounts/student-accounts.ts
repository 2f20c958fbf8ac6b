import { sql } from 'drizzle-orm';
import type { Settings } from '../../../platform/config.ts';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound, unprocessable } from '../../../platform/errors.ts';
import { type Actor, existingUsernames, hashPassword, insertPersonalAccount, requireAccess } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { isUuid, requireSchool } from '../access.ts';
import * as repo from '../repo.ts';
import { studentAccounts } from '../schema.ts';
import { initialPassword, STUDENT_ACCOUNT_MIN_GRADE, studentUsername } from './rules.ts';

export interface ClassAccountRow {
  studentId: string;
  fullName: string;
  username: string | null;
}

/** Students of the class (open enrolments), in Vietnamese name order, with their account if any. */
export async function classAccounts(
  tx: Tx,
  classId: string,
): Promise<(ClassAccountRow & { moetCode: string | null; schoolCode: string | null })[]> {
  const result = await tx.execute(sql`
    SELECT s.id AS "studentId", s.full_name AS "fullName", s.moet_code AS "moetCode", s.school_code AS "schoolCode", u.username
    FROM registry.enrolments e JOIN registry.students s ON s.id = e.student_id
    LEFT JOIN registry.student_accounts sa ON sa.student_id = s.id
    LEFT JOIN identity.users u ON u.id = sa.user_id
    WHERE e.class_id = ${classId} AND e.status NOT IN ('transferred_out', 'dropped_out')
    ORDER BY s.sort_key COLLATE "C", s.id`);
  return result.rows as never[];
}

/** The class, reachable for reading (404) and writable by school staff (403 when only visible). */
export async function requireClassForAccounts(tx: Tx, actor: Actor, classId: string) {
  if (!isUuid(classId)) throw notFound();
  await requireAccess(tx, actor, 'registry.class.read', { kind: 'registry.class', ids: [classId] });
  const cls = await repo.findClass(tx, classId);
  if (!cls) throw notFound();
  await requireSchool(tx, actor, cls.schoolId, 'registry.student.write');
  return cls;
}

/**
 * Accounts for the students of a class of grade 6 or above who have none (issue 5 §9): username
 * from the student code, a random first password returned once (the printable list) and to be
 * changed at the first sign-in. Students without a code, or whose username is taken, are listed
 * as skipped. One audit event for the class, with the usernames (never the passwords).
 */
export async function createClassStudentAccounts(tx: Tx, settings: Settings, actor: Actor, audit: AuditActor, classId: string, now: Date) {
  const cls = await requireClassForAccounts(tx, actor, classId);
  if (cls.gradeNo < STUDENT_ACCOUNT_MIN_GRADE) {
    throw unprocessable('registry.accounts.gradeTooLow', { min: STUDENT_ACCOUNT_MIN_GRADE }, [
      { path: 'params.id', code: 'registry.accounts.gradeTooLow', params: { min: STUDENT_ACCOUNT_MIN_GRADE } },
    ]);
  }
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`registry.student-accounts:${classId}`}))`);
  const school = (await findUnit(tx, cls.schoolId))!;
  const rows = await classAccounts(tx, classId);
  const existing = rows.filter((r) => r.username).map((r) => ({ studentId: r.studentId, fullName: r.fullName, username: r.username! }));
  const wanted = rows.filter((r) => !r.username).map((r) => ({ ...r, wanted: studentUsername(r, school.code) }));
  const taken = await existingUsernames(
    tx,
    wanted.flatMap((w) => (w.wanted ? [w.wanted] : [])),
  );
  const created: { studentId: string; fullName: string; username: string; initialPassword: string }[] = [];
  const skipped: { studentId: string; fullName: string; reason: 'noCode' | 'usernameTaken' }[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    if (!w.wanted) {
      skipped.push({ studentId: w.studentId, fullName: w.fullName, reason: 'noCode' });
      continue;
    }
    if (taken.has(w.wanted) || seen.has(w.wanted)) {
      skipped.push({ studentId: w.studentId, fullName: w.fullName, reason: 'usernameTaken' });
      continue;
    }
    seen.add(w.wanted);
    const password = initialPassword();
    const userId = await insertPersonalAccount(
      tx,
      {
        username: w.wanted,
        displayName: w.fullName,
        kind: 'student',
        homeUnitId: cls.schoolId,
        passwordHash: await hashPassword(password, settings.argon2),
        mustChangePassword: true,
      },
      now,
    );
    if (!userId) {
      skipped.push({ studentId: w.studentId, fullName: w.fullName, reason: 'usernameTaken' });
      continue;
    }
    await tx.insert(studentAccounts).values({ studentId: w.studentId, provinceId: cls.provinceId, userId, createdBy: actor.userId });
    created.push({ studentId: w.studentId, fullName: w.fullName, username: w.wanted, initialPassword: password });
  }
  await recordAudit(tx, audit, {
    action: 'registry.account.createStudents',
    entityType: 'registry.class',
    entityId: classId,
    orgUnitId: cls.schoolId,
    after: { created: created.map((c) => ({ studentId: c.studentId, username: c.username })), skipped },
    bulk: { counts: { created: created.length, existing: existing.length, skipped: skipped.length } },
  });
  return { classId, className: cls.name, schoolName: school.name, created, existing, skipped };
}
