import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import { notFound } from '../../../platform/errors.ts';
import { actorOf, pathInScope, requireAccess, scopeOf } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { classContext, classesOfStudent, subjectsOfClass } from '../../registry/public.ts';
import { ENTER, requireClass } from '../access.ts';
import { cellText, slotsOf } from '../cells.ts';
import { finaliseClass, saveStudentTerms, saveSummer } from '../commands/results.ts';
import * as repo from '../repo.ts';
import { loadClassResults, type StudentTermSummary, studentTerm, studentYear, type Summer } from '../results/class-results.ts';
import { isTt27, loadTt27, type Tt27Steps, tt27ClassView, tt27StudentView } from '../results/tt27-results.ts';
import { sheetResult } from '../sheet-result.ts';
import {
  classSummarySchema,
  finaliseSchema,
  reportParams,
  reportSchema,
  saveRecordsBody,
  savedRecordsSchema,
  statisticsQuery,
  statisticsSchema,
  studentRecordParams,
  summerBody,
  summerResultSchema,
  termRecordParams,
} from './results.schemas.ts';
import { classParams, errors, tags } from './sheets.schemas.ts';
import { tt27Routes } from './tt27.routes.ts';

const termView = (
  t: StudentTermSummary,
  record: { absencesExcused: number; absencesUnexcused: number; comment: string | null; version: number } | undefined,
) => ({
  subjects: t.subjects,
  conduct: t.conduct,
  absencesExcused: record?.absencesExcused ?? 0,
  absencesUnexcused: record?.absencesUnexcused ?? 0,
  comment: record?.comment ?? null,
  version: record?.version ?? 0,
  learning: t.level ? { level: t.level.level, actual: t.level.actual, adjustedFor: t.level.adjustment?.subject ?? null } : null,
  missing: t.missing,
});

export async function resultRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));

  r.get(
    '/classes/:classId/summary',
    {
      config: { anyPermission: ['gradebook.sheet.read', ENTER], authenticated: true },
      schema: {
        tags,
        summary: 'Class summary (bảng tổng hợp) per term and year: subject results, conduct, absences, levels, promotion, titles',
        params: classParams,
        response: { 200: classSummarySchema, ...errors },
      },
    },
    async (request) => {
      const { ctx, staff, homeroom } = await requireClass(db, actorOf(request), request.params.classId);
      if (!staff && !homeroom) throw notFound();
      const input = await loadClassResults(db, ctx);
      const stored = await db.execute<{ studentId: string; summer: Summer | null; status: string }>(sql`
      SELECT student_id AS "studentId", summer, status FROM gradebook.year_results WHERE class_id = ${ctx.id}`);
      const byStudent = new Map(stored.rows.map((s) => [s.studentId, s]));
      const tt27 = isTt27(input) ? await loadTt27(db, input) : null;
      return {
        class: { id: ctx.id, name: ctx.name, gradeNo: ctx.gradeNo, yearName: ctx.yearName, ruleset: input.ruleset },
        subjects: input.subjects.map((s) => ({ code: s.code, name: s.name, assessment: s.assessment })),
        openSheets: [...input.unlocked.entries()].flatMap(([no, codes]) => codes.map((c) => `HK${no}:${c}`)),
        ...(tt27 ? { tt27: tt27ClassView(input, tt27) } : {}),
        students: input.roster.map((s) => {
          const primary = tt27
            ? tt27StudentView(input, tt27, s.id, (byStudent.get(s.id)?.summer ?? null) as Tt27Steps | null, byStudent.get(s.id)?.status)
            : null;
          const y = primary ? { result: null, missing: primary.missing } : studentYear(input, s.id, byStudent.get(s.id)?.summer ?? null);
          const res = y.result;
          return {
            id: s.id,
            fullName: s.fullName,
            terms: {
              1: termView(studentTerm(input, s.id, 1), input.records.get(1)?.get(s.id)),
              2: termView(studentTerm(input, s.id, 2), input.records.get(2)?.get(s.id)),
            },
            year: res
              ? {
                  subjects: {
                    ...Object.fromEntries(Object.entries(res.subjects.scored).map(([c, v]) => [c, v.year])),
                    ...Object.fromEntries(Object.entries(res.subjects.comment).map(([c, v]) => [c, v.year])),
                  },
                  learning: res.learning.year.level,
                  conduct: res.conduct.year,
                  finalLearning: res.final.learning,
                  finalConduct: res.final.conduct,
                  outcome: res.outcome,
                  title: res.titles[0] ?? null,
                  reassessSubjects: res.reassessment ? [...res.reassessment.subjects.scored, ...res.reassessment.subjects.comment] : [],
                  status: byStudent.get(s.id)?.status === 'final' ? ('final' as const) : ('computed' as const),
                }
              : null,
            missing: y.missing,
            ...(primary ? { tt27: primary.tt27 } : {}),
          };
        }),
        abilities: {
          homeroom,
          finalised: stored.rows.some((x) => x.status === 'final'),
          // the principal decides for a primary pupil still not completing after support (TT 27)
          principal: pathInScope(ctx.schoolPath, await scopeOf(db, actorOf(request), 'gradebook.sheet.lock')),
        },
      };
    },
  );

  r.put(
    '/classes/:classId/terms/:termNo/records',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'The homeroom teacher records rèn luyện, absences (buổi) and comments of a term',
        params: termRecordParams,
        body: saveRecordsBody,
        response: { 200: savedRecordsSchema, ...errors },
      },
    },
    async (request) => ({
      saved: await write((tx) =>
        saveStudentTerms(tx, actorOf(request), auditActorOf(request), request.params.classId, request.params.termNo, request.body.changes),
      ),
    }),
  );

  r.put(
    '/classes/:classId/students/:studentId/summer',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'Summer training re-evaluation and re-assessment results (kept apart from the original results)',
        params: studentRecordParams,
        body: summerBody,
        response: { 200: summerResultSchema, ...errors },
      },
    },
    async (request) => {
      const result = await write((tx) =>
        saveSummer(tx, actorOf(request), auditActorOf(request), request.params.classId, request.params.studentId, request.body),
      );
      return { outcome: result.outcome, finalLearning: result.final.learning, finalConduct: result.final.conduct };
    },
  );

  r.post(
    '/classes/:classId/finalise',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'The homeroom teacher finalises the year results of the class (all sheets locked, every student complete)',
        params: classParams,
        response: { 200: finaliseSchema, ...errors },
      },
    },
    async (request) => write((tx) => finaliseClass(tx, actorOf(request), auditActorOf(request), request.params.classId)),
  );

  await tt27Routes(app);

  r.get(
    '/statistics',
    {
      config: { permission: 'gradebook.statistics.read' },
      schema: {
        tags,
        summary: 'Year results of a unit (school, commune, province) by grade: counts only, never a ranking',
        querystring: statisticsQuery,
        response: { 200: statisticsSchema, ...errors },
      },
    },
    async (request) => {
      const { unitId, startYear } = request.query;
      const unit = isUuid(unitId) ? await findUnit(db, unitId) : undefined;
      const scope = await scopeOf(db, actorOf(request), 'gradebook.statistics.read');
      if (!unit || !pathInScope(unit.path, scope)) throw notFound();
      const { rows } = await db.execute<{ gradeNo: number; field: string; value: string | null; n: number }>(sql`
      WITH r AS (
        SELECT yr.grade_no, yr.final_level, yr.final_conduct, yr.outcome, yr.title FROM gradebook.year_results yr JOIN org.units u ON u.id = yr.school_id
        WHERE yr.start_year = ${startYear} AND yr.status = 'final' AND u.path LIKE ${`${unit.path}%`})
      SELECT grade_no AS "gradeNo", 'learning' AS field, final_level AS value, count(*)::int AS n FROM r GROUP BY 1, 3
      UNION ALL SELECT grade_no, 'conduct', final_conduct, count(*)::int FROM r GROUP BY 1, 3
      UNION ALL SELECT grade_no, 'outcome', outcome, count(*)::int FROM r GROUP BY 1, 3
      UNION ALL SELECT grade_no, 'title', coalesce(title, 'none'), count(*)::int FROM r GROUP BY 1, 3`);
      const grades = [...new Set(rows.map((x) => x.gradeNo))].sort((a, b) => a - b);
      const byGrade = grades.map((g) => {
        const of = (field: string) =>
          Object.fromEntries(rows.filter((x) => x.gradeNo === g && x.field === field).map((x) => [x.value ?? 'none', x.n]));
        const outcome = of('outcome');
        return {
          gradeNo: g,
          students: Object.values(outcome).reduce((a, b) => a + b, 0),
          learning: of('learning'),
          conduct: of('conduct'),
          outcome,
          title: of('title'),
        };
      });
      return { unit: { id: unit.id, name: unit.name }, startYear, students: byGrade.reduce((a, g) => a + g.students, 0), byGrade };
    },
  );

  r.get(
    '/students/:studentId/report',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'What a student and their parents see: published marks, term results, comments and final year results — no ranking',
        params: reportParams,
        response: { 200: reportSchema, ...errors },
      },
    },
    async (request) => {
      const { studentId } = request.params;
      if (!isUuid(studentId)) throw notFound();
      await requireAccess(db, actorOf(request), 'registry.student.read', { kind: 'registry.student', ids: [studentId] });
      const {
        rows: [student],
      } = await db.execute<{ id: string; fullName: string }>(
        sql`SELECT id, full_name AS "fullName" FROM registry.students WHERE id = ${studentId}`,
      );
      if (!student) throw notFound();
      const years = [];
      for (const c of await classesOfStudent(db, studentId)) {
        const ctx = (await classContext(db, c.classId))!;
        const subjects = await subjectsOfClass(db, ctx);
        const sheets = (await repo.sheetsOfClass(db, ctx.id)).filter((s) => s.status !== 'open');
        const { rows: final } = await db.execute<{
          learning: string | null;
          conduct: string | null;
          outcome: string | null;
          title: string | null;
        }>(sql`
        SELECT final_level AS learning, final_conduct AS conduct, outcome, title FROM gradebook.year_results
        WHERE student_id = ${studentId} AND class_id = ${ctx.id} AND status = 'final'`);
        // This student's cells and comments of every published sheet of the class: two statements.
        const ids = sheets.map((x) => x.id);
        const [allMarks, allRemarks] = await Promise.all([
          repo.marksOfStudent(db, ids, studentId),
          repo.remarksOfStudent(db, ids, studentId),
        ]);
        const subjectViews = [];
        for (const s of subjects) {
          const terms = [];
          for (const sheet of sheets.filter((x) => x.subjectCode === s.code)) {
            const marks = allMarks.filter((m) => m.sheetId === sheet.id);
            const remark = allRemarks.find((m) => m.sheetId === sheet.id);
            const slots = slotsOf(sheet.assessment, sheet.requiredRegular, sheet);
            terms.push({
              termNo: sheet.termNo,
              status: sheet.status as 'published' | 'locked',
              marks: Object.fromEntries(
                marks.flatMap((m) => {
                  const v = cellText(m);
                  return v === null ? [] : [[m.slot, v]];
                }),
              ),
              result: sheetResult(sheet.ruleset, sheet.assessment, slots, marks, sheet.status === 'locked'),
              remark: remark?.text ?? null,
            });
          }
          if (terms.length) subjectViews.push({ code: s.code, name: s.name, terms: terms.sort((a, b) => a.termNo - b.termNo) });
        }
        years.push({ yearName: c.yearName, className: c.className, subjects: subjectViews, result: final[0] ?? null });
      }
      return { student, years };
    },
  );
}
