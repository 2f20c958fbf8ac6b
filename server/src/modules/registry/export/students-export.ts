import type { Writable } from 'node:stream';
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { type ColumnSpec, createXlsxExport } from '../../../platform/spreadsheet/index.ts';
import { type Actor, allowedIds, inScope, scopeOf } from '../../identity/public.ts';
import { maskCccd } from '../identifiers.ts';
import type { StudentListRow } from '../repo.ts';
import { ethnicGroupByCode } from '../rules/ethnicity.ts';
import { isBulkExport } from './rules.ts';

const statusLabels: Record<string, string> = {
  none: 'Chưa xếp lớp',
  enrolled: 'Đang học',
  transferred_in: 'Chuyển đến',
  repeating: 'Lưu ban',
  transferred_out: 'Chuyển đi',
  dropped_out: 'Thôi học',
  graduated: 'Tốt nghiệp',
};

/** The columns of a student list in Excel, headers in Vietnamese as schools write them. */
export const studentExportColumns: ColumnSpec[] = [
  { key: 'no', header: 'STT', type: 'integer', width: 6 },
  { key: 'schoolCode', header: 'Mã học sinh', type: 'code', width: 14 },
  { key: 'moetCode', header: 'Mã định danh Bộ GD&ĐT', type: 'code', width: 22 },
  { key: 'fullName', header: 'Họ và tên', type: 'text', width: 28 },
  { key: 'dateOfBirth', header: 'Ngày sinh', type: 'date', width: 12 },
  { key: 'sex', header: 'Giới tính', type: 'text', width: 10 },
  { key: 'className', header: 'Lớp', type: 'text', width: 8 },
  { key: 'gradeNo', header: 'Khối', type: 'integer', width: 7 },
  { key: 'cccd', header: 'Số định danh cá nhân', type: 'code', width: 20 },
  { key: 'ethnicity', header: 'Dân tộc', type: 'text', width: 12 },
  { key: 'status', header: 'Trạng thái', type: 'text', width: 14 },
  { key: 'schoolName', header: 'Trường', type: 'text', width: 32 },
];

export interface ExportPlan {
  rows: number;
  bulk: boolean;
  /** The caller holds registry.export.bulk over every row (and somewhere at all). */
  bulkAllowed: boolean;
}

/** Counts what the export would write and whether it is a bulk export the caller may run. */
export async function planStudentExport(
  q: Queryable,
  actor: Actor,
  where: SQL,
  filter: { classId?: string | undefined; q?: string | undefined },
  threshold: number,
): Promise<ExportPlan> {
  const bulkScope = await scopeOf(q, actor, 'registry.export.bulk');
  const result = await q.execute(sql`
    SELECT count(*)::int AS n,
      count(*) FILTER (WHERE NOT (s.school_id IN (SELECT u.id FROM org.units u WHERE ${inScope(sql`u.path`, bulkScope)})))::int AS outside
    FROM registry.students s WHERE ${where}`);
  const { n, outside } = result.rows[0] as { n: number; outside: number };
  return {
    rows: Number(n),
    bulk: isBulkExport(filter, Number(n), threshold),
    bulkAllowed: bulkScope.paths.length > 0 && Number(outside) === 0,
  };
}

type ExportRow = StudentListRow & { sortKey: string; schoolName: string };

/** One page after (sortKey, id) in the class-list order: keyset paging, so a province streams in constant memory. */
async function pageAfter(q: Queryable, where: SQL, after: { sortKey: string; id: string } | null, limit: number): Promise<ExportRow[]> {
  const result = await q.execute(sql`
    SELECT s.id, s.school_id AS "schoolId", s.full_name AS "fullName", s.sex, s.date_of_birth::text AS "dateOfBirth",
      s.cccd, s.moet_code AS "moetCode", s.school_code AS "schoolCode", s.ethnicity_code AS "ethnicityCode", s.status,
      ce.class_id AS "classId", ce.name AS "className", ce.grade_no AS "gradeNo", s.sort_key AS "sortKey", su.name AS "schoolName", 0 AS total
    FROM registry.students s
    JOIN org.units su ON su.id = s.school_id
    LEFT JOIN LATERAL (
      SELECT e.class_id, c.name, c.grade_no FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id
      WHERE e.student_id = s.id AND e.status NOT IN ('transferred_out', 'dropped_out')
      ORDER BY e.start_year DESC LIMIT 1) ce ON true
    WHERE ${where}
      ${after ? sql`AND (s.sort_key COLLATE "C", s.id) > (${after.sortKey}::text COLLATE "C", ${after.id}::uuid)` : sql``}
    ORDER BY s.sort_key COLLATE "C", s.id
    LIMIT ${limit}`);
  return result.rows as unknown as ExportRow[];
}

/**
 * Writes the list to `stream` as xlsx (platform createXlsxExport: streamed, text neutralised
 * against formula injection). Identifiers are masked exactly as in the list (the CCCD whole only
 * for those who may edit the record). Returns the number of rows written.
 */
export async function writeStudentExport(q: Queryable, actor: Actor, where: SQL, stream: Writable, pageSize = 1000): Promise<number> {
  const xlsx = createXlsxExport({ stream }, 'Học sinh', studentExportColumns);
  let after: { sortKey: string; id: string } | null = null;
  let no = 0;
  for (;;) {
    const rows = await pageAfter(q, where, after, pageSize);
    if (rows.length === 0) break;
    // The list's masking rule (presentStudents): the CCCD whole only where the caller may edit the
    // record — one access query per page (presentStudents also reads each school, which a
    // province-wide file does not need).
    const editable = await allowedIds(
      q,
      actor,
      'registry.student.write',
      'registry.student',
      rows.map((r) => r.id),
    );
    for (const s of rows) {
      no += 1;
      xlsx.addRow({
        no,
        schoolCode: s.schoolCode,
        moetCode: s.moetCode,
        fullName: s.fullName,
        dateOfBirth: s.dateOfBirth,
        sex: s.sex === 'male' ? 'Nam' : 'Nữ',
        className: s.className,
        gradeNo: s.gradeNo,
        cccd: editable.has(s.id) ? s.cccd : maskCccd(s.cccd),
        ethnicity: ethnicGroupByCode(s.ethnicityCode, { allowExtra: true })?.name ?? s.ethnicityCode,
        status: statusLabels[s.status] ?? s.status,
        schoolName: s.schoolName,
      });
    }
    const last = rows.at(-1)!;
    after = { sortKey: last.sortKey, id: last.id };
    if (rows.length < pageSize) break;
  }
  await xlsx.commit();
  return no;
}
