import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError, conflict, type FieldError, unprocessable } from '../../../platform/errors.ts';
import { publishEvent } from '../../../platform/events/events.ts';
import type { Actor } from '../../identity/public.ts';
import { type ClassContext, enrolledInClass } from '../../registry/public.ts';
import { requireHomeroom } from '../access.ts';
import { loadClassResults, type Summer, studentYear, yearAbsences } from '../results/class-results.ts';
import { isTt27 } from '../results/tt27-results.ts';
import type { Tt22Level } from '../rules/types.ts';
import { asRuleErrors } from './rule-errors.ts';
import { finaliseTt27Class } from './tt27.ts';

/** Only the class's homeroom teacher (GVCN) records conduct and finalises the class (403 for other readers). */
export interface StudentTermChange {
  studentId: string;
  conduct: Tt22Level | null;
  absencesExcused: number;
  absencesUnexcused: number;
  comment: string | null;
  expectedVersion: number;
}

/** Rèn luyện, absences (buổi) and the term comment per student, with the same version guard as the cells. */
export async function saveStudentTerms(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  classId: string,
  termNo: number,
  changes: readonly StudentTermChange[],
) {
  const ctx = await requireHomeroom(tx, actor, classId);
  const input = await loadClassResults(tx, ctx);
  const year = await tx.execute<{ status: string }>(
    sql`SELECT status FROM gradebook.year_results WHERE class_id = ${ctx.id} AND status = 'final' LIMIT 1`,
  );
  if (year.rows.length) throw conflict('gradebook.year.finalised');
  const roster = new Set(input.roster.map((s) => s.id));
  const bad: FieldError[] = changes.flatMap((c, i) =>
    roster.has(c.studentId) ? [] : [{ path: `body.changes.${i}.studentId`, code: 'gradebook.studentNotInClass' }],
  );
  // Primary (TT 27) has no rèn luyện level: qualities and competences take its place.
  if (isTt27(input))
    changes.forEach((c, i) => {
      if (c.conduct !== null) bad.push({ path: `body.changes.${i}.conduct`, code: 'gradebook.tt27.noConduct' });
    });
  if (bad.length) throw unprocessable('gradebook.marks.invalid', { count: bad.length }, bad);
  const conflicts: FieldError[] = [];
  const saved = [];
  for (const [i, c] of changes.entries()) {
    const values = sql`${c.conduct}, ${c.absencesExcused}, ${c.absencesUnexcused}, ${c.comment?.trim() || null}`;
    const { rows } =
      c.expectedVersion === 0
        ? await tx.execute<{ version: number }>(sql`
          INSERT INTO gradebook.student_terms (class_id, student_id, term_no, conduct, absences_excused, absences_unexcused, comment, updated_by)
          VALUES (${ctx.id}, ${c.studentId}, ${termNo}, ${values}, ${actor.userId})
          ON CONFLICT (class_id, student_id, term_no) DO NOTHING RETURNING version`)
        : await tx.execute<{ version: number }>(sql`
          UPDATE gradebook.student_terms SET conduct = ${c.conduct}, absences_excused = ${c.absencesExcused}, absences_unexcused = ${c.absencesUnexcused},
            comment = ${c.comment?.trim() || null}, version = version + 1, updated_at = now(), updated_by = ${actor.userId}
          WHERE class_id = ${ctx.id} AND student_id = ${c.studentId} AND term_no = ${termNo} AND version = ${c.expectedVersion} RETURNING version`);
    if (!rows[0]) conflicts.push({ path: `body.changes.${i}`, code: 'gradebook.recordChanged' });
    else saved.push({ studentId: c.studentId, version: rows[0].version });
  }
  if (conflicts.length) throw new AppError('gradebook.marks.conflict', 409, { count: conflicts.length }, conflicts);
  await recordAudit(tx, audit, {
    action: 'gradebook.conduct.save',
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    after: { termNo, changes: changes.map(({ expectedVersion: _, ...c }) => c) },
  });
  return saved;
}

export interface AbsenceCount {
  studentId: string;
  /** Sessions (buổi) missed with and without permission in the term. */
  excused: number;
  unexcused: number;
}

/**
 * The term's absence counts from the attendance records (public.ts): only the two counts change,
 * conduct and comment stay; each row's version moves on, so a homeroom teacher's form opened
 * before gets 409 instead of writing old counts back. Refused once the year is finalised.
 */
export async function saveAbsences(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  classId: string,
  termNo: number,
  counts: readonly AbsenceCount[],
  source: string,
) {
  const ctx = await requireHomeroom(tx, actor, classId);
  if (!ctx.terms.some((t) => t.no === termNo))
    throw unprocessable('gradebook.marks.invalid', { count: 1 }, [{ path: 'termNo', code: 'gradebook.term.unknown' }]);
  const year = await tx.execute(sql`SELECT 1 FROM gradebook.year_results WHERE class_id = ${ctx.id} AND status = 'final' LIMIT 1`);
  if (year.rows.length) throw conflict('gradebook.year.finalised');
  const roster = await enrolledInClass(tx, ctx.id, [...new Set(counts.map((c) => c.studentId))]);
  const bad: FieldError[] = counts.flatMap((c, i) => [
    ...(roster.has(c.studentId) ? [] : [{ path: `counts.${i}.studentId`, code: 'gradebook.studentNotInClass' }]),
    ...([c.excused, c.unexcused].every((n) => Number.isInteger(n) && n >= 0 && n <= 400)
      ? []
      : [{ path: `counts.${i}`, code: 'gradebook.absences.invalid' }]),
  ]);
  if (bad.length) throw unprocessable('gradebook.marks.invalid', { count: bad.length }, bad);
  const given = JSON.stringify(counts);
  const before = await tx.execute<{ studentId: string; excused: number; unexcused: number }>(sql`
    SELECT student_id AS "studentId", absences_excused AS excused, absences_unexcused AS unexcused FROM gradebook.student_terms
    WHERE class_id = ${ctx.id} AND term_no = ${termNo}
      AND student_id IN (SELECT "studentId" FROM jsonb_to_recordset(${given}::jsonb) AS g("studentId" uuid))
    ORDER BY student_id FOR UPDATE`);
  const { rows } = await tx.execute<{ studentId: string; version: number }>(sql`
    INSERT INTO gradebook.student_terms AS st (class_id, student_id, term_no, absences_excused, absences_unexcused, updated_by)
    SELECT ${ctx.id}::uuid, g."studentId", ${termNo}, g.excused, g.unexcused, ${actor.userId}::uuid
    FROM jsonb_to_recordset(${given}::jsonb) AS g("studentId" uuid, excused smallint, unexcused smallint)
    ON CONFLICT (class_id, student_id, term_no) DO UPDATE SET absences_excused = excluded.absences_excused,
      absences_unexcused = excluded.absences_unexcused, version = st.version + 1, updated_at = now(), updated_by = excluded.updated_by
    RETURNING st.student_id AS "studentId", st.version`);
  await recordAudit(tx, audit, {
    action: 'gradebook.absences.save',
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    before: { termNo, counts: before.rows },
    after: { termNo, counts },
    reason: source,
  });
  return rows;
}

/**
 * Summer steps (TT 22 Art. 13–14): the re-evaluated rèn luyện after summer training and the
 * re-assessed subject results, kept apart from the original year results. Checked by the engine
 * (a step the student does not need is refused) before it is stored.
 */
export async function saveSummer(tx: Tx, actor: Actor, audit: AuditActor, classId: string, studentId: string, summer: Summer) {
  const ctx = await requireHomeroom(tx, actor, classId);
  const input = await loadClassResults(tx, ctx);
  if (!input.roster.some((s) => s.id === studentId))
    throw unprocessable('gradebook.studentNotInClass', {}, [{ path: 'body.studentId', code: 'gradebook.studentNotInClass' }]);
  const year = asRuleErrors(() => studentYear(input, studentId, summer));
  if (!year.result) throw conflict('gradebook.year.incomplete', { missing: year.missing.join(', ') });
  const { rows } = await tx.execute<{ status: string; summer: unknown }>(
    sql`SELECT status, summer FROM gradebook.year_results WHERE student_id = ${studentId} AND school_year_id = ${ctx.schoolYearId} FOR UPDATE`,
  );
  if (!rows[0]) throw conflict('gradebook.year.notFinalised');
  await tx.execute(sql`UPDATE gradebook.year_results SET summer = ${JSON.stringify(summer)}::jsonb, detail = ${JSON.stringify(year.result)}::jsonb,
      final_level = ${year.result.final.learning}, final_conduct = ${year.result.final.conduct}, outcome = ${year.result.outcome},
      computed_at = now(), version = version + 1
    WHERE student_id = ${studentId} AND school_year_id = ${ctx.schoolYearId}`);
  await recordAudit(tx, audit, {
    action: 'gradebook.summer.save',
    entityType: 'gradebook.year_result',
    entityId: studentId,
    orgUnitId: ctx.schoolId,
    before: rows[0].summer ?? null,
    after: { summer, outcome: year.result.outcome, final: year.result.final },
  });
  return year.result;
}

/**
 * The homeroom teacher finalises the year (chốt kết quả cả năm): every sheet of both terms locked,
 * every student complete; then every student's year result is computed by the class's ruleset and
 * stored in one transaction (a re-finalise after an approved correction restates them).
 */
export async function finaliseClass(tx: Tx, actor: Actor, audit: AuditActor, classId: string) {
  const ctx = await requireHomeroom(tx, actor, classId);
  const input = await loadClassResults(tx, ctx);
  const open = [...input.unlocked.entries()].flatMap(([no, codes]) => codes.map((c) => `HK${no}:${c}`));
  if (open.length) throw conflict('gradebook.year.sheetsOpen', { sheets: open.join(', ') });
  if (isTt27(input)) {
    const done = await finaliseTt27Class(tx, actor, audit, ctx, input);
    await publishFinalised(tx, ctx, done.students);
    return done;
  }
  const existing = await tx.execute<{ studentId: string; summer: Summer | null }>(sql`
    SELECT student_id AS "studentId", summer FROM gradebook.year_results WHERE school_year_id = ${ctx.schoolYearId} AND class_id = ${ctx.id} FOR UPDATE`);
  const summers = new Map(existing.rows.map((r) => [r.studentId, r.summer]));
  const incomplete: FieldError[] = [];
  const rows = input.roster.flatMap((s) => {
    const y = asRuleErrors(() => studentYear(input, s.id, summers.get(s.id) ?? null));
    if (!y.result) {
      incomplete.push({
        path: `students.${s.id}`,
        code: 'gradebook.year.studentIncomplete',
        params: { name: s.fullName, missing: y.missing.join(', ') },
      });
      return [];
    }
    return [{ studentId: s.id, result: y.result }];
  });
  if (incomplete.length) throw unprocessable('gradebook.year.incomplete', { missing: String(incomplete.length) }, incomplete.slice(0, 50));
  const payload = rows.map(({ studentId, result: r }) => ({
    student_id: studentId,
    level: r.learning.year.level,
    conduct: r.conduct.year,
    final_level: r.final.learning,
    final_conduct: r.final.conduct,
    outcome: r.outcome,
    title: r.titles[0] ?? null,
    detail: r,
    absences: yearAbsences(input, studentId),
  }));
  await tx.execute(sql`
    INSERT INTO gradebook.year_results (student_id, school_year_id, class_id, school_id, province_id, start_year, grade_no, ruleset, circular,
      level, conduct, final_level, final_conduct, outcome, title, absences, detail, status, finalised_at, finalised_by)
    SELECT r.student_id, ${ctx.schoolYearId}::uuid, ${ctx.id}::uuid, ${ctx.schoolId}::uuid, ${ctx.provinceId}::uuid, ${ctx.startYear}, ${ctx.gradeNo},
      ${input.ruleset}, 'tt22', r.level, r.conduct, r.final_level, r.final_conduct, r.outcome, r.title, r.absences, r.detail, 'final', now(), ${actor.userId}::uuid
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(student_id uuid, level text, conduct text, final_level text, final_conduct text,
      outcome text, title text, absences smallint, detail jsonb)
    ON CONFLICT (student_id, school_year_id) DO UPDATE SET class_id = excluded.class_id, level = excluded.level, conduct = excluded.conduct,
      final_level = excluded.final_level, final_conduct = excluded.final_conduct, outcome = excluded.outcome, title = excluded.title,
      absences = excluded.absences, detail = excluded.detail, status = 'final', computed_at = now(), finalised_at = now(),
      finalised_by = excluded.finalised_by, version = gradebook.year_results.version + 1`);
  const count = (k: string) => payload.filter((p) => p.outcome === k).length;
  await recordAudit(tx, audit, {
    action: 'gradebook.year.finalise',
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    bulk: {
      counts: {
        students: payload.length,
        promoted: count('LL'),
        summerTraining: count('RLH'),
        reassessment: count('KTL'),
        repeat: count('OLL'),
      },
    },
  });
  await publishFinalised(tx, ctx, payload.length);
  return { students: payload.length };
}

const publishFinalised = (tx: Tx, ctx: ClassContext, students: number) =>
  publishEvent(
    tx,
    'gradebook.year.finalised',
    { classId: ctx.id, schoolId: ctx.schoolId, schoolYearId: ctx.schoolYearId, students },
    ctx.schoolId,
  );
