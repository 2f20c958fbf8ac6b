import { personNameProblem } from '../../../platform/person-name.ts';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.ts';
import type { CellValue, ColumnSpec, SheetSpec } from '../../../platform/spreadsheet/index.ts';
import { provinceOf } from '../access.ts';
import { catalogue, type CatalogueLevel } from '../catalogue.ts';
import { normaliseCccd } from '../rules/cccd.ts';
import { ethnicGroups, parseEthnicity } from '../rules/ethnicity.ts';
import { type CodeLabel, qualificationStandard, type StaffPosition, type StaffQualification, staffCodeLists } from '../rules/staff.ts';
import { foldForSearch, vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { staff } from '../schema.ts';
import { curriculumLevelsOf, staffProblem } from '../staff/commands.ts';
import { STAFF_MANAGE } from '../staff/access.ts';
import { pgArray } from './engine.ts';
import type { ImportKind, ImportScope, Planned } from './kinds.ts';
import { sexOptions } from './spec.ts';

/**
 * Staff records (cán bộ, giáo viên, nhân viên — §7.3) of one school from Excel. A person is
 * recognised by the staff code or the CCCD number: a match is updated (only the cells the file
 * fills; a blank cell keeps what the record has) or left unchanged, so re-importing the same file
 * changes nothing. The code lists are the ones the screens use (rules/staff.ts), as dropdowns.
 */
export const STAFF_SHEET = 'Cán bộ';

const enumOf = (list: readonly CodeLabel[]) => list.map((c) => ({ value: c.code, label: c.vi }));
const L = staffCodeLists;

export function staffSheet(forTemplate = false): SheetSpec {
  const e = (key: string, header: string, list: readonly CodeLabel[], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
    key,
    header,
    type: 'enum',
    options: enumOf(list),
    width: 20,
    ...extra,
  });
  return {
    name: STAFF_SHEET,
    columns: [
      {
        key: 'staffCode',
        header: 'Mã cán bộ',
        aliases: ['Mã CB', 'Mã giáo viên', 'Mã GV'],
        type: 'code',
        width: 16,
        hint: 'Mã trên CSDL ngành; cần mã cán bộ hoặc số định danh',
      },
      { key: 'fullName', header: 'Họ và tên', aliases: ['Họ tên'], type: 'text', required: true, width: 28 },
      {
        key: 'dateOfBirth',
        header: 'Ngày sinh (dd/mm/yyyy)',
        aliases: ['Ngày sinh'],
        type: 'date',
        required: true,
        width: 16,
        hint: 'Ví dụ 02/04/1985',
      },
      { key: 'sex', header: 'Giới tính', type: 'enum', options: sexOptions, required: true, width: 10 },
      {
        key: 'cccd',
        header: 'Số định danh cá nhân',
        aliases: ['Số CCCD', 'CCCD'],
        type: 'code',
        digits: 12,
        width: 18,
        hint: '12 chữ số, nhập dạng chữ để giữ số 0 ở đầu',
      },
      forTemplate
        ? {
            key: 'ethnicity',
            header: 'Dân tộc',
            type: 'enum',
            options: ethnicGroups.map((g) => ({ value: g.code, label: g.name })),
            width: 14,
            hint: 'Để trống: Kinh',
          }
        : { key: 'ethnicity', header: 'Dân tộc', type: 'text', width: 14 },
      e('position', 'Chức vụ', L.position, { required: true }),
      e('titleGroup', 'Chức danh nghề nghiệp', L.titleGroup, { width: 24 }),
      e('titleRank', 'Hạng chức danh', L.titleRank, { aliases: ['Hạng'], width: 12 }),
      e('qualification', 'Trình độ đào tạo', L.qualification, { aliases: ['Trình độ'], width: 16 }),
      { key: 'major', header: 'Chuyên ngành', type: 'text', width: 22 },
      { key: 'subjects', header: 'Môn dạy', type: 'text', width: 24, hint: 'Tên môn, cách nhau bởi dấu phẩy (ví dụ: Toán, Tin học)' },
      e('contractType', 'Hình thức tuyển dụng', L.contractType, { aliases: ['Hình thức hợp đồng'] }),
      { key: 'joinedSectorOn', header: 'Ngày vào ngành', type: 'date', width: 16 },
      { key: 'joinedSchoolOn', header: 'Ngày về trường', type: 'date', width: 16 },
      e('standardRating', 'Đánh giá chuẩn nghề nghiệp', L.standardRating, { width: 16 }),
      e('regularTraining', 'Bồi dưỡng thường xuyên', L.regularTraining, { width: 18 }),
      { key: 'partyMember', header: 'Đảng viên', type: 'boolean', width: 10, hint: 'x hoặc Có' },
      { key: 'partyJoinedOn', header: 'Ngày vào Đảng', type: 'date', width: 16 },
      e('status', 'Tình trạng', L.status, { width: 18, hint: 'Để trống: Đang làm việc' }),
      { key: 'phone', header: 'Điện thoại', aliases: ['Số điện thoại'], type: 'code', digits: 10, width: 14 },
      { key: 'email', header: 'Thư điện tử', aliases: ['Email', 'E-mail'], type: 'text', width: 24 },
    ],
  };
}

export const staffTemplateInstructions = [
  'Mỗi dòng của trang "Cán bộ" là một cán bộ, giáo viên hoặc nhân viên của trường. Các cột có dấu (*) là bắt buộc.',
  'Mỗi người cần có Mã cán bộ hoặc Số định danh cá nhân (12 chữ số, nhập dạng chữ để giữ số 0 ở đầu): hệ thống nhận ra người đã có hồ sơ theo hai mã này.',
  'Ngày nhập theo dạng dd/mm/yyyy (ví dụ 02/04/1985).',
  'Chức vụ, chức danh, hạng, trình độ, hình thức tuyển dụng, đánh giá và tình trạng: chọn trong danh sách của ô.',
  'Môn dạy: tên các môn của chương trình 2018 mà trường dạy, cách nhau bởi dấu phẩy (ví dụ: Toán, Tin học).',
  'Người đã có hồ sơ sẽ được cập nhật theo các ô có dữ liệu; ô để trống giữ nguyên thông tin đã có. Nhập lại cùng một tệp không thay đổi gì.',
  'Không gộp ô, không thêm hoặc đổi tên cột. Tệp có lỗi sẽ không được ghi vào hệ thống.',
];

type StaffRow = typeof staff.$inferSelect;
/** Fields of a row that may change a record (blank: keep). */
const fields = [
  'staffCode',
  'cccd',
  'fullName',
  'dateOfBirth',
  'sex',
  'ethnicityCode',
  'position',
  'titleGroup',
  'titleRank',
  'qualification',
  'major',
  'subjects',
  'contractType',
  'joinedSectorOn',
  'joinedSchoolOn',
  'standardRating',
  'regularTraining',
  'partyMember',
  'partyJoinedOn',
  'status',
  'phone',
  'email',
] as const;
type Field = (typeof fields)[number];

export type StaffImportRow = { row: number } & {
  [K in Field]: K extends 'fullName' | 'dateOfBirth' | 'sex' | 'position'
    ? string
    : K extends 'subjects'
      ? string[] | null
      : K extends 'partyMember'
        ? boolean | null
        : string | null;
};

interface StaffCtx {
  schoolId: string;
  provinceId: string;
  level: string | null;
  /** Folded subject name or code → code, for the school's levels. */
  subjects: Map<string, string>;
  today: string;
}
interface StaffPlan {
  id: string | null;
  changes: Partial<Record<Field, unknown>>;
}
interface State {
  rowOf: Map<string, number>;
}

const str = (v: CellValue | undefined): string | null =>
  v === null || v === undefined || String(v).trim() === '' ? null : String(v).normalize('NFC').trim().replace(/\s+/g, ' ');
const codeKey = (c: string) => c.trim().toLowerCase();
const subjectKey = (s: string) => foldForSearch(s).replace(/[\s_]+/g, '');
const columnOfField: Record<string, string> = { ethnicityCode: 'ethnicity' };

export const staffImport: ImportKind<StaffCtx, StaffImportRow, State> = {
  id: 'staff',
  permission: STAFF_MANAGE,
  auditAction: 'registry.staff.import',
  multiSchool: false,
  fileName: 'mau-nhap-can-bo.xlsx',
  displayName: 'Mẫu nhập cán bộ, giáo viên, nhân viên.xlsx',
  sheet: () => staffSheet(),

  async template(_q, scope) {
    return {
      title: `Mẫu nhập cán bộ, giáo viên, nhân viên — ${scope.unit.name}`,
      sheets: [staffSheet(true)],
      instructions: staffTemplateInstructions,
    };
  },

  async prepare(_q, scope: ImportScope) {
    const levels = curriculumLevelsOf(scope.unit.schoolLevel) as CatalogueLevel[];
    const subjects = new Map<string, string>();
    for (const level of levels)
      for (const s of catalogue[level]) {
        subjects.set(subjectKey(s.name), s.code);
        subjects.set(subjectKey(s.code), s.code);
      }
    return {
      ctx: { schoolId: scope.unit.id, provinceId: provinceOf(scope.unit), level: scope.unit.schoolLevel, subjects, today: scope.today },
      issues: [],
    };
  },

  parse(v, row, ctx, report) {
    let ok = true;
    const fullName = str(v.fullName);
    const dateOfBirth = str(v.dateOfBirth);
    const sex = str(v.sex);
    const position = str(v.position);
    if (!fullName || !dateOfBirth || !sex || !position) ok = false;
    const nameProblem = fullName ? personNameProblem(fullName) : undefined;
    if (nameProblem) {
      report('fullName', nameProblem.code, nameProblem.params);
      ok = false;
    }
    const staffCode = str(v.staffCode);
    const cccd = str(v.cccd) ? normaliseCccd(str(v.cccd)!) : null;
    if (!staffCode && !cccd) {
      report('staffCode', 'registry.staff.import.identifierRequired');
      ok = false;
    }
    let ethnicityCode: string | null = null;
    const ethnicity = str(v.ethnicity);
    if (ethnicity) {
      const r = parseEthnicity(ethnicity, { allowExtra: true });
      if (r.ok) ethnicityCode = r.code;
      else {
        report('ethnicity', r.code, r.params);
        ok = false;
      }
    }
    let subjects: string[] | null = null;
    const subjectText = str(v.subjects);
    if (subjectText) {
      subjects = [];
      for (const part of subjectText
        .split(/[,;]+/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const code = ctx.subjects.get(subjectKey(part));
        if (!code) {
          report('subjects', 'registry.staff.subjectUnknown', { value: part });
          ok = false;
        } else if (!subjects.includes(code)) subjects.push(code);
      }
    }
    const partyMember = v.partyMember === null || v.partyMember === undefined ? null : v.partyMember === true;
    const partyJoinedOn = str(v.partyJoinedOn);
    if (fullName && dateOfBirth && sex) {
      const problem = staffProblem(
        {
          staffCode,
          cccd,
          fullName,
          sex: sex as 'male' | 'female',
          dateOfBirth,
          joinedSectorOn: str(v.joinedSectorOn),
          joinedSchoolOn: str(v.joinedSchoolOn),
          partyMember: partyMember ?? !!partyJoinedOn,
          partyJoinedOn,
        },
        ctx.today,
      );
      if (problem) {
        report(columnOfField[problem.field] ?? problem.field, problem.code, problem.params as Record<string, string | number> | undefined);
        ok = false;
      }
    }
    if (!ok) return null;
    return {
      row,
      staffCode,
      cccd,
      fullName: fullName!,
      dateOfBirth: dateOfBirth!,
      sex: sex!,
      ethnicityCode,
      position: position!,
      titleGroup: str(v.titleGroup),
      titleRank: str(v.titleRank),
      qualification: str(v.qualification),
      major: str(v.major),
      subjects,
      contractType: str(v.contractType),
      joinedSectorOn: str(v.joinedSectorOn),
      joinedSchoolOn: str(v.joinedSchoolOn),
      standardRating: str(v.standardRating),
      regularTraining: str(v.regularTraining),
      partyMember,
      partyJoinedOn,
      status: str(v.status),
      phone: str(v.phone),
      email: str(v.email),
    };
  },

  keys(p) {
    const keys: Array<{ key: string; columnKey: string }> = [];
    if (p.staffCode) keys.push({ key: `s${codeKey(p.staffCode)}`, columnKey: 'staffCode' });
    if (p.cccd) keys.push({ key: `c${p.cccd}`, columnKey: 'cccd' });
    return keys;
  },

  initialState: () => ({ rowOf: new Map() }),

  async plan(q, batch, ctx, state, report) {
    const codes = batch.map((r) => r.staffCode).filter((x): x is string => !!x);
    const cccds = batch.map((r) => r.cccd).filter((x): x is string => !!x);
    // the records sharing an identifier with the batch: two index lookups for the whole batch
    const found =
      codes.length + cccds.length === 0
        ? []
        : await q
            .select()
            .from(staff)
            .where(sql`
      (${staff.provinceId} = ${ctx.provinceId} AND lower(${staff.staffCode}) = ANY(${pgArray(codes.map(codeKey))}::text[]))
      OR ${staff.cccd} = ANY(${pgArray(cccds)}::text[])`);
    const byCode = new Map(found.filter((s) => s.staffCode && s.provinceId === ctx.provinceId).map((s) => [codeKey(s.staffCode!), s]));
    const byCccd = new Map(found.filter((s) => s.cccd).map((s) => [s.cccd!, s]));
    const out: Planned<StaffImportRow>[] = [];
    for (const r of batch) {
      const a = r.staffCode ? byCode.get(codeKey(r.staffCode)) : undefined;
      const b = r.cccd ? byCccd.get(r.cccd) : undefined;
      if (a && b && a.id !== b.id) {
        report(r.row, 'cccd', 'registry.staff.import.ambiguousMatch');
        continue;
      }
      const s = a ?? b;
      if (!s) {
        out.push({ row: r.row, action: 'create', data: r, plan: { id: null, changes: {} } satisfies StaffPlan });
        continue;
      }
      const first = state.rowOf.get(s.id);
      if (first !== undefined) {
        report(r.row, a ? 'staffCode' : 'cccd', 'registry.staff.import.duplicateInFile', { row: first });
        continue;
      }
      state.rowOf.set(s.id, r.row);
      if (s.schoolId !== ctx.schoolId) {
        report(r.row, a ? 'staffCode' : 'cccd', 'registry.staff.import.otherSchool');
        continue;
      }
      const changes: Partial<Record<Field, unknown>> = {};
      for (const f of fields) {
        const value = r[f];
        if (value === null || value === undefined) continue;
        const current = (s as StaffRow)[f as keyof StaffRow];
        const same = Array.isArray(value) ? (current as string[]).join(',') === value.join(',') : current === value;
        if (!same) changes[f] = value;
      }
      out.push({
        row: r.row,
        action: Object.keys(changes).length > 0 ? 'update' : 'unchanged',
        data: r,
        plan: { id: s.id, changes, current: s } as unknown as Record<string, unknown>,
      });
    }
    return out;
  },

  async write(tx: Tx, batch, ctx, scope) {
    const by = scope.actor.userId;
    const creates = batch
      .filter((p) => p.action === 'create')
      .map((p) => {
        const d = p.data;
        const position = d.position as StaffPosition;
        return {
          provinceId: ctx.provinceId,
          schoolId: ctx.schoolId,
          staffCode: d.staffCode,
          cccd: d.cccd,
          fullName: d.fullName,
          sortKey: vietnameseSortKey(d.fullName),
          sex: d.sex as 'male' | 'female',
          dateOfBirth: d.dateOfBirth,
          ethnicityCode: d.ethnicityCode ?? '01',
          position,
          titleGroup: d.titleGroup as StaffRow['titleGroup'],
          titleRank: d.titleRank as StaffRow['titleRank'],
          qualification: d.qualification as StaffQualification | null,
          qualificationStandard: qualificationStandard(d.qualification as StaffQualification | null, position, ctx.level),
          major: d.major,
          subjects: d.subjects ?? [],
          contractType: d.contractType as StaffRow['contractType'],
          joinedSectorOn: d.joinedSectorOn,
          joinedSchoolOn: d.joinedSchoolOn,
          standardRating: d.standardRating as StaffRow['standardRating'],
          regularTraining: d.regularTraining as StaffRow['regularTraining'],
          partyMember: d.partyMember ?? !!d.partyJoinedOn,
          partyJoinedOn: d.partyJoinedOn,
          status: (d.status ?? 'working') as StaffRow['status'],
          phone: d.phone,
          email: d.email,
          createdBy: by,
          updatedBy: by,
        } satisfies typeof staff.$inferInsert;
      });
    // multi-row statements of 1,000 (≈ 30 parameters a row stays under the protocol's 65,535)
    for (let i = 0; i < creates.length; i += 1000) await tx.insert(staff).values(creates.slice(i, i + 1000));
    let updated = 0;
    for (const p of batch) {
      if (p.action !== 'update') continue;
      const plan = p.plan as unknown as StaffPlan & { current: StaffRow };
      const position = (plan.changes.position ?? plan.current.position) as StaffPosition;
      const qualification = (plan.changes.qualification ?? plan.current.qualification) as StaffQualification | null;
      await tx
        .update(staff)
        .set({
          ...(plan.changes as Partial<typeof staff.$inferInsert>),
          ...(plan.changes.fullName ? { sortKey: vietnameseSortKey(p.data.fullName) } : {}),
          qualificationStandard: qualificationStandard(qualification, position, ctx.level),
          version: sql`${staff.version} + 1`,
          updatedAt: new Date(),
          updatedBy: by,
        })
        .where(eq(staff.id, plan.id!));
      updated++;
    }
    return { staffCreated: creates.length, staffUpdated: updated };
  },

  resultCounts: ['staffCreated', 'staffUpdated'],
  previewColumns: [
    { key: 'staffCode', label: { vi: 'Mã cán bộ', en: 'Staff code' } },
    { key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' } },
    { key: 'dateOfBirth', label: { vi: 'Ngày sinh', en: 'Date of birth' } },
    { key: 'position', label: { vi: 'Chức vụ', en: 'Position' } },
    { key: 'subjects', label: { vi: 'Môn dạy', en: 'Subjects' } },
  ],
  preview: (p) => ({
    staffCode: p.data.staffCode,
    fullName: p.data.fullName,
    dateOfBirth: p.data.dateOfBirth,
    position: L.position.find((c) => c.code === p.data.position)?.vi ?? p.data.position,
    subjects: (p.data.subjects ?? [])
      .map(
        (c) =>
          Object.values(catalogue)
            .flat()
            .find((s) => s.code === c)?.name ?? c,
      )
      .join(', '),
  }),
};
