import { and, eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError, conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import type { UnitRow } from '../../org/public.ts';
import { isUuid, provinceOf } from '../access.ts';
import { asDomainErrors, checkVersion } from '../commands/common.ts';
import { checkProfile, normalisePhone, normaliseWebsite, type RuleProblem } from '../rules/school.ts';
import { schoolProfiles, schoolSites } from '../schema.ts';
import type { DifficultArea, NationalStandard } from './config.ts';
import { requireSchoolUnit } from './access.ts';
import { todayInVietnam as today } from '../../../platform/calendar.ts';

export type ProfileRow = typeof schoolProfiles.$inferSelect;
export type SiteRow = typeof schoolSites.$inferSelect;

export interface ProfileInput {
  version: number;
  address: string | null;
  difficultArea: DifficultArea;
  nationalStandard: NationalStandard;
  nationalStandardOn: string | null;
  accreditationLevel: number | null;
  accreditedOn: string | null;
  principalUserId: string | null;
  principalName: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  sessionsPerDay: number | null;
  foundedYear: number | null;
}

export interface SiteInput {
  name: string;
  address: string | null;
  communeCode: string | null;
  classCount: number;
  studentCount: number;
}

const blankToNull = (v: string | null | undefined): string | null => (v == null || v.trim() === '' ? null : v.trim());
const rows = <T>(r: { rows: unknown[] }) => r.rows as T[];

export function problemsError(problems: RuleProblem[]) {
  return unprocessable(
    problems[0]!.code,
    problems[0]!.params ?? {},
    problems.map((p) => ({ path: `body.${p.field}`, code: p.code, ...(p.params ? { params: p.params } : {}) })),
  );
}

/** The org facts shown read-only beside the profile: code, name, level, ownership, commune. */
export async function orgFactsOf(q: Queryable, unit: UnitRow) {
  const commune = unit.adminUnitCode
    ? rows<{ name: string; fullName: string }>(
        await q.execute(sql`SELECT name, full_name AS "fullName" FROM org.admin_units WHERE code = ${unit.adminUnitCode}`),
      )[0]
    : undefined;
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    schoolLevel: unit.schoolLevel,
    ownership: unit.ownership,
    status: unit.status,
    communeCode: unit.adminUnitCode,
    communeName: commune?.fullName ?? commune?.name ?? null,
  };
}

/** Accounts of the school (home unit or an active grant there) who may be named principal. */
export async function staffOf(q: Queryable, schoolId: string, only?: string) {
  return rows<{ id: string; displayName: string; username: string }>(
    await q.execute(sql`
    SELECT u.id, u.display_name AS "displayName", u.username FROM identity.users u
    WHERE u.status = 'active' AND u.kind = 'staff'
      AND (u.home_unit_id = ${schoolId} OR EXISTS (SELECT 1 FROM identity.grants g WHERE g.user_id = u.id AND g.unit_id = ${schoolId} AND g.revoked_at IS NULL))
      ${only ? sql`AND u.id = ${only}` : sql``}
    ORDER BY platform.fold(u.display_name), u.id LIMIT 500`),
  );
}

export async function findProfile(q: Queryable, schoolId: string, lock = false): Promise<ProfileRow | undefined> {
  const base = q.select().from(schoolProfiles).where(eq(schoolProfiles.schoolId, schoolId));
  const [row] = lock ? await base.for('update') : await base;
  return row;
}

export async function sitesOf(q: Queryable, schoolId: string) {
  return rows<SiteRow & { communeName: string | null }>(
    await q.execute(sql`
    SELECT s.id, s.province_id AS "provinceId", s.school_id AS "schoolId", s.name, s.address, s.commune_code AS "communeCode",
      s.class_count AS "classCount", s.student_count AS "studentCount", s.version, a.full_name AS "communeName"
    FROM registry.school_sites s LEFT JOIN org.admin_units a ON a.code = s.commune_code
    WHERE s.school_id = ${schoolId} ORDER BY platform.fold(s.name), s.id`),
  );
}

export async function principalNameOf(q: Queryable, p: ProfileRow | undefined): Promise<string | null> {
  if (!p) return null;
  if (!p.principalUserId) return p.principalName;
  const [u] = rows<{ displayName: string }>(
    await q.execute(sql`SELECT display_name AS "displayName" FROM identity.users WHERE id = ${p.principalUserId}`),
  );
  return u?.displayName ?? null;
}

const snapshot = (p: ProfileRow | undefined) => {
  if (!p) return null;
  const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = p;
  return rest;
};

/**
 * Creates or updates the profile (version 0: there is none yet). Texts are trimmed, empty ones
 * stored as null; phone and website stored in their canonical form. Audited with before/after.
 */
export async function saveProfile(tx: Tx, actor: Actor, audit: AuditActor, unitId: string, raw: ProfileInput): Promise<ProfileRow> {
  const { unit } = await requireSchoolUnit(tx, actor, unitId, 'write');
  const input = {
    ...raw,
    address: blankToNull(raw.address),
    principalName: blankToNull(raw.principalName),
    phone: blankToNull(raw.phone),
    email: blankToNull(raw.email)?.toLowerCase() ?? null,
    website: blankToNull(raw.website),
  };
  const problems = checkProfile(input, today());
  if (input.principalUserId && !problems.some((p) => p.field === 'principalName')) {
    if (!isUuid(input.principalUserId) || (await staffOf(tx, unit.id, input.principalUserId)).length === 0) {
      problems.push({ field: 'principalUserId', code: 'registry.school.principalNotStaff' });
    }
  }
  if (problems.length) throw problemsError(problems);
  const values = {
    address: input.address,
    difficultArea: input.difficultArea,
    nationalStandard: input.nationalStandard,
    nationalStandardOn: input.nationalStandardOn,
    accreditationLevel: input.accreditationLevel,
    accreditedOn: input.accreditedOn,
    principalUserId: input.principalUserId,
    principalName: input.principalName,
    phone: input.phone ? normalisePhone(input.phone) : null,
    email: input.email,
    website: input.website ? normaliseWebsite(input.website) : null,
    sessionsPerDay: input.sessionsPerDay,
    foundedYear: input.foundedYear,
  };
  return asDomainErrors(async () => {
    const before = await findProfile(tx, unit.id, true);
    let after: ProfileRow | undefined;
    if (!before) {
      if (input.version !== 0) throw conflict('registry.versionConflict', { current: 0 });
      [after] = await tx
        .insert(schoolProfiles)
        .values({ schoolId: unit.id, provinceId: provinceOf(unit), ...values, createdBy: actor.userId, updatedBy: actor.userId })
        .onConflictDoNothing()
        .returning();
      if (!after) throw conflict('registry.versionConflict', { current: 1 });
    } else {
      checkVersion(before, input.version);
      [after] = await tx
        .update(schoolProfiles)
        .set({ ...values, updatedBy: actor.userId, updatedAt: new Date(), version: before.version + 1 })
        .where(eq(schoolProfiles.schoolId, unit.id))
        .returning();
    }
    await recordAudit(tx, audit, {
      action: before ? 'registry.school.profile.update' : 'registry.school.profile.create',
      entityType: 'registry.school',
      entityId: unit.id,
      orgUnitId: unit.id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after!;
  });
}

async function checkSite(tx: Tx, input: SiteInput): Promise<SiteInput> {
  const clean = { ...input, name: input.name.trim(), address: blankToNull(input.address), communeCode: blankToNull(input.communeCode) };
  if (clean.communeCode) {
    const [hit] = rows<{ code: string }>(
      await tx.execute(sql`SELECT code FROM org.admin_units WHERE code = ${clean.communeCode} AND level = 'commune'`),
    );
    if (!hit) throw problemsError([{ field: 'communeCode', code: 'registry.school.communeUnknown', params: { code: clean.communeCode } }]);
  }
  return clean;
}

async function siteErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await asDomainErrors(work);
  } catch (err) {
    if (err instanceof AppError && err.code === 'registry.duplicate') {
      throw new AppError('registry.school.siteNameTaken', 409, {}, [{ path: 'body.name', code: 'registry.school.siteNameTaken' }]);
    }
    throw err;
  }
}

export async function createSite(tx: Tx, actor: Actor, audit: AuditActor, unitId: string, raw: SiteInput): Promise<SiteRow> {
  const { unit } = await requireSchoolUnit(tx, actor, unitId, 'write');
  const input = await checkSite(tx, raw);
  return siteErrors(async () => {
    const [site] = await tx
      .insert(schoolSites)
      .values({ provinceId: provinceOf(unit), schoolId: unit.id, ...input, createdBy: actor.userId, updatedBy: actor.userId })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.school.site.create',
      entityType: 'registry.school_site',
      entityId: site!.id,
      orgUnitId: unit.id,
      after: input,
    });
    return site!;
  });
}

async function findSite(tx: Tx, schoolId: string, siteId: string): Promise<SiteRow> {
  if (!isUuid(siteId)) throw notFound();
  const [site] = await tx
    .select()
    .from(schoolSites)
    .where(and(eq(schoolSites.id, siteId), eq(schoolSites.schoolId, schoolId)))
    .for('update');
  if (!site) throw notFound();
  return site;
}

export async function updateSite(
  tx: Tx,
  actor: Actor,
  audit: AuditActor,
  unitId: string,
  siteId: string,
  raw: SiteInput & { version: number },
): Promise<SiteRow> {
  const { unit } = await requireSchoolUnit(tx, actor, unitId, 'write');
  const before = await findSite(tx, unit.id, siteId);
  checkVersion(before, raw.version);
  const { version: _v, ...rest } = raw;
  const input = await checkSite(tx, rest);
  return siteErrors(async () => {
    const [site] = await tx
      .update(schoolSites)
      .set({ ...input, updatedBy: actor.userId, updatedAt: new Date(), version: before.version + 1 })
      .where(eq(schoolSites.id, before.id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.school.site.update',
      entityType: 'registry.school_site',
      entityId: before.id,
      orgUnitId: unit.id,
      before: {
        name: before.name,
        address: before.address,
        communeCode: before.communeCode,
        classCount: before.classCount,
        studentCount: before.studentCount,
      },
      after: input,
    });
    return site!;
  });
}

export async function deleteSite(tx: Tx, actor: Actor, audit: AuditActor, unitId: string, siteId: string, version: number): Promise<void> {
  const { unit } = await requireSchoolUnit(tx, actor, unitId, 'write');
  const before = await findSite(tx, unit.id, siteId);
  checkVersion(before, version);
  await tx.delete(schoolSites).where(eq(schoolSites.id, before.id));
  await recordAudit(tx, audit, {
    action: 'registry.school.site.delete',
    entityType: 'registry.school_site',
    entityId: before.id,
    orgUnitId: unit.id,
    before: {
      name: before.name,
      address: before.address,
      communeCode: before.communeCode,
      classCount: before.classCount,
      studentCount: before.studentCount,
    },
  });
}
