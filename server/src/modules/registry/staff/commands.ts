import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import { pgErrorOf, type Queryable, type Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import { provinceOf } from '../access.ts';
import { gradesOfLevel, levelOfGrade } from '../catalogue.ts';
import { asDomainErrors, checkVersion, RegistryRuleError } from '../commands/common.ts';
import { cccdProblem } from '../identifiers.ts';
import type { CreateStaffInput, UpdateStaffInput } from '../routes/staff.schemas.ts';
import { ethnicGroupByCode } from '../rules/ethnicity.ts';
import { qualificationStandard, type StaffPosition, type StaffQualification, staffCodeProblem, staffDatesProblem } from '../rules/staff.ts';
import { vietnameseSortKey } from '../rules/vietnamese-sort.ts';
import { staff } from '../schema.ts';
import { requireStaffAccess, requireStaffSchool, STAFF_MANAGE } from './access.ts';
import * as repo from './repo.ts';

export const normaliseName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

const blankToNull = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === '' ? null : v])) as T;

/** Curriculum levels a school of this organisation level teaches ('thcs', 'thpt'…). */
export const curriculumLevelsOf = (schoolLevel: string | null): string[] => [...new Set(gradesOfLevel(schoolLevel).map(levelOfGrade))];

/** What the audit trail keeps of a record (the whole record: it is the record's history). */
export function staffSnapshot(s: repo.StaffRow) {
  const { nameFold: _f, sortKey: _k, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = s;
  return rest;
}

export interface StaffFacts {
  staffCode?: string | null | undefined;
  cccd?: string | null | undefined;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  ethnicityCode?: string | undefined;
  subjects?: string[] | undefined;
  joinedSectorOn?: string | null | undefined;
  joinedSchoolOn?: string | null | undefined;
  partyMember?: boolean | undefined;
  partyJoinedOn?: string | null | undefined;
}

/**
 * The rules of one record, first broken rule thrown with its field. `checkCccd` false: a stored,
 * unchanged number is not judged again. Shared by the form and the import.
 */
export async function checkStaff(q: Queryable, p: StaffFacts, schoolLevel: string | null, today: string, checkCccd = true): Promise<void> {
  const problem = staffProblem(p, today, checkCccd);
  if (problem) throw new RegistryRuleError(problem.code, problem.field, problem.params);
  if (p.subjects && p.subjects.length > 0) {
    const offered = new Set((await repo.subjectsOfLevels(q, curriculumLevelsOf(schoolLevel))).map((s) => s.code));
    const unknown = p.subjects.find((c) => !offered.has(c));
    if (unknown) throw new RegistryRuleError('registry.staff.subjectUnknown', 'subjects', { value: unknown });
  }
}

/** The pure part of `checkStaff`. */
export function staffProblem(
  p: StaffFacts,
  today: string,
  checkCccd = true,
): { code: string; field: string; params?: Record<string, unknown> } | null {
  if (p.staffCode) {
    const code = staffCodeProblem(p.staffCode);
    if (code) return { code, field: 'staffCode' };
  }
  if (p.ethnicityCode && !ethnicGroupByCode(p.ethnicityCode, { allowExtra: true }))
    return { code: 'registry.ethnicity.unknown', field: 'ethnicityCode', params: { value: p.ethnicityCode } };
  const dates = staffDatesProblem(p, today);
  if (dates) return dates;
  if (p.cccd && checkCccd) {
    const code = cccdProblem(p.cccd, p, Number(today.slice(0, 4)));
    if (code) return { code, field: 'cccd' };
  }
  if (p.partyJoinedOn && !p.partyMember) return { code: 'registry.staff.partyDateWithoutMembership', field: 'partyJoinedOn' };
  return null;
}

const staffUnique: Record<string, { code: string; field: string }> = {
  staff_cccd_uq: { code: 'registry.staff.cccdTaken', field: 'cccd' },
  staff_code_uq: { code: 'registry.staff.codeTaken', field: 'staffCode' },
  staff_user_uq: { code: 'registry.staff.accountTaken', field: 'userId' },
};

/** Rule errors → 422 on their field; a staff unique violation → 409 on its field (then the registry's own mapping). */
export async function asStaffErrors<T>(work: () => Promise<T>): Promise<T> {
  return asDomainErrors(async () => {
    try {
      return await work();
    } catch (err) {
      const pg = pgErrorOf(err);
      const name = pg?.code === '23505' ? Object.keys(staffUnique).find((k) => pg.constraint === k || pg.message.includes(k)) : undefined;
      if (name) {
        const { code, field } = staffUnique[name]!;
        throw new AppError(code, 409, {}, [{ path: `body.${field}`, code }]);
      }
      throw err;
    }
  });
}

export async function createStaff(tx: Tx, actor: Actor, audit: AuditActor, input: CreateStaffInput, today: string) {
  return asStaffErrors(async () => {
    const school = await requireStaffSchool(tx, actor, input.schoolId);
    const { schoolId: _s, ...fields } = blankToNull(input);
    const fullName = normaliseName(fields.fullName);
    await checkStaff(tx, { ...fields, fullName }, school.schoolLevel, today);
    const [row] = await tx
      .insert(staff)
      .values({
        ...fields,
        fullName,
        sortKey: vietnameseSortKey(fullName),
        provinceId: provinceOf(school),
        schoolId: school.id,
        qualificationStandard: qualificationStandard(fields.qualification, fields.position, school.schoolLevel),
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.staff.create',
      entityType: 'registry.staff',
      entityId: row!.id,
      orgUnitId: school.id,
      after: staffSnapshot(row!),
    });
    return row!;
  });
}

export async function updateStaff(tx: Tx, actor: Actor, audit: AuditActor, id: string, input: UpdateStaffInput, today: string) {
  return asStaffErrors(async () => {
    await requireStaffAccess(tx, actor, id, STAFF_MANAGE);
    const row = (await repo.findStaff(tx, id, true))!;
    checkVersion(row, input.version);
    const { version: _v, ...fields } = blankToNull(input);
    const fullName = fields.fullName ? normaliseName(fields.fullName) : row.fullName;
    const pick = <K extends keyof typeof fields & keyof repo.StaffRow>(k: K) => (fields[k] === undefined ? row[k] : fields[k]);
    const merged = {
      staffCode: pick('staffCode'),
      cccd: pick('cccd'),
      fullName,
      sex: pick('sex')!,
      dateOfBirth: pick('dateOfBirth')!,
      ethnicityCode: fields.ethnicityCode,
      subjects: fields.subjects,
      joinedSectorOn: pick('joinedSectorOn'),
      joinedSchoolOn: pick('joinedSchoolOn'),
      partyMember: pick('partyMember')!,
      partyJoinedOn: pick('partyJoinedOn'),
    } as StaffFacts;
    const [unit] = await tx.execute(sqlSchoolLevel(row.schoolId)).then((r) => r.rows as { level: string | null }[]);
    const cccdTouched = merged.cccd !== row.cccd || fields.dateOfBirth !== undefined || fields.sex !== undefined;
    await checkStaff(tx, merged, unit?.level ?? null, today, cccdTouched);
    const position = (pick('position') ?? row.position) as StaffPosition;
    const qualification = pick('qualification') as StaffQualification | null;
    const [next] = await tx
      .update(staff)
      .set({
        ...fields,
        fullName,
        sortKey: vietnameseSortKey(fullName),
        qualificationStandard: qualificationStandard(qualification, position, unit?.level ?? null),
        version: row.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(staff.id, id))
      .returning();
    await recordAudit(tx, audit, {
      action: 'registry.staff.update',
      entityType: 'registry.staff',
      entityId: id,
      orgUnitId: row.schoolId,
      before: staffSnapshot(row),
      after: staffSnapshot(next!),
    });
    return next!;
  });
}

const sqlSchoolLevel = (schoolId: string) => sql`SELECT school_level AS level FROM org.units WHERE id = ${schoolId}`;
