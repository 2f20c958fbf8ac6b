import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import { notFound } from '../../../platform/errors.ts';
import { actorOf, scopeOf } from '../../identity/public.ts';
import { classesOfTeacher, classRoster, subjectsOfClass } from '../../registry/public.ts';
import { ENTER, requireClass, sheetAbilities } from '../access.ts';
import { cellText, slotsOf } from '../cells.ts';
import { resolveSheetKey, saveMarks, saveRemarks } from '../commands/marks.ts';
import { lockSheet, publishSheet } from '../commands/workflow.ts';
import * as repo from '../repo.ts';
import { sheetResult } from '../sheet-result.ts';
import { rulesetOfSheet } from '../sheet-ruleset.ts';
import {
  classParams,
  classSheetsSchema,
  errors,
  myClassesSchema,
  historyQuery,
  historySchema,
  idParams,
  savedMarksSchema,
  savedRemarksSchema,
  saveMarksBody,
  saveRemarksBody,
  sheetParams,
  sheetSchema,
  sheetStateSchema,
  tags,
} from './sheets.schemas.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const state = (s: repo.SheetRow) => ({ id: s.id, status: s.status, publishedAt: iso(s.publishedAt), lockedAt: iso(s.lockedAt) });

export async function sheetRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  // Readers: school staff with the read permission, or teachers (their subjects, their homeroom class).
  const readAny = { anyPermission: ['gradebook.sheet.read', ENTER], authenticated: true } as const;

  r.get(
    '/my-classes',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Classes of the current year the caller teaches or leads, and those of the schools they supervise',
        response: { 200: myClassesSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const staff = await scopeOf(db, actor, 'gradebook.sheet.read');
      return { items: await classesOfTeacher(db, actor.userId, staff) };
    },
  );

  r.get(
    '/classes/:classId/sheets',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'The subjects of a class with the state of each term sheet (what the caller may open)',
        params: classParams,
        response: { 200: classSheetsSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { ctx, staff, homeroom } = await requireClass(db, actor, request.params.classId);
      const subjects = await subjectsOfClass(db, ctx);
      const visible = staff || homeroom ? subjects : subjects.filter((s) => s.teacherIds.includes(actor.userId));
      if (visible.length === 0) throw notFound();
      const sheets = await repo.sheetsOfClass(db, ctx.id);
      return {
        class: {
          id: ctx.id,
          name: ctx.name,
          gradeNo: ctx.gradeNo,
          schoolId: ctx.schoolId,
          schoolName: ctx.schoolName,
          yearName: ctx.yearName,
        },
        terms: ctx.terms.map((t) => ({ id: t.id, no: t.no, name: t.name })),
        subjects: visible.map((s) => ({
          code: s.code,
          name: s.name,
          assessment: s.assessment,
          requiredRegular: s.requiredRegular,
          mine: s.teacherIds.includes(actor.userId),
          sheets: ctx.terms.map((t) => ({
            termId: t.id,
            status: sheets.find((x) => x.subjectCode === s.code && x.termId === t.id)?.status ?? 'open',
          })),
        })),
        abilities: { readAll: staff, homeroom },
      };
    },
  );

  r.get(
    '/classes/:classId/subjects/:subjectCode/terms/:termId',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'One subject sheet of a class and term: students in Vietnamese order, cells with versions, comments, term results',
        params: sheetParams,
        response: { 200: sheetSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const tx = db as unknown as Tx;
      const { ctx, term, subject } = await resolveSheetKey(tx, request.params);
      const can = await sheetAbilities(db, actor, ctx, subject.code, term.id);
      if (!can.read && !can.lock) throw notFound();
      const stored = await repo.findSheet(db, ctx.id, subject.code, term.id);
      const assessment = stored?.assessment ?? subject.assessment;
      const requiredRegular = stored ? stored.requiredRegular : subject.requiredRegular;
      const ruleset = stored?.ruleset ?? rulesetOfSheet(ctx.startYear, ctx.gradeNo);
      const slots = slotsOf(assessment, requiredRegular, { subjectCode: subject.code, gradeNo: ctx.gradeNo, ruleset });
      const [roster, marks, remarks] = await Promise.all([
        classRoster(db, ctx.id),
        stored ? repo.marksOf(db, stored.id) : [],
        stored ? repo.remarksOf(db, stored.id) : [],
      ]);
      const byStudent = new Map<string, repo.MarkRow[]>();
      for (const m of marks) byStudent.set(m.studentId, [...(byStudent.get(m.studentId) ?? []), m]);
      return {
        sheet: {
          id: stored?.id ?? null,
          classId: ctx.id,
          className: ctx.name,
          termId: term.id,
          termName: term.name,
          subjectCode: subject.code,
          subjectName: subject.name,
          assessment,
          ruleset,
          requiredRegular,
          slots,
          status: stored?.status ?? 'open',
          publishedAt: iso(stored?.publishedAt ?? null),
          lockedAt: iso(stored?.lockedAt ?? null),
        },
        students: roster.map((s) => {
          const cells = byStudent.get(s.id) ?? [];
          const remark = remarks.find((x) => x.studentId === s.id);
          return {
            id: s.id,
            fullName: s.fullName,
            schoolCode: s.schoolCode,
            dateOfBirth: s.dateOfBirth,
            marks: Object.fromEntries(cells.map((c) => [c.slot, { value: cellText(c), version: c.version }])),
            remark: { text: remark?.text ?? '', version: remark?.version ?? 0 },
            result: sheetResult(ruleset, assessment, slots, cells, stored?.status === 'locked'),
          };
        }),
        abilities: can,
      };
    },
  );

  r.put(
    '/classes/:classId/subjects/:subjectCode/terms/:termId/marks',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'Save cells (one value or a pasted column), all or nothing, each guarded by the version the teacher saw',
        params: sheetParams,
        body: saveMarksBody,
        response: { 200: savedMarksSchema, ...errors },
      },
    },
    async (request) => write((tx) => saveMarks(tx, actorOf(request), auditActorOf(request), request.params, request.body.changes)),
  );

  r.put(
    '/classes/:classId/subjects/:subjectCode/terms/:termId/remarks',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'Save comments (nhận xét) per student',
        params: sheetParams,
        body: saveRemarksBody,
        response: { 200: savedRemarksSchema, ...errors },
      },
    },
    async (request) => write((tx) => saveRemarks(tx, actorOf(request), auditActorOf(request), request.params, request.body.changes)),
  );

  r.post(
    '/classes/:classId/subjects/:subjectCode/terms/:termId/publish',
    {
      config: { permission: ENTER },
      schema: {
        tags,
        summary: 'Publish the sheet: students and parents see it',
        params: sheetParams,
        response: { 200: sheetStateSchema, ...errors },
      },
    },
    async (request) => state(await write((tx) => publishSheet(tx, actorOf(request), auditActorOf(request), request.params))),
  );

  r.post(
    '/classes/:classId/subjects/:subjectCode/terms/:termId/lock',
    {
      config: { permission: 'gradebook.sheet.lock' },
      schema: {
        tags,
        summary: 'Lock the sheet at term end: later changes go through corrections',
        params: sheetParams,
        response: { 200: sheetStateSchema, ...errors },
      },
    },
    async (request) => state(await write((tx) => lockSheet(tx, actorOf(request), auditActorOf(request), request.params))),
  );

  r.get(
    '/sheets/:id/history',
    {
      config: readAny,
      schema: {
        tags,
        summary: 'Every change of the cells of a sheet: who, when, old value, new value, reason',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historySchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const sheet = isUuid(id) ? await repo.findSheetById(db, id) : undefined;
      if (!sheet) throw notFound();
      const { ctx } = await requireClass(db, actorOf(request), sheet.classId);
      const can = await sheetAbilities(db, actorOf(request), ctx, sheet.subjectCode, sheet.termId);
      if (!can.read && !can.lock) throw notFound();
      const studentId = request.query.studentId && isUuid(request.query.studentId) ? request.query.studentId : null;
      const { rows } = await db.execute<{
        studentId: string;
        slot: string;
        oldValue: string | null;
        newValue: string | null;
        reason: string | null;
        correctionId: string | null;
        changedAt: Date;
        changedBy: string | null;
      }>(sql`
      SELECT mc.student_id AS "studentId", mc.slot, mc.old_value AS "oldValue", mc.new_value AS "newValue", mc.reason,
        mc.correction_id AS "correctionId", mc.changed_at AS "changedAt", u.display_name AS "changedBy"
      FROM gradebook.mark_changes mc LEFT JOIN identity.users u ON u.id = mc.changed_by
      WHERE mc.sheet_id = ${id} ${studentId ? sql`AND mc.student_id = ${studentId}` : sql``}
      ORDER BY mc.changed_at DESC, mc.id LIMIT 500`);
      return { items: rows.map((x) => ({ ...x, changedAt: new Date(x.changedAt).toISOString() })) };
    },
  );
}
