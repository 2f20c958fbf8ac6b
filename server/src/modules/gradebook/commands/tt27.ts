import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError, conflict, type FieldError, forbidden, unprocessable } from '../../../platform/errors.ts';
import type { ClassContext } from '../../registry/public.ts';
import { type Actor, pathInScope, scopeOf } from '../../identity/public.ts';
import { requireClass, requireHomeroom } from '../access.ts';
import { type ClassResultsInput, loadClassResults, yearAbsences } from '../results/class-results.ts';
import { isTt27, loadTt27, type Tt27Point, type Tt27Steps, tt27StudentYear } from '../results/tt27-results.ts';
import type { Tt27QcLevel } from '../rules/types.ts';
import { asRuleErrors } from './rule-errors.ts';

export interface QualityChange {
  studentId: string;
  qualities: Record<string, Tt27QcLevel>;
  competences: Record<string, Tt27QcLevel>;
  expectedVersion: number;
}

async function requireTt27Homeroom(tx: Tx, actor: Actor, classId: string) {
  const ctx = await requireHomeroom(tx, actor, classId);
  const input = await loadClassResults(tx, ctx);
  if (!isTt27(input)) throw conflict('gradebook.tt27.notPrimary', { ruleset: input.ruleset });
  return { ctx, input };
}

async function refuseWhenFinalised(tx: Tx, ctx: ClassContext) {
  const year = await tx.execute<{ status: string }>(
    sql`SELECT status FROM gradebook.year_results WHERE class_id = ${ctx.id} AND status = 'final' LIMIT 1`,
  );
  if (year.rows.length) throw conflict('gradebook.tt27.yearFinalised');
}

/**
 * The homeroom teacher records the qualities and competences (Tốt / Đạt / Cần cố gắng) of students
 * at a term's mid-term or end (TT 27 Art. 6–7): each row replaces the student's assessment at that
 * point, guarded by the version the teacher saw (0 = new). Codes are the class ruleset's.
 */
export async function saveQualities(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  classId: string,
  termNo: number,
  point: Tt27Point,
  changes: readonly QualityChange[],
) {
  const { ctx, input } = await requireTt27Homeroom(tx, actor, classId);
  await refuseWhenFinalised(tx, ctx);
  const ruleset = (await loadTt27(tx, input)).ruleset;
  const roster = new Set(input.roster.map((s) => s.id));
  const bad: FieldError[] = [];
  changes.forEach((c, i) => {
    if (!roster.has(c.studentId)) bad.push({ path: `body.changes.${i}.studentId`, code: 'gradebook.studentNotInClass' });
    for (const [what, known] of [
      ['qualities', ruleset.qualities],
      ['competences', ruleset.competences],
    ] as const) {
      for (const k of Object.keys(c[what]))
        if (!(k in known)) bad.push({ path: `body.changes.${i}.${what}.${k}`, code: 'gradebook.tt27.unknownItem', params: { item: k } });
    }
  });
  if (bad.length) throw unprocessable('gradebook.tt27.invalid', { count: bad.length }, bad);
  const conflicts: FieldError[] = [];
  const saved: { studentId: string; version: number }[] = [];
  for (const [i, c] of changes.entries()) {
    const q = JSON.stringify(c.qualities);
    const k = JSON.stringify(c.competences);
    const { rows } =
      c.expectedVersion === 0
        ? await tx.execute<{ version: number }>(sql`
          INSERT INTO gradebook.tt27_qualities (class_id, student_id, term_no, point, qualities, competences, updated_by)
          VALUES (${ctx.id}, ${c.studentId}, ${termNo}, ${point}, ${q}::jsonb, ${k}::jsonb, ${actor.userId})
          ON CONFLICT (class_id, student_id, term_no, point) DO NOTHING RETURNING version`)
        : await tx.execute<{ version: number }>(sql`
          UPDATE gradebook.tt27_qualities SET qualities = ${q}::jsonb, competences = ${k}::jsonb, version = version + 1, updated_at = now(), updated_by = ${actor.userId}
          WHERE class_id = ${ctx.id} AND student_id = ${c.studentId} AND term_no = ${termNo} AND point = ${point} AND version = ${c.expectedVersion}
          RETURNING version`);
    if (!rows[0]) conflicts.push({ path: `body.changes.${i}`, code: 'gradebook.recordChanged' });
    else saved.push({ studentId: c.studentId, version: rows[0].version });
  }
  if (conflicts.length) throw new AppError('gradebook.marks.conflict', 409, { count: conflicts.length }, conflicts);
  await recordAudit(tx, audit, {
    action: 'gradebook.tt27.qualities.save',
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    after: { termNo, point, changes: changes.map(({ expectedVersion: _, ...c }) => c) },
  });
  return saved;
}

/**
 * Year finalisation of a primary class (called by finaliseClass once every sheet is locked): the
 * overall result (HTXS/HTT/HT/CHT), award, completion and outcome of every student by TT 27,
 * stored in year_results (circular tt27, level = overall, conduct empty, title = award).
 */
export async function finaliseTt27Class(tx: Tx, actor: Actor, audit: AuditActor, ctx: ClassContext, input: ClassResultsInput) {
  const data = await loadTt27(tx, input);
  const existing = await tx.execute<{ studentId: string; summer: Tt27Steps | null }>(sql`
    SELECT student_id AS "studentId", summer FROM gradebook.year_results WHERE school_year_id = ${ctx.schoolYearId} AND class_id = ${ctx.id} FOR UPDATE`);
  const steps = new Map(existing.rows.map((r) => [r.studentId, r.summer]));
  const incomplete: FieldError[] = [];
  const payload = input.roster.flatMap((s) => {
    const y = asRuleErrors(() => tt27StudentYear(input, data, s.id, steps.get(s.id) ?? null));
    if (!y.result) {
      incomplete.push({
        path: `students.${s.id}`,
        code: 'gradebook.year.studentIncomplete',
        params: { name: s.fullName, missing: y.missing.join(', ') },
      });
      return [];
    }
    const r = y.result;
    return [
      {
        student_id: s.id,
        level: r.overall,
        final_level: r.afterSupport ?? r.overall,
        outcome: r.outcome,
        title: r.award,
        detail: r,
        absences: yearAbsences(input, s.id),
      },
    ];
  });
  if (incomplete.length) throw unprocessable('gradebook.year.incomplete', { missing: String(incomplete.length) }, incomplete.slice(0, 50));
  await tx.execute(sql`
    INSERT INTO gradebook.year_results (student_id, school_year_id, class_id, school_id, province_id, start_year, grade_no, ruleset, circular,
      level, conduct, final_level, final_conduct, outcome, title, absences, detail, status, finalised_at, finalised_by)
    SELECT r.student_id, ${ctx.schoolYearId}::uuid, ${ctx.id}::uuid, ${ctx.schoolId}::uuid, ${ctx.provinceId}::uuid, ${ctx.startYear}, ${ctx.gradeNo},
      ${input.ruleset}, 'tt27', r.level, NULL, r.final_level, NULL, r.outcome, r.title, r.absences, r.detail, 'final', now(), ${actor.userId}::uuid
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(student_id uuid, level text, final_level text, outcome text, title text, absences smallint, detail jsonb)
    ON CONFLICT (student_id, school_year_id) DO UPDATE SET class_id = excluded.class_id, ruleset = excluded.ruleset, circular = excluded.circular,
      level = excluded.level, conduct = NULL, final_level = excluded.final_level, final_conduct = NULL, outcome = excluded.outcome, title = excluded.title,
      absences = excluded.absences, detail = excluded.detail, status = 'final', computed_at = now(), finalised_at = now(),
      finalised_by = excluded.finalised_by, version = gradebook.year_results.version + 1`);
  const count = (k: string) => payload.filter((p) => p.outcome === k).length;
  const overall = (k: string) => payload.filter((p) => p.level === k).length;
  await recordAudit(tx, audit, {
    action: 'gradebook.year.finalise',
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    bulk: {
      counts: {
        students: payload.length,
        HTXS: overall('HTXS'),
        HTT: overall('HTT'),
        HT: overall('HT'),
        CHT: overall('CHT'),
        promoted: count('LL'),
        support: count('KTL'),
        principalDecision: count('QD'),
        repeat: count('OLL'),
      },
    },
  });
  return { students: payload.length };
}

/**
 * After finalisation, for one student: the homeroom teacher records the class's recognition (the
 * "Học sinh Tiêu biểu" award for HTT) and the re-assessment after the support plan (changed items
 * only); the principal records the decision for a student still not completing (§2.5 [P]). Each
 * body changes only the keys it carries (a new re-assessment drops an earlier decision, which was
 * taken on the previous one). The engine refuses a step the student does not need; the year row
 * is restated.
 */
export async function saveTt27Steps(tx: Tx, actor: Actor, audit: AuditActor, classId: string, studentId: string, steps: Tt27Steps) {
  const { ctx, homeroom } = await requireClass(tx, actor, classId);
  const lock = await scopeOf(tx, actor, 'gradebook.sheet.lock');
  const principal = pathInScope(ctx.schoolPath, lock);
  if (steps.principalDecision !== undefined && !principal) throw forbidden('gradebook.tt27.principalOnly');
  if ((steps.recognition !== undefined || steps.afterSupport !== undefined) && !homeroom) throw forbidden('gradebook.notHomeroom');
  if (!homeroom && !principal) throw forbidden('gradebook.notHomeroom');
  const input = await loadClassResults(tx, ctx);
  if (!isTt27(input)) throw conflict('gradebook.tt27.notPrimary', { ruleset: input.ruleset });
  if (!input.roster.some((s) => s.id === studentId))
    throw unprocessable('gradebook.studentNotInClass', {}, [{ path: 'body.studentId', code: 'gradebook.studentNotInClass' }]);
  const taught = new Set(input.subjects.map((s) => s.code));
  const unknown = Object.keys(steps.afterSupport?.subjects ?? {}).filter((c) => !taught.has(c));
  if (unknown.length) {
    throw unprocessable(
      'gradebook.tt27.invalid',
      { count: unknown.length },
      unknown.map((c) => ({ path: `body.afterSupport.subjects.${c}`, code: 'gradebook.slot.invalid', params: { slot: c } })),
    );
  }
  const { rows } = await tx.execute<{ summer: Tt27Steps | null }>(
    sql`SELECT summer FROM gradebook.year_results WHERE student_id = ${studentId} AND school_year_id = ${ctx.schoolYearId} AND class_id = ${ctx.id} FOR UPDATE`,
  );
  if (!rows[0]) throw conflict('gradebook.year.notFinalised');
  const before = rows[0].summer ?? {};
  const merged: Tt27Steps = { ...before, ...(steps.afterSupport !== undefined ? { principalDecision: null } : {}), ...steps };
  const data = await loadTt27(tx, input);
  const y = asRuleErrors(() => tt27StudentYear(input, data, studentId, merged));
  if (!y.result) throw conflict('gradebook.year.incomplete', { missing: y.missing.join(', ') });
  const r = y.result;
  await tx.execute(sql`UPDATE gradebook.year_results SET summer = ${JSON.stringify(merged)}::jsonb, detail = ${JSON.stringify(r)}::jsonb,
      final_level = ${r.afterSupport ?? r.overall}, outcome = ${r.outcome}, title = ${r.award}, computed_at = now(), version = version + 1
    WHERE student_id = ${studentId} AND school_year_id = ${ctx.schoolYearId}`);
  await recordAudit(tx, audit, {
    action: 'gradebook.tt27.steps.save',
    entityType: 'gradebook.year_result',
    entityId: studentId,
    orgUnitId: ctx.schoolId,
    before: rows[0].summer ?? null,
    after: { steps: merged, overall: r.overall, afterSupport: r.afterSupport, outcome: r.outcome, award: r.award },
  });
  return r;
}
