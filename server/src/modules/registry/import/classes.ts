import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import type { CellValue, SheetSpec } from '../../../platform/spreadsheet/index.ts';
import { provinceOf, TEACH } from '../access.ts';
import { catalogue, gradesOfLevel, levelOfGrade } from '../catalogue.ts';
import { foldForSearch } from '../rules/vietnamese-sort.ts';
import { classes } from '../schema.ts';
import { pgArray } from './engine.ts';
import type { ImportKind, Planned } from './kinds.ts';

/**
 * Classes of the school's current year from Excel (issue 5 §7): grade, class name, homeroom teacher
 * (username or staff code), two sessions a day, combined grades, specialised subject, THPT subject
 * combination, foreign language. A class is matched by name within the year (case-insensitive,
 * like the unique index): it is created, updated, or left unchanged — re-importing the same file
 * changes nothing.
 */

export const CLASS_SHEET = 'Lớp học';

const languages = ['Tiếng Anh', 'Tiếng Pháp', 'Tiếng Nga', 'Tiếng Trung', 'Tiếng Nhật', 'Tiếng Hàn', 'Tiếng Đức'];

export function classSheet(gradeNos: number[] = [], forTemplate = false): SheetSpec {
  return {
    name: CLASS_SHEET,
    columns: [
      forTemplate && gradeNos.length > 0
        ? {
            key: 'gradeNo',
            header: 'Khối',
            type: 'enum',
            options: gradeNos.map((g) => ({ value: String(g), label: String(g) })),
            required: true,
            width: 8,
          }
        : { key: 'gradeNo', header: 'Khối', aliases: ['Khối lớp'], type: 'integer', required: true, width: 8 },
      {
        key: 'name',
        header: 'Tên lớp',
        aliases: ['Lớp'],
        type: 'text',
        required: true,
        width: 12,
        hint: 'Ví dụ 6A1; không trùng trong năm học',
      },
      {
        key: 'homeroom',
        header: 'Giáo viên chủ nhiệm',
        aliases: ['GVCN', 'Tài khoản GVCN', 'Mã cán bộ GVCN'],
        type: 'code',
        width: 24,
        hint: 'Tên đăng nhập hoặc mã cán bộ của giáo viên (để trống nếu chưa phân công)',
      },
      {
        key: 'twoSessions',
        header: 'Học 2 buổi/ngày',
        aliases: ['2 buổi/ngày', 'Hai buổi'],
        type: 'boolean',
        width: 14,
        hint: 'x hoặc Có',
      },
      {
        key: 'combinedGrades',
        header: 'Ghép với khối',
        aliases: ['Lớp ghép'],
        type: 'text',
        width: 14,
        hint: 'Lớp ghép: các khối học cùng, ví dụ 2, 3',
      },
      {
        key: 'specialisedSubject',
        header: 'Lớp chuyên (môn)',
        aliases: ['Môn chuyên', 'Lớp chuyên'],
        type: 'text',
        width: 18,
        hint: 'Tên môn chuyên, ví dụ Toán',
      },
      {
        key: 'subjectCombination',
        header: 'Tổ hợp môn (THPT)',
        aliases: ['Tổ hợp môn'],
        type: 'text',
        width: 16,
        hint: 'Chỉ cho khối 10–12, ví dụ KHTN1',
      },
      forTemplate
        ? { key: 'foreignLanguage', header: 'Ngoại ngữ', type: 'enum', options: languages.map((l) => ({ value: l, label: l })), width: 14 }
        : { key: 'foreignLanguage', header: 'Ngoại ngữ', type: 'text', width: 14 },
    ],
  };
}

export const classTemplateInstructions = [
  'Mỗi dòng của trang "Lớp học" là một lớp của năm học hiện tại của trường. Các cột có dấu (*) là bắt buộc.',
  'Khối là số từ 1 đến 12, phải là khối trường đang dạy.',
  'Giáo viên chủ nhiệm: ghi tên đăng nhập hoặc mã cán bộ của một giáo viên của trường; để trống nếu chưa phân công.',
  'Học 2 buổi/ngày: ghi x hoặc Có; để trống là không.',
  'Lớp ghép: ghi các khối học cùng, cách nhau bởi dấu phẩy (ví dụ 2, 3).',
  'Lớp đã có (cùng tên trong năm học) sẽ được cập nhật, không tạo mới. Nhập lại cùng một tệp không thay đổi gì.',
  'Không gộp ô, không thêm hoặc đổi tên cột. Tệp có lỗi sẽ không được ghi vào hệ thống.',
];

export interface ClassImportRow {
  row: number;
  gradeNo: number;
  name: string;
  homeroomTeacherId: string | null;
  homeroomName: string | null;
  twoSessions: boolean;
  combinedGrades: number[] | null;
  specialisedSubject: string | null;
  subjectCombination: string | null;
  foreignLanguage: string | null;
}

interface ClassCtx {
  schoolId: string;
  provinceId: string;
  year: { id: string; status: string } | null;
  grades: Map<number, string>;
  /** username (lower case) or staff code (lower case) → the teacher. */
  teachers: Map<string, { id: string; displayName: string }>;
}

interface ExistingClass {
  id: string;
  name: string;
  gradeNo: number;
  homeroomTeacherId: string | null;
  twoSessions: boolean;
  combinedGrades: number[] | null;
  specialisedSubject: string | null;
  subjectCombination: string | null;
  foreignLanguage: string | null;
  status: string;
}

const str = (v: CellValue | undefined): string | null =>
  v === null || v === undefined || String(v).trim() === '' ? null : String(v).normalize('NFC').trim().replace(/\s+/g, ' ');
const nameKey = (name: string) => name.toLowerCase();
const sameGrades = (a: number[] | null, b: number[] | null) => (a ?? []).join(',') === (b ?? []).join(',');

/** 'Toán', 'toan', 'TOAN' → the subject code of the grade's level; undefined when none matches. */
function subjectCode(value: string, gradeNo: number): string | undefined {
  const want = foldForSearch(value).replace(/[\s_]+/g, '');
  return catalogue[levelOfGrade(gradeNo)].find(
    (s) => foldForSearch(s.code).replace(/[\s_]+/g, '') === want || foldForSearch(s.name).replace(/\s+/g, '') === want,
  )?.code;
}

async function currentYearOf(q: Queryable, schoolId: string) {
  const r = await q.execute(
    sql`SELECT id::text, status FROM registry.school_years WHERE school_id = ${schoolId} AND status = 'current' ORDER BY start_year DESC LIMIT 1`,
  );
  return (r.rows[0] as { id: string; status: string } | undefined) ?? null;
}

export const classesImport: ImportKind<ClassCtx, ClassImportRow, null> = {
  id: 'classes',
  permission: 'registry.class.write',
  auditAction: 'registry.class.import',
  multiSchool: false,
  fileName: 'mau-nhap-lop-hoc.xlsx',
  displayName: 'Mẫu nhập lớp học.xlsx',
  sheet: () => classSheet(),

  async template(q, scope) {
    const gradeRows = (
      await q.execute(sql`SELECT grade_no AS "gradeNo" FROM registry.grades WHERE school_id = ${scope.unit.id} ORDER BY grade_no`)
    ).rows as Array<{ gradeNo: number }>;
    const gradeNos = gradeRows.length > 0 ? gradeRows.map((g) => g.gradeNo) : gradesOfLevel(scope.unit.schoolLevel);
    return {
      title: `Mẫu nhập danh sách lớp — ${scope.unit.name}`,
      sheets: [classSheet(gradeNos, true)],
      instructions: classTemplateInstructions,
    };
  },

  async prepare(q, scope) {
    const school = scope.unit;
    const year = await currentYearOf(q, school.id);
    const gradeRows = (await q.execute(sql`SELECT id::text, grade_no AS "gradeNo" FROM registry.grades WHERE school_id = ${school.id}`))
      .rows as Array<{ id: string; gradeNo: number }>;
    // teachers: the teaching role held at the school or one of its sites; by username or staff code
    const teacherRows = (
      await q.execute(sql`
      SELECT DISTINCT u.id::text, u.display_name AS "displayName", lower(u.username) AS username, lower(st.staff_code) AS "staffCode"
      FROM identity.grants g
      JOIN identity.role_permissions rp ON rp.role_id = g.role_id AND rp.permission_id = ${TEACH}
      JOIN org.units gu ON gu.id = g.unit_id
      JOIN identity.users u ON u.id = g.user_id AND u.status = 'active'
      LEFT JOIN registry.staff st ON st.user_id = u.id
      WHERE g.revoked_at IS NULL AND starts_with(gu.path, ${school.path})`)
    ).rows as Array<{ id: string; displayName: string; username: string; staffCode: string | null }>;
    const teachers = new Map<string, { id: string; displayName: string }>();
    for (const t of teacherRows) {
      teachers.set(t.username, { id: t.id, displayName: t.displayName });
      if (t.staffCode) teachers.set(t.staffCode, { id: t.id, displayName: t.displayName });
    }
    const ctx: ClassCtx = {
      schoolId: school.id,
      provinceId: provinceOf(school),
      year,
      grades: new Map(gradeRows.map((g) => [g.gradeNo, g.id])),
      teachers,
    };
    if (ctx.grades.size === 0) for (const g of gradesOfLevel(school.schoolLevel)) ctx.grades.set(g, '');
    return { ctx, issues: year ? [] : [{ code: 'registry.import.noCurrentYear' }] };
  },

  parse(v, row, ctx, report) {
    let ok = true;
    const gradeNo = typeof v.gradeNo === 'number' ? v.gradeNo : v.gradeNo === null || v.gradeNo === undefined ? null : Number(v.gradeNo);
    const name = str(v.name);
    if (gradeNo === null || !name) ok = false;
    if (gradeNo !== null && !ctx.grades.has(gradeNo)) {
      report('gradeNo', 'registry.import.classes.gradeNotTaught', { value: String(v.gradeNo) });
      ok = false;
    }
    if (name && name.length > 40) {
      report('name', 'registry.import.classes.nameTooLong');
      ok = false;
    }
    let teacher: { id: string; displayName: string } | undefined;
    const homeroom = str(v.homeroom);
    if (homeroom) {
      teacher = ctx.teachers.get(homeroom.toLowerCase());
      if (!teacher) {
        report('homeroom', 'registry.import.classes.teacherUnknown', { value: homeroom });
        ok = false;
      }
    }
    let combinedGrades: number[] | null = null;
    const combined = str(v.combinedGrades);
    if (combined) {
      const parts = combined.split(/[,;\s]+/).filter(Boolean);
      const nums = parts.map(Number);
      if (nums.some((n) => !Number.isInteger(n) || n < 1 || n > 12) || (gradeNo !== null && nums.includes(gradeNo))) {
        report('combinedGrades', 'registry.import.classes.combinedInvalid', { value: combined });
        ok = false;
      } else combinedGrades = [...new Set(nums)].sort((a, b) => a - b);
    }
    let specialisedSubject: string | null = null;
    const specialised = str(v.specialisedSubject);
    if (specialised && gradeNo !== null) {
      specialisedSubject = subjectCode(specialised, gradeNo) ?? null;
      if (!specialisedSubject) {
        report('specialisedSubject', 'registry.import.classes.subjectUnknown', { value: specialised });
        ok = false;
      }
    }
    const subjectCombination = str(v.subjectCombination);
    if (subjectCombination && gradeNo !== null && gradeNo < 10) {
      report('subjectCombination', 'registry.combinationOnlyThpt');
      ok = false;
    }
    if (!ok || gradeNo === null || !name) return null;
    return {
      row,
      gradeNo,
      name,
      homeroomTeacherId: teacher?.id ?? null,
      homeroomName: teacher?.displayName ?? null,
      twoSessions: v.twoSessions === true,
      combinedGrades,
      specialisedSubject,
      subjectCombination,
      foreignLanguage: str(v.foreignLanguage),
    };
  },

  keys: (p) => [{ key: nameKey(p.name), columnKey: 'name' }],

  initialState: () => null,

  async plan(q, batch, ctx, _state, report) {
    if (!ctx.year) return [];
    const found = (
      await q.execute(sql`
      SELECT id::text, name, grade_no AS "gradeNo", homeroom_teacher_id::text AS "homeroomTeacherId", two_sessions AS "twoSessions",
        combined_grades AS "combinedGrades", specialised_subject AS "specialisedSubject", subject_combination AS "subjectCombination",
        foreign_language AS "foreignLanguage", status
      FROM registry.classes WHERE school_id = ${ctx.schoolId} AND school_year_id = ${ctx.year.id}
        AND lower(name) = ANY(${pgArray(batch.map((r) => nameKey(r.name)))}::text[])`)
    ).rows as unknown as ExistingClass[];
    const byName = new Map(found.map((c) => [nameKey(c.name), c]));
    const out: Planned<ClassImportRow>[] = [];
    for (const r of batch) {
      const c = byName.get(nameKey(r.name));
      if (!c) {
        out.push({ row: r.row, action: 'create', data: r, plan: { id: null } });
        continue;
      }
      if (c.gradeNo !== r.gradeNo) {
        report(r.row, 'gradeNo', 'registry.import.classes.gradeChanged', { name: c.name, gradeNo: c.gradeNo });
        continue;
      }
      const same =
        c.name === r.name &&
        c.homeroomTeacherId === r.homeroomTeacherId &&
        c.twoSessions === r.twoSessions &&
        sameGrades(c.combinedGrades, r.combinedGrades) &&
        c.specialisedSubject === r.specialisedSubject &&
        c.subjectCombination === r.subjectCombination &&
        c.foreignLanguage === r.foreignLanguage &&
        c.status === 'active';
      out.push({ row: r.row, action: same ? 'unchanged' : 'update', data: r, plan: { id: c.id } });
    }
    return out;
  },

  async write(tx, batch, ctx, scope) {
    const by = scope.actor.userId;
    const creates = batch.filter((p) => p.action === 'create');
    if (creates.length > 0 && ctx.year) {
      // grades the school teaches but has no row for yet (a school whose first year this is)
      const missing = [...new Set(creates.map((p) => p.data.gradeNo))].filter((g) => !ctx.grades.get(g));
      if (missing.length > 0) {
        await tx.execute(sql`INSERT INTO registry.grades (province_id, school_id, grade_no, name, created_by, updated_by)
          SELECT ${ctx.provinceId}::uuid, ${ctx.schoolId}::uuid, g, 'Khối ' || g, ${by}::uuid, ${by}::uuid FROM unnest(${pgArray(missing)}::smallint[]) AS t(g)
          ON CONFLICT DO NOTHING`);
        const rows = (await tx.execute(sql`SELECT id::text, grade_no AS "gradeNo" FROM registry.grades WHERE school_id = ${ctx.schoolId}`))
          .rows as Array<{ id: string; gradeNo: number }>;
        for (const g of rows) ctx.grades.set(g.gradeNo, g.id);
      }
      const col = (f: (p: Planned<ClassImportRow>) => string | number | boolean | null) => pgArray(creates.map(f));
      await tx.execute(sql`INSERT INTO registry.classes (id, province_id, school_id, school_year_id, grade_id, grade_no, name, homeroom_teacher_id,
          two_sessions, combined_grades, specialised_subject, subject_combination, foreign_language, created_by, updated_by)
        SELECT id, ${ctx.provinceId}::uuid, ${ctx.schoolId}::uuid, ${ctx.year.id}::uuid, grade_id, grade_no, name, homeroom_teacher_id,
          two_sessions, CASE WHEN combined = '' THEN NULL ELSE string_to_array(combined, ',')::smallint[] END, specialised_subject, subject_combination,
          foreign_language, ${by}::uuid, ${by}::uuid
        FROM unnest(${col(() => randomUUID())}::uuid[], ${col((p) => ctx.grades.get(p.data.gradeNo) ?? null)}::uuid[], ${col((p) => p.data.gradeNo)}::smallint[],
          ${col((p) => p.data.name)}::text[], ${col((p) => p.data.homeroomTeacherId)}::uuid[], ${col((p) => p.data.twoSessions)}::boolean[],
          ${col((p) => (p.data.combinedGrades ?? []).join(','))}::text[], ${col((p) => p.data.specialisedSubject)}::text[],
          ${col((p) => p.data.subjectCombination)}::text[], ${col((p) => p.data.foreignLanguage)}::text[])
          AS t(id, grade_id, grade_no, name, homeroom_teacher_id, two_sessions, combined, specialised_subject, subject_combination, foreign_language)`);
    }
    let updated = 0;
    for (const p of batch) {
      if (p.action !== 'update') continue;
      const d = p.data;
      await tx
        .update(classes)
        .set({
          name: d.name,
          homeroomTeacherId: d.homeroomTeacherId,
          twoSessions: d.twoSessions,
          combinedGrades: d.combinedGrades,
          specialisedSubject: d.specialisedSubject,
          subjectCombination: d.subjectCombination,
          foreignLanguage: d.foreignLanguage,
          status: 'active',
          version: sql`${classes.version} + 1`,
          updatedAt: new Date(),
          updatedBy: by,
        })
        .where(eq(classes.id, (p.plan as { id: string }).id));
      updated++;
    }
    return { classesCreated: creates.length, classesUpdated: updated };
  },

  resultCounts: ['classesCreated', 'classesUpdated'],
  previewColumns: [
    { key: 'gradeNo', label: { vi: 'Khối', en: 'Grade' } },
    { key: 'name', label: { vi: 'Tên lớp', en: 'Class' } },
    { key: 'homeroom', label: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' } },
    { key: 'twoSessions', label: { vi: 'Học 2 buổi/ngày', en: 'Two sessions a day' } },
    { key: 'subjectCombination', label: { vi: 'Tổ hợp môn', en: 'Subject combination' } },
    { key: 'foreignLanguage', label: { vi: 'Ngoại ngữ', en: 'Foreign language' } },
  ],
  preview: (p) => ({
    gradeNo: p.data.gradeNo,
    name: p.data.name,
    homeroom: p.data.homeroomName,
    twoSessions: p.data.twoSessions,
    subjectCombination: p.data.subjectCombination,
    foreignLanguage: p.data.foreignLanguage,
  }),
};
