import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Database, Queryable, Tx } from '../../../platform/db/database.ts';
import { conflict, unprocessable } from '../../../platform/errors.ts';
import {
  readFileChunks,
  readFileRows,
  type SheetSpec,
  type SpreadsheetIssue,
  normaliseHeader,
} from '../../../platform/spreadsheet/index.ts';
import type { ImportKind, ImportScope, Planned } from './kinds.ts';
import type { AnalysisReport, Progress } from './report.ts';
import type { FileKind, StoredImport } from './store.ts';

/** Tuning of the engine; tests shrink the batch to cross batch boundaries with a few rows. */
export const importTuning = {
  /** Rows per plan/write batch (one lookup and a few multi-row statements per batch). */
  batchSize: 5000,
  /** Issues kept for the report (in row order); the counts cover all of them. */
  keptIssues: 1000,
  previewRows: 50,
  /** Files from this size on are read on a worker thread (a small file is read before a worker would start). */
  workerFromBytes: 1_000_000,
};

/** A Postgres array literal ('{"a","b",NULL}') for `${pgArray(xs)}::text[]`: one parameter on both drivers. */
export function pgArray(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else out += `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${out}}`;
}

/** Where each of the spec's columns sits in the file (an empty spec reports every header as unknown). */
async function locateColumns(file: string, kind: FileKind, spec: SheetSpec) {
  const byHeader = new Map<string, string>();
  for (const c of spec.columns) for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(normaliseHeader(h), c.key);
  const found = new Map<string, { column: string; label: string }>();
  let sheet = spec.name;
  for await (const e of readFileRows(file, kind, { name: spec.name, columns: [], extraColumns: 'error' })) {
    if (e.type === 'row') {
      sheet = e.sheet;
      break;
    }
    if (e.issue.code !== 'platform.spreadsheet.unknownColumn') continue;
    sheet = e.issue.sheet;
    const key = byHeader.get(normaliseHeader(String(e.issue.params.header ?? '')));
    if (key && !found.has(key) && e.issue.column) found.set(key, { column: e.issue.column, label: String(e.issue.params.header ?? '') });
  }
  return { found, sheet };
}

const byPosition = (a: SpreadsheetIssue, b: SpreadsheetIssue) =>
  (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').length - (b.column ?? '').length || (a.column ?? '').localeCompare(b.column ?? '');

/** The issues of a run: all counted, the first ones in row order kept (bounded memory on a 400,000-row file). */
class IssueCollector {
  errorCount = 0;
  warningCount = 0;
  private kept: SpreadsheetIssue[] = [];
  add(issue: SpreadsheetIssue) {
    if (issue.severity === 'error') this.errorCount++;
    else this.warningCount++;
    this.kept.push(issue);
    if (this.kept.length > importTuning.keptIssues * 4) this.kept = this.kept.sort(byPosition).slice(0, importTuning.keptIssues);
  }
  list() {
    return this.kept.sort(byPosition).slice(0, importTuning.keptIssues);
  }
}

export const stagedPathOf = (dataDir: string, stored: StoredImport) => path.join(dataDir, 'files', 'imports', `${stored.id}.rows.ndjson`);

/**
 * Reads the stored file once, by streaming: the spreadsheet checks, the kind's row rules, the
 * in-file duplicates (by the kind's keys), then the database plan in batches. Valid rows are
 * staged as NDJSON for the commit. Writes nothing to the records.
 */
export async function analyseImport(
  q: Queryable,
  kind: ImportKind,
  scope: ImportScope,
  dataDir: string,
  stored: StoredImport,
  onProgress: (p: Progress) => void = () => {},
): Promise<AnalysisReport> {
  const started = performance.now();
  const file = path.join(dataDir, stored.file);
  const spec = kind.sheet(scope);
  const issues = new IssueCollector();
  const quiet = new Set(spec.columns.filter((c) => kind.quietColumns?.includes(c.key)).map((c) => c.header));
  const { ctx, issues: fileIssues } = await kind.prepare(q, scope);
  const { found, sheet } = await locateColumns(file, stored.kind, spec);
  const labelOf = (key: string | null) => (key ? (found.get(key)?.label ?? spec.columns.find((c) => c.key === key)?.header ?? null) : null);
  const at = (
    row: number | null,
    key: string | null,
    code: string,
    params: Record<string, string | number> = {},
    severity: 'error' | 'warning' = 'error',
  ) => issues.add({ sheet, row, column: key ? (found.get(key)?.column ?? null) : null, columnLabel: labelOf(key), code, params, severity });
  for (const i of fileIssues) at(null, i.columnKey ?? null, i.code, i.params ?? {});

  const stagedPath = stagedPathOf(dataDir, stored);
  const out = fs.createWriteStream(stagedPath, { flags: 'w' });
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const counts = { total: 0, create: 0, update: 0, unchanged: 0 };
  const preview: AnalysisReport['preview'] = [];
  const state = kind.initialState();
  const seen = new Map<string, number>();
  let batch: Array<{ row: number }> = [];
  let staged = 0;
  let rows = 0;
  const planBatch = async (rowsOfBatch: Array<{ row: number }>) => {
    const planned = await kind.plan(q, rowsOfBatch, ctx, state, (row, key, code, params) => at(row, key, code, params));
    // the planned rows are staged for the commit (never all of them in memory)
    let chunk = '';
    for (const p of planned) chunk += `${JSON.stringify(p)}\n`;
    await write(chunk);
    staged += planned.length;
    for (const p of planned) {
      counts.total++;
      counts[p.action]++;
      if (preview.length < importTuning.previewRows) preview.push({ ...kind.preview(p), row: p.row, action: p.action });
    }
    onProgress({ phase: 'analysing', rows });
  };
  // a full batch is planned while the file reading goes on with the next one; plans run one after
  // another, in file order (the kind's state follows the file)
  let planning: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    await planning;
    planning = ahead(planBatch(full));
  };
  const source = readFileChunks(file, stored.kind, spec, (await fs.promises.stat(file)).size >= importTuning.workerFromBytes);
  try {
    for await (const events of source) {
      for (const e of events) {
        if (e.type === 'issue') {
          if (e.issue.code === 'platform.spreadsheet.missingOptionalColumn' && quiet.has(String(e.issue.params.header))) continue;
          issues.add(e.issue);
          continue;
        }
        rows++;
        for (const i of e.issues) issues.add(i);
        const parsed = kind.parse(e.values, e.row, ctx, (key, code, params = {}, severity = 'error') =>
          at(e.row, key, code, params, severity),
        );
        if (!parsed || !e.ok) continue;
        let duplicate = false;
        const keys = kind.keys(parsed, ctx);
        for (const k of keys) {
          if (k.check === false) continue;
          const first = seen.get(k.key);
          if (first !== undefined) {
            at(e.row, k.columnKey, 'registry.import.duplicateInFile', { firstRow: first });
            duplicate = true;
            break;
          }
        }
        if (duplicate) continue;
        for (const k of keys) if (!seen.has(k.key)) seen.set(k.key, e.row);
        batch.push(parsed);
        if (batch.length >= importTuning.batchSize) await flush();
      }
    }
    await flush();
    await planning;
  } finally {
    await planning.catch(() => {});
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return {
    errorCount: issues.errorCount,
    warningCount: issues.warningCount,
    issues: issues.list(),
    counts,
    preview: preview.sort((a, b) => a.row - b.row),
    staged,
    analysedAt: new Date().toISOString(),
    ms: Math.round(performance.now() - started),
  };
}

async function* stagedBatches<P>(file: string, size: number): AsyncGenerator<P[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let batch: P[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(JSON.parse(line) as P);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A staged batch with its creates' statement built (for a kind that writes creates as planned). */
async function* prepared(kind: ImportKind, batches: AsyncGenerator<Planned<{ row: number }>[]>, ctx: unknown, scope: ImportScope) {
  for await (const staged of batches) {
    const creates = kind.writeCreates ? staged.filter((p) => p.action === 'create') : [];
    yield { staged, creates, writeCreates: kind.writeCreates && creates.length > 0 ? kind.writeCreates(creates, ctx, scope) : null };
  }
}

/** Work started ahead (a read, a plan): its failure is taken when it is awaited, not reported as unhandled meanwhile. */
function ahead<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

export interface CommitResult {
  counts: Record<string, number>;
  ms: number;
}

/**
 * Commits an analysed, error-free import in ONE transaction: every staged batch is planned again
 * against the database as it is now (a record created meanwhile is caught) and written with
 * multi-row statements; any error rolls the whole file back. One audit event with the counts and
 * the stored source file.
 */
export async function commitImport(
  database: Database,
  kind: ImportKind,
  scope: ImportScope,
  dataDir: string,
  stored: StoredImport,
  audit: AuditActor,
  onProgress: (p: Progress) => void = () => {},
): Promise<CommitResult> {
  const started = performance.now();
  const counts: Record<string, number> = { total: 0, created: 0, updated: 0, unchanged: 0 };
  for (const k of kind.resultCounts) counts[k] = 0;
  await database.db.transaction(async (txAny) => {
    const tx = txAny as unknown as Tx;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`registry.import:${stored.id}`}))`);
    const done = await tx.execute(
      sql`SELECT 1 FROM platform.audit_events WHERE action = ${kind.auditAction} AND entity_id = ${stored.id} LIMIT 1`,
    );
    if (done.rows.length > 0) throw conflict('registry.import.alreadyCommitted');
    const { ctx, issues } = await kind.prepare(tx, scope);
    if (issues.length > 0) throw unprocessable('registry.import.hasErrors', { errors: issues.length });
    const state = kind.initialState();
    let errors = 0;
    const add = (written: Record<string, number>) => {
      for (const [k, v] of Object.entries(written)) counts[k] = (counts[k] ?? 0) + v;
    };
    // the next batch is read, parsed and (for creates) built into its statement while this one is written
    const batches = prepared(
      kind,
      stagedBatches<Planned<{ row: number }>>(stagedPathOf(dataDir, stored), importTuning.batchSize),
      ctx,
      scope,
    )[Symbol.asyncIterator]();
    let next = ahead(batches.next());
    for (let r = await next; !r.done; r = await next) {
      next = ahead(batches.next());
      const { staged, creates, writeCreates } = r.value;
      // planned again against the database as it is now (creates too, unless the kind writes them as planned)
      const again = kind.writeCreates ? staged.filter((p) => p.action !== 'create') : staged;
      const replanned =
        again.length === 0
          ? []
          : await kind.plan(
              tx,
              again.map((p) => p.data),
              ctx,
              state,
              () => {
                errors++;
              },
            );
      if (errors > 0) throw unprocessable('registry.import.hasErrors', { errors });
      for (const p of [...creates, ...replanned]) {
        counts.total!++;
        if (p.action === 'create') counts.created!++;
        else if (p.action === 'update') counts.updated!++;
        else counts.unchanged!++;
      }
      try {
        if (writeCreates) add(await writeCreates(tx));
        // a staged update whose record is gone since (merged away) is planned as a create now
        const late = kind.writeCreates ? replanned.filter((p) => p.action === 'create') : [];
        if (late.length > 0) add(await kind.writeCreates!(late, ctx, scope)(tx));
        const changed = replanned.filter((p) => p.action !== 'unchanged' && !late.includes(p));
        if (changed.length > 0) add(await kind.write(tx, changed, ctx, scope));
      } catch (err) {
        // a unique key taken since the analysis (a record created meanwhile): nothing is kept
        if (
          (err as { code?: string; cause?: { code?: string } }).code === '23505' ||
          (err as { cause?: { code?: string } }).cause?.code === '23505'
        ) {
          throw unprocessable('registry.import.changedMeanwhile');
        }
        throw err;
      }
      onProgress({ phase: 'committing', rows: counts.total! });
    }
    if (counts.total === 0) throw unprocessable('registry.import.hasErrors', { errors: 0 });
    await recordAudit(tx, audit, {
      action: kind.auditAction,
      entityType: 'registry.import',
      entityId: stored.id,
      orgUnitId: scope.unit.id,
      after: { kind: stored.kind, importKind: kind.id, uploadedAt: stored.uploadedAt },
      bulk: { counts: { ...counts }, source: stored.file },
    });
  });
  return { counts, ms: Math.round(performance.now() - started) };
}

/**
 * Long runs (a province's file) go on in the background while the request answers 202 with the
 * progress; a short run answers at once. One run per import id at a time, in this process.
 */
export interface Run {
  phase: Progress['phase'];
  rows: number;
  startedAt: number;
  promise: Promise<unknown>;
  error?: unknown;
  finished: boolean;
}

const runs = new Map<string, Run>();

export function currentRun(id: string): Run | undefined {
  return runs.get(id);
}

export function startRun<T>(
  id: string,
  phase: Progress['phase'],
  work: (progress: (p: Progress) => void) => Promise<T>,
): { run: Run; promise: Promise<T> } {
  const run: Run = { phase, rows: 0, startedAt: Date.now(), promise: Promise.resolve(), finished: false };
  const promise = work((p) => {
    run.phase = p.phase;
    run.rows = p.rows;
  });
  run.promise = promise;
  runs.set(id, run);
  promise.then(
    () => {
      run.finished = true;
      runs.delete(id);
    },
    (err: unknown) => {
      run.finished = true;
      run.error = err;
      // keep the failure for the next status poll, then forget it
      setTimeout(() => runs.get(id) === run && runs.delete(id), 10 * 60_000).unref();
    },
  );
  return { run, promise };
}

/** Resolves with the value if the promise settles within `ms`, else with `undefined` (rejections pass through). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
