import os from 'node:os';
import { modules } from '../../server/src/modules.ts';
import { computeProvinceYear } from '../../server/src/modules/gradebook/results/province-year.ts';
import { addTrustedRoot, createTestPki, storeSigningKey } from '../../server/src/modules/signing/public.ts';
import { hashPassword, insertStaffAccounts } from '../../server/src/modules/identity/public.ts';
import { createSession } from '../../server/src/modules/identity/sessions.ts';
import { loadSettings } from '../../server/src/platform/config.ts';
import { type Database, wrapPostgres } from '../../server/src/platform/db/database.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { orderSeedSteps, runSeedPipeline, type SeedSize } from '../../server/src/platform/seed/pipeline.ts';
import type { Scenario, SetupContext } from '../lib/types.ts';

/**
 * Grade-book benchmarks on the province data set (`npm run seed -- --size province`: ≈ 410,000
 * students with a year of locked term results, see server/src/modules/gradebook/seed/province.ts):
 * - `gradebook-year-end`: the year-end computation of the whole province (results/province-year.ts:
 *   term_results + student_terms (+ the TT 27 tests and qualities) → year_results, every student,
 *   TT 22 and TT 27, every subject); target ≤ 60 s.
 * - `gradebook-save`: saving one score over HTTP (PUT …/marks with expectedVersion) by 200 teachers
 *   at once, each every 2 s = 100 saves/s arriving at a constant rate (open loop: a slow answer does
 *   not slow the arrivals); target p95 ≤ 30 ms, no errors. Each teacher has their own class (TOAN,
 *   HK2, reopened for the run and locked again after it).
 * - `gradebook-transcripts`: a class of 45 (its year finalised in the setup) — generate the
 *   transcripts and sign them homeroom teacher → principal → seal over HTTP; target ≤ 10 s.
 * Bench accounts get their sessions directly (createSession): sign-in is the `login` benchmark's.
 */
async function provinceData({ pool, size }: SetupContext) {
  const database = wrapPostgres(pool);
  const seedSize: SeedSize = size === 'demo' ? 'demo' : 'province';
  const started = performance.now();
  await runSeedPipeline(database, orderSeedSteps(modules.flatMap((m) => m.seedSteps ?? [])), {
    size: seedSize,
    log: createLogger({ logLevel: 'warn' }),
  });
  const seedMs = Math.round(performance.now() - started);
  const counts = (
    await pool.query<{
      schools: number;
      classes: number;
      students: number;
      sheets: number;
      termResults: number;
      studentTerms: number;
      marks: number;
      tt27Qualities: number;
    }>(`SELECT
    (SELECT count(*)::int FROM org.units WHERE type = 'school') AS schools, (SELECT count(*)::int FROM registry.classes) AS classes,
    (SELECT count(*)::int FROM registry.students) AS students, (SELECT count(*)::int FROM gradebook.sheets) AS sheets,
    (SELECT count(*)::int FROM gradebook.term_results) AS "termResults", (SELECT count(*)::int FROM gradebook.student_terms) AS "studentTerms",
    (SELECT count(*)::int FROM gradebook.marks) AS marks, (SELECT count(*)::int FROM gradebook.tt27_qualities) AS "tt27Qualities"`)
  ).rows[0]!;
  return { database, dataSize: { description: `${seedSize} data set`, seedMs, ...counts } };
}

const settings = loadSettings({ LOG_LEVEL: 'silent' });
async function sessionHeaders(database: Database, userId: string): Promise<Record<string, string>> {
  const s = await createSession(database.db, { userId, mfaPending: false, ip: '127.0.0.1', userAgent: 'bench', now: new Date() }, settings);
  return { cookie: `gds_session=${s.token}; gds_csrf=${s.csrfToken}`, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' };
}

/** Bench staff accounts (idempotent) → their ids by username. */
async function benchAccounts(
  database: Database,
  accounts: Array<{ username: string; unitId: string; roleKey: string }>,
): Promise<Map<string, string>> {
  const passwordHash = await hashPassword('Bench-gradebook-2026!', { memoryKib: 19456, timeCost: 2, parallelism: 1 });
  await insertStaffAccounts(
    database.db,
    accounts.map((a) => ({
      username: a.username,
      displayName: `Bench ${a.username}`,
      homeUnitId: a.unitId,
      roleKey: a.roleKey,
      passwordHash,
    })),
  );
  const { rows } = await database.pool!.query<{ id: string; username: string }>(
    'SELECT id::text, username FROM identity.users WHERE username = ANY($1)',
    [accounts.map((a) => a.username)],
  );
  return new Map(rows.map((r) => [r.username, r.id]));
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0) * 10) / 10;
};
const stats = (xs: number[]) => ({
  n: xs.length,
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  p99: percentile(xs, 99),
  max: percentile(xs, 100),
});
const noRequest = { method: 'GET', path: '/api/health', expectStatus: 200 } as const;

export const gradebookYearEnd: Scenario = {
  name: 'gradebook-year-end',
  description: 'Year-end computation of the whole province from term results + homeroom records → year_results (module function, one shot)',
  request: noRequest,
  baselineSql: null,
  baseline() {},
  async setup(ctx) {
    const { dataSize } = await provinceData(ctx);
    return { dataSize };
  },
  async run(ctx) {
    const database = wrapPostgres(ctx.pool);
    const removed = (await ctx.pool.query("DELETE FROM gradebook.year_results WHERE status = 'draft'")).rowCount;
    ctx.say(`  ${removed} draft year results removed; computing the province's year…`);
    const load = os.loadavg();
    const started = performance.now();
    let last = 0;
    const counts = await computeProvinceYear(database, {
      startYear: 2026,
      onProgress: (c) => {
        if (c.students - last >= 50_000) {
          last = c.students;
          ctx.say(`  ${c.students} students (${c.schools} schools), ${Math.round((performance.now() - started) / 1000)} s`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      ...counts,
      seconds: Math.round(seconds * 10) / 10,
      studentsPerSecond: Math.round(counts.students / seconds),
      writtenPerSecond: Math.round(counts.written / seconds),
      targets: { seconds: 60 },
      met: seconds <= 60,
      loadAverageAtStart: load,
      loadAverageAtEnd: os.loadavg(),
    };
  },
};

export const gradebookSave: Scenario = {
  name: 'gradebook-save',
  description:
    'PUT …/marks, one score, 200 teachers × one save every 2 s = 100 saves/s at a constant arrival rate (open loop); p95 and errors',
  request: noRequest,
  baselineSql: null,
  baseline() {},
  async setup(ctx) {
    const { dataSize } = await provinceData(ctx);
    return { dataSize };
  },
  async run(ctx) {
    const database = wrapPostgres(ctx.pool);
    const teachers = Number(process.env.BENCH_GB_TEACHERS ?? 200);
    const rate = Number(process.env.BENCH_GB_RATE ?? teachers / 2);
    const seconds = Number(process.env.BENCH_GB_SECONDS ?? 30);
    const warmup = Number(process.env.BENCH_GB_WARMUP ?? 5);
    // One class each across the province's lower and upper secondary schools; its TOAN HK2 sheet reopened for the run.
    const { rows: classes } = await ctx.pool.query<{
      id: string;
      schoolId: string;
      yearId: string;
      provinceId: string;
      termId: string;
      sheetId: string;
    }>(
      `
      SELECT c.id::text, c.school_id::text AS "schoolId", c.school_year_id::text AS "yearId", c.province_id::text AS "provinceId", t.id::text AS "termId", s.id::text AS "sheetId"
      FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id AND y.start_year = 2026
      JOIN registry.terms t ON t.school_year_id = c.school_year_id AND t.no = 2
      JOIN gradebook.sheets s ON s.class_id = c.id AND s.term_id = t.id AND s.subject_code = 'TOAN'
      WHERE c.grade_no >= 6 ORDER BY md5(c.id::text) LIMIT $1`,
      [teachers],
    );
    if (classes.length < teachers) throw new Error(`only ${classes.length} classes with a TOAN sheet: seed the province first`);
    const sheetIds = classes.map((c) => c.sheetId);
    const ids = await benchAccounts(
      database,
      classes.map((c, i) => ({ username: `bench.gb.teacher${i}`, unitId: c.schoolId, roleKey: 'teacher' })),
    );
    const plan: Array<{ url: string; headers: Record<string, string>; students: string[]; versions: Map<string, number>; next: number }> =
      [];
    for (const [i, c] of classes.entries()) {
      const userId = ids.get(`bench.gb.teacher${i}`)!;
      await ctx.pool.query(
        `INSERT INTO registry.teaching_assignments (province_id, school_id, school_year_id, class_id, subject_code, teacher_id)
        VALUES ($1, $2, $3, $4, 'TOAN', $5) ON CONFLICT DO NOTHING`,
        [c.provinceId, c.schoolId, c.yearId, c.id, userId],
      );
      const students = (
        await ctx.pool.query<{ id: string }>(
          "SELECT student_id::text AS id FROM registry.enrolments WHERE class_id = $1 AND status = 'enrolled' ORDER BY student_id",
          [c.id],
        )
      ).rows.map((r) => r.id);
      const versions = new Map(
        (
          await ctx.pool.query<{ k: string; version: number }>(
            "SELECT student_id::text || ':' || slot AS k, version FROM gradebook.marks WHERE sheet_id = $1",
            [c.sheetId],
          )
        ).rows.map((r) => [r.k, r.version]),
      );
      plan.push({
        url: `${ctx.appUrl}/api/gradebook/classes/${c.id}/subjects/TOAN/terms/${c.termId}/marks`,
        headers: await sessionHeaders(database, userId),
        students,
        versions,
        next: 0,
      });
    }
    await ctx.pool.query("UPDATE gradebook.sheets SET status = 'open' WHERE id = ANY($1::uuid[])", [sheetIds]);
    const slots = ['tx1', 'tx2', 'gk', 'ck'];
    const latency: number[] = [];
    const fromSchedule: number[] = [];
    const statuses = new Map<number, number>();
    let errors = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const save = async (k: number, due: number, measured: boolean) => {
      const t = plan[k % plan.length]!;
      const n = t.next++;
      const studentId = t.students[n % t.students.length]!;
      const slot = slots[Math.floor(n / t.students.length) % slots.length]!;
      const key = `${studentId}:${slot}`;
      const value = `${1 + ((k * 7) % 9)},${(k * 3) % 10}`;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const sent = performance.now();
      try {
        const res = await fetch(t.url, {
          method: 'PUT',
          headers: t.headers,
          body: JSON.stringify({ changes: [{ studentId, slot, value, expectedVersion: t.versions.get(key) ?? 0 }] }),
        });
        const body = (await res.json()) as { saved?: Array<{ version: number }> };
        const done = performance.now();
        if (res.status === 200 && body.saved?.[0]) t.versions.set(key, body.saved[0].version);
        if (measured) {
          latency.push(done - sent);
          fromSchedule.push(done - due);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status !== 200) errors++;
        }
      } catch {
        if (measured) errors++;
      } finally {
        inFlight--;
      }
    };
    const interval = 1000 / rate;
    const run = async (durationS: number, measured: boolean, offset: number) => {
      const t0 = performance.now();
      const pending: Promise<void>[] = [];
      const total = Math.round(durationS * rate);
      for (let k = 0; k < total; k++) {
        const due = t0 + k * interval;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        pending.push(save(offset + k, due, measured));
      }
      await Promise.all(pending);
      return (performance.now() - t0) / 1000;
    };
    try {
      ctx.say(`  ${plan.length} teachers, warm-up ${warmup} s, then ${seconds} s at ${rate} saves/s…`);
      await run(warmup, false, 0);
      const load = os.loadavg();
      const elapsed = await run(seconds, true, Math.round(warmup * rate));
      return {
        teachers: plan.length,
        targetRate: rate,
        seconds,
        saves: latency.length,
        achievedRate: Math.round((latency.length / elapsed) * 10) / 10,
        errors,
        statuses: Object.fromEntries(statuses),
        maxInFlight,
        latencyMs: stats(latency),
        latencyFromScheduleMs: stats(fromSchedule),
        targets: { p95Ms: 30, errors: 0 },
        met: percentile(latency, 95) <= 30 && errors === 0,
        appMemory: ctx.appMemory(),
        loadAverageAtStart: load,
        loadAverageAtEnd: os.loadavg(),
      };
    } finally {
      await ctx.pool.query("UPDATE gradebook.sheets SET status = 'locked' WHERE id = ANY($1::uuid[])", [sheetIds]);
    }
  },
};

export const gradebookTranscripts: Scenario = {
  name: 'gradebook-transcripts',
  description: 'A class of 45: finalise (setup), then generate the transcripts and sign them homeroom teacher → principal → seal over HTTP',
  request: noRequest,
  baselineSql: null,
  baseline() {},
  async setup(ctx) {
    const { dataSize } = await provinceData(ctx);
    return { dataSize };
  },
  async run(ctx) {
    const database = wrapPostgres(ctx.pool);
    const want = Number(process.env.BENCH_GB_CLASS_SIZE ?? 45);
    // A TT 22 class of that size with no transcripts yet (each run uses a new class).
    const {
      rows: [cls],
    } = await ctx.pool.query<{ id: string; schoolId: string; name: string; schoolName: string; size: number }>(
      `
      SELECT c.id::text, c.school_id::text AS "schoolId", c.name, u.name AS "schoolName", count(*)::int AS size
      FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id AND y.start_year = 2026
      JOIN registry.enrolments e ON e.class_id = c.id AND e.status = 'enrolled' JOIN org.units u ON u.id = c.school_id
      WHERE c.grade_no >= 6 AND NOT EXISTS (SELECT 1 FROM gradebook.transcripts t WHERE t.class_id = c.id)
        AND NOT EXISTS (SELECT 1 FROM gradebook.sheets s WHERE s.class_id = c.id AND s.status <> 'locked')
      GROUP BY c.id, u.name HAVING count(*) = $1 ORDER BY c.id LIMIT 1`,
      [want],
    );
    if (!cls) throw new Error(`no class of ${want} without transcripts: seed the province first`);
    const n = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM gradebook.transcripts');
    const ids = await benchAccounts(database, [
      { username: `bench.gb.gvcn.${cls.id.slice(0, 8)}`, unitId: cls.schoolId, roleKey: 'homeroom_teacher' },
      { username: `bench.gb.ht.${cls.schoolId.slice(0, 8)}`, unitId: cls.schoolId, roleKey: 'principal' },
    ]);
    const homeroom = ids.get(`bench.gb.gvcn.${cls.id.slice(0, 8)}`)!;
    const principal = ids.get(`bench.gb.ht.${cls.schoolId.slice(0, 8)}`)!;
    await ctx.pool.query('UPDATE registry.classes SET homeroom_teacher_id = $1 WHERE id = $2', [homeroom, cls.id]);
    const pass = 'Bench-HocBa-2026';
    const pki = await createTestPki({
      schoolName: cls.schoolName,
      homeroomTeacherName: 'Bench GVCN',
      principalName: 'Bench Hiệu trưởng',
      passphrases: { homeroomTeacher: pass, principal: pass, seal: pass },
    });
    await addTrustedRoot(database.db, pki.ca.name, pki.ca.certificate, true);
    await storeSigningKey(database.db, { kind: 'personal', userId: homeroom }, pki.homeroomTeacher.p12, pass, null);
    await storeSigningKey(database.db, { kind: 'personal', userId: principal }, pki.principal.p12, pass, null);
    await storeSigningKey(database.db, { kind: 'seal', unitId: cls.schoolId }, pki.seal.p12, pass, null);
    const gvcn = await sessionHeaders(database, homeroom);
    const ht = await sessionHeaders(database, principal);
    const base = `${ctx.appUrl}/api/gradebook/classes/${cls.id}`;
    const post = async (url: string, headers: Record<string, string>, body?: object) => {
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text}`);
      return { ms: Math.round(performance.now() - t), body: JSON.parse(text) as Record<string, unknown> };
    };
    const finalise = await post(`${base}/finalise`, gvcn);
    ctx.say(`  class ${cls.name} (${cls.size} students) finalised in ${finalise.ms} ms; generating and signing…`);
    const load = os.loadavg();
    const started = performance.now();
    const generate = await post(`${base}/transcripts`, gvcn);
    const signHomeroom = await post(`${base}/transcripts/sign`, gvcn, { role: 'homeroomTeacher', passphrase: pass });
    const signPrincipal = await post(`${base}/transcripts/sign`, ht, { role: 'principal', passphrase: pass });
    const seal = await post(`${base}/transcripts/sign`, ht, { role: 'seal', passphrase: pass });
    const totalMs = Math.round(performance.now() - started);
    const sealed = (
      await ctx.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM gradebook.transcripts WHERE class_id = $1 AND status = 'sealed'",
        [cls.id],
      )
    ).rows[0]!.n;
    return {
      class: cls.name,
      students: cls.size,
      sealed,
      transcriptsBefore: n.rows[0]!.n,
      finaliseMs: finalise.ms,
      stepsMs: { generate: generate.ms, homeroomTeacher: signHomeroom.ms, principal: signPrincipal.ms, seal: seal.ms },
      totalMs,
      targets: { totalMs: 10_000 },
      met: totalMs <= 10_000 && sealed === cls.size,
      loadAverageAtStart: load,
      loadAverageAtEnd: os.loadavg(),
    };
  },
};
