import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import type { CellValue, ColumnSpec, SheetSpec } from '../../../platform/spreadsheet/index.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { parseArea } from '../rules/school.ts';
import { internetKinds, labels, libraryStandards, subjectRoomKinds } from '../school/config.ts';
import { canonicalFacilities, type FacilitiesInput, facilitiesOfRow, facilitiesProblems } from '../school/facilities.ts';
import { pgArray } from './engine.ts';
import type { ImportKind, Planned } from './kinds.ts';

/**
 * Facilities (cơ sở vật chất, regulations §7.3) of many schools from one Excel file: the
 * department (or a commune) downloads a template with one row per school of its subtree — school
 * code and name filled in —, the schools' figures are typed in, and the file is uploaded back. A
 * row is matched by school code + school year: created, updated, or left unchanged (re-importing
 * the same file changes nothing). A school uploads its own row the same way.
 */

export const FACILITIES_SHEET = 'Cơ sở vật chất';
const ALL_GRADES = Array.from({ length: 12 }, (_, i) => i + 1);

const count = (key: string, header: string, hint?: string, aliases?: string[]): ColumnSpec => ({
  key,
  header,
  type: 'integer',
  width: 12,
  ...(hint ? { hint } : {}),
  ...(aliases ? { aliases } : {}),
});
const yearLabel = (y: number) => `${y}-${y + 1}`;

export function facilitiesSheet(options: { grades?: readonly number[]; years?: readonly number[]; forTemplate?: boolean } = {}): SheetSpec {
  const grades = options.grades ?? ALL_GRADES;
  const enumOrText = (c: ColumnSpec): ColumnSpec => (options.forTemplate ? c : ({ ...c, type: 'text', options: undefined } as ColumnSpec));
  return {
    name: FACILITIES_SHEET,
    columns: [
      { key: 'schoolCode', header: 'Mã trường', aliases: ['Mã đơn vị'], type: 'code', required: true, width: 14 },
      { key: 'schoolName', header: 'Tên trường', type: 'text', width: 30, hint: 'Chỉ để đối chiếu, không được đọc khi nhập' },
      options.forTemplate && options.years?.length
        ? {
            key: 'year',
            header: 'Năm học',
            type: 'enum',
            options: options.years.map((y) => ({ value: yearLabel(y), label: yearLabel(y) })),
            required: true,
            width: 12,
          }
        : { key: 'year', header: 'Năm học', type: 'text', required: true, width: 12, hint: 'Ví dụ 2026-2027' },
      count('classroomsSolid', 'Phòng học kiên cố'),
      count('classroomsSemiSolid', 'Phòng học bán kiên cố'),
      count('classroomsTemporary', 'Phòng học tạm'),
      ...subjectRoomKinds.map((k) => count(`room_${k}`, `Phòng bộ môn ${labels.subjectRoom[k]}`)),
      { key: 'hasLibrary', header: 'Có thư viện', type: 'boolean', width: 10, hint: 'x hoặc Có' },
      enumOrText({
        key: 'libraryStandard',
        header: 'Thư viện đạt chuẩn (TT 16/2022)',
        type: 'enum',
        options: libraryStandards.map((s) => ({ value: s, label: labels.libraryStandard[s] })),
        width: 18,
        hint: 'Để trống: chưa đạt',
      }),
      ...grades.flatMap((g) => [
        count(`sets_${g}`, `TBDH tối thiểu khối ${g} - hiện có (bộ)`),
        count(`missing_${g}`, `TBDH tối thiểu khối ${g} - còn thiếu (bộ)`),
      ]),
      count('computersTeaching', 'Máy tính dạy học'),
      count('computersManagement', 'Máy tính quản lý'),
      enumOrText({
        key: 'internet',
        header: 'Kết nối Internet',
        type: 'enum',
        options: internetKinds.map((k) => ({ value: k, label: labels.internet[k] })),
        width: 16,
        hint: 'Để trống: không có',
      }),
      count('toiletsStudents', 'Công trình vệ sinh học sinh'),
      count('toiletsStaff', 'Công trình vệ sinh giáo viên'),
      { key: 'toiletsMeetStandard', header: 'Vệ sinh đạt chuẩn', type: 'boolean', width: 10 },
      { key: 'cleanWater', header: 'Có nước sạch', type: 'boolean', width: 10 },
      count('teacherHousingRooms', 'Nhà công vụ giáo viên (phòng)'),
      { key: 'landArea', header: 'Diện tích đất (m²)', type: 'text', width: 14, hint: 'Số, tối đa 2 chữ số thập phân, ví dụ 12500,5' },
      { key: 'playgroundArea', header: 'Diện tích sân chơi, bãi tập (m²)', type: 'text', width: 14, hint: 'Không lớn hơn diện tích đất' },
    ],
  };
}

export const facilitiesInstructions = [
  'Mỗi dòng của trang "Cơ sở vật chất" là số liệu của một trường trong một năm học. Các cột có dấu (*) là bắt buộc.',
  'Mã trường, tên trường và số liệu đã có của năm học được điền sẵn; chỉ sửa số liệu. Không sửa mã trường.',
  'Năm học ghi dạng 2026-2027.',
  'Các cột số là số nguyên không âm; để trống được hiểu là 0. Các cột "Có …" đánh dấu x nếu có.',
  'Thiết bị dạy học (TBDH) tối thiểu: chỉ nhập cho các khối trường đang dạy.',
  'Diện tích tính bằng m², tối đa 2 chữ số thập phân (ví dụ 12500,5).',
  'Dòng của trường chưa nhập số liệu nào sẽ được bỏ qua (số liệu cũ của trường giữ nguyên).',
  'Trường đã có số liệu của năm học đó sẽ được cập nhật, không tạo mới. Nhập lại cùng một tệp không thay đổi gì.',
  'Không gộp ô, không thêm hoặc đổi tên cột. Tệp có lỗi sẽ không được ghi vào hệ thống.',
];

interface SchoolInfo {
  id: string;
  code: string;
  name: string;
  level: string | null;
  path: string;
}
interface Ctx {
  single: SchoolInfo | null;
  byCode: Map<string, SchoolInfo>;
  maxYear: number;
}
export interface FacilitiesImportRow extends FacilitiesInput {
  row: number;
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  startYear: number;
}

const str = (v: CellValue | undefined): string | null =>
  v === null || v === undefined || String(v).trim() === '' ? null : String(v).normalize('NFC').trim();
const codeKey = (c: string) => c.trim().toUpperCase();

/** '2026-2027', '2026–2027', '2026 - 2027' or '2026' → 2026; null when it is not a school year. */
export function parseSchoolYear(value: string): number | null {
  const m = /^(\d{4})(?:\s*[-–/]\s*(\d{4}))?$/.exec(value.trim());
  if (!m) return null;
  const start = Number(m[1]);
  if (m[2] && Number(m[2]) !== start + 1) return null;
  return start >= 2000 && start <= 2100 ? start : null;
}

/** Which column a rule problem belongs to. */
function columnOf(field: string, row: FacilitiesInput): string | null {
  const m = /^equipmentSets\.(\d+)\./.exec(field);
  if (m) return `sets_${row.equipmentSets[Number(m[1])]?.gradeNo ?? 1}`;
  if (field.startsWith('subjectRooms')) return null;
  return field;
}

async function schoolsOf(q: Queryable, unit: { id: string; type: string; path: string }): Promise<SchoolInfo[]> {
  const r = await q.execute(sql`SELECT id::text, code, name, school_level AS level, path FROM org.units
    WHERE type = 'school' AND ${unit.type === 'school' ? sql`id = ${unit.id}` : sql`path LIKE ${`${unit.path}%`} AND status = 'active'`}
    ORDER BY code`);
  return r.rows as unknown as SchoolInfo[];
}

/** A stored facilities row as read by SQL (snake case) → the importer's values. */
function factsOfSqlRow(f: Record<string, unknown>): FacilitiesInput {
  return canonicalFacilities(
    facilitiesOfRow({
      classroomsSolid: f.classrooms_solid,
      classroomsSemiSolid: f.classrooms_semi_solid,
      classroomsTemporary: f.classrooms_temporary,
      subjectRooms: f.subject_rooms,
      hasLibrary: f.has_library,
      libraryStandard: f.library_standard,
      equipmentSets: f.equipment_sets,
      computersTeaching: f.computers_teaching,
      computersManagement: f.computers_management,
      internet: f.internet,
      toiletsStudents: f.toilets_students,
      toiletsStaff: f.toilets_staff,
      toiletsMeetStandard: f.toilets_meet_standard,
      cleanWater: f.clean_water,
      teacherHousingRooms: f.teacher_housing_rooms,
      landArea: f.land_area,
      playgroundArea: f.playground_area,
    } as unknown as Parameters<typeof facilitiesOfRow>[0]),
  );
}

async function recordedFacilities(q: Queryable, schoolIds: string[], startYear: number): Promise<Map<string, FacilitiesInput>> {
  if (schoolIds.length === 0) return new Map();
  const r = await q.execute(
    sql`SELECT * FROM registry.school_facilities WHERE start_year = ${startYear} AND school_id = ANY(${pgArray(schoolIds)}::uuid[])`,
  );
  return new Map((r.rows as Array<Record<string, unknown>>).map((f) => [String(f.school_id), factsOfSqlRow(f)]));
}

/** Template cells of recorded facilities (areas with the Vietnamese decimal comma). */
function cellsOf(f: FacilitiesInput | undefined): Record<string, unknown> {
  if (!f) return {};
  const area = (v: string | null) => (v === null ? null : v.replace(/\.?0+$/, '').replace('.', ','));
  return {
    classroomsSolid: f.classroomsSolid,
    classroomsSemiSolid: f.classroomsSemiSolid,
    classroomsTemporary: f.classroomsTemporary,
    ...Object.fromEntries(f.subjectRooms.map((r) => [`room_${r.kind}`, r.count])),
    hasLibrary: f.hasLibrary,
    libraryStandard: f.libraryStandard,
    ...Object.fromEntries(
      f.equipmentSets.flatMap((e) => [
        [`sets_${e.gradeNo}`, e.sets],
        [`missing_${e.gradeNo}`, e.missing],
      ]),
    ),
    computersTeaching: f.computersTeaching,
    computersManagement: f.computersManagement,
    internet: f.internet,
    toiletsStudents: f.toiletsStudents,
    toiletsStaff: f.toiletsStaff,
    toiletsMeetStandard: f.toiletsMeetStandard,
    cleanWater: f.cleanWater,
    teacherHousingRooms: f.teacherHousingRooms,
    landArea: area(f.landArea),
    playgroundArea: area(f.playgroundArea),
  };
}

export const facilitiesImport: ImportKind<Ctx, FacilitiesImportRow, null> = {
  id: 'facilities',
  permission: 'registry.school.write',
  auditAction: 'registry.school.facilities.import',
  multiSchool: true,
  fileName: 'mau-nhap-co-so-vat-chat.xlsx',
  displayName: 'Mẫu nhập cơ sở vật chất.xlsx',
  sheet: () => facilitiesSheet(),
  quietColumns: ['schoolName', ...ALL_GRADES.flatMap((g) => [`sets_${g}`, `missing_${g}`])],

  async template(q, scope) {
    const schools = await schoolsOf(q, scope.unit);
    const now = Number(scope.today.slice(0, 4));
    const current = Number(scope.today.slice(5, 7)) >= 8 ? now : now - 1;
    const grades = scope.unit.type === 'school' ? gradesOfLevel(scope.unit.schoolLevel) : ALL_GRADES;
    const recorded = await recordedFacilities(
      q,
      schools.map((s) => s.id),
      current,
    );
    const spec = {
      title: `Mẫu nhập cơ sở vật chất năm học ${yearLabel(current)} — ${scope.unit.name}`,
      sheets: [facilitiesSheet({ grades, years: [current - 1, current, current + 1], forTemplate: true })],
      instructions: facilitiesInstructions,
      // one row per school, code and name filled in, with the figures already recorded for the year
      // (the engine passes the spec to writeTemplate as is): uploading it back unchanged changes nothing
      rows: {
        [FACILITIES_SHEET]: schools.map((s) => ({
          schoolCode: s.code,
          schoolName: s.name,
          year: yearLabel(current),
          ...cellsOf(recorded.get(s.id)),
        })),
      },
    };
    return spec;
  },

  async prepare(q, scope) {
    const schools = await schoolsOf(q, scope.unit);
    const single = scope.unit.type === 'school' ? (schools[0] ?? null) : null;
    // a closed school's facilities no longer change (as on its screen)
    const issues = scope.unit.type === 'school' && scope.unit.status !== 'active' ? [{ code: 'registry.school.unitClosed' }] : [];
    return {
      ctx: { single, byCode: new Map(schools.map((s) => [codeKey(s.code), s])), maxYear: Number(scope.today.slice(0, 4)) + 1 },
      issues,
    };
  },

  parse(v, row, ctx, report) {
    // A school's row left as the template had it (code, name, year only) is skipped, not imported as zeros.
    const blank = (x: CellValue | undefined) => x === null || x === undefined || x === '' || x === false;
    if (Object.entries(v).every(([k, x]) => k === 'schoolCode' || k === 'schoolName' || k === 'year' || blank(x))) {
      report(null, 'registry.import.facilities.emptyRow', {}, 'warning');
      return null;
    }
    let ok = true;
    const code = str(v.schoolCode);
    const school = code ? ctx.byCode.get(codeKey(code)) : undefined;
    if (code && !school) {
      report('schoolCode', ctx.single ? 'registry.import.schoolNotThis' : 'registry.import.schoolUnknown', { value: code });
      ok = false;
    }
    const yearText = str(v.year);
    const startYear = yearText ? parseSchoolYear(yearText) : null;
    if (yearText && (startYear === null || startYear > ctx.maxYear)) {
      report('year', 'registry.import.facilities.yearInvalid', { value: yearText });
      ok = false;
    }
    const n = (key: string): number => {
      const x = v[key];
      if (x === null || x === undefined || x === '') return 0;
      const num = typeof x === 'number' ? x : Number(x);
      if (!Number.isInteger(num) || num < 0 || num > 100000) {
        report(key, 'registry.import.facilities.countInvalid', { value: String(x) });
        ok = false;
        return 0;
      }
      return num;
    };
    const enumValue = <T extends string>(key: string, values: readonly T[], names: Record<T, string>, fallback: T): T => {
      const x = str(v[key]);
      if (!x) return fallback;
      const fold = (s: string) =>
        s
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/đ/gi, 'd')
          .toLowerCase()
          .replace(/\s+/g, ' ');
      const hit = values.find((k) => fold(k) === fold(x) || fold(names[k]) === fold(x));
      if (!hit) {
        report(key, 'registry.import.facilities.choiceInvalid', { value: x });
        ok = false;
        return fallback;
      }
      return hit;
    };
    const grades = school ? gradesOfLevel(school.level) : [];
    const equipmentSets: FacilitiesInput['equipmentSets'] = [];
    for (const g of ALL_GRADES) {
      const sets = n(`sets_${g}`);
      const missing = n(`missing_${g}`);
      if (sets === 0 && missing === 0) continue;
      if (school && !grades.includes(g)) {
        report(`sets_${g}`, 'registry.facilities.gradeNotTaught', { gradeNo: g });
        ok = false;
        continue;
      }
      equipmentSets.push({ gradeNo: g, sets, missing });
    }
    const area = (key: 'landArea' | 'playgroundArea'): string | null => {
      const x = str(v[key]);
      if (x === null) return null;
      const parsed = parseArea(x);
      if (parsed === null) {
        report(key, 'registry.facilities.areaInvalid');
        ok = false;
      }
      return parsed;
    };
    const facts: FacilitiesInput = {
      classroomsSolid: n('classroomsSolid'),
      classroomsSemiSolid: n('classroomsSemiSolid'),
      classroomsTemporary: n('classroomsTemporary'),
      subjectRooms: subjectRoomKinds.map((k) => ({ kind: k, count: n(`room_${k}`) })).filter((r) => r.count > 0),
      hasLibrary: v.hasLibrary === true,
      libraryStandard: enumValue('libraryStandard', libraryStandards, labels.libraryStandard, 'chua_dat'),
      equipmentSets,
      computersTeaching: n('computersTeaching'),
      computersManagement: n('computersManagement'),
      internet: enumValue('internet', internetKinds, labels.internet, 'none'),
      toiletsStudents: n('toiletsStudents'),
      toiletsStaff: n('toiletsStaff'),
      toiletsMeetStandard: v.toiletsMeetStandard === true,
      cleanWater: v.cleanWater === true,
      teacherHousingRooms: n('teacherHousingRooms'),
      landArea: area('landArea'),
      playgroundArea: area('playgroundArea'),
    };
    if (!ok || !school || startYear === null) return null;
    const problems = facilitiesProblems({ schoolLevel: school.level }, facts);
    for (const p of problems) report(columnOf(p.field, facts), p.code, p.params as Record<string, string | number> | undefined);
    if (problems.length) return null;
    return { row, schoolId: school.id, schoolCode: school.code, schoolName: school.name, startYear, ...canonicalFacilities(facts) };
  },

  keys: (p) => [{ key: `${p.schoolId}:${p.startYear}`, columnKey: 'schoolCode' }],

  initialState: () => null,

  async plan(q, batch) {
    const found = (
      await q.execute(sql`
      SELECT f.* FROM registry.school_facilities f
      JOIN unnest(${pgArray(batch.map((r) => r.schoolId))}::uuid[], ${pgArray(batch.map((r) => r.startYear))}::smallint[]) AS k(school_id, start_year)
        ON f.school_id = k.school_id AND f.start_year = k.start_year`)
    ).rows as Array<Record<string, unknown>>;
    const existing = new Map(found.map((f) => [`${f.school_id}:${f.start_year}`, JSON.stringify(factsOfSqlRow(f))]));
    return batch.map((r): Planned<FacilitiesImportRow> => {
      const { row: _r, schoolId: _s, schoolCode: _c, schoolName: _n, startYear: _y, ...facts } = r;
      const before = existing.get(`${r.schoolId}:${r.startYear}`);
      const action = before === undefined ? 'create' : before === JSON.stringify(canonicalFacilities(facts)) ? 'unchanged' : 'update';
      return { row: r.row, action, data: r };
    });
  },

  async write(tx, batch, _ctx, scope) {
    const changed = batch.filter((p) => p.action !== 'unchanged');
    if (changed.length === 0) return { facilitiesCreated: 0, facilitiesUpdated: 0 };
    const col = (f: (d: FacilitiesImportRow) => string | number | boolean | null) => pgArray(changed.map((p) => f(p.data)));
    const by = scope.actor.userId;
    await tx.execute(sql`
      INSERT INTO registry.school_facilities (province_id, school_id, start_year, classrooms_solid, classrooms_semi_solid, classrooms_temporary, subject_rooms,
        has_library, library_standard, equipment_sets, computers_teaching, computers_management, internet, toilets_students, toilets_staff,
        toilets_meet_standard, clean_water, teacher_housing_rooms, land_area, playground_area, created_by, updated_by)
      SELECT ${scope.provinceId}::uuid, school_id, start_year, solid, semi, temp, rooms::jsonb, lib, lib_std, sets::jsonb, ct, cm, net, ts, tf, tms, water, housing,
        land, play, ${by}::uuid, ${by}::uuid
      FROM unnest(${col((d) => d.schoolId)}::uuid[], ${col((d) => d.startYear)}::smallint[], ${col((d) => d.classroomsSolid)}::int[],
        ${col((d) => d.classroomsSemiSolid)}::int[], ${col((d) => d.classroomsTemporary)}::int[], ${col((d) => JSON.stringify(d.subjectRooms))}::text[],
        ${col((d) => d.hasLibrary)}::boolean[], ${col((d) => d.libraryStandard)}::text[], ${col((d) => JSON.stringify(d.equipmentSets))}::text[],
        ${col((d) => d.computersTeaching)}::int[], ${col((d) => d.computersManagement)}::int[], ${col((d) => d.internet)}::text[],
        ${col((d) => d.toiletsStudents)}::int[], ${col((d) => d.toiletsStaff)}::int[], ${col((d) => d.toiletsMeetStandard)}::boolean[],
        ${col((d) => d.cleanWater)}::boolean[], ${col((d) => d.teacherHousingRooms)}::int[], ${col((d) => d.landArea)}::numeric[], ${col((d) => d.playgroundArea)}::numeric[])
        AS t(school_id, start_year, solid, semi, temp, rooms, lib, lib_std, sets, ct, cm, net, ts, tf, tms, water, housing, land, play)
      ON CONFLICT (school_id, start_year) DO UPDATE SET
        classrooms_solid = excluded.classrooms_solid, classrooms_semi_solid = excluded.classrooms_semi_solid, classrooms_temporary = excluded.classrooms_temporary,
        subject_rooms = excluded.subject_rooms, has_library = excluded.has_library, library_standard = excluded.library_standard,
        equipment_sets = excluded.equipment_sets, computers_teaching = excluded.computers_teaching, computers_management = excluded.computers_management,
        internet = excluded.internet, toilets_students = excluded.toilets_students, toilets_staff = excluded.toilets_staff,
        toilets_meet_standard = excluded.toilets_meet_standard, clean_water = excluded.clean_water, teacher_housing_rooms = excluded.teacher_housing_rooms,
        land_area = excluded.land_area, playground_area = excluded.playground_area,
        updated_by = excluded.updated_by, updated_at = now(), version = registry.school_facilities.version + 1`);
    const created = changed.filter((p) => p.action === 'create').length;
    return { facilitiesCreated: created, facilitiesUpdated: changed.length - created };
  },

  resultCounts: ['facilitiesCreated', 'facilitiesUpdated'],
  previewColumns: [
    { key: 'schoolCode', label: { vi: 'Mã trường', en: 'School code' } },
    { key: 'schoolName', label: { vi: 'Tên trường', en: 'School' } },
    { key: 'year', label: { vi: 'Năm học', en: 'School year' } },
    { key: 'classrooms', label: { vi: 'Phòng học', en: 'Classrooms' } },
    { key: 'computers', label: { vi: 'Máy tính', en: 'Computers' } },
    { key: 'landArea', label: { vi: 'Diện tích đất (m²)', en: 'Land area (m²)' } },
  ],
  preview: (p) => ({
    schoolCode: p.data.schoolCode,
    schoolName: p.data.schoolName,
    year: yearLabel(p.data.startYear),
    classrooms: p.data.classroomsSolid + p.data.classroomsSemiSolid + p.data.classroomsTemporary,
    computers: p.data.computersTeaching + p.data.computersManagement,
    landArea: p.data.landArea,
  }),
};
