import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import {
  type CellValue, type ReadEvent, readCsvRows, readRows, type SheetSpec, type SpreadsheetIssue, normaliseHeader,
} from '../../../platform/spreadsheet/index.ts';
import type { UnitRow } from '../../org/public.ts';
import { validateCccd } from '../rules/cccd.ts';
import { findDuplicates, type DedupRecord } from '../rules/dedup.ts';
import { parseEthnicity } from '../rules/ethnicity.ts';
import { foldForSearch } from '../rules/vietnamese-sort.ts';
import { STUDENT_SHEET, studentSheet } from './spec.ts';

export type FileKind = 'xlsx' | 'csv';

export interface ImportRow {
  row: number;
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

export interface PlannedRow extends ImportRow {
  action: 'create' | 'update' | 'unchanged';
  studentId: string | null;
  /** Student fields to change on update. */
  changes: Record<string, unknown>;
  enrol: boolean;
  guardian: { kind: 'none' | 'same' | 'create' } | { kind: 'update'; id: string };
}

export interface CurrentYear {
  id: string;
  startYear: number;
  startsOn: string;
  endsOn: string;
}

export interface Analysis {
  issues: SpreadsheetIssue[];
  rows: PlannedRow[];
  year: CurrentYear | null;
  errorCount: number;
  warningCount: number;
  counts: { total: number; create: number; update: number; unchanged: number };
}

export async function currentYear(q: Queryable, schoolId: string): Promise<CurrentYear | null> {
  const r = await q.execute(sql`SELECT id::text, start_year AS "startYear", starts_on::text AS "startsOn", ends_on::text AS "endsOn"
    FROM registry.school_years WHERE school_id = ${schoolId} AND status = 'current' ORDER BY start_year DESC LIMIT 1`);
  return (r.rows[0] as CurrentYear | undefined) ?? null;
}

export async function classesOfYear(q: Queryable, yearId: string): Promise<Array<{ id: string; name: string }>> {
  const r = await q.execute(sql`SELECT id::text, name FROM registry.classes WHERE school_year_id = ${yearId} AND status = 'active' ORDER BY grade_no, name`);
  return r.rows as Array<{ id: string; name: string }>;
}

function events(path: string, kind: FileKind, spec: SheetSpec): AsyncGenerator<ReadEvent> {
  return kind === 'xlsx' ? readRows(path, spec) : readCsvRows(fs.createReadStream(path), spec);
}

/** Where each of our columns sits in the file: every header is reported as unknown by an empty spec. */
async function locateColumns(path: string, kind: FileKind, spec: SheetSpec) {
  const byHeader = new Map<string, string>();
  for (const c of spec.columns) for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(normaliseHeader(h), c.key);
  const found = new Map<string, { column: string; label: string }>();
  let sheet = STUDENT_SHEET;
  for await (const e of events(path, kind, { name: spec.name, columns: [], extraColumns: 'error' })) {
    if (e.type === 'row') {
      sheet = e.sheet;
      break;
    }
    if (e.issue.code !== 'platform.spreadsheet.unknownColumn') continue;
    sheet = e.issue.sheet;
    const header = String(e.issue.params.header ?? '');
    const key = byHeader.get(normaliseHeader(header));
    if (key && !found.has(key) && e.issue.column) found.set(key, { column: e.issue.column, label: header });
  }
  return { found, sheet };
}

const str = (v: CellValue | undefined): string | null => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());
const normaliseName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');
const open = sql`('transferred_out', 'dropped_out')`;

/**
 * Reads the stored file and judges every row: the spreadsheet checks (columns, types, dates), then
 * the registry rules (CCCD against date of birth and sex, ethnicity, class of the current year,
 * duplicates inside the file and against the database, a student already in another class) and
 * plans each row (create / update / unchanged). Writes nothing.
 */
export async function analyseStudentImport(q: Queryable, school: UnitRow, path: string, kind: FileKind, today: string): Promise<Analysis> {
  const spec = studentSheet();
  const issues: SpreadsheetIssue[] = [];
  const year = await currentYear(q, school.id);
  const { found, sheet } = await locateColumns(path, kind, spec);
  if (!year) {
    issues.push({ sheet, row: null, column: null, columnLabel: null, code: 'registry.import.noCurrentYear', params: {}, severity: 'error' });
  }
  const classes = year ? await classesOfYear(q, year.id) : [];
  const classByName = new Map(classes.map((c) => [foldForSearch(c.name).replace(/\s+/g, ''), c]));
  const at = (row: number, key: string, code: string, params: Record<string, string | number> = {}) => {
    const pos = found.get(key);
    const col = spec.columns.find((c) => c.key === key)!;
    issues.push({ sheet, row, column: pos?.column ?? null, columnLabel: pos?.label ?? col.header, code, params, severity: 'error' });
  };

  const rows: ImportRow[] = [];
  const currentYearNo = Number(today.slice(0, 4));
  for await (const e of events(path, kind, spec)) {
    if (e.type === 'issue') {
      issues.push(e.issue);
      continue;
    }
    issues.push(...e.issues);
    const v = e.values;
    const fullName = str(v.fullName);
    const dateOfBirth = str(v.dateOfBirth);
    const sex = str(v.sex) as 'male' | 'female' | null;
    const cccd = str(v.cccd);
    let ok = e.ok && fullName !== null && dateOfBirth !== null && sex !== null;
    if (dateOfBirth && (dateOfBirth >= today || dateOfBirth < '1950-01-01')) {
      at(e.row, 'dateOfBirth', 'registry.dateOfBirthInvalid');
      ok = false;
    }
    if (cccd) {
      const r = validateCccd(cccd, { currentYear: currentYearNo, ...(dateOfBirth ? { dateOfBirth } : {}), ...(sex ? { sex } : {}) });
      if (!r.ok) {
        at(e.row, 'cccd', r.code, r.params);
        ok = false;
      }
    }
    let ethnicityCode: string | null = null;
    const ethnicity = str(v.ethnicity);
    if (ethnicity) {
      const r = parseEthnicity(ethnicity);
      if (r.ok) ethnicityCode = r.code;
      else {
        at(e.row, 'ethnicity', r.code, r.params);
        ok = false;
      }
    }
    const className = str(v.className);
    const cls = className ? classByName.get(foldForSearch(className).replace(/\s+/g, '')) : undefined;
    if (className && !cls && year) {
      at(e.row, 'className', 'registry.import.classUnknown', { value: className });
      ok = false;
    }
    const guardianName = str(v.guardianName);
    let guardianPhone = str(v.guardianPhone);
    if (guardianPhone) {
      guardianPhone = guardianPhone.replace(/[\s.-]/g, '');
      if (!/^0\d{9,10}$/.test(guardianPhone)) {
        at(e.row, 'guardianPhone', 'registry.import.phoneInvalid', { value: String(v.guardianPhone) });
        ok = false;
      } else if (!guardianName) {
        at(e.row, 'guardianName', 'registry.import.guardianNameRequired');
        ok = false;
      }
    }
    if (!ok || !cls) continue;
    rows.push({
      row: e.row, fullName: normaliseName(fullName!), dateOfBirth: dateOfBirth!, sex: sex!, cccd: cccd ? cccd.replace(/[\s.]/g, '') : null,
      moetCode: str(v.moetCode), ethnicityCode, classId: cls.id, className: cls.name, guardianName: guardianName ? normaliseName(guardianName) : null, guardianPhone,
    });
  }

  // Duplicates inside the file: the later row is the error.
  const fileRecords: DedupRecord[] = rows.map((r) => ({ id: String(r.row), fullName: r.fullName, dateOfBirth: r.dateOfBirth, cccd: r.cccd, moetCode: r.moetCode }));
  const dropped = new Set<number>();
  for (const d of findDuplicates(fileRecords)) {
    if (d.level !== 'certain') continue;
    const later = Math.max(Number(d.a), Number(d.b));
    if (dropped.has(later)) continue;
    dropped.add(later);
    at(later, d.reasons.includes('cccd') ? 'cccd' : 'moetCode', 'registry.import.duplicateInFile', { firstRow: Math.min(Number(d.a), Number(d.b)) });
  }
  const seenNameClass = new Map<string, number>();
  for (const r of rows) {
    if (dropped.has(r.row)) continue;
    const k = `${foldForSearch(r.fullName)}|${r.dateOfBirth}|${r.classId}`;
    const first = seenNameClass.get(k);
    if (first !== undefined) {
      dropped.add(r.row);
      at(r.row, 'fullName', 'registry.import.duplicateInFile', { firstRow: first });
    } else seenNameClass.set(k, r.row);
  }
  const candidates = rows.filter((r) => !dropped.has(r.row));

  // Against the database: the records sharing an identifier, and this year's enrolments of the school.
  const cccds = candidates.map((r) => r.cccd).filter((x): x is string => !!x);
  const moets = candidates.map((r) => r.moetCode).filter((x): x is string => !!x);
  const known = cccds.length + moets.length === 0 ? [] : ((await q.execute(sql`
    SELECT s.id::text, s.school_id::text AS "schoolId", s.full_name AS "fullName", s.date_of_birth::text AS "dateOfBirth", s.sex, s.cccd,
      s.moet_code AS "moetCode", s.ethnicity_code AS "ethnicityCode"
    FROM registry.students s
    WHERE s.cccd = ANY(${`{${cccds.join(',')}}`}::text[]) OR s.moet_code = ANY(${`{${moets.map((m) => `"${m.replace(/["\\]/g, '')}"`).join(',')}}`}::text[])`)).rows as unknown as StudentFacts[]);
  const enrolled = year ? ((await q.execute(sql`
    SELECT e.student_id::text AS "studentId", e.class_id::text AS "classId", c.name AS "className", s.school_id::text AS "schoolId",
      s.full_name AS "fullName", s.date_of_birth::text AS "dateOfBirth", s.sex, s.cccd, s.moet_code AS "moetCode", s.ethnicity_code AS "ethnicityCode"
    FROM registry.enrolments e JOIN registry.students s ON s.id = e.student_id JOIN registry.classes c ON c.id = e.class_id
    WHERE e.start_year = ${year.startYear} AND e.status NOT IN ${open}
      AND (e.school_id = ${school.id} OR e.student_id IN (SELECT x.id FROM registry.students x
        WHERE x.cccd = ANY(${`{${cccds.join(',')}}`}::text[]) OR x.moet_code = ANY(${`{${moets.map((m) => `"${m.replace(/["\\]/g, '')}"`).join(',')}}`}::text[])))`)).rows as unknown as Array<StudentFacts & { studentId: string; classId: string; className: string }>) : [];
  const byId = new Map<string, StudentFacts>(known.map((s) => [s.id, s]));
  for (const e of enrolled) if (!byId.has(e.studentId)) byId.set(e.studentId, { ...e, id: e.studentId });
  const enrolmentOf = new Map(enrolled.map((e) => [e.studentId, e]));
  const byNameClass = new Map(enrolled.map((e) => [`${foldForSearch(e.fullName)}|${e.dateOfBirth}|${e.classId}`, e.studentId]));
  const matches = new Map<string, Set<string>>();
  for (const d of findDuplicates(fileRecords.filter((f) => !dropped.has(Number(f.id))), known.map((s) => ({ id: s.id, fullName: s.fullName, dateOfBirth: s.dateOfBirth, cccd: s.cccd, moetCode: s.moetCode })))) {
    if (d.level !== 'certain') continue;
    const set = matches.get(d.a) ?? new Set<string>();
    set.add(d.b);
    matches.set(d.a, set);
    if (d.conflicts.includes('cccd')) set.add(`conflict:${d.b}`);
  }
  const guardianRows = byId.size === 0 ? [] : ((await q.execute(sql`
    SELECT sg.student_id::text AS "studentId", g.id::text, g.name_fold AS "nameFold", g.phone FROM registry.student_guardians sg
    JOIN registry.guardians g ON g.id = sg.guardian_id WHERE sg.student_id = ANY(${`{${[...byId.keys()].join(',')}}`}::uuid[])`)).rows as Array<{ studentId: string; id: string; nameFold: string; phone: string | null }>);

  const planned: PlannedRow[] = [];
  const rowOfStudent = new Map<string, number>();
  for (const r of candidates) {
    const ids = [...(matches.get(String(r.row)) ?? [])];
    if (ids.some((x) => x.startsWith('conflict:'))) {
      at(r.row, 'cccd', 'registry.import.identifierConflict');
      continue;
    }
    if (ids.length > 1) {
      at(r.row, 'cccd', 'registry.import.ambiguousMatch');
      continue;
    }
    const studentId = ids[0] ?? byNameClass.get(`${foldForSearch(r.fullName)}|${r.dateOfBirth}|${r.classId}`) ?? null;
    if (!studentId) {
      planned.push({ ...r, action: 'create', studentId: null, changes: {}, enrol: true, guardian: { kind: r.guardianName ? 'create' : 'none' } });
      continue;
    }
    const firstRow = rowOfStudent.get(studentId);
    if (firstRow !== undefined) {
      // two rows of the file (one by CCCD, one by code, say) are the same student
      at(r.row, r.cccd ? 'cccd' : r.moetCode ? 'moetCode' : 'fullName', 'registry.import.duplicateInFile', { firstRow });
      continue;
    }
    rowOfStudent.set(studentId, r.row);
    const s = byId.get(studentId)!;
    if (s.schoolId !== school.id) {
      at(r.row, r.cccd && s.cccd === r.cccd ? 'cccd' : 'moetCode', 'registry.import.otherSchool');
      continue;
    }
    const e = enrolmentOf.get(studentId);
    if (e && e.classId !== r.classId) {
      at(r.row, 'className', 'registry.import.otherClass', { className: e.className });
      continue;
    }
    const changes: Record<string, unknown> = {};
    if (s.fullName !== r.fullName) changes.fullName = r.fullName;
    if (s.dateOfBirth !== r.dateOfBirth) changes.dateOfBirth = r.dateOfBirth;
    if (s.sex !== r.sex) changes.sex = r.sex;
    if (r.cccd && s.cccd !== r.cccd) changes.cccd = r.cccd;
    if (r.moetCode && s.moetCode !== r.moetCode) changes.moetCode = r.moetCode;
    if (r.ethnicityCode && s.ethnicityCode !== r.ethnicityCode) changes.ethnicityCode = r.ethnicityCode;
    let guardian: PlannedRow['guardian'] = { kind: 'none' };
    if (r.guardianName) {
      const g = guardianRows.find((x) => x.studentId === studentId && x.nameFold === foldForSearch(r.guardianName!));
      guardian = !g ? { kind: 'create' } : r.guardianPhone && g.phone !== r.guardianPhone ? { kind: 'update', id: g.id } : { kind: 'same' };
    }
    const enrol = !e;
    const changed = Object.keys(changes).length > 0 || enrol || guardian.kind === 'create' || guardian.kind === 'update';
    planned.push({ ...r, action: changed ? 'update' : 'unchanged', studentId, changes, enrol, guardian });
  }

  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').length - (b.column ?? '').length || (a.column ?? '').localeCompare(b.column ?? ''));
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  return {
    issues, rows: planned, year, errorCount, warningCount: issues.length - errorCount,
    counts: {
      total: planned.length,
      create: planned.filter((p) => p.action === 'create').length,
      update: planned.filter((p) => p.action === 'update').length,
      unchanged: planned.filter((p) => p.action === 'unchanged').length,
    },
  };
}

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
