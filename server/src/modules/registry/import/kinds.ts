/**
 * Import kinds: the registry's Excel/CSV imports (issue 5 §7) are one engine (`engine.ts`) and one
 * set of routes (`routes/import.routes.ts`) over several *kinds* — students, staff, facilities,
 * classes… A kind says what a file of its records looks like and how a row becomes a record; the
 * engine does everything else, the same way for every kind:
 *
 *   upload (xlsx or CSV, sniffed, stored under DATA_DIR/files/imports/<id>.<ext>)
 *   → streaming read (platform/spreadsheet readRows / readCsvRows, bounded memory)
 *   → `parse` each row (errors by sheet/row/column, Vietnamese via i18n codes)
 *   → duplicates inside the file by `keys` (the later row is the error)
 *   → valid rows staged as NDJSON next to the file (never 400,000 objects in memory)
 *   → `plan` them in batches against the database (create / update / unchanged, or an error)
 *   → report: counts, the first issues in row order, the first rows of the preview
 *   → commit: ONE transaction that re-plans every staged batch (the database may have changed)
 *     and `write`s it; any error rolls the whole file back; ONE audit event with the counts and
 *     the stored source file.
 *
 * ## Adding a kind (staff, facilities, classes…)
 * 1. Write `import/<kind>.ts` exporting an `ImportKind` (see `students.ts`, the first one):
 *    - `id`: the URL segment (`/api/registry/units/:unitId/imports/<id>`), `permission` the
 *      caller must hold at the unit, `auditAction` (e.g. 'registry.staff.import');
 *    - `sheet()`: the SheetSpec (Vietnamese headers, aliases, types); `template()` the template's
 *      sheets and instructions (dropdowns from `prepare`'s context);
 *    - `prepare()`: reference data loaded once per analysis/commit (the unit's schools by code,
 *      classes of the current year…). Keep it small: per-school, not per-row, data;
 *    - `parse()`: one row's values → a JSON-serialisable parsed row, or `null` after reporting
 *      the row's errors through `report(columnKey, code, params)` (i18n codes of your own area,
 *      e.g. 'registry.staff.import.*', added to your own i18n json);
 *    - `keys()`: identity keys of a parsed row (CCCD, code…) for the in-file duplicate check;
 *    - `plan()`: a batch of parsed rows against the database (look existing records up by key
 *      for the whole batch in one or two queries — never one query per row), returning an
 *      action per row or reporting an error; `state` is yours across the batches of one run;
 *    - `write()`: writes a planned batch inside the caller's transaction with multi-row
 *      statements (`INSERT … SELECT FROM unnest(…)`, see `sqlArray` in `engine.ts`), returning
 *      counts to add up (`created`, `updated`… — they become the audit event's counts);
 *    - `preview()` + `previewColumns`: what the wizard shows for a planned row.
 * 2. Register it: one line in `import/kind-list.ts` (the list the routes register). The routes, the web wizard (`/registry/import/<id>`) and the job
 *    handling (progress, 202 for long runs) come for free.
 * 3. Tests: copy the shape of `tests/import.http.test.ts` (a good file, a file with errors by
 *    row/column, re-import unchanged, all-or-nothing commit, 404 out of scope / 403 no permission).
 */
import type { CellValue, SheetSpec } from '../../../platform/spreadsheet/index.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import type { Actor } from '../../identity/public.ts';
import type { UnitRow } from '../../org/public.ts';

export type ImportAction = 'create' | 'update' | 'unchanged';

/** Where the import was uploaded: one school, or a higher unit (commune, province) with a school-code column. */
export interface ImportScope {
  unit: UnitRow;
  /** The root unit of the tree (the tenant key). */
  provinceId: string;
  actor: Actor;
  /** 'yyyy-mm-dd' of the run. */
  today: string;
}

/** Reports an error (or warning) on a column of the current row, by the column's key in the sheet spec. */
export type ReportFn = (
  columnKey: string | null,
  code: string,
  params?: Record<string, string | number>,
  severity?: 'error' | 'warning',
) => void;
/** Reports an error on a given row (plan runs over a batch of rows). */
export type ReportRowFn = (row: number, columnKey: string | null, code: string, params?: Record<string, string | number>) => void;

export interface Planned<P> {
  row: number;
  action: ImportAction;
  data: P;
  /** Whatever `write` needs beyond the parsed row (the matched id, the fields to change…). */
  plan?: Record<string, unknown>;
}

export interface FileIssue {
  code: string;
  params?: Record<string, string | number>;
  /** A column the issue is about (its key), e.g. a column this scope requires. */
  columnKey?: string;
}

export interface ImportKind<Ctx = unknown, P extends { row: number } = { row: number }, State = unknown> {
  /** URL segment and stored kind: 'students', 'staff', 'facilities', 'classes'. */
  id: string;
  /** Held at the unit (school, or above it for a file with a school-code column). */
  permission: string;
  auditAction: string;
  /** Who may upload at a unit above a school (the file then names each row's school). */
  multiSchool: boolean;
  /** Template file name (ASCII) and the display name (Vietnamese). */
  fileName: string;
  displayName: string;
  sheet(scope: ImportScope): SheetSpec;
  /** Optional columns whose absence is not worth a warning (e.g. the school code in a school's own file). */
  quietColumns?: readonly string[];
  template(q: Queryable, scope: ImportScope): Promise<{ title: string; sheets: SheetSpec[]; instructions: string[] }>;
  prepare(q: Queryable, scope: ImportScope): Promise<{ ctx: Ctx; issues: FileIssue[] }>;
  parse(values: Record<string, CellValue>, row: number, ctx: Ctx, report: ReportFn): P | null;
  /**
   * Identity keys of a row and the column a duplicate is reported on. `check: false`: the key is
   * remembered for later rows but this row is not judged by it (a name + birth date key matters
   * only for rows without an identifier).
   */
  keys(p: P, ctx: Ctx): Array<{ key: string; columnKey: string; check?: boolean }>;
  /**
   * Planned creates written at commit as the analysis planned them (no second lookup): the
   * database's unique keys catch a record created meanwhile, and the whole commit then fails with
   * 'registry.import.changedMeanwhile'. Updates and unchanged rows are always planned again and go
   * to `write`. Pure: the engine builds the next batch's statement while the database writes the
   * current one, and runs it later inside the transaction.
   */
  writeCreates?(creates: Planned<P>[], ctx: Ctx, scope: ImportScope): (tx: Tx) => Promise<Record<string, number>>;
  initialState(): State;
  plan(q: Queryable, batch: P[], ctx: Ctx, state: State, report: ReportRowFn): Promise<Planned<P>[]>;
  write(tx: Tx, batch: Planned<P>[], ctx: Ctx, scope: ImportScope): Promise<Record<string, number>>;
  /** Counts the result always carries (zeros included), in order. */
  resultCounts: readonly string[];
  previewColumns: ReadonlyArray<{ key: string; label: { vi: string; en: string } }>;
  preview(p: Planned<P>): Record<string, string | number | boolean | null>;
}

// biome-ignore lint/suspicious/noExplicitAny: kinds differ in their context and row types
type AnyKind = ImportKind<any, any, any>;
const kinds = new Map<string, AnyKind>();

export function registerImportKind(kind: AnyKind): void {
  if (kinds.has(kind.id)) throw new Error(`import kind ${kind.id} registered twice`);
  kinds.set(kind.id, kind);
}

export function importKind(id: string): AnyKind | undefined {
  return kinds.get(id);
}

export function importKindIds(): string[] {
  return [...kinds.keys()];
}
