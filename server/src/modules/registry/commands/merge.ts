import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { pgErrorOf, type Queryable, type Tx } from '../../../platform/db/database.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { type Actor, inScope, requireAccess, scopeOf } from '../../identity/public.ts';
import { isUuid } from '../access.ts';
import * as repo from '../repo.ts';
import { type DuplicateCandidate, findDuplicates } from '../rules/dedup.ts';
import { clashingYears, type MergeChoice, mergedValues, mergeProblem, orderedPair } from '../rules/merge.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { duplicateDismissals, enrolments, studentMerges, students } from '../schema.ts';
import { asDomainErrors, checkVersion, RegistryRuleError } from './common.ts';
import { refreshStudentStatus, studentSnapshot } from './students.ts';

export const MERGE = 'registry.student.merge';

export interface DuplicateBrief {
  id: string;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  birthProvinceCode: string | null;
  cccd: string | null;
  moetCode: string | null;
  schoolId: string;
  schoolName: string;
  status: string;
  className: string | null;
}

/**
 * Suspected duplicates among the students the caller may merge: pairs that share a CCCD, a MOET
 * code, or a folded name and birth date, found by the database (indexed self-joins), then judged
 * by the dedup rules (two different birthplaces keep a pair apart). Dismissed pairs are left out.
 */
export async function listDuplicates(
  q: Queryable,
  actor: Actor,
  limit = 200,
): Promise<Array<DuplicateCandidate & { first: DuplicateBrief; second: DuplicateBrief }>> {
  const scope = await scopeOf(q, actor, MERGE);
  if (scope.paths.length === 0) return [];
  const pairs = (
    await q.execute(sql`
    WITH vis AS MATERIALIZED (
      SELECT s.id, s.province_id, s.name_fold, s.date_of_birth, s.cccd, upper(s.moet_code) AS moet
      FROM registry.students s JOIN org.units u ON u.id = s.school_id
      WHERE s.status <> 'merged' AND ${inScope(sql`u.path`, scope)}
    ), pairs AS (
      SELECT a.id AS a, b.id AS b FROM vis a JOIN vis b
        ON b.province_id = a.province_id AND b.name_fold = a.name_fold AND b.date_of_birth = a.date_of_birth AND a.id < b.id
      UNION SELECT a.id, b.id FROM vis a JOIN vis b ON b.moet = a.moet AND a.id < b.id
      UNION SELECT a.id, b.id FROM vis a JOIN vis b ON b.cccd = a.cccd AND a.id < b.id
    )
    SELECT p.a::text AS a, p.b::text AS b FROM pairs p
    WHERE NOT EXISTS (SELECT 1 FROM registry.duplicate_dismissals d WHERE d.student_a = p.a AND d.student_b = p.b)
    ORDER BY p.a, p.b LIMIT ${limit}`)
  ).rows as { a: string; b: string }[];
  if (pairs.length === 0) return [];
  const briefs = await briefsOf(q, [...new Set(pairs.flatMap((p) => [p.a, p.b]))]);
  const out: Array<DuplicateCandidate & { first: DuplicateBrief; second: DuplicateBrief }> = [];
  for (const p of pairs) {
    const first = briefs.get(p.a);
    const second = briefs.get(p.b);
    if (!first || !second) continue;
    const [candidate] = findDuplicates([first, second], undefined, { nameAndDateOnly: true });
    if (candidate) out.push({ ...candidate, first, second });
  }
  return out.sort((x, y) => (x.level === y.level ? 0 : x.level === 'certain' ? -1 : 1));
}

async function briefsOf(q: Queryable, ids: string[]): Promise<Map<string, DuplicateBrief>> {
  const rows = (
    await q.execute(sql`
    SELECT s.id::text AS id, s.full_name AS "fullName", s.sex, s.date_of_birth::text AS "dateOfBirth", s.birth_province_code AS "birthProvinceCode",
      s.cccd, s.moet_code AS "moetCode", s.school_id AS "schoolId", u.name AS "schoolName", s.status,
      (SELECT c.name FROM registry.enrolments e JOIN registry.classes c ON c.id = e.class_id
        WHERE e.student_id = s.id AND e.status NOT IN ('transferred_out', 'dropped_out') ORDER BY e.start_year DESC LIMIT 1) AS "className"
    FROM registry.students s JOIN org.units u ON u.id = s.school_id
    WHERE s.id = ANY(${`{${ids.join(',')}}`}::uuid[])`)
  ).rows as unknown as DuplicateBrief[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Both records, within the caller's merge scope (404 otherwise: also for a merged tombstone). */
export async function requireMergeable(q: Queryable, actor: Actor, ids: string[]): Promise<void> {
  if (ids.some((id) => !isUuid(id))) throw notFound();
  await requireAccess(q, actor, MERGE, { kind: 'registry.student', ids });
}

/** What the side-by-side screen shows of one record. */
export async function comparisonOf(q: Queryable, id: string) {
  const s = await repo.findStudent(q, id);
  if (!s) throw notFound();
  const [school, guardians, enrolmentRows, pending] = await Promise.all([
    q.execute(sql`SELECT name FROM org.units WHERE id = ${s.schoolId}`),
    repo.guardiansOf(q, id),
    repo.enrolmentsOf(q, id),
    q.execute(sql`SELECT count(*)::int AS n FROM registry.transfers WHERE student_id = ${id} AND status = 'pending'`),
  ]);
  return {
    record: s,
    schoolName: (school.rows[0] as { name: string } | undefined)?.name ?? '',
    guardians: guardians.map((g) => ({ id: g.id, fullName: g.fullName, relation: g.relation, phone: g.phone })),
    enrolments: enrolmentRows.map((e) => ({
      id: e.id,
      schoolName: e.schoolName,
      className: e.className,
      startYear: e.startYear,
      status: e.status,
    })),
    pendingTransfers: (pending.rows[0] as { n: number }).n,
  };
}

/**
 * Every column of every table that references registry.students (other modules' too), read from
 * the catalogue: foreign keys, and the references checked per statement (registry.require_parents,
 * whose trigger arguments are the column and the referenced table).
 */
export async function referencesToStudents(
  q: Queryable,
): Promise<Array<{ schema: string; table: string; column: string; appendOnly: boolean }>> {
  const result = await q.execute(sql`
    WITH refs AS (
      SELECT k.conrelid AS rel, a.attname AS "column"
      FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'f' AND k.confrelid = 'registry.students'::regclass AND array_length(k.conkey, 1) = 1
      UNION
      SELECT tg.tgrelid, split_part(encode(tg.tgargs, 'escape'), '\\000', 1)
      FROM pg_trigger tg
      WHERE tg.tgfoid = 'registry.require_parents'::regproc AND split_part(encode(tg.tgargs, 'escape'), '\\000', 2) = 'registry.students'
    )
    SELECT n.nspname AS schema, c.relname AS "table", r."column",
      EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal AND tg.tgname LIKE '%append_only%') AS "appendOnly"
    FROM refs r JOIN pg_class c ON c.oid = r.rel JOIN pg_namespace n ON n.oid = c.relnamespace
    ORDER BY 1, 2, 3`);
  return result.rows as Array<{ schema: string; table: string; column: string; appendOnly: boolean }>;
}

/** Tables whose references stay with the merged id (the tombstone resolves them). */
const keepOldId = new Set(['registry.student_merges', 'registry.duplicate_dismissals']);

export interface MergeInput {
  survivorId: string;
  mergedId: string;
  survivorVersion: number;
  mergedVersion: number;
  keep: MergeChoice;
}

/**
 * Merges `mergedId` into `survivorId` in one transaction: every reference to the merged record
 * (enrolments and their history, guardian links, transfers, grade-book marks… found in the
 * catalogue) moves to the survivor, the survivor takes the field values the human chose, the
 * merged record stays as a tombstone that old links resolve through, and one audit event keeps
 * both records before and the survivor after. Append-only history keeps the old id.
 */
export async function mergeStudents(tx: Tx, actor: Actor, audit: AuditActor, input: MergeInput) {
  return asDomainErrors(async () => {
    await requireMergeable(tx, actor, [input.survivorId, input.mergedId]);
    // Lock both in id order (two clerks merging crosswise wait, never deadlock).
    const locked = await tx
      .select()
      .from(students)
      .where(sql`${students.id} IN (${input.survivorId}, ${input.mergedId})`)
      .orderBy(students.id)
      .for('update');
    const survivor = locked.find((s) => s.id === input.survivorId);
    const merged = locked.find((s) => s.id === input.mergedId);
    if (!survivor || !merged) throw notFound();
    const problem = mergeProblem(survivor, merged);
    if (problem) throw new RegistryRuleError(problem, 'mergedId');
    checkVersion(survivor, input.survivorVersion);
    checkVersion(merged, input.mergedVersion);
    const [es, em] = await Promise.all([
      tx.select().from(enrolments).where(eq(enrolments.studentId, survivor.id)),
      tx.select().from(enrolments).where(eq(enrolments.studentId, merged.id)),
    ]);
    const clash = clashingYears(es, em);
    if (clash.length > 0)
      throw new RegistryRuleError('registry.merge.enrolmentClash', 'mergedId', { years: clash.map((y) => `${y}–${y + 1}`).join(', ') });
    const pending = await tx.execute(sql`SELECT 1 FROM registry.transfers WHERE student_id = ${merged.id} AND status = 'pending'`);
    if (pending.rows.length > 0) throw new RegistryRuleError('registry.merge.pendingTransfer', 'mergedId');

    const patch = mergedValues(survivor, merged, input.keep);
    // 1. The merged record becomes a tombstone; its identifiers free for the survivor.
    await tx
      .update(students)
      .set({ cccd: null, moetCode: null, status: 'merged', version: merged.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(students.id, merged.id));
    // 2. Guardian links the survivor already has; one primary contact.
    await tx.execute(sql`DELETE FROM registry.student_guardians WHERE student_id = ${merged.id}
      AND guardian_id IN (SELECT guardian_id FROM registry.student_guardians WHERE student_id = ${survivor.id})`);
    await tx.execute(sql`UPDATE registry.student_guardians SET primary_contact = false WHERE student_id = ${merged.id}
      AND EXISTS (SELECT 1 FROM registry.student_guardians p WHERE p.student_id = ${survivor.id} AND p.primary_contact)`);
    // 3. "Not a duplicate" answers about the merged record no longer mean anything.
    await tx.execute(sql`DELETE FROM registry.duplicate_dismissals WHERE student_a = ${merged.id} OR student_b = ${merged.id}`);
    // 4. Every other reference moves to the survivor.
    const moved: Record<string, number> = {};
    for (const ref of await referencesToStudents(tx)) {
      const name = `${ref.schema}.${ref.table}`;
      if (ref.appendOnly || keepOldId.has(name)) continue;
      try {
        const res =
          await tx.execute(sql`UPDATE ${sql.identifier(ref.schema)}.${sql.identifier(ref.table)} SET ${sql.identifier(ref.column)} = ${survivor.id}
          WHERE ${sql.identifier(ref.column)} = ${merged.id}`);
        const n =
          (res as unknown as { rowCount?: number; affectedRows?: number }).rowCount ??
          (res as unknown as { affectedRows?: number }).affectedRows ??
          0;
        if (n > 0) moved[`${name}.${ref.column}`] = n;
      } catch (err) {
        if (pgErrorOf(err)?.code === '23505') throw conflict('registry.merge.conflict', { table: name });
        throw err;
      }
    }
    // 5. The survivor takes the chosen values.
    const fields = patch as Partial<typeof students.$inferInsert>;
    const [next] = await tx
      .update(students)
      .set({
        ...fields,
        ...(fields.fullName ? { sortKey: vietnameseSortKey(fields.fullName) } : {}),
        version: survivor.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(students.id, survivor.id))
      .returning();
    // 6. The tombstone, and older tombstones that pointed at the merged record.
    await tx.update(studentMerges).set({ survivorId: survivor.id }).where(eq(studentMerges.survivorId, merged.id));
    await tx
      .insert(studentMerges)
      .values({ mergedId: merged.id, survivorId: survivor.id, provinceId: survivor.provinceId, mergedBy: actor.userId });
    await refreshStudentStatus(tx, survivor.id);
    await recordAudit(tx, audit, {
      action: 'registry.student.merge',
      entityType: 'registry.student',
      entityId: survivor.id,
      orgUnitId: survivor.schoolId,
      before: { survivor: studentSnapshot(survivor), merged: studentSnapshot(merged) },
      after: { survivor: studentSnapshot(next!), mergedId: merged.id, keep: input.keep, moved },
    });
    return { survivorId: survivor.id, moved };
  });
}

/** "Not a duplicate": remembered for the pair (in either order); saying it twice changes nothing. */
export async function dismissDuplicate(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  input: { a: string; b: string; reason?: string | undefined },
) {
  return asDomainErrors(async () => {
    if (input.a === input.b) throw new RegistryRuleError('registry.merge.sameRecord', 'b');
    await requireMergeable(tx, actor, [input.a, input.b]);
    const [a, b] = orderedPair(input.a, input.b);
    const s = await repo.findStudent(tx, a);
    const inserted = await tx
      .insert(duplicateDismissals)
      .values({ provinceId: s!.provinceId, studentA: a, studentB: b, reason: input.reason || null, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (inserted.length > 0) {
      await recordAudit(tx, audit, {
        action: 'registry.student.notDuplicate',
        entityType: 'registry.student',
        entityId: a,
        orgUnitId: s!.schoolId,
        after: { studentA: a, studentB: b },
        reason: input.reason ?? null,
      });
    }
    return { dismissed: true as const };
  });
}
