import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import { findUnit, type UnitRow } from '../../org/public.ts';
import { isUuid, provinceOf, requireSchool } from '../access.ts';
import { catalogue, gradesOfLevel, levelOfGrade } from '../catalogue.ts';
import * as repo from '../repo.ts';
import { curriculumPeriods, grades, schoolYears, terms } from '../schema.ts';
import { asDomainErrors, checkVersion, RegistryRuleError } from './common.ts';

interface TermInput {
  no: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

function checkCalendar(startYear: number, startsOn: string, endsOn: string, list: TermInput[]): void {
  if (startsOn >= endsOn) throw new RegistryRuleError('registry.yearDates', 'endsOn');
  if (Number(startsOn.slice(0, 4)) !== startYear) throw new RegistryRuleError('registry.yearStart', 'startsOn', { startYear });
  const sorted = [...list].sort((a, b) => a.no - b.no);
  sorted.forEach((t, i) => {
    if (t.startsOn >= t.endsOn || t.startsOn < startsOn || t.endsOn > endsOn) {
      throw new RegistryRuleError('registry.termDates', `terms.${i}`, { no: t.no });
    }
    const prev = sorted[i - 1];
    if (prev && (prev.no === t.no || t.startsOn <= prev.endsOn))
      throw new RegistryRuleError('registry.termOverlap', `terms.${i}`, { no: t.no });
  });
}

/** The grades of the school's level, created once (khối 6–9 for a THCS…). */
export async function ensureGrades(tx: Tx, school: UnitRow, actorId: string | null): Promise<void> {
  const wanted = gradesOfLevel(school.schoolLevel);
  if (wanted.length === 0) return;
  await tx
    .insert(grades)
    .values(
      wanted.map((g) => ({
        provinceId: provinceOf(school),
        schoolId: school.id,
        gradeNo: g,
        name: `Khối ${g}`,
        createdBy: actorId,
        updatedBy: actorId,
      })),
    )
    .onConflictDoNothing();
}

export async function createSchoolYear(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  schoolId: string,
  input: { startYear: number; startsOn: string; endsOn: string; status?: 'planned' | 'current' | 'closed' | undefined; terms: TermInput[] },
) {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, schoolId, 'registry.structure.write');
    checkCalendar(input.startYear, input.startsOn, input.endsOn, input.terms);
    const provinceId = provinceOf(school);
    const [year] = await tx
      .insert(schoolYears)
      .values({
        provinceId,
        schoolId,
        startYear: input.startYear,
        name: `${input.startYear}–${input.startYear + 1}`,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        status: input.status ?? 'planned',
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    if (!year) throw new Error('insert returned nothing');
    await tx
      .insert(terms)
      .values(
        input.terms.map((t) => ({ provinceId, schoolId, schoolYearId: year.id, ...t, createdBy: actor.userId, updatedBy: actor.userId })),
      );
    if (year.status === 'current') await onlyOneCurrent(tx, year);
    await ensureGrades(tx, school, actor.userId);
    await recordAudit(tx, audit, {
      action: 'registry.year.create',
      entityType: 'registry.year',
      entityId: year.id,
      orgUnitId: schoolId,
      after: { ...input },
    });
    return year;
  });
}

async function onlyOneCurrent(tx: Tx, year: repo.YearRow): Promise<void> {
  await tx.execute(sql`UPDATE registry.school_years SET status = 'closed', version = version + 1, updated_at = now()
    WHERE status = 'current' AND id <> ${year.id} AND start_year < ${year.startYear}
      AND ${year.schoolId ? sql`school_id = ${year.schoolId}` : sql`school_id IS NULL AND province_id = ${year.provinceId}`}`);
}

/** The unit a year belongs to: its school, or the province root for the province-wide calendar. */
export async function yearUnit(tx: Tx, year: repo.YearRow): Promise<UnitRow> {
  const unit = await findUnit(tx, year.schoolId ?? year.provinceId);
  if (!unit) throw notFound();
  return unit;
}

export async function updateSchoolYear(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  id: string,
  input: {
    version: number;
    startsOn?: string | undefined;
    endsOn?: string | undefined;
    status?: 'planned' | 'current' | 'closed' | undefined;
    terms?: TermInput[] | undefined;
  },
) {
  return asDomainErrors(async () => {
    if (!isUuid(id)) throw notFound();
    const year = await repo.findYear(tx, id, true);
    if (!year?.schoolId) throw notFound(); // the province calendar is the department's (later slice)
    await requireSchool(tx, actor, year.schoolId, 'registry.structure.write');
    checkVersion(year, input.version);
    const before = { ...year, terms: await repo.termsOf(tx, [id]) };
    const next = { startsOn: input.startsOn ?? year.startsOn, endsOn: input.endsOn ?? year.endsOn, status: input.status ?? year.status };
    const termList = input.terms ?? before.terms.map((t) => ({ no: t.no, name: t.name, startsOn: t.startsOn, endsOn: t.endsOn }));
    checkCalendar(year.startYear, next.startsOn, next.endsOn, termList);
    const [row] = await tx
      .update(schoolYears)
      .set({ ...next, version: year.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(schoolYears.id, id))
      .returning();
    if (input.terms) {
      for (const t of input.terms) {
        await tx
          .insert(terms)
          .values({
            provinceId: year.provinceId,
            schoolId: year.schoolId,
            schoolYearId: id,
            ...t,
            createdBy: actor.userId,
            updatedBy: actor.userId,
          })
          .onConflictDoUpdate({
            target: [terms.schoolYearId, terms.no],
            set: {
              name: t.name,
              startsOn: t.startsOn,
              endsOn: t.endsOn,
              updatedAt: new Date(),
              updatedBy: actor.userId,
              version: sql`${terms.version} + 1`,
            },
          });
      }
      // Terms left out of the list are removed, unless a teaching assignment names them.
      const kept = input.terms.map((t) => t.no);
      const used =
        await tx.execute(sql`SELECT EXISTS (SELECT 1 FROM registry.teaching_assignments ta JOIN registry.terms t ON t.id = ta.term_id
        WHERE t.school_year_id = ${id} AND NOT (t.no = ANY(${`{${kept.join(',')}}`}::smallint[]))) AS used`);
      if ((used.rows[0] as { used: boolean }).used) throw new RegistryRuleError('registry.termInUse', 'terms');
      await tx.execute(
        sql`DELETE FROM registry.terms WHERE school_year_id = ${id} AND NOT (no = ANY(${`{${kept.join(',')}}`}::smallint[]))`,
      );
    }
    if (row!.status === 'current') await onlyOneCurrent(tx, row!);
    await recordAudit(tx, audit, {
      action: 'registry.year.update',
      entityType: 'registry.year',
      entityId: id,
      orgUnitId: year.schoolId,
      before,
      after: { ...next, terms: termList },
    });
    return row!;
  });
}

/** Defaults of the catalogue for the school's grades, overridden by what the school stored for the year. */
export async function periodsOf(tx: Tx, school: UnitRow, yearId: string) {
  const stored = await tx
    .select()
    .from(curriculumPeriods)
    .where(sql`${curriculumPeriods.schoolId} = ${school.id} AND ${curriculumPeriods.schoolYearId} = ${yearId}`);
  const byKey = new Map(stored.map((p) => [`${p.gradeNo}:${p.subjectCode}`, p.periodsPerYear]));
  return gradesOfLevel(school.schoolLevel).flatMap((g) =>
    catalogue[levelOfGrade(g)]
      .filter((s) => s.periods[g] !== undefined)
      .map((s) => {
        const stored = byKey.get(`${g}:${s.code}`);
        return {
          gradeNo: g,
          subjectCode: s.code,
          subjectName: s.name,
          assessment: s.assessment,
          defaultPeriods: s.periods[g]!,
          periodsPerYear: stored ?? s.periods[g]!,
          customised: stored !== undefined,
        };
      }),
  );
}

export async function updatePeriods(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  schoolId: string,
  yearId: string,
  items: { gradeNo: number; subjectCode: string; periodsPerYear: number }[],
) {
  return asDomainErrors(async () => {
    const school = await requireSchool(tx, actor, schoolId, 'registry.structure.write');
    if (!isUuid(yearId)) throw notFound();
    const year = await repo.findYear(tx, yearId);
    if (!year || (year.schoolId !== null && year.schoolId !== schoolId) || year.provinceId !== provinceOf(school)) throw notFound();
    const known = new Set((await periodsOf(tx, school, yearId)).map((p) => `${p.gradeNo}:${p.subjectCode}`));
    items.forEach((it, i) => {
      if (!known.has(`${it.gradeNo}:${it.subjectCode}`))
        throw new RegistryRuleError('registry.subjectNotInGrade', `items.${i}.subjectCode`, { ...it });
    });
    const before = await periodsOf(tx, school, yearId);
    for (const it of items) {
      await tx
        .insert(curriculumPeriods)
        .values({ provinceId: year.provinceId, schoolId, schoolYearId: yearId, ...it, createdBy: actor.userId, updatedBy: actor.userId })
        .onConflictDoUpdate({
          target: [curriculumPeriods.schoolId, curriculumPeriods.schoolYearId, curriculumPeriods.gradeNo, curriculumPeriods.subjectCode],
          set: {
            periodsPerYear: it.periodsPerYear,
            updatedAt: new Date(),
            updatedBy: actor.userId,
            version: sql`${curriculumPeriods.version} + 1`,
          },
        });
    }
    const changed = new Set(items.map((i) => `${i.gradeNo}:${i.subjectCode}`));
    await recordAudit(tx, audit, {
      action: 'registry.periods.update',
      entityType: 'registry.periods',
      entityId: yearId,
      orgUnitId: schoolId,
      before: before
        .filter((p) => changed.has(`${p.gradeNo}:${p.subjectCode}`))
        .map((p) => ({ gradeNo: p.gradeNo, subjectCode: p.subjectCode, periodsPerYear: p.periodsPerYear })),
      after: items,
    });
    return periodsOf(tx, school, yearId);
  });
}
