import { type SQL, sql } from 'drizzle-orm';
import type { Scope } from '../../identity/public.ts';
import { isUuid, studentVisible } from '../access.ts';
import { nameSearchTsQuery } from '../rules/name-search.ts';

export interface StudentFilter {
  schoolId?: string | undefined;
  classId?: string | undefined;
  gradeNo?: number | undefined;
  status?: string | undefined;
  ethnicityCode?: string | undefined;
  policyGroup?: string | undefined;
  q?: string | undefined;
}

/**
 * The WHERE of a student list over `registry.students s`: what the caller may see (scope or
 * related classes) and the filters. One function for the list and its Excel export, so both
 * always show the same students. Null when an id filter cannot match anything (not a uuid).
 */
export function studentFilters(scope: Scope, userId: string, f: StudentFilter): SQL | null {
  if ((f.schoolId && !isUuid(f.schoolId)) || (f.classId && !isUuid(f.classId))) return null;
  const filters: SQL[] = [studentVisible(scope, userId)];
  if (f.schoolId) filters.push(sql`s.school_id = ${f.schoolId}`);
  if (f.classId || f.gradeNo) {
    filters.push(sql`EXISTS (SELECT 1 FROM registry.enrolments fe WHERE fe.student_id = s.id AND fe.status NOT IN ('transferred_out', 'dropped_out')
      ${f.classId ? sql`AND fe.class_id = ${f.classId}` : sql``} ${f.gradeNo ? sql`AND fe.grade_no = ${f.gradeNo}` : sql``})`);
  }
  if (f.status) filters.push(sql`s.status = ${f.status}`);
  if (f.ethnicityCode) filters.push(sql`s.ethnicity_code = ${f.ethnicityCode}`);
  if (f.policyGroup) filters.push(sql`${f.policyGroup} = ANY(s.policy_groups)`);
  if (f.q) {
    const digits = /^\d{6,12}$/.test(f.q);
    const words = digits ? null : nameSearchTsQuery(f.q);
    const byName = words ? sql`to_tsvector('simple', s.name_fold) @@ to_tsquery('simple', ${words}) OR ` : sql``;
    filters.push(
      digits
        ? sql`(s.cccd = ${f.q} OR s.moet_code = ${f.q} OR s.school_code = ${f.q})`
        : sql`(${byName}s.moet_code = ${f.q} OR s.school_code = ${f.q})`,
    );
  }
  return sql.join(filters, sql` AND `);
}

/**
 * What a name search shows first: the students whose name holds the typed words as written, in
 * that order ('nguyen hai nam' matches 'Nguyễn Nam Hải' too, but 'Nguyễn Hải Nam' comes first).
 * Null without a name search.
 */
export function studentSearchFirst(f: Pick<StudentFilter, 'q'>): SQL | null {
  if (!f.q || /^\d{6,12}$/.test(f.q) || !nameSearchTsQuery(f.q)) return null;
  const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`s.name_fold LIKE platform.fold(${pattern})`;
}
