import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { createRng, type Rng } from '../../../platform/seed/names.ts';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { hashPassword } from '../../identity/public.ts';
import { DEMO_PASSWORD } from '../../identity/seed/demo-accounts.ts';
import {
  type ClassContext,
  type ClassSubject,
  classContext,
  classRoster,
  type RosterEntry,
  subjectsOfClass,
} from '../../registry/public.ts';
import { slotsOf } from '../cells.ts';
import * as repo from '../repo.ts';
import { storeTermResults } from '../results/term-results.ts';
import { activeKey, addTrustedRoot, createTestPki, storeSigningKey } from '../../signing/public.ts';
import { abilityTenths, absences, conductLevel, markTenths, SUBJECT_REMARKS, TERM_REMARKS, tenthsText } from './scores.ts';

/**
 * The grade book's demo (phase 30, demo size only): what the browser journey of issue 6 starts
 * from. A CONTRACT the e2e journey relies on — change it only together with e2e/:
 *
 * - Signing: a test CA generated at seed time (never committed) is a trusted root; `gvcn` and
 *   `hieutruong` hold personal test certificates and hieutruong's school its seal, all sealed under
 *   the passphrase `HocBa@2026` (DEMO_SIGNING_PASSPHRASE). The school profile names hieutruong as
 *   principal so the name prints on transcripts.
 * - HK1 of 2026–2027 at the demo accounts' schools (hieutruong/giaovien/gvcn's school and
 *   giaovien2's): every class and subject has tx1, tx2 and gk entered (a few "M" = missed), ck not
 *   yet, comments on some students, about half of the sheets published (every sheet of giaovien's
 *   first class). EXCEPT the TOAN HK1 sheet of giaovien's first class (the first class giaovien
 *   teaches TOAN in by grade and name = list[0] of registry's assignDemoTeachers): no sheet, no
 *   cell — the journey pastes it.
 * - DEMO SHORTCUT: gvcn's homeroom class has every subject of BOTH terms complete and locked by the
 *   principal (term_results stored by storeTermResults, as the lock does), conduct, absences and a
 *   comment recorded for both terms, and the year NOT finalised: the journey finalises, generates
 *   and signs. (In a real school HK2 would not exist yet in November.)
 * - `phuhuynh` (password GiaoDucSo@2026, a guardian account, demo password) is linked to the
 *   guardian record (primary contact first) of the first student, in Vietnamese order, of
 *   giaovien's first class.
 * TT 27 (primary) classes get no HK1 cells: their term level is assessed at the end of the term.
 */
export const DEMO_SIGNING_PASSPHRASE = 'HocBa@2026';
export const DEMO_GUARDIAN_USERNAME = 'phuhuynh';

type Person = { id: string; username: string; displayName: string; homeUnitId: string | null };

async function demoPeople(tx: Tx): Promise<Map<string, Person>> {
  const { rows } = await tx.execute<Person>(sql`SELECT id, username, display_name AS "displayName", home_unit_id AS "homeUnitId"
    FROM identity.users WHERE username IN ('giaovien', 'gvcn', 'hieutruong', 'giaovien2')`);
  return new Map(rows.map((p) => [p.username, p]));
}

/** giaovien's first class: the first class they teach TOAN in, by grade and name (list[0] of assignDemoTeachers). */
export async function giaovienFirstClass(tx: Tx): Promise<string | undefined> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT c.id FROM registry.teaching_assignments ta JOIN registry.classes c ON c.id = ta.class_id
    JOIN identity.users u ON u.id = ta.teacher_id
    WHERE u.username = 'giaovien' AND ta.subject_code = 'TOAN' ORDER BY c.grade_no, c.name LIMIT 1`);
  return rows[0]?.id;
}

/** gvcn's homeroom class (the one the journey finalises). */
export async function gvcnClass(tx: Tx): Promise<string | undefined> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT c.id FROM registry.classes c JOIN identity.users u ON u.id = c.homeroom_teacher_id
    WHERE u.username = 'gvcn' ORDER BY c.grade_no, c.name LIMIT 1`);
  return rows[0]?.id;
}

export const demoSigningStep: SeedStep = {
  id: 'gradebook.demo-signing',
  version: 1,
  phase: 30,
  async run({ tx, size, log }) {
    if (size !== 'demo') return;
    const people = await demoPeople(tx);
    const gvcn = people.get('gvcn');
    const principal = people.get('hieutruong');
    if (!gvcn || !principal?.homeUnitId) {
      log.warn('no demo accounts: gradebook demo keys not created');
      return;
    }
    const schoolId = principal.homeUnitId;
    const school = (
      await tx.execute<{ name: string; provinceId: string }>(sql`
      SELECT name, split_part(trim(leading '/' from path), '/', 1)::uuid AS "provinceId" FROM org.units WHERE id = ${schoolId}`)
    ).rows[0]!;
    // The transcripts print the principal from the school profile (registry's own seed step sets it
    // from the principal's grant). A minimal profile when there is none, or one without a principal.
    await tx.execute(sql`INSERT INTO registry.school_profiles (school_id, province_id, principal_user_id)
      VALUES (${schoolId}, ${school.provinceId}, ${principal.id})
      ON CONFLICT (school_id) DO UPDATE SET principal_user_id = excluded.principal_user_id WHERE registry.school_profiles.principal_user_id IS NULL`);

    const owners = [
      { kind: 'personal', userId: gvcn.id },
      { kind: 'personal', userId: principal.id },
      { kind: 'seal', unitId: schoolId },
    ] as const;
    const present = await Promise.all(owners.map((o) => activeKey(tx, o)));
    if (present.every(Boolean)) return;
    const pass = DEMO_SIGNING_PASSPHRASE;
    const pki = await createTestPki({
      schoolName: school.name,
      homeroomTeacherName: gvcn.displayName,
      principalName: principal.displayName,
      passphrases: { homeroomTeacher: pass, principal: pass, seal: pass },
    });
    await addTrustedRoot(tx, pki.ca.name, pki.ca.certificate, true);
    await storeSigningKey(tx, owners[0], pki.homeroomTeacher.p12, pass, null);
    await storeSigningKey(tx, owners[1], pki.principal.p12, pass, null);
    await storeSigningKey(tx, owners[2], pki.seal.p12, pass, null);
    await recordAudit(tx, systemActor('seed'), {
      action: 'gradebook.seed.signing',
      entityType: 'signing.signing_key',
      orgUnitId: schoolId,
      after: { ca: pki.ca.name, personal: ['gvcn', 'hieutruong'], seal: school.name, test: true },
    });
    log.info({ school: school.name }, 'gradebook demo signing keys created');
  },
};

const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);

type CellRow = { student_id: string; slot: string; score: string | null; level: string | null; missed: boolean };

/** The marks of one sheet: `slots` filled for each student (a missed assessment with probability `missed`). */
function cellsFor(
  rng: Rng,
  subject: ClassSubject,
  roster: RosterEntry[],
  ability: Map<string, number>,
  slots: readonly string[],
  missed: number,
): CellRow[] {
  const rows: CellRow[] = [];
  for (const s of roster) {
    for (const slot of slots) {
      if (missed > 0 && rng.chance(missed)) {
        rows.push({ student_id: s.id, slot, score: null, level: null, missed: true });
      } else if (subject.assessment === 'NX') {
        const pass = rng.next() < 0.94 + (ability.get(s.id)! - 70) / 400;
        rows.push({ student_id: s.id, slot, score: null, level: pass ? 'D' : 'CD', missed: false });
      } else {
        const t = markTenths(rng, ability.get(s.id)!, slot.startsWith('tx') ? 5 : 1);
        rows.push({ student_id: s.id, slot, score: tenthsText(t), level: null, missed: false });
      }
    }
  }
  return rows;
}

async function writeCells(tx: Tx, sheetId: string, rows: CellRow[], by: string | null): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`INSERT INTO gradebook.marks (sheet_id, student_id, slot, score, level, missed, updated_by)
    SELECT ${sheetId}::uuid, r.student_id, r.slot, r.score, r.level, r.missed, ${by}::uuid
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(student_id uuid, slot text, score numeric, level text, missed boolean)
    ON CONFLICT (sheet_id, student_id, slot) DO NOTHING`);
}

async function writeRemarks(tx: Tx, rng: Rng, sheetId: string, roster: RosterEntry[], by: string | null, share: number): Promise<void> {
  const rows = roster.filter(() => rng.chance(share)).map((s) => ({ student_id: s.id, text: rng.pick(SUBJECT_REMARKS) }));
  if (rows.length === 0) return;
  await tx.execute(sql`INSERT INTO gradebook.remarks (sheet_id, student_id, text, updated_by)
    SELECT ${sheetId}::uuid, r.student_id, r.text, ${by}::uuid FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(student_id uuid, text text)
    ON CONFLICT (sheet_id, student_id) DO NOTHING`);
}

interface ClassPlan {
  ctx: ClassContext;
  subjects: ClassSubject[];
  roster: RosterEntry[];
  ability: Map<string, number>;
  rng: Rng;
}

async function planClass(tx: Tx, classId: string, seed: number): Promise<ClassPlan | undefined> {
  const ctx = await classContext(tx, classId);
  if (!ctx) return undefined;
  const [subjects, roster] = await Promise.all([subjectsOfClass(tx, ctx), classRoster(tx, classId)]);
  const rng = createRng(seed ^ hash(`gradebook:${ctx.schoolId}:${ctx.name}`));
  const ability = new Map(roster.map((s) => [s.id, abilityTenths(rng)]));
  return { ctx, subjects, roster, ability, rng };
}

/** HK1 in progress: tx1, tx2, gk entered (a few missed), ck not yet; comments on some students; some sheets published. */
async function seedTermInProgress(
  tx: Tx,
  p: ClassPlan,
  options: { skipSubject?: string; publishAll: boolean; fallbackUser: string },
): Promise<number> {
  const term = p.ctx.terms.find((t) => t.no === 1);
  if (!term || p.roster.length === 0) return 0;
  let cells = 0;
  for (const subject of p.subjects) {
    if (subject.assessment === 'TT27' || subject.code === options.skipSubject) continue;
    const by = subject.teacherIds[0] ?? null;
    const sheet = await repo.ensureSheet(tx, p.ctx, subject, term, by ?? options.fallbackUser);
    const slots = slotsOf(sheet.assessment, sheet.requiredRegular).filter((s) => s === 'tx1' || s === 'tx2' || s === 'gk');
    const rows = cellsFor(p.rng, subject, p.roster, p.ability, slots, 0.02);
    await writeCells(tx, sheet.id, rows, by);
    cells += rows.length;
    await writeRemarks(tx, p.rng, sheet.id, p.roster, by, 0.15);
    if (sheet.status === 'open' && (options.publishAll || p.rng.chance(0.5))) {
      await tx.execute(
        sql`UPDATE gradebook.sheets SET status = 'published', published_at = now(), published_by = ${by}, version = version + 1 WHERE id = ${sheet.id}`,
      );
    }
  }
  return cells;
}

/**
 * DEMO SHORTCUT (gvcn's homeroom class): both terms complete and locked, conduct and absences
 * recorded, the year left to finalise. Locked as the principal's lock does it: status, then the
 * term results stored by storeTermResults.
 */
async function seedCompleteYear(tx: Tx, p: ClassPlan, lockedBy: string, homeroomId: string): Promise<number> {
  let cells = 0;
  for (const term of p.ctx.terms) {
    for (const subject of p.subjects) {
      if (subject.assessment === 'TT27') continue;
      const by = subject.teacherIds[0] ?? null;
      const sheet = await repo.ensureSheet(tx, p.ctx, subject, term, by ?? lockedBy);
      if (sheet.status === 'locked') continue;
      const rows = cellsFor(p.rng, subject, p.roster, p.ability, slotsOf(sheet.assessment, sheet.requiredRegular), 0);
      await writeCells(tx, sheet.id, rows, by);
      cells += rows.length;
      await writeRemarks(tx, p.rng, sheet.id, p.roster, by, 0.2);
      await tx.execute(sql`UPDATE gradebook.sheets SET status = 'locked', locked_at = now(), locked_by = ${lockedBy},
          published_at = coalesce(published_at, now()), published_by = coalesce(published_by, ${lockedBy}), version = version + 1
        WHERE id = ${sheet.id}`);
      await storeTermResults(tx, (await repo.findSheetById(tx, sheet.id))!);
    }
    const records = p.roster.map((s) => {
      const a = absences(p.rng);
      return {
        student_id: s.id,
        conduct: conductLevel(p.rng, p.ability.get(s.id)!),
        excused: a.excused,
        unexcused: a.unexcused,
        comment: p.rng.chance(0.6) ? p.rng.pick(TERM_REMARKS) : null,
      };
    });
    await tx.execute(sql`INSERT INTO gradebook.student_terms (class_id, student_id, term_no, conduct, absences_excused, absences_unexcused, comment, updated_by)
      SELECT ${p.ctx.id}::uuid, r.student_id, ${term.no}, r.conduct, r.excused, r.unexcused, r.comment, ${homeroomId}::uuid
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(student_id uuid, conduct text, excused smallint, unexcused smallint, comment text)
      ON CONFLICT (class_id, student_id, term_no) DO NOTHING`);
  }
  return cells;
}

export const demoMarksStep: SeedStep = {
  id: 'gradebook.demo-marks',
  version: 1,
  phase: 30,
  async run({ tx, size, seed, log }) {
    if (size !== 'demo') return;
    const people = await demoPeople(tx);
    const principal = people.get('hieutruong');
    const gvcn = people.get('gvcn');
    const schools = [...new Set([...people.values()].map((p) => p.homeUnitId).filter((id): id is string => id !== null))];
    if (!principal || !gvcn || schools.length === 0) {
      log.warn('no demo accounts: gradebook demo marks not created');
      return;
    }
    const first = await giaovienFirstClass(tx);
    const homeroom = await gvcnClass(tx);
    const { rows: classIds } = await tx.execute<{ id: string }>(sql`
      SELECT c.id FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id
      WHERE c.school_id = ANY(${`{${schools.join(',')}}`}::uuid[]) AND y.status = 'current' AND c.status = 'active'
      ORDER BY c.school_id, c.grade_no, c.name`);
    const counts = { classes: 0, cells: 0, lockedClass: 0 };
    for (const { id } of classIds) {
      const plan = await planClass(tx, id, seed);
      if (!plan) continue;
      counts.classes++;
      if (id === homeroom) {
        counts.cells += await seedCompleteYear(tx, plan, principal.id, gvcn.id);
        counts.lockedClass++;
      } else {
        counts.cells += await seedTermInProgress(
          tx,
          plan,
          id === first
            ? { skipSubject: 'TOAN', publishAll: true, fallbackUser: principal.id }
            : { publishAll: false, fallbackUser: principal.id },
        );
      }
    }
    await recordAudit(tx, systemActor('seed'), {
      action: 'gradebook.seed',
      entityType: 'gradebook.sheet',
      bulk: { counts, source: `seed:${size}:${seed}` },
    });
    log.info(counts, 'gradebook demo marks seeded');
  },
};

/** `phuhuynh`: the guardian of the first student of giaovien's first class (see the contract above). */
export const demoGuardianStep: SeedStep = {
  id: 'gradebook.demo-guardian',
  version: 1,
  phase: 30,
  async run({ tx, size, log }) {
    if (size !== 'demo') return;
    const classId = await giaovienFirstClass(tx);
    if (!classId) {
      log.warn('giaovien teaches no class: demo guardian not created');
      return;
    }
    const child = (await classRoster(tx, classId))[0];
    if (!child) return;
    const { rows } = await tx.execute<{ id: string; fullName: string; userId: string | null; schoolId: string }>(sql`
      SELECT g.id, g.full_name AS "fullName", g.user_id AS "userId", s.school_id AS "schoolId"
      FROM registry.student_guardians sg JOIN registry.guardians g ON g.id = sg.guardian_id JOIN registry.students s ON s.id = sg.student_id
      WHERE sg.student_id = ${child.id} ORDER BY sg.primary_contact DESC, g.full_name, g.id LIMIT 1`);
    const guardian = rows[0];
    if (!guardian) return;
    const hashValue = await hashPassword(DEMO_PASSWORD, { memoryKib: 19456, timeCost: 2, parallelism: 1 });
    const { rows: made } = await tx.execute<{ id: string }>(sql`
      INSERT INTO identity.users (username, display_name, kind, home_unit_id, password_hash, password_changed_at, must_change_password, demo_password)
      VALUES (${DEMO_GUARDIAN_USERNAME}, ${guardian.fullName}, 'guardian', ${guardian.schoolId}, ${hashValue}, now(), false, true)
      ON CONFLICT (username) DO NOTHING RETURNING id`);
    const accountId =
      made[0]?.id ??
      (
        await tx.execute<{ id: string }>(
          sql`SELECT id FROM identity.users WHERE username = ${DEMO_GUARDIAN_USERNAME} AND kind = 'guardian'`,
        )
      ).rows[0]?.id;
    if (!accountId) return;
    await tx.execute(sql`UPDATE registry.guardians SET user_id = ${accountId} WHERE id = ${guardian.id} AND user_id IS NULL`);
    await recordAudit(tx, systemActor('seed'), {
      action: 'gradebook.seed.guardian',
      entityType: 'registry.guardian',
      entityId: guardian.id,
      orgUnitId: guardian.schoolId,
      after: { username: DEMO_GUARDIAN_USERNAME, student: child.fullName },
    });
    log.info({ username: DEMO_GUARDIAN_USERNAME, child: child.fullName }, 'gradebook demo guardian linked');
  },
};

export const gradebookDemoSteps: readonly SeedStep[] = [demoSigningStep, demoMarksStep, demoGuardianStep];
