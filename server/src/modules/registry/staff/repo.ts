import { eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { staff } from '../schema.ts';

export type StaffRow = typeof staff.$inferSelect;

export async function findStaff(q: Queryable, id: string, lock = false): Promise<StaffRow | undefined> {
  const base = q.select().from(staff).where(eq(staff.id, id));
  const [row] = lock ? await base.for('update') : await base;
  return row;
}

export interface StaffListRow {
  id: string;
  schoolId: string;
  schoolName: string;
  schoolPath: string;
  staffCode: string | null;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  cccd: string | null;
  position: StaffRow['position'];
  titleGroup: StaffRow['titleGroup'];
  titleRank: StaffRow['titleRank'];
  qualification: StaffRow['qualification'];
  qualificationStandard: StaffRow['qualificationStandard'];
  subjects: string[];
  contractType: StaffRow['contractType'];
  status: StaffRow['status'];
  phone: string | null;
  email: string | null;
  userId: string | null;
  username: string | null;
  version: number;
  total: number;
}

/**
 * One page of staff in the Vietnamese name order, done by the database (the stored sort key
 * compared bytewise, then id: pages never overlap or skip), as students are listed.
 */
export async function listStaff(q: Queryable, where: SQL, page: number, pageSize: number): Promise<StaffListRow[]> {
  const result = await q.execute(sql`
    SELECT st.id, st.school_id AS "schoolId", su.name AS "schoolName", su.path AS "schoolPath", st.staff_code AS "staffCode",
      st.full_name AS "fullName", st.sex, st.date_of_birth::text AS "dateOfBirth", st.cccd, st.position,
      st.title_group AS "titleGroup", st.title_rank AS "titleRank", st.qualification, st.qualification_standard AS "qualificationStandard",
      st.subjects, st.contract_type AS "contractType", st.status, st.phone, st.email, st.user_id AS "userId", au.username, st.version,
      count(*) OVER ()::int AS total
    FROM registry.staff st
    JOIN org.units su ON su.id = st.school_id
    LEFT JOIN identity.users au ON au.id = st.user_id
    WHERE ${where}
    ORDER BY st.sort_key COLLATE "C", st.id
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  return result.rows as unknown as StaffListRow[];
}

/** Subjects of the catalogue offered at these levels (code, name), in catalogue order. */
export async function subjectsOfLevels(q: Queryable, levels: readonly string[]): Promise<{ code: string; name: string }[]> {
  if (levels.length === 0) return [];
  const result = await q.execute(sql`
    SELECT DISTINCT ON (code) code, name FROM registry.subjects
    WHERE level = ANY(${`{${levels.join(',')}}`}::text[]) ORDER BY code, level`);
  return result.rows as { code: string; name: string }[];
}
