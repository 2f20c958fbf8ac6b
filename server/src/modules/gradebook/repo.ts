import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { uuidArray } from '../../platform/db/uuid.ts';
import type { ClassContext, ClassSubject } from '../registry/public.ts';
import type { Assessment, CellValue } from './cells.ts';
import type { SheetStatus } from './schema.ts';
import { rulesetOfSheet } from './sheet-ruleset.ts';

export type SheetRow = {
  id: string;
  classId: string;
  termId: string;
  termNo: number;
  subjectCode: string;
  gradeNo: number;
  assessment: Assessment;
  ruleset: string;
  requiredRegular: number | null;
  status: SheetStatus;
  publishedAt: Date | null;
  lockedAt: Date | null;
  version: number;
};

const sheetColumns = sql`id, class_id AS "classId", term_id AS "termId", term_no AS "termNo", subject_code AS "subjectCode",
  grade_no AS "gradeNo", assessment, ruleset, required_regular AS "requiredRegular", status, published_at AS "publishedAt", locked_at AS "lockedAt", version`;

export async function findSheet(
  q: Queryable,
  classId: string,
  subjectCode: string,
  termId: string,
  lock: 'share' | 'update' | null = null,
): Promise<SheetRow | undefined> {
  const { rows } = await q.execute<SheetRow>(sql`SELECT ${sheetColumns} FROM gradebook.sheets
    WHERE class_id = ${classId} AND subject_code = ${subjectCode} AND term_id = ${termId}
    ${lock === 'share' ? sql`FOR SHARE` : lock === 'update' ? sql`FOR UPDATE` : sql``}`);
  return rows[0];
}

export async function findSheetById(q: Queryable, id: string, lock: 'update' | null = null): Promise<SheetRow | undefined> {
  const { rows } = await q.execute<SheetRow>(
    sql`SELECT ${sheetColumns} FROM gradebook.sheets WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  return rows[0];
}

export async function sheetsOfClass(q: Queryable, classId: string): Promise<SheetRow[]> {
  const { rows } = await q.execute<SheetRow>(sql`SELECT ${sheetColumns} FROM gradebook.sheets WHERE class_id = ${classId}`);
  return rows;
}

/** The sheet of a class, subject and term, created (open) on first use. */
export async function ensureSheet(
  q: Queryable,
  ctx: ClassContext,
  subject: ClassSubject,
  term: { id: string; no: number },
  userId: string,
): Promise<SheetRow> {
  const ruleset = rulesetOfSheet(ctx.startYear, ctx.gradeNo);
  await q.execute(sql`
    INSERT INTO gradebook.sheets (province_id, school_id, school_year_id, class_id, term_id, term_no, subject_code, grade_no, assessment, ruleset, required_regular, created_by)
    VALUES (${ctx.provinceId}, ${ctx.schoolId}, ${ctx.schoolYearId}, ${ctx.id}, ${term.id}, ${term.no}, ${subject.code}, ${ctx.gradeNo},
      ${subject.assessment}, ${ruleset}, ${subject.requiredRegular}, ${userId})
    ON CONFLICT (class_id, subject_code, term_id) DO NOTHING`);
  return (await findSheet(q, ctx.id, subject.code, term.id, 'share'))!;
}

export type MarkRow = CellValue & {
  studentId: string;
  slot: string;
  version: number;
  updatedAt: Date;
};

/** A mark row's columns. A TT 27 test score is an integer: numeric(3,1) gives "7.0", we show "7". */
const markColumns = sql`student_id AS "studentId", slot, CASE WHEN slot IN ('test', 'gkt') THEN trunc(score)::text ELSE score::text END AS score,
  level, missed, version, updated_at AS "updatedAt"`;

/** Stored marks of a sheet. */
export async function marksOf(q: Queryable, sheetId: string): Promise<MarkRow[]> {
  const { rows } = await q.execute<MarkRow>(sql`
    SELECT ${markColumns}
    FROM gradebook.marks WHERE sheet_id = ${sheetId}`);
  return rows;
}

/** One student's marks in the given sheets (a report card reads these, not every classmate's). */
export async function marksOfStudent(
  q: Queryable,
  sheetIds: readonly string[],
  studentId: string,
): Promise<(MarkRow & { sheetId: string })[]> {
  if (sheetIds.length === 0) return [];
  const { rows } = await q.execute<MarkRow & { sheetId: string }>(sql`
    SELECT sheet_id AS "sheetId", ${markColumns}
    FROM gradebook.marks WHERE student_id = ${studentId} AND sheet_id = ANY(${uuidArray(sheetIds)})`);
  return rows;
}

export async function remarksOfStudent(
  q: Queryable,
  sheetIds: readonly string[],
  studentId: string,
): Promise<(RemarkRow & { sheetId: string })[]> {
  if (sheetIds.length === 0) return [];
  const { rows } = await q.execute<RemarkRow & { sheetId: string }>(sql`
    SELECT sheet_id AS "sheetId", student_id AS "studentId", text, version FROM gradebook.remarks
    WHERE student_id = ${studentId} AND sheet_id = ANY(${uuidArray(sheetIds)})`);
  return rows;
}

export async function markForUpdate(q: Queryable, sheetId: string, studentId: string, slot: string): Promise<MarkRow | undefined> {
  const { rows } = await q.execute<MarkRow>(sql`
    SELECT ${markColumns}
    FROM gradebook.marks WHERE sheet_id = ${sheetId} AND student_id = ${studentId} AND slot = ${slot} FOR UPDATE`);
  return rows[0];
}

export type RemarkRow = {
  studentId: string;
  text: string;
  version: number;
};

export async function remarksOf(q: Queryable, sheetId: string): Promise<RemarkRow[]> {
  const { rows } = await q.execute<RemarkRow>(
    sql`SELECT student_id AS "studentId", text, version FROM gradebook.remarks WHERE sheet_id = ${sheetId}`,
  );
  return rows;
}
