import { type SQL, sql } from 'drizzle-orm';
import { uuidArray } from '../../../platform/db/uuid.ts';

/** The one permission the account relationships open: reading the student record. */
export const ACCOUNT_READ = 'registry.student.read';

/**
 * Students an account reaches by relationship (issue 5 §9), for the record-kind rule of
 * `registry.student`: a guardian account → the children of every guardian record linked to it;
 * a student account → itself. Reading only, never a subtree: these accounts hold no grant.
 */
export function accountStudents(userId: string, permission: string, ids: string[]): SQL {
  if (permission !== ACCOUNT_READ) return sql`SELECT NULL::uuid AS id WHERE false`;
  return sql`
    SELECT sa.student_id AS id FROM registry.student_accounts sa
    JOIN identity.users su ON su.id = sa.user_id AND su.status = 'active' AND su.kind = 'student'
    WHERE sa.user_id = ${userId} AND sa.student_id = ANY(${uuidArray(ids)})
    UNION
    SELECT sg.student_id AS id FROM registry.guardians g
    JOIN identity.users gu ON gu.id = g.user_id AND gu.status = 'active' AND gu.kind = 'guardian'
    JOIN registry.student_guardians sg ON sg.guardian_id = g.id
    WHERE g.user_id = ${userId} AND sg.student_id = ANY(${uuidArray(ids)})`;
}
