/**
 * Quick timing of computeYearResults on synthetic TT 22 students (not a test, no database):
 *   cd server && npx tsx src/modules/gradebook/rules/measure-batch.ts [students=400000] [chunk=10000]
 * 12 subjects per student (8 scored with their grade-book cells for both semesters, 4 comment
 * subjects), generated in chunks as the database job would read them; only the computation is timed.
 */
import { type Tt22SheetYear, computeYearResults, type YearInput } from './batch.ts';
import { TT22_2021 } from './rulesets.ts';
import { regularScoresRequired } from './tt22-averages.ts';
import type { CommentResult, Tt22Level } from './types.ts';

const total = Number(process.argv[2] ?? 400_000);
const chunk = Number(process.argv[3] ?? 10_000);

let seed = 20_262_027;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const POOL = Array.from({ length: 101 }, (_, t) => `${Math.floor(t / 10)}.${t % 10}`);
/** A score around the student's level, clamped to 0–10. */
const score = (level: number) => POOL[Math.max(0, Math.min(100, Math.round(level + (rand() - 0.5) * 30)))]!;
const SCORED: Array<[string, number]> = [
  ['TOAN', 140],
  ['NGU_VAN', 140],
  ['NGOAI_NGU_1', 105],
  ['GDCD', 35],
  ['LS_DL', 105],
  ['KHTN', 140],
  ['CONG_NGHE', 52],
  ['TIN_HOC', 35],
];
const COMMENT = ['GDTC', 'NGHE_THUAT', 'HDTN_HN', 'GDDP'];
const LEVELS: Tt22Level[] = ['T', 'T', 'K', 'K', 'D', 'CD'];

function student(i: number): YearInput {
  const level = 40 + rand() * 55; // 4.0 … 9.5 in tenths
  const sheet: Tt22SheetYear = { scored: {}, comment: {}, conduct: { hk1: 'T', hk2: 'T' }, absenceSessions: 0, makeUpClosed: true };
  const scored = sheet.scored as Record<string, Tt22SheetYear['scored'][string]>;
  for (const [code, periods] of SCORED) {
    const n = regularScoresRequired(periods, TT22_2021);
    const term = () => ({ regular: Array.from({ length: n }, () => score(level)), midterm: score(level), endterm: score(level) });
    scored[code] = { requiredRegular: n, hk1: term(), hk2: term() };
  }
  const comment = sheet.comment as Record<string, Tt22SheetYear['comment'][string]>;
  const pass = (): CommentResult => (rand() < 0.02 ? 'CD' : 'D');
  for (const code of COMMENT) {
    const term = () => ({ regular: [pass(), pass()], midterm: pass(), endterm: pass() });
    comment[code] = { hk1: term(), hk2: term() };
  }
  sheet.conduct = { hk1: LEVELS[Math.floor(rand() * 6)]!, hk2: LEVELS[Math.floor(rand() * 6)]! };
  sheet.absenceSessions = Math.floor(rand() * rand() * 60);
  return { studentId: `s${i}`, rulesetId: TT22_2021.id, tt22: sheet };
}

let computeMs = 0;
let computeCpuMs = 0;
let generateMs = 0;
const counts: Record<string, number> = {};
for (let done = 0; done < total; done += chunk) {
  const t0 = performance.now();
  const inputs = Array.from({ length: Math.min(chunk, total - done) }, (_, k) => student(done + k));
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = computeYearResults(inputs);
  const cpu = process.cpuUsage(cpu0);
  computeCpuMs += (cpu.user + cpu.system) / 1000;
  computeMs += performance.now() - t1;
  generateMs += t1 - t0;
  for (const o of out) {
    const key = o.status === 'final' && o.circular === 'tt22' ? `${o.result.outcome} ${o.result.learning.year.level}` : o.status;
    counts[key] = (counts[key] ?? 0) + 1;
  }
}
console.log(
  JSON.stringify(
    {
      students: total,
      subjectsPerStudent: SCORED.length + COMMENT.length,
      computeSeconds: +(computeMs / 1000).toFixed(2),
      computeCpuSeconds: +(computeCpuMs / 1000).toFixed(2),
      studentsPerSecond: Math.round(total / (computeMs / 1000)),
      generateSeconds: +(generateMs / 1000).toFixed(2),
      loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(1)),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
      outcomes: counts,
    },
    null,
    1,
  ),
);
