import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { modules } from '../../server/src/modules.ts';
import { hashPassword, insertStaffAccounts } from '../../server/src/modules/identity/public.ts';
import { makeCccd } from '../../server/src/modules/registry/identifiers.ts';
import { uuidV7 } from '../../server/src/platform/db/uuid-v7.ts';
import { foldForSearch, vietnameseSortKey } from '../../server/src/modules/registry/rules/vietnamese-sort.ts';
import { wrapPostgres } from '../../server/src/platform/db/database.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { orderSeedSteps, runSeedPipeline, type SeedSize } from '../../server/src/platform/seed/pipeline.ts';
import { createNameGenerator, createRng } from '../../server/src/platform/seed/names.ts';
import type { RunContext, Scenario, SetupContext } from '../lib/types.ts';

/**
 * Registry benchmarks on the province data set (`npm run seed -- --size province`: ≈ 410,000
 * students; `--size demo` for a quick try):
 * - `registry-import-xlsx`: a province-wide xlsx of 400,000 new students (a school-code column),
 *   end to end over HTTP as a province-level account: upload → validation report → commit,
 *   with the server's peak RSS;
 * - `registry-import-csv`: the same as CSV, and in the same run a raw `COPY` of the same rows
 *   into registry.students (same table, same indexes; rolled back), the ratio of the two rates;
 *   and, for a like-for-like figure, a raw `COPY` of them into the five tables the import writes;
 * - `registry-search`: accent-insensitive name search ('nguyen van an'), CCCD and code lookups
 *   across the province, latency percentiles measured per request.
 * The bench account is a school-office role granted at the department (province-wide
 * registry.student.write without the second factor the department officer's role requires).
 */
const BENCH_PASSWORD = 'Bench-registry-2026!';
const USERNAME = 'bench.registry';
const HEADERS = [
  'Mã trường',
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính',
  'Số định danh cá nhân',
  'Mã học sinh',
  'Dân tộc',
  'Lớp',
  'Họ tên cha/mẹ/người giám hộ',
  'Số điện thoại người giám hộ',
];
const ETHNIC = ['Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Nùng', 'Tày'];

async function provinceSetup({ pool, size, appUrl }: SetupContext) {
  const database = wrapPostgres(pool);
  const seedSize: SeedSize = size === 'demo' ? 'demo' : 'province';
  const started = performance.now();
  await runSeedPipeline(database, orderSeedSteps(modules.flatMap((m) => m.seedSteps ?? [])), {
    size: seedSize,
    log: createLogger({ logLevel: 'warn' }),
  });
  const seedMs = Math.round(performance.now() - started);
  const root = (
    await pool.query<{ id: string }>(
      "SELECT id::text AS id FROM org.units WHERE parent_id IS NULL AND type = 'department' ORDER BY code LIMIT 1",
    )
  ).rows[0]!.id;
  await insertStaffAccounts(database.db, [
    {
      username: USERNAME,
      displayName: 'Bench registry',
      homeUnitId: root,
      roleKey: 'school_office',
      passwordHash: await hashPassword(BENCH_PASSWORD, { memoryKib: 19456, timeCost: 2, parallelism: 1 }),
    },
  ]);
  const res = await fetch(`${appUrl}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: USERNAME, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`bench login answered ${res.status}: ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('gds_csrf='))?.slice('gds_csrf='.length) ?? '';
  const counts = (
    await pool.query<{ schools: number; classes: number; students: number }>(`SELECT
    (SELECT count(*)::int FROM org.units WHERE type = 'school') AS schools, (SELECT count(*)::int FROM registry.classes) AS classes,
    (SELECT count(*)::int FROM registry.students) AS students`)
  ).rows[0]!;
  return {
    dataSize: { description: `${seedSize} data set`, seedMs, ...counts },
    appHeaders: { cookie: cookies.join('; '), 'x-csrf-token': csrf },
    root,
  };
}

interface FileRow {
  schoolId: string;
  cells: [string, string, string, string, string, string, string, string, string, string];
  copy: { fullName: string; dob: string; sex: 'male' | 'female'; cccd: string; moet: string; guardian: string; phone: string };
  cls: { id: string; yearId: string; startYear: number; grade: number; startsOn: string };
}

/** 400,000 new students (CCCDs and codes not in the database) spread over every class of the current year. */
async function* importRows(pool: pg.Pool, total: number): AsyncGenerator<FileRow> {
  const classes = (
    await pool.query<{
      schoolId: string;
      code: string;
      name: string;
      grade: number;
      id: string;
      yearId: string;
      startYear: number;
      startsOn: string;
    }>(`SELECT
      c.school_id::text AS "schoolId", u.code, c.name, c.grade_no AS grade, c.id::text, y.id::text AS "yearId", y.start_year AS "startYear", y.starts_on::text AS "startsOn"
    FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id AND y.status = 'current' JOIN org.units u ON u.id = c.school_id
    WHERE c.status = 'active' ORDER BY u.code, c.grade_no, c.name`)
  ).rows;
  // a different CCCD serial range on every run (001/079: pupils born in Hà Nội or Hồ Chí Minh City): the database keeps the students of earlier runs
  const runNo = Number(
    (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM platform.audit_events WHERE action = 'registry.student.import'"))
      .rows[0]!.n,
  );
  // above every serial already used in those provinces (a run takes < 15,000 of a (province, birth year, sex) bucket)
  const used = (
    await pool.query<{ n: number | null }>(
      "SELECT max(right(cccd, 6)::int) AS n FROM registry.students WHERE left(cccd, 3) IN ('001', '079')",
    )
  ).rows[0]!.n;
  const serialStart = (used ?? 100_000) + 1;
  if (serialStart > 980_000) throw new Error('the bench database has used up the CCCD serials of 001/079: start from a fresh one');
  const serials = new Map<string, number>();
  const rng = createRng(4242 + runNo);
  const names = createNameGenerator(99 + runNo, { traditional: 0.15 });
  const adults = createNameGenerator(77 + runNo, { traditional: 0.5 });
  const perClass = Math.ceil(total / classes.length);
  let made = 0;
  for (const c of classes) {
    for (let k = 0; k < perClass && made < total; k++, made++) {
      const sex = rng.chance(0.51) ? 'male' : 'female';
      const person = names.next(sex);
      const dob = `${2026 - 5 - c.grade}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
      const prov = rng.chance(0.5) ? '001' : '079';
      const key = `${prov}${dob.slice(0, 4)}${sex}`;
      const serial = serials.get(key) ?? serialStart;
      serials.set(key, serial + 1);
      const cccd = makeCccd(prov, { dateOfBirth: dob, sex }, serial);
      const moet = `B${runNo}X${String(made).padStart(7, '0')}`;
      const guardian = `${person.surname} ${adults.next('male').givenNames}`;
      const phone = `09${String(rng.int(100_000_000)).padStart(8, '0')}`;
      yield {
        schoolId: c.schoolId,
        cells: [
          c.code,
          person.fullName,
          `${dob.slice(8)}/${dob.slice(5, 7)}/${dob.slice(0, 4)}`,
          sex === 'male' ? 'Nam' : 'Nữ',
          cccd,
          moet,
          rng.pick(ETHNIC),
          c.name,
          guardian,
          phone,
        ],
        copy: { fullName: person.fullName, dob, sex, cccd, moet, guardian, phone },
        cls: { id: c.id, yearId: c.yearId, startYear: c.startYear, grade: c.grade, startsOn: c.startsOn },
      };
    }
  }
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function writeFiles(pool: pg.Pool, total: number, dir: string, format: 'xlsx' | 'csv', provinceId: string) {
  const started = performance.now();
  const file = path.join(dir, `registry-import-${process.pid}.${format}`);
  // the raw COPY references: the students alone (the issue's baseline), and every table the import writes
  const copyTables = ['students', 'enrolments', 'enrolment_events', 'guardians', 'student_guardians'] as const;
  const copyFiles = Object.fromEntries(copyTables.map((t) => [t, path.join(dir, `registry-copy-${t}-${process.pid}.csv`)])) as Record<
    (typeof copyTables)[number],
    string
  >;
  const copyOut = Object.fromEntries(copyTables.map((t) => [t, fs.createWriteStream(copyFiles[t])])) as Record<
    (typeof copyTables)[number],
    fs.WriteStream
  >;
  const line = (values: string[]) => `${values.map(csvField).join(',')}\n`;
  const write = (s: fs.WriteStream, line: string) =>
    s.write(line) ? Promise.resolve() : new Promise<void>((r) => s.once('drain', () => r()));
  let rows = 0;
  if (format === 'xlsx') {
    // inline strings, as exceljs's streaming writer and our exports write a large sheet;
    // BENCH_XLSX_SHARED_STRINGS=1: a shared-string table, as Excel saves a workbook
    const useSharedStrings = process.env.BENCH_XLSX_SHARED_STRINGS === '1';
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: false } as ConstructorParameters<
      typeof ExcelJS.stream.xlsx.WorkbookWriter
    >[0]);
    const ws = wb.addWorksheet('Học sinh');
    ws.addRow(HEADERS).commit();
    for await (const r of importRows(pool, total)) {
      ws.addRow(r.cells).commit();
      rows++;
    }
    ws.commit();
    await wb.commit();
  } else {
    const out = fs.createWriteStream(file);
    await write(out, `${HEADERS.join(',')}\n`);
    for await (const r of importRows(pool, total)) {
      await write(out, `${r.cells.map(csvField).join(',')}\n`);
      const c = r.copy;
      // time-ordered ids, as the import makes them
      const [student, enrolment, event, guardian] = [uuidV7(), uuidV7(), uuidV7(), uuidV7()];
      await write(
        copyOut.students,
        line([student, provinceId, r.schoolId, c.fullName, vietnameseSortKey(c.fullName), c.sex, c.dob, c.cccd, c.moet, 'enrolled']),
      );
      await write(
        copyOut.enrolments,
        line([
          enrolment,
          provinceId,
          r.schoolId,
          student,
          r.cls.id,
          r.cls.yearId,
          String(r.cls.startYear),
          String(r.cls.grade),
          'enrolled',
          r.cls.startsOn,
        ]),
      );
      await write(copyOut.enrolment_events, line([event, provinceId, r.schoolId, enrolment, student, 'enrolled', r.cls.startsOn]));
      await write(copyOut.guardians, line([guardian, provinceId, c.guardian, c.phone]));
      await write(copyOut.student_guardians, line([provinceId, student, guardian, 'guardian', 'true']));
      rows++;
    }
    await new Promise<void>((r) => out.end(() => r()));
  }
  await Promise.all(Object.values(copyOut).map((o) => new Promise<void>((r) => o.end(() => r()))));
  return { file, copyFiles, rows, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - started) };
}

async function api(ctx: RunContext, method: string, url: string, body?: Buffer, type?: string) {
  const res = await fetch(`${ctx.appUrl}${url}`, {
    method,
    headers: { ...ctx.appHeaders, ...(type ? { 'content-type': type } : {}) },
    body: body as unknown as BodyInit | undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

async function until(ctx: RunContext, id: string, busy: string) {
  let peakSampled = 0;
  for (;;) {
    const r = await api(ctx, 'GET', `/api/registry/imports/${id}`);
    peakSampled = Math.max(peakSampled, ctx.appMemory().maxSampledRssMb ?? 0);
    if (r.body.status !== busy) return r.body;
    await new Promise((res) => setTimeout(res, 250));
  }
}

function importScenario(format: 'xlsx' | 'csv'): Scenario {
  let root = '';
  return {
    name: `registry-import-${format}`,
    description:
      format === 'xlsx'
        ? 'Province-wide xlsx of 400,000 new students (school-code column) over HTTP: upload → validation report → commit; server peak RSS'
        : 'The same as CSV over HTTP, against a raw COPY of the same rows into registry.students (same indexes, rolled back) in the same run, and into the five tables the import writes',
    request: { method: 'GET', path: '/api/health', expectStatus: 200 },
    baselineSql: null,
    baseline() {},
    async setup(ctx) {
      const s = await provinceSetup(ctx);
      root = s.root;
      return { dataSize: s.dataSize, appHeaders: s.appHeaders };
    },
    async run(ctx) {
      const total = Number(process.env.BENCH_IMPORT_ROWS ?? (ctx.size === 'demo' ? 20_000 : 400_000));
      // the file and the COPY inputs (about 0.5 GB for a CSV run) are removed whatever the outcome
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-bench-import-'));
      try {
        return await importRun(ctx, format, total, root, dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function importRun(ctx: RunContext, format: 'xlsx' | 'csv', total: number, root: string, dir: string) {
  ctx.say(`  writing ${total} rows as ${format}…`);
  const files = await writeFiles(ctx.pool, total, dir, format, root);
  ctx.say(`  ${files.rows} rows, ${(files.bytes / 1024 ** 2).toFixed(1)} MB in ${files.ms} ms`);
  let copy: { ms: number; rowsPerSecond: number } | undefined;
  let copyAll: { ms: number; rowsPerSecond: number } | undefined;
  if (format === 'csv') {
    // raw COPY of the same rows, rolled back: into the same table and indexes (the issue's
    // baseline), then into the five tables the import writes (the like-for-like reference)
    const url = (ctx.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const f = files.copyFiles;
    const columns = {
      students: 'id, province_id, school_id, full_name, sort_key, sex, date_of_birth, cccd, moet_code, status',
      enrolments: 'id, province_id, school_id, student_id, class_id, school_year_id, start_year, grade_no, status, started_on',
      enrolment_events: 'id, province_id, school_id, enrolment_id, student_id, status, "on"',
      guardians: 'id, province_id, full_name, phone',
      student_guardians: 'province_id, student_id, guardian_id, relation, primary_contact',
    };
    const copyOf = (t: keyof typeof columns) => `\\copy registry.${t} (${columns[t]}) FROM '${f[t]}' WITH (FORMAT csv)\n`;
    const timed = (name: string, body: string) => {
      const script = path.join(path.dirname(f.students), `${name}.sql`);
      fs.writeFileSync(script, `BEGIN;\n${body}ROLLBACK;\n`);
      const t = performance.now();
      execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-f', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      const ms = Math.round(performance.now() - t);
      return { ms, rowsPerSecond: Math.round(files.rows / (ms / 1000)) };
    };
    ctx.say('  raw COPY of the same rows into registry.students (rolled back)…');
    copy = timed('copy-students', copyOf('students'));
    ctx.say(`  COPY: ${copy.ms} ms`);
    ctx.say('  raw COPY of the same rows into the five tables the import writes (rolled back)…');
    copyAll = timed('copy-all', (Object.keys(columns) as Array<keyof typeof columns>).map(copyOf).join(''));
    ctx.say(`  COPY, five tables: ${copyAll.ms} ms`);
    // the rolled-back rows leave dead tuples and index entries behind: cleared (not timed) so the import starts as the COPYs did
    ctx.say('  VACUUM of the five tables…');
    execFileSync(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        `VACUUM ${Object.keys(columns)
          .map((t) => `registry.${t}`)
          .join(', ')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  const body = fs.readFileSync(files.file);
  const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  // the COPYs can outlast the server's keep-alive (72 s): the sockets it closed meanwhile are
  // used up by GETs (a failure is retried) before the upload, whose POST is never retried
  for (let ok = 0, tries = 0; ok < 3 && tries < 10; tries++) {
    ok = await fetch(`${ctx.appUrl}/api/health`)
      .then((r) => r.arrayBuffer())
      .then(
        () => ok + 1,
        () => ok,
      );
  }
  ctx.say('  upload…');
  const t0 = performance.now();
  const up = await api(ctx, 'POST', `/api/registry/units/${root}/imports/students`, body, type);
  const id = String(up.body.id);
  const uploadedMs = Math.round(performance.now() - t0);
  const report = up.body.status === 'analysing' ? await until(ctx, id, 'analysing') : up.body;
  const analysedMs = Math.round(performance.now() - t0);
  const counts = report.counts as Record<string, number>;
  ctx.say(`  report after ${analysedMs} ms: ${JSON.stringify(counts)}, ${report.errorCount} errors`);
  if (report.errorCount !== 0 || counts.create !== files.rows)
    throw new Error(`unexpected report: ${JSON.stringify(report).slice(0, 1000)}`);
  const c = await api(ctx, 'POST', `/api/registry/imports/${id}/commit`);
  const done = c.status === 202 ? await until(ctx, id, 'committing') : { status: 'committed', result: c.body.counts };
  const totalMs = Math.round(performance.now() - t0);
  if (done.status !== 'committed') throw new Error(`commit ended ${JSON.stringify(done).slice(0, 1000)}`);
  ctx.say(`  committed after ${totalMs} ms: ${JSON.stringify(done.result)}`);
  const memory = ctx.appMemory();
  const rowsPerSecond = Math.round(files.rows / (totalMs / 1000));
  return {
    rows: files.rows,
    fileMb: Math.round((files.bytes / 1024 ** 2) * 10) / 10,
    fileWriteMs: files.ms,
    uploadRequestMs: uploadedMs,
    reportMs: analysedMs,
    commitMs: totalMs - analysedMs,
    endToEndMs: totalMs,
    rowsPerSecond,
    result: done.result,
    serverPeakRssMb: memory.peakRssMb,
    serverMaxSampledRssMb: memory.maxSampledRssMb,
    ...(copy ? { rawCopy: copy, ratioToRawCopy: Math.round((rowsPerSecond / copy.rowsPerSecond) * 1000) / 1000 } : {}),
    ...(copyAll
      ? { rawCopyFiveTables: copyAll, ratioToRawCopyFiveTables: Math.round((rowsPerSecond / copyAll.rowsPerSecond) * 1000) / 1000 }
      : {}),
    targets: { endToEndSeconds: 60, peakRssMb: 1024, ...(copy ? { ratioToRawCopy: 0.5 } : {}) },
    loadAverageAtEnd: os.loadavg(),
  };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0) * 10) / 10;
};

export const registrySearch: Scenario = {
  name: 'registry-search',
  description:
    "GET /api/registry/students?q=… across the province: accent-free names ('nguyen van an'), CCCD, student code; per-request latency percentiles",
  request: { method: 'GET', path: '/api/health', expectStatus: 200 },
  baselineSql: null,
  baseline() {},
  async setup(ctx) {
    const s = await provinceSetup(ctx);
    return { dataSize: s.dataSize, appHeaders: s.appHeaders };
  },
  async run(ctx) {
    const sample = (
      await ctx.pool.query<{ fullName: string; cccd: string; moet: string }>(`SELECT full_name AS "fullName", cccd, moet_code AS moet
      FROM registry.students TABLESAMPLE SYSTEM (1) WHERE cccd IS NOT NULL AND moet_code IS NOT NULL LIMIT 150`)
    ).rows;
    const queries: Array<{ kind: 'name' | 'cccd' | 'code'; q: string; expect: string }> = [
      { kind: 'name', q: 'nguyen van an', expect: 'Nguyễn Văn An' },
      ...sample.flatMap((s) => [
        { kind: 'name' as const, q: foldForSearch(s.fullName), expect: s.fullName },
        { kind: 'cccd' as const, q: s.cccd, expect: s.fullName },
        { kind: 'code' as const, q: s.moet, expect: s.fullName },
      ]),
    ];
    const concurrency = Number(process.env.BENCH_SEARCH_CONCURRENCY ?? 4);
    const rounds = Number(process.env.BENCH_SEARCH_ROUNDS ?? 3);
    const one = async (q: (typeof queries)[number]) => {
      const t = performance.now();
      const res = await fetch(`${ctx.appUrl}/api/registry/students?q=${encodeURIComponent(q.q)}&pageSize=50`, { headers: ctx.appHeaders });
      const body = (await res.json()) as { items: Array<{ fullName: string }>; total: number };
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`search answered ${res.status}`);
      return {
        ms,
        found:
          q.kind === 'name'
            ? body.total > 0 && body.items.some((i) => foldForSearch(i.fullName).includes(q.q))
            : body.items.some((i) => i.fullName === q.expect),
        total: body.total,
      };
    };
    ctx.say(`  warm-up, then ${rounds} × ${queries.length} searches, ${concurrency} at a time…`);
    for (const q of queries.slice(0, 30)) await one(q);
    const times: Record<string, number[]> = { name: [], cccd: [], code: [] };
    let missed = 0;
    let matches = 0;
    for (let r = 0; r < rounds; r++) {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < queries.length) {
            const q = queries[next++]!;
            const x = await one(q);
            times[q.kind]!.push(x.ms);
            if (!x.found) missed++;
            if (q.q === 'nguyen van an') matches = x.total;
          }
        }),
      );
    }
    const all = Object.values(times).flat();
    const stats = (xs: number[]) => ({
      n: xs.length,
      p50: percentile(xs, 50),
      p95: percentile(xs, 95),
      p99: percentile(xs, 99),
      max: percentile(xs, 100),
    });
    return {
      concurrency,
      requests: all.length,
      notFound: missed,
      nguyenVanAnMatches: matches,
      latencyMs: { all: stats(all), name: stats(times.name!), cccd: stats(times.cccd!), code: stats(times.code!) },
      targets: { p95Ms: 50 },
      loadAverageAtEnd: os.loadavg(),
    };
  },
};

export const registryImportXlsx = importScenario('xlsx');
export const registryImportCsv = importScenario('csv');
