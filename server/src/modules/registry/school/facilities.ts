import { and, eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import type { UnitRow } from '../../org/public.ts';
import { provinceOf } from '../access.ts';
import { gradesOfLevel } from '../catalogue.ts';
import { asDomainErrors, checkVersion } from '../commands/common.ts';
import * as repo from '../repo.ts';
import { checkFacilities, type FacilitiesFacts, parseArea } from '../rules/school.ts';
import { schoolFacilities } from '../schema.ts';
import type { InternetKind } from './config.ts';
import { requireSchoolUnit } from './access.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';
import { problemsError } from './profile.ts';

export type FacilitiesRow = typeof schoolFacilities.$inferSelect;

export interface FacilitiesInput extends FacilitiesFacts {
  internet: InternetKind;
  cleanWater: boolean;
  teacherHousingRooms: number;
}

/** The values of a year with nothing recorded yet (version 0). */
export const emptyFacilities = (): Omit<FacilitiesInput, never> => ({
  classroomsSolid: 0,
  classroomsSemiSolid: 0,
  classroomsTemporary: 0,
  subjectRooms: [],
  hasLibrary: false,
  libraryStandard: 'chua_dat',
  equipmentSets: [],
  computersTeaching: 0,
  computersManagement: 0,
  internet: 'none',
  toiletsStudents: 0,
  toiletsStaff: 0,
  toiletsMeetStandard: false,
  cleanWater: false,
  teacherHousingRooms: 0,
  landArea: null,
  playgroundArea: null,
});

/** A school-year start (2026 for 2026–2027) from the path, or 404. */
export function parseStartYear(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw notFound();
  const y = Number(raw);
  if (y < 2000 || y > 2100) throw notFound();
  return y;
}

export async function findFacilities(q: Queryable, schoolId: string, startYear: number, lock = false): Promise<FacilitiesRow | undefined> {
  const base = q
    .select()
    .from(schoolFacilities)
    .where(and(eq(schoolFacilities.schoolId, schoolId), eq(schoolFacilities.startYear, startYear)));
  const [row] = lock ? await base.for('update') : await base;
  return row;
}

/** The years to offer: the school's calendar years and every year with facilities recorded, newest first. */
export async function facilityYears(q: Queryable, unit: UnitRow): Promise<{ startYear: number; recorded: boolean }[]> {
  const [years, recorded] = await Promise.all([
    repo.yearsOfSchool(q, unit.id, provinceOf(unit)),
    q.select({ startYear: schoolFacilities.startYear }).from(schoolFacilities).where(eq(schoolFacilities.schoolId, unit.id)),
  ]);
  const set = new Set(recorded.map((r) => r.startYear));
  const all = new Set([...years.map((y) => y.startYear), ...set]);
  return [...all].sort((a, b) => b - a).map((startYear) => ({ startYear, recorded: set.has(startYear) }));
}

/** Canonical stored form of an input: areas as 2-decimal strings, lists sorted (so a re-save of the same values is recognised). */
export function canonicalFacilities(input: FacilitiesInput): FacilitiesInput {
  return {
    ...input,
    subjectRooms: [...input.subjectRooms].sort((a, b) => a.kind.localeCompare(b.kind)).map((r) => ({ kind: r.kind, count: r.count })),
    equipmentSets: [...input.equipmentSets]
      .sort((a, b) => a.gradeNo - b.gradeNo)
      .map((e) => ({ gradeNo: e.gradeNo, sets: e.sets, missing: e.missing })),
    landArea: input.landArea === null ? null : parseArea(input.landArea),
    playgroundArea: input.playgroundArea === null ? null : parseArea(input.playgroundArea),
  };
}

export const facilitiesOfRow = (row: FacilitiesRow): FacilitiesInput => ({
  classroomsSolid: row.classroomsSolid,
  classroomsSemiSolid: row.classroomsSemiSolid,
  classroomsTemporary: row.classroomsTemporary,
  subjectRooms: row.subjectRooms as FacilitiesInput['subjectRooms'],
  hasLibrary: row.hasLibrary,
  libraryStandard: row.libraryStandard as FacilitiesInput['libraryStandard'],
  equipmentSets: row.equipmentSets as FacilitiesInput['equipmentSets'],
  computersTeaching: row.computersTeaching,
  computersManagement: row.computersManagement,
  internet: row.internet as InternetKind,
  toiletsStudents: row.toiletsStudents,
  toiletsStaff: row.toiletsStaff,
  toiletsMeetStandard: row.toiletsMeetStandard,
  cleanWater: row.cleanWater,
  teacherHousingRooms: row.teacherHousingRooms,
  landArea: row.landArea,
  playgroundArea: row.playgroundArea,
});

/** Problems of an input for a school (rules + the grades its level teaches). */
export const facilitiesProblems = (unit: Pick<UnitRow, 'schoolLevel'>, input: FacilitiesInput) =>
  checkFacilities(input, gradesOfLevel(unit.schoolLevel));

/**
 * Writes one school's facilities for one year inside the caller's transaction (no access check:
 * the caller did it). Returns whether anything changed; identical values write nothing.
 */
export async function upsertFacilities(
  tx: Tx,
  unit: UnitRow,
  startYear: number,
  input: FacilitiesInput,
  userId: string | null,
  version?: number,
) {
  const values = canonicalFacilities(input);
  const before = await findFacilities(tx, unit.id, startYear, true);
  if (version !== undefined) {
    if (!before && version !== 0) throw conflict('registry.versionConflict', { current: 0 });
    if (before) checkVersion(before, version);
  }
  if (before && JSON.stringify(canonicalFacilities(facilitiesOfRow(before))) === JSON.stringify(values))
    return { row: before, changed: false, before };
  let row: FacilitiesRow | undefined;
  if (!before) {
    [row] = await tx
      .insert(schoolFacilities)
      .values({ provinceId: provinceOf(unit), schoolId: unit.id, startYear, ...values, createdBy: userId, updatedBy: userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('registry.versionConflict', { current: 1 });
  } else {
    [row] = await tx
      .update(schoolFacilities)
      .set({ ...values, updatedBy: userId, updatedAt: new Date(), version: sql`${schoolFacilities.version} + 1` })
      .where(and(eq(schoolFacilities.schoolId, unit.id), eq(schoolFacilities.startYear, startYear)))
      .returning();
  }
  return { row: row!, changed: true, before };
}

export async function saveFacilities(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  unitId: string,
  startYear: number,
  input: FacilitiesInput & { version: number },
) {
  const { unit } = await requireSchoolUnit(tx, actor, unitId, 'write');
  const latest = Number(today().slice(0, 4)) + 1;
  if (startYear > latest) throw unprocessable('registry.facilities.yearTooFar', { latest: `${latest}–${latest + 1}` });
  const { version, ...facts } = input;
  const problems = facilitiesProblems(unit, facts);
  if (problems.length) throw problemsError(problems);
  return asDomainErrors(async () => {
    const result = await upsertFacilities(tx, unit, startYear, facts, actor.userId, version);
    if (result.changed) {
      await recordAudit(tx, audit, {
        action: 'registry.school.facilities.update',
        entityType: 'registry.school_facilities',
        entityId: `${unit.id}:${startYear}`,
        orgUnitId: unit.id,
        before: result.before ? facilitiesOfRow(result.before) : null,
        after: canonicalFacilities(facts),
      });
    }
    return { unit, row: result.row };
  });
}
