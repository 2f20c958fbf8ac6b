import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import type { FileService } from '../../../platform/files/index.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../../platform/errors.ts';
import { type Actor, pathInScope, scopeOf } from '../../identity/public.ts';
import { type ClassContext, subjectsOfClass, transcriptSigners } from '../../registry/public.ts';
import { requireClass } from '../access.ts';
import { activeKey, type KeyOwner, signPdf, trustedRootCertificates, unlockSigner } from '../../signing/public.ts';
import { transcriptData } from '../transcript-data.ts';
import { readTranscriptFile, writeTranscriptFile } from '../transcript-files.ts';
import { renderTranscript, TRANSCRIPT_REASON, TRANSCRIPT_ROLES, type TranscriptRole } from '../transcripts/index.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';

export const SIGN = 'gradebook.transcript.sign';

export type TranscriptRow = {
  id: string;
  code: string;
  studentId: string;
  schoolYearId: string;
  classId: string;
  schoolId: string;
  version: number;
  status: 'generated' | 'signed_homeroom' | 'signed_principal' | 'sealed' | 'superseded';
  reason: string | null;
  file: string;
  fingerprint: string | null;
  signatures: { role: TranscriptRole; signer: string; at: string; keyId: string }[];
  createdAt: Date;
  sealedAt: Date | null;
  staleSince: Date | null;
  staleReason: string | null;
};

/** The columns of a transcript row; the table is always aliased `t`. */
export const transcriptColumns = sql`t.id, t.code, t.student_id AS "studentId", t.school_year_id AS "schoolYearId", t.class_id AS "classId",
  t.school_id AS "schoolId", t.version, t.status, t.reason, t.file, t.fingerprint, t.signatures, t.created_at AS "createdAt", t.sealed_at AS "sealedAt",
  t.stale_since AS "staleSince", t.stale_reason AS "staleReason"`;

/** A short public identifier for the QR code: 16 characters of an unambiguous alphabet. */
const newCode = () => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
};

export interface TranscriptEnv {
  files: FileService;
  publicUrl: string;
}

/** The principal (or anyone holding the sign permission at the school), or the homeroom teacher when `homeroomToo`. */
async function requireTranscriptRole(
  q: Queryable,
  actor: Actor,
  classId: string,
): Promise<{ ctx: ClassContext; homeroom: boolean; principal: boolean }> {
  const { ctx, homeroom, staff } = await requireClass(q, actor, classId);
  const sign = await scopeOf(q, actor, SIGN);
  const principal = pathInScope(ctx.schoolPath, sign);
  if (!homeroom && !principal) throw staff ? forbidden() : notFound();
  return { ctx, homeroom, principal };
}

async function renderFor(
  q: Queryable,
  env: TranscriptEnv,
  ctx: ClassContext,
  studentId: string,
  code: string,
  version: number,
  test: boolean,
) {
  const [subjects, signers] = await Promise.all([subjectsOfClass(q, ctx), transcriptSigners(q, ctx.id)]);
  const data = await transcriptData(
    q,
    {
      ctx,
      subjects,
      authority: signers.authority.toUpperCase(),
      place: signers.place,
      homeroomName: signers.homeroomName ?? '',
      principalName: signers.principalName ?? '',
      issuedOn: today(),
      verificationUrl: (c) => `${env.publicUrl}/verify/${c}`,
      test,
    },
    studentId,
    code,
    version,
  );
  return data ? renderTranscript(data) : undefined;
}

/** Whether the keys that will sign are the demo's test certificates (the PDF then says so on every page). */
async function signsWithTestKeys(q: Queryable, schoolId: string): Promise<boolean> {
  return (await activeKey(q, { kind: 'seal', unitId: schoolId }))?.test ?? true;
}

/**
 * Generates the transcripts of a class for its finalised year (one batch for the whole class):
 * a PDF per student with a new verification code, ready for signatures. Students who already have
 * a current transcript of the year are left as they are (a change after sealing is a revision).
 */
export async function generateClassTranscripts(tx: Tx, actor: Actor, audit: AuditActor, env: TranscriptEnv, classId: string) {
  const { ctx } = await requireTranscriptRole(tx, actor, classId);
  const { rows: finals } = await tx.execute<{ studentId: string }>(sql`
    SELECT yr.student_id AS "studentId" FROM gradebook.year_results yr
    WHERE yr.class_id = ${ctx.id} AND yr.status = 'final'
      AND NOT EXISTS (SELECT 1 FROM gradebook.transcripts t WHERE t.student_id = yr.student_id AND t.school_year_id = yr.school_year_id AND t.status <> 'superseded')`);
  const { rows: any } = await tx.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM gradebook.year_results WHERE class_id = ${ctx.id} AND status = 'final'`,
  );
  if (any[0]!.n === 0) throw conflict('gradebook.year.notFinalised');
  const test = await signsWithTestKeys(tx, ctx.schoolId);
  let made = 0;
  for (const { studentId } of finals) {
    const code = newCode();
    const pdf = await renderFor(tx, env, ctx, studentId, code, 1, test);
    if (!pdf) continue;
    const { rows } = await tx.execute<{ id: string }>(sql`
      INSERT INTO gradebook.transcripts (code, student_id, school_year_id, class_id, school_id, version, file, created_by)
      VALUES (${code}, ${studentId}, ${ctx.schoolYearId}, ${ctx.id}, ${ctx.schoolId}, 1, '', ${actor.userId}) RETURNING id`);
    const file = await writeTranscriptFile(env.files, tx, ctx.schoolId, rows[0]!.id, 0, pdf);
    await tx.execute(sql`UPDATE gradebook.transcripts SET file = ${file} WHERE id = ${rows[0]!.id}`);
    made++;
  }
  await recordAudit(tx, audit, {
    action: 'gradebook.transcript.generate',
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    bulk: { counts: { transcripts: made } },
  });
  return { generated: made };
}

const STEP: Record<TranscriptRole, { from: TranscriptRow['status']; to: TranscriptRow['status'] }> = {
  homeroomTeacher: { from: 'generated', to: 'signed_homeroom' },
  principal: { from: 'signed_homeroom', to: 'signed_principal' },
  seal: { from: 'signed_principal', to: 'sealed' },
};

/**
 * One signature on every transcript of the class waiting for it, in the order of §8.2: the
 * homeroom teacher with their personal certificate, then the principal with theirs, then the
 * school seal. The key is unlocked with the holder's passphrase for this call only. The seal makes
 * the transcript final: its SHA-256 is registered for verification.
 */
export async function signClassTranscripts(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  env: TranscriptEnv,
  classId: string,
  role: TranscriptRole,
  passphrase: string,
) {
  const { ctx, homeroom, principal } = await requireTranscriptRole(tx, actor, classId);
  if (role === 'homeroomTeacher' ? !homeroom : !principal) throw forbidden('gradebook.transcript.notYourSignature');
  const owner: KeyOwner = role === 'seal' ? { kind: 'seal', unitId: ctx.schoolId } : { kind: 'personal', userId: actor.userId };
  const step = STEP[role];
  const { rows: waiting } = await tx.execute<TranscriptRow>(sql`SELECT ${transcriptColumns} FROM gradebook.transcripts t
    WHERE class_id = ${ctx.id} AND status = ${step.from} ORDER BY id FOR UPDATE`);
  if (waiting.length === 0) throw conflict('gradebook.transcript.nothingToSign');
  const { signer, key } = await unlockSigner(tx, owner, passphrase, 'passphrase');
  const trustedRoots = await trustedRootCertificates(tx);
  const at = new Date();
  for (const t of waiting) {
    const signed = await signPdf(await readTranscriptFile(env.files, t.file), signer, {
      role,
      reason: TRANSCRIPT_REASON[role],
      roleOrder: TRANSCRIPT_ROLES,
      trustedRoots,
      signingTime: at,
      location: ctx.schoolName,
    });
    const file = await writeTranscriptFile(env.files, tx, t.schoolId, t.id, t.signatures.length + 1, signed);
    const signatures = [...t.signatures, { role, signer: key.subject, at: at.toISOString(), keyId: key.id }];
    const fingerprint = role === 'seal' ? createHash('sha256').update(signed).digest('hex') : null;
    await tx.execute(sql`UPDATE gradebook.transcripts SET status = ${step.to}, file = ${file}, signatures = ${JSON.stringify(signatures)}::jsonb,
        fingerprint = ${fingerprint}, sealed_at = ${role === 'seal' ? at.toISOString() : null}
      WHERE id = ${t.id}`);
  }
  await recordAudit(tx, audit, {
    action: `gradebook.transcript.sign.${role}`,
    entityType: 'registry.class',
    entityId: ctx.id,
    orgUnitId: ctx.schoolId,
    after: { keyId: key.id, certificate: key.subject },
    bulk: { counts: { transcripts: waiting.length } },
  });
  return { signed: waiting.length, status: step.to };
}

/**
 * A principal-approved correction changed the grade book of a pupil's year (issue 14 §9): the
 * pupil's sealed transcript of that year no longer matches it. It is marked stale — the school's
 * screens list it and the public page says a newer version is due — until the school issues the
 * new version (reviseTranscript), which supersedes it.
 */
export async function markTranscriptStale(
  tx: Tx,
  audit: AuditActor,
  change: { studentId: string; schoolYearId: string; correctionId: string; reason: string },
): Promise<number> {
  const { rows } = await tx.execute<{ id: string; schoolId: string; version: number }>(sql`
    UPDATE gradebook.transcripts SET stale_since = now(), stale_reason = ${change.reason}, stale_correction_id = ${change.correctionId}
    WHERE student_id = ${change.studentId} AND school_year_id = ${change.schoolYearId} AND status = 'sealed'
    RETURNING id, school_id AS "schoolId", version`);
  for (const t of rows)
    await recordAudit(tx, audit, {
      action: 'gradebook.transcript.stale',
      entityType: 'gradebook.transcript',
      entityId: t.id,
      orgUnitId: t.schoolId,
      after: { version: t.version, correctionId: change.correctionId },
      reason: change.reason,
    });
  return rows.length;
}

export type StaleTranscript = {
  id: string;
  code: string;
  studentId: string;
  studentName: string;
  classId: string;
  className: string;
  version: number;
  status: TranscriptRow['status'];
  staleSince: Date;
  staleReason: string;
  /** The year result was restated (re-finalised) after the correction: the new version can be issued. */
  ready: boolean;
};

/** The pupils of a school whose current transcript no longer matches the grade book. */
export async function staleTranscripts(q: Queryable, schoolId: string): Promise<StaleTranscript[]> {
  const { rows } = await q.execute<StaleTranscript>(sql`
    SELECT t.id, t.code, t.student_id AS "studentId", s.full_name AS "studentName", t.class_id AS "classId", c.name AS "className",
      t.version, t.status, t.stale_since AS "staleSince", t.stale_reason AS "staleReason",
      COALESCE(yr.computed_at > t.stale_since, false) AS ready
    FROM gradebook.transcripts t JOIN registry.students s ON s.id = t.student_id JOIN registry.classes c ON c.id = t.class_id
    LEFT JOIN gradebook.year_results yr ON yr.student_id = t.student_id AND yr.school_year_id = t.school_year_id AND yr.status = 'final'
    WHERE t.school_id = ${schoolId} AND t.stale_since IS NOT NULL AND t.status <> 'superseded'
    ORDER BY c.name, s.full_name LIMIT 1000`);
  return rows;
}

/** The reason a stale transcript's new version carries by default: the correction that made it stale. */
export const correctionReason = (staleReason: string) => `Điều chỉnh điểm được hiệu trưởng phê duyệt: ${staleReason}`;

/**
 * A sealed transcript never changes: a correction is a new version (with its reason) generated
 * from the current year result, to be signed again; the sealed one is marked superseded and its
 * verification page says so. A transcript made stale by an approved correction takes the
 * correction as its reason unless another is given, and waits until the year result is restated.
 */
export async function reviseTranscript(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  env: TranscriptEnv,
  id: string,
  reasonGiven: string | undefined,
) {
  if (!isUuid(id)) throw notFound();
  const { rows } = await tx.execute<TranscriptRow>(
    sql`SELECT ${transcriptColumns} FROM gradebook.transcripts t WHERE t.id = ${id} FOR UPDATE`,
  );
  const old = rows[0];
  if (!old) throw notFound();
  const { ctx } = await requireTranscriptRole(tx, actor, old.classId);
  if (old.status !== 'sealed') throw conflict('gradebook.transcript.notSealed');
  if (old.staleSince) {
    const { rows: yr } = await tx.execute<{ ready: boolean }>(sql`
      SELECT computed_at > ${new Date(old.staleSince).toISOString()}::timestamptz AS ready FROM gradebook.year_results
      WHERE student_id = ${old.studentId} AND school_year_id = ${old.schoolYearId} AND status = 'final'`);
    if (!yr[0]?.ready) throw conflict('gradebook.transcript.refinaliseFirst');
  }
  const reason = reasonGiven?.trim() || (old.staleReason ? correctionReason(old.staleReason) : '');
  if (reason.length < 5)
    throw unprocessable('gradebook.transcript.reasonRequired', {}, [{ path: 'body.reason', code: 'gradebook.transcript.reasonRequired' }]);
  const code = newCode();
  const pdf = await renderFor(tx, env, ctx, old.studentId, code, old.version + 1, await signsWithTestKeys(tx, ctx.schoolId));
  if (!pdf) throw conflict('gradebook.year.notFinalised');
  await tx.execute(sql`UPDATE gradebook.transcripts SET status = 'superseded' WHERE id = ${old.id}`);
  const { rows: made } = await tx.execute<{ id: string }>(sql`
    INSERT INTO gradebook.transcripts (code, student_id, school_year_id, class_id, school_id, version, reason, file, created_by)
    VALUES (${code}, ${old.studentId}, ${old.schoolYearId}, ${old.classId}, ${old.schoolId}, ${old.version + 1}, ${reason}, '', ${actor.userId}) RETURNING id`);
  const file = await writeTranscriptFile(env.files, tx, old.schoolId, made[0]!.id, 0, pdf);
  await tx.execute(sql`UPDATE gradebook.transcripts SET file = ${file} WHERE id = ${made[0]!.id}`);
  await tx.execute(sql`UPDATE gradebook.transcripts SET superseded_by = ${made[0]!.id} WHERE id = ${old.id}`);
  await recordAudit(tx, audit, {
    action: 'gradebook.transcript.revise',
    entityType: 'gradebook.transcript',
    entityId: made[0]!.id,
    orgUnitId: old.schoolId,
    before: { id: old.id, version: old.version, fingerprint: old.fingerprint, staleSince: old.staleSince },
    after: { version: old.version + 1 },
    reason,
  });
  return made[0]!.id;
}
