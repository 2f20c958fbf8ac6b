import { personNameProblem } from '../../../platform/person-name.ts';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { uuidV7 } from '../../../platform/db/uuid-v7.ts';
import type { CellValue } from '../../../platform/spreadsheet/index.ts';
import { provinceOf } from '../access.ts';
import { refreshStudentStatus } from '../commands/students.ts';
import { normaliseCccd, validateCccd } from '../rules/cccd.ts';
import { parseEthnicity } from '../rules/ethnicity.ts';
import { normaliseStudentCode } from '../rules/student-code.ts';
import { foldForSearch, vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { guardians, students } from '../schema.ts';
import { pgArray } from './engine.ts';
import type { ImportKind, ImportScope, Planned } from './kinds.ts';
import { studentSheet, templateInstructions } from './spec.ts';

/** A valid row of a student file, as staged for the commit. */
export interface StudentImportRow {
  row: number;
  schoolId: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  cccd: string | null;
  moetCode: string | null;
  /** null: the cell was blank (Kinh on create, unchanged on update). */
  ethnicityCode: string | null;
  classId: string;
  className: string;
  guardianName: string | null;
  guardianPhone: string | null;
}

interface SchoolInfo {
  id: string;
  code: string;
  name: string;
  provinceId: string;
}
interface ClassInfo {
  id: string;
  name: string;
  gradeNo: number;
  schoolId: string;
  yearId: string;
  startYear: number;
  startsOn: string;
  endsOn: string;
}
interface StudentCtx {
  /** The school of a school's own upload; null for a unit above schools. */
  single: SchoolInfo | null;
  schoolsByCode: Map<string, SchoolInfo>;
  schoolsWithYear: Set<string>;
  classByName: Map<string, ClassInfo>;
  classById: Map<string, ClassInfo>;
  currentYearNo: number;
  today: string;
  provinceId: string;
}
interface PlanState {
  /** Existing student → the first row that named it (two rows, by CCCD and by code, can be one student). */
  rowOfStudent: Map<string, number>;
}
interface StudentPlan {
  studentId: string | null;
  changes: Record<string, unknown>;
  enrol: boolean;
  guardian: { kind: 'none' | 'same' | 'create' } | { kind: 'update'; id: string };
}

export async function currentYear(q: Queryable, schoolId: string) {
  const r = await q.execute(sql`SELECT id::text, start_year AS "startYear", starts_on::text AS "startsOn", ends_on::text AS "endsOn"
    FROM registry.school_years WHERE school_id = ${schoolId} AND status = 'current' ORDER BY start_year DESC LIMIT 1`);
  return (r.rows[0] as { id: string; startYear: number; startsOn: string; endsOn: string } | undefined) ?? null;
}

export async function classesOfYear(q: Queryable, yearId: string): Promise<Array<{ id: string; name: string }>> {
  const r = await q.execute(
    sql`SELECT id::text, name FROM registry.classes WHERE school_year_id = ${yearId} AND status = 'active' ORDER BY grade_no, name`,
  );
  return r.rows as Array<{ id: string; name: string }>;
}

const str = (v: CellValue | undefined): string | null =>
  v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim();
const normaliseName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');
const classKey = (schoolId: string, name: string) => `${schoolId}|${foldForSearch(name).replace(/\s+/g, '')}`;
const codeKey = (code: string) => code.trim().toLowerCase();

interface StudentFacts {
  id: string;
  schoolId: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  cccd: string | null;
  moetCode: string | null;
  ethnicityCode: string;
}

/**
 * Students (issue 5 §7): a school's own file, or a commune's or the province's file whose
 * "Mã trường" column names each row's school. Matching an existing student: by CCCD, by MOET code,
 * or by name + date of birth + class of this year; a match is updated (or left unchanged), a
 * student in another school or another class of the year is an error.
 */
export const studentsImport: ImportKind<StudentCtx, StudentImportRow, PlanState> = {
  id: 'students',
  permission: 'registry.student.write',
  auditAction: 'registry.student.import',
  multiSchool: true,
  fileName: 'mau-nhap-hoc-sinh.xlsx',
  displayName: 'Mẫu nhập học sinh.xlsx',
  sheet: (scope) => studentSheet([], false, scope.unit.type !== 'school'),
  quietColumns: ['schoolCode'],

  async template(q, scope) {
    const single = scope.unit.type === 'school';
    const year = single ? await currentYear(q, scope.unit.id) : null;
    const classes = year ? await classesOfYear(q, year.id) : [];
    return {
      title: `Mẫu nhập danh sách học sinh — ${scope.unit.name}`,
      sheets: [
        studentSheet(
          classes.map((c) => c.name),
          true,
          !single,
        ),
      ],
      instructions: templateInstructions,
    };
  },

  async prepare(q, scope) {
    const single = scope.unit.type === 'school';
    // schools of the unit's subtree (one school for a school's upload)
    const schoolRows = (
      await q.execute(sql`SELECT id::text, code, name FROM org.units
      WHERE type = 'school' AND ${single ? sql`id = ${scope.unit.id}` : sql`path LIKE ${`${scope.unit.path}%`} AND status = 'active'`}`)
    ).rows as Array<{ id: string; code: string; name: string }>;
    const schools = schoolRows.map((s) => ({ ...s, provinceId: scope.provinceId }));
    const ids = schools.map((s) => s.id);
    const classRows =
      ids.length === 0
        ? []
        : ((
            await q.execute(sql`
      SELECT c.id::text, c.name, c.grade_no AS "gradeNo", c.school_id::text AS "schoolId", y.id::text AS "yearId", y.start_year AS "startYear",
        y.starts_on::text AS "startsOn", y.ends_on::text AS "endsOn"
      FROM registry.school_years y JOIN registry.classes c ON c.school_year_id = y.id AND c.status = 'active'
      WHERE y.status = 'current' AND y.school_id = ANY(${pgArray(ids)}::uuid[])
        AND y.start_year = (SELECT max(y2.start_year) FROM registry.school_years y2 WHERE y2.school_id = y.school_id AND y2.status = 'current')`)
          ).rows as unknown as ClassInfo[]);
    const withYear =
      ids.length === 0
        ? []
        : ((
            await q.execute(sql`SELECT DISTINCT school_id::text AS id FROM registry.school_years
      WHERE status = 'current' AND school_id = ANY(${pgArray(ids)}::uuid[])`)
          ).rows as Array<{ id: string }>);
    const ctx: StudentCtx = {
      single: single ? (schools[0] ?? null) : null,
      schoolsByCode: new Map(schools.map((s) => [codeKey(s.code), s])),
      schoolsWithYear: new Set(withYear.map((s) => s.id)),
      classByName: new Map(classRows.map((c) => [classKey(c.schoolId, c.name), c])),
      classById: new Map(classRows.map((c) => [c.id, c])),
      currentYearNo: Number(scope.today.slice(0, 4)),
      today: scope.today,
      provinceId: scope.provinceId,
    };
    const issues = single && !ctx.schoolsWithYear.has(scope.unit.id) ? [{ code: 'registry.import.noCurrentYear' }] : [];
    return { ctx, issues };
  },

  parse(v, _row, ctx, report) {
    let ok = true;
    let school = ctx.single;
    const code = str(v.schoolCode);
    if (code) {
      const named = ctx.schoolsByCode.get(codeKey(code));
      if (!named || (ctx.single && named.id !== ctx.single.id)) {
        report('schoolCode', ctx.single ? 'registry.import.schoolNotThis' : 'registry.import.schoolUnknown', { value: code });
        ok = false;
      }
      school = named ?? null;
    } else if (!ctx.single) {
      report('schoolCode', 'registry.import.schoolCodeRequired');
      ok = false;
    }
    const fullName = str(v.fullName);
    const dateOfBirth = str(v.dateOfBirth);
    const sex = str(v.sex) as 'male' | 'female' | null;
    const cccd = str(v.cccd);
    if (!fullName || !dateOfBirth || !sex) ok = false;
    for (const [column, name] of [
      ['fullName', fullName],
      ['guardianName', str(v.guardianName)],
    ] as const) {
      const problem = name ? personNameProblem(name) : undefined;
      if (problem) {
        report(column, problem.code, problem.params);
        ok = false;
      }
    }
    if (dateOfBirth && (dateOfBirth >= ctx.today || dateOfBirth < '1950-01-01')) {
      report('dateOfBirth', 'registry.dateOfBirthInvalid');
      ok = false;
    }
    if (cccd) {
      const r = validateCccd(cccd, { currentYear: ctx.currentYearNo, ...(dateOfBirth ? { dateOfBirth } : {}), ...(sex ? { sex } : {}) });
      if (!r.ok) {
        report('cccd', r.code, r.params);
        ok = false;
      }
    }
    let ethnicityCode: string | null = null;
    const ethnicity = str(v.ethnicity);
    if (ethnicity) {
      const r = parseEthnicity(ethnicity);
      if (r.ok) ethnicityCode = r.code;
      else {
        report('ethnicity', r.code, r.params);
        ok = false;
      }
    }
    const className = str(v.className);
    const cls = className && school ? ctx.classByName.get(classKey(school.id, className)) : undefined;
    if (className && school && !cls && ctx.schoolsWithYear.has(school.id)) {
      report('className', 'registry.import.classUnknown', { value: className });
      ok = false;
    } else if (school && !ctx.schoolsWithYear.has(school.id) && !ctx.single) {
      report('className', 'registry.import.noCurrentYearOf', { school: school.name });
      ok = false;
    }
    const guardianName = str(v.guardianName);
    let guardianPhone = str(v.guardianPhone);
    if (guardianPhone) {
      guardianPhone = guardianPhone.replace(/[\s.-]/g, '');
      if (!/^0\d{9,10}$/.test(guardianPhone)) {
        report('guardianPhone', 'registry.import.phoneInvalid', { value: String(v.guardianPhone) });
        ok = false;
      } else if (!guardianName) {
        report('guardianName', 'registry.import.guardianNameRequired');
        ok = false;
      }
    }
    if (!ok || !cls || !school) return null;
    return {
      row: _row,
      schoolId: school.id,
      fullName: normaliseName(fullName!),
      dateOfBirth: dateOfBirth!,
      sex: sex!,
      cccd: cccd ? normaliseCccd(cccd) : null,
      moetCode: str(v.moetCode),
      ethnicityCode,
      classId: cls.id,
      className: cls.name,
      guardianName: guardianName ? normaliseName(guardianName) : null,
      guardianPhone,
    };
  },

  keys(p) {
    const keys: Array<{ key: string; columnKey: string; check?: boolean }> = [];
    if (p.cccd) keys.push({ key: `c${p.cccd}`, columnKey: 'cccd' });
    if (p.moetCode) keys.push({ key: `m${normaliseStudentCode(p.moetCode)}`, columnKey: 'moetCode' });
    // two rows with different identifiers are two people, even with one name and birth date in one class
    keys.push({ key: `n${foldForSearch(p.fullName)}|${p.dateOfBirth}|${p.classId}`, columnKey: 'fullName', check: !p.cccd && !p.moetCode });
    return keys;
  },
  writeCreates: (creates, ctx, scope) => {
    const statement = createStatement(creates, ctx, scope);
    const guardiansCreated = creates.filter((p) => p.data.guardianName).length;
    return async (tx) => {
      await tx.execute(statement);
      return { enrolled: creates.length, guardiansCreated };
    };
  },

  initialState: () => ({ rowOfStudent: new Map() }),

  async plan(q, batch, ctx, state, report) {
    const cccds = batch.map((r) => r.cccd).filter((x): x is string => !!x);
    const moets = batch.map((r) => r.moetCode).filter((x): x is string => !!x);
    const facts = `s.id::text, s.school_id::text AS "schoolId", s.full_name AS "fullName", s.date_of_birth::text AS "dateOfBirth", s.sex, s.cccd,
      s.moet_code AS "moetCode", s.ethnicity_code AS "ethnicityCode"`;
    // records sharing an identifier with the batch (two index lookups for the whole batch)
    const known =
      cccds.length + moets.length === 0
        ? []
        : ((
            await q.execute(sql`
      SELECT ${sql.raw(facts)} FROM registry.students s WHERE s.cccd = ANY(${pgArray(cccds)}::text[])
      UNION
      SELECT ${sql.raw(facts)} FROM registry.students s WHERE s.moet_code = ANY(${pgArray([...new Set(moets.flatMap((m) => [m, normaliseStudentCode(m)]))])}::text[])`)
          ).rows as unknown as StudentFacts[]);
    // students of the batch's classes with a row's name and birth date: probes of the dedup index (province, name, birth
    // date), not a read of every classmate (a 5,000-row batch of a province file spans hundreds of classes)
    const inClasses = (
      await q.execute(sql`
      SELECT ${sql.raw(facts)}, e.class_id::text AS "classId"
      FROM unnest(${pgArray(batch.map((r) => r.fullName))}::text[], ${pgArray(batch.map((r) => r.dateOfBirth))}::date[], ${pgArray(batch.map((r) => r.classId))}::uuid[])
        AS w(full_name, date_of_birth, class_id)
      JOIN registry.students s ON s.province_id = ${ctx.provinceId}::uuid AND s.name_fold = platform.fold(w.full_name) AND s.date_of_birth = w.date_of_birth
      JOIN registry.enrolments e ON e.student_id = s.id AND e.class_id = w.class_id AND e.status NOT IN ('transferred_out', 'dropped_out')`)
    ).rows as unknown as Array<StudentFacts & { classId: string }>;
    const byCccd = new Map(known.filter((s) => s.cccd).map((s) => [s.cccd!, s]));
    const byMoet = new Map(known.filter((s) => s.moetCode).map((s) => [normaliseStudentCode(s.moetCode!), s]));
    const byNameClass = new Map(inClasses.map((s) => [`${foldForSearch(s.fullName)}|${s.dateOfBirth}|${s.classId}`, s]));
    const matched = new Set<string>([...known.map((s) => s.id), ...inClasses.map((s) => s.id)]);
    const ids = pgArray([...matched]);
    // their open enrolments (any year: the row's school year is picked below) and guardians
    const enrolled =
      matched.size === 0
        ? []
        : ((
            await q.execute(sql`
      SELECT e.student_id::text AS "studentId", e.class_id::text AS "classId", c.name AS "className", e.start_year AS "startYear"
      FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id
      WHERE e.student_id = ANY(${ids}::uuid[]) AND e.status NOT IN ('transferred_out', 'dropped_out')`)
          ).rows as Array<{ studentId: string; classId: string; className: string; startYear: number }>);
    const guardianRows =
      matched.size === 0
        ? []
        : ((
            await q.execute(sql`
      SELECT sg.student_id::text AS "studentId", g.id::text, g.name_fold AS "nameFold", g.phone FROM registry.student_guardians sg
      JOIN registry.guardians g ON g.id = sg.guardian_id WHERE sg.student_id = ANY(${ids}::uuid[])`)
          ).rows as Array<{ studentId: string; id: string; nameFold: string; phone: string | null }>);

    const enrolmentOf = new Map(enrolled.map((e) => [`${e.studentId}|${e.startYear}`, e]));
    const guardiansOf = new Map<string, typeof guardianRows>();
    for (const g of guardianRows) guardiansOf.set(g.studentId, [...(guardiansOf.get(g.studentId) ?? []), g]);
    const planned: Planned<StudentImportRow>[] = [];
    for (const r of batch) {
      const cls = ctx.classById.get(r.classId);
      if (!cls) {
        report(r.row, 'className', 'registry.import.classUnknown', { value: r.className });
        continue;
      }
      const byId = r.cccd ? byCccd.get(r.cccd) : undefined;
      const byCode = r.moetCode ? byMoet.get(normaliseStudentCode(r.moetCode)) : undefined;
      if (byCode && r.cccd && byCode.cccd && byCode.cccd !== r.cccd) {
        report(r.row, 'cccd', 'registry.import.identifierConflict');
        continue;
      }
      if (byId && byCode && byId.id !== byCode.id) {
        report(r.row, 'cccd', 'registry.import.ambiguousMatch');
        continue;
      }
      // by name + birth date + class only when the identifiers do not tell two people apart
      const byName = byNameClass.size === 0 ? undefined : byNameClass.get(`${foldForSearch(r.fullName)}|${r.dateOfBirth}|${r.classId}`);
      const s = byId ?? byCode ?? (byName && !(r.cccd && byName.cccd) && !(r.moetCode && byName.moetCode) ? byName : undefined);
      if (!s) {
        planned.push({
          row: r.row,
          action: 'create',
          data: r,
          plan: { studentId: null, changes: {}, enrol: true, guardian: { kind: r.guardianName ? 'create' : 'none' } } satisfies StudentPlan,
        });
        continue;
      }
      const firstRow = state.rowOfStudent.get(s.id);
      if (firstRow !== undefined) {
        // two rows of the file (one by CCCD, one by code, say) are the same student
        report(r.row, r.cccd ? 'cccd' : r.moetCode ? 'moetCode' : 'fullName', 'registry.import.duplicateInFile', { firstRow });
        continue;
      }
      state.rowOfStudent.set(s.id, r.row);
      if (s.schoolId !== r.schoolId) {
        report(r.row, r.cccd && s.cccd === r.cccd ? 'cccd' : 'moetCode', 'registry.import.otherSchool');
        continue;
      }
      const e = enrolmentOf.get(`${s.id}|${cls.startYear}`);
      if (e && e.classId !== r.classId) {
        report(r.row, 'className', 'registry.import.otherClass', { className: e.className });
        continue;
      }
      const changes: Record<string, unknown> = {};
      if (s.fullName !== r.fullName) changes.fullName = r.fullName;
      if (s.dateOfBirth !== r.dateOfBirth) changes.dateOfBirth = r.dateOfBirth;
      if (s.sex !== r.sex) changes.sex = r.sex;
      if (r.cccd && s.cccd !== r.cccd) changes.cccd = r.cccd;
      if (r.moetCode && s.moetCode !== r.moetCode) changes.moetCode = r.moetCode;
      if (r.ethnicityCode && s.ethnicityCode !== r.ethnicityCode) changes.ethnicityCode = r.ethnicityCode;
      let guardian: StudentPlan['guardian'] = { kind: 'none' };
      if (r.guardianName) {
        const g = guardiansOf.get(s.id)?.find((x) => x.nameFold === foldForSearch(r.guardianName!));
        guardian = !g
          ? { kind: 'create' }
          : r.guardianPhone && g.phone !== r.guardianPhone
            ? { kind: 'update', id: g.id }
            : { kind: 'same' };
      }
      const enrol = !e;
      const changed = Object.keys(changes).length > 0 || enrol || guardian.kind === 'create' || guardian.kind === 'update';
      planned.push({
        row: r.row,
        action: changed ? 'update' : 'unchanged',
        data: r,
        plan: { studentId: s.id, changes, enrol, guardian } satisfies StudentPlan,
      });
    }
    return planned;
  },

  async write(tx, batch, ctx, scope) {
    return writeChanges(tx, batch, ctx, scope);
  },

  resultCounts: ['enrolled', 'guardiansCreated'],
  previewColumns: [
    { key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' } },
    { key: 'dateOfBirth', label: { vi: 'Ngày sinh', en: 'Date of birth' } },
    { key: 'sex', label: { vi: 'Giới tính', en: 'Sex' } },
    { key: 'cccd', label: { vi: 'Số định danh', en: 'Personal ID' } },
    { key: 'className', label: { vi: 'Lớp', en: 'Class' } },
  ],
  preview: (p) => ({
    fullName: p.data.fullName,
    dateOfBirth: p.data.dateOfBirth,
    sex: p.data.sex,
    cccd: p.data.cccd,
    moetCode: p.data.moetCode,
    className: p.data.className,
    guardianName: p.data.guardianName,
  }),
};

/** The day an enrolment starts: today, kept within the year's dates (ISO dates sort as text: the middle one). */
const startedOnOf = (c: ClassInfo, today: string) => [c.startsOn, today, c.endsOn].sort()[1]!;

/** A pupil of a batch statement: its student id, and whether it gets this year's enrolment and a new guardian. */
interface PupilWrite {
  p: Planned<StudentImportRow>;
  studentId: string;
  enrol: boolean;
  guardian: { primary: boolean } | null;
}

/**
 * One statement for a batch of pupils: the new students themselves (`newStudents`), the enrolment
 * in the row's class with its first event, and the new guardian with the link. Time-ordered ids
 * keep every new key at the right edge of its index. Pure: built ahead of the transaction's turn.
 */
function pupilStatement(pupils: PupilWrite[], ctx: StudentCtx, scope: ImportScope, newStudents: boolean): SQL {
  const by = scope.actor.userId;
  const provinceId = provinceOf(scope.unit);
  const col = (f: (w: PupilWrite) => string | number | boolean | null) => pgArray(pupils.map(f));
  const cls = (w: PupilWrite) => ctx.classById.get(w.p.data.classId)!;
  const d = (w: PupilWrite) => w.p.data;
  const studentRows = newStudents
    ? sql`, s AS (
      INSERT INTO registry.students (id, province_id, school_id, full_name, sort_key, sex, date_of_birth, cccd, moet_code, ethnicity_code, status, created_by, updated_by)
      SELECT student_id, ${provinceId}::uuid, school_id, full_name, sort_key, sex, date_of_birth, cccd, moet_code, ethnicity_code, 'enrolled', ${by}::uuid, ${by}::uuid FROM src)`
    : sql``;
  return sql`WITH src AS (
      SELECT * FROM unnest(${col((w) => w.studentId)}::uuid[], ${col((w) => (w.enrol ? uuidV7() : null))}::uuid[], ${col((w) => (w.enrol ? uuidV7() : null))}::uuid[],
        ${col((w) => (w.guardian ? uuidV7() : null))}::uuid[], ${col((w) => w.guardian?.primary ?? null)}::boolean[],
        ${col((w) => d(w).schoolId)}::uuid[], ${col((w) => d(w).fullName)}::text[], ${col((w) => (newStudents ? vietnameseSortKey(d(w).fullName) : null))}::text[],
        ${col((w) => d(w).sex)}::text[], ${col((w) => d(w).dateOfBirth)}::date[], ${col((w) => d(w).cccd)}::text[], ${col((w) => d(w).moetCode)}::text[],
        ${col((w) => d(w).ethnicityCode ?? '01')}::text[], ${col((w) => d(w).classId)}::uuid[], ${col((w) => cls(w).yearId)}::uuid[],
        ${col((w) => cls(w).startYear)}::smallint[], ${col((w) => cls(w).gradeNo)}::smallint[], ${col((w) => startedOnOf(cls(w), ctx.today))}::date[],
        ${col((w) => d(w).guardianName)}::text[], ${col((w) => d(w).guardianPhone)}::text[])
        AS t(student_id, enrolment_id, event_id, guardian_id, primary_contact, school_id, full_name, sort_key, sex, date_of_birth, cccd, moet_code,
          ethnicity_code, class_id, school_year_id, start_year, grade_no, started_on, guardian_name, guardian_phone)
    )${studentRows}, e AS (
      INSERT INTO registry.enrolments (id, province_id, school_id, student_id, class_id, school_year_id, start_year, grade_no, status, started_on, created_by, updated_by)
      SELECT enrolment_id, ${provinceId}::uuid, school_id, student_id, class_id, school_year_id, start_year, grade_no, 'enrolled', started_on, ${by}::uuid, ${by}::uuid
      FROM src WHERE enrolment_id IS NOT NULL
    ), ev AS (
      INSERT INTO registry.enrolment_events (id, province_id, school_id, enrolment_id, student_id, status, "on", created_by)
      SELECT event_id, ${provinceId}::uuid, school_id, enrolment_id, student_id, 'enrolled', started_on, ${by}::uuid FROM src WHERE enrolment_id IS NOT NULL
    ), g AS (
      INSERT INTO registry.guardians (id, province_id, full_name, phone, created_by, updated_by)
      SELECT guardian_id, ${provinceId}::uuid, guardian_name, guardian_phone, ${by}::uuid, ${by}::uuid FROM src WHERE guardian_id IS NOT NULL
    )
    INSERT INTO registry.student_guardians (province_id, student_id, guardian_id, relation, primary_contact, created_by)
    SELECT ${provinceId}::uuid, student_id, guardian_id, 'guardian', primary_contact, ${by}::uuid FROM src WHERE guardian_id IS NOT NULL`;
}

/** New students of a batch: each enrolled in its row's class, with its guardian as primary contact (it has no other yet). */
function createStatement(creates: Planned<StudentImportRow>[], ctx: StudentCtx, scope: ImportScope): SQL {
  return pupilStatement(
    creates.map((p) => ({ p, studentId: uuidV7(), enrol: true, guardian: p.data.guardianName ? { primary: true } : null })),
    ctx,
    scope,
    true,
  );
}

/** Existing students of a batch: changed fields and guardian phones (one statement per record), then their new enrolments and guardians in one. */
async function writeChanges(
  tx: Tx,
  batch: Planned<StudentImportRow>[],
  ctx: StudentCtx,
  scope: ImportScope,
): Promise<Record<string, number>> {
  const by = scope.actor.userId;
  const planOf = (p: Planned<StudentImportRow>) => p.plan as unknown as StudentPlan;
  // changed fields (a re-import of unchanged rows writes nothing)
  for (const p of batch) {
    const plan = planOf(p);
    if (Object.keys(plan.changes).length > 0) {
      await tx
        .update(students)
        .set({
          ...plan.changes,
          ...(plan.changes.fullName ? { sortKey: vietnameseSortKey(p.data.fullName) } : {}),
          version: sql`${students.version} + 1`,
          updatedAt: new Date(),
          updatedBy: by,
        })
        .where(eq(students.id, plan.studentId!));
    }
    const g = plan.guardian;
    if (g.kind === 'update') {
      await tx
        .update(guardians)
        .set({ phone: p.data.guardianPhone, version: sql`${guardians.version} + 1`, updatedAt: new Date(), updatedBy: by })
        .where(eq(guardians.id, g.id));
    }
  }
  // this year's enrolment, a new guardian (primary contact when the student had none)
  const pupils = batch.filter((p) => planOf(p).enrol || planOf(p).guardian.kind === 'create');
  if (pupils.length === 0) return { enrolled: 0, guardiansCreated: 0 };
  const guarded = pupils.filter((p) => planOf(p).guardian.kind === 'create').map((p) => planOf(p).studentId!);
  const linked = new Set(
    guarded.length === 0
      ? []
      : (
          (
            await tx.execute(sql`SELECT DISTINCT student_id::text AS id FROM registry.student_guardians
    WHERE student_id = ANY(${pgArray(guarded)}::uuid[])`)
          ).rows as Array<{ id: string }>
        ).map((r) => r.id),
  );
  const writes = pupils.map(
    (p): PupilWrite => ({
      p,
      studentId: planOf(p).studentId!,
      enrol: planOf(p).enrol,
      guardian: planOf(p).guardian.kind === 'create' ? { primary: !linked.has(planOf(p).studentId!) } : null,
    }),
  );
  await tx.execute(pupilStatement(writes, ctx, scope, false));
  const enrolled = writes.filter((w) => w.enrol);
  for (const w of enrolled) await refreshStudentStatus(tx, w.studentId);
  return { enrolled: enrolled.length, guardiansCreated: guarded.length };
}
