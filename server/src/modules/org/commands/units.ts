import { eq, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { Actor } from '../../identity/public.ts';
import { isUuid } from '../access.ts';
import { countDependants } from '../dependants.ts';
import * as repo from '../repo.ts';
import { normaliseCode, schoolCode, unitCodePattern } from '../rules/codes.ts';
import type { SchoolLevel } from '../rules/levels.ts';
import { checkPlacement, OrgRuleError } from '../rules/placement.ts';
import { checkClose, checkMove, depthOf, pathUnder } from '../rules/tree.ts';
import { type UnitType, units } from '../schema.ts';
import { asDomainErrors, checkVersion, requireUnit, snapshot } from './common.ts';

export interface CreateUnitInput {
  parentId: string;
  type: Exclude<UnitType, 'province' | 'department'>;
  code?: string | undefined;
  name: string;
  schoolLevel?: SchoolLevel | null | undefined;
  ownership?: string | null | undefined;
  adminUnitCode?: string | null | undefined;
}

const codeTaken = () => new AppError('org.codeTaken', 409, {}, [{ path: 'body.code', code: 'org.codeTaken' }]);

async function checkCode(tx: Tx, code: string, selfId?: string): Promise<void> {
  if (!unitCodePattern.test(code)) throw new OrgRuleError('org.codeInvalid', { code }, 'code');
  const other = await repo.findUnitByCode(tx, code);
  if (other && other.id !== selfId) throw codeTaken();
}

async function nextSchoolCode(tx: Tx, provinceCode: string, level: SchoolLevel): Promise<string> {
  const prefix = schoolCode(provinceCode, level, 0).slice(0, -4);
  const result = await tx.execute(sql`
    SELECT coalesce(max(substr(code, ${prefix.length + 1})::int), 0)::int AS n FROM org.units
    WHERE code ~ ${`^${prefix}[0-9]{4}$`}`);
  return schoolCode(provinceCode, level, ((result.rows[0] as { n: number }).n ?? 0) + 1);
}

export async function createUnit(tx: Tx, actor: Actor, audit: AuditActor, input: CreateUnitInput) {
  return asDomainErrors(async () => {
    if (!isUuid(input.parentId)) throw notFound();
    const parent = await requireUnit(tx, actor, 'org.unit.write', await repo.findUnit(tx, input.parentId), input.parentId);
    // A satellite site stands where its school stands unless told otherwise.
    const adminUnitCode = input.adminUnitCode ?? (input.type === 'site' ? parent.adminUnitCode : null);
    const placed = { type: input.type, schoolLevel: input.schoolLevel ?? null, adminUnitCode };
    checkPlacement(placed, parent, await repo.communeExists(tx, adminUnitCode));
    const code = input.code
      ? normaliseCode(input.code)
      : input.type === 'school'
        ? await nextSchoolCode(tx, await repo.deploymentProvince(tx), input.schoolLevel as SchoolLevel)
        : undefined;
    if (!code) throw new OrgRuleError('org.codeRequired', {}, 'code');
    await checkCode(tx, code);
    const id = crypto.randomUUID();
    const path = pathUnder(parent.path, id);
    const [row] = await tx
      .insert(units)
      .values({
        id,
        parentId: parent.id,
        path,
        depth: depthOf(path),
        type: input.type,
        code,
        name: input.name.trim(),
        adminUnitCode,
        schoolLevel: input.type === 'school' ? (input.schoolLevel ?? null) : null,
        ownership: input.type === 'school' ? (input.ownership ?? 'cong_lap') : null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, audit, {
      action: 'org.unit.create',
      entityType: 'org.unit',
      entityId: id,
      orgUnitId: id,
      after: snapshot(row),
    });
    return row;
  });
}

export interface UpdateUnitInput {
  version: number;
  name?: string | undefined;
  code?: string | undefined;
  schoolLevel?: SchoolLevel | undefined;
  ownership?: string | undefined;
  adminUnitCode?: string | undefined;
}

export async function updateUnit(tx: Tx, actor: Actor, audit: AuditActor, id: string, input: UpdateUnitInput) {
  return asDomainErrors(async () => {
    if (!isUuid(id)) throw notFound();
    const unit = await requireUnit(tx, actor, 'org.unit.write', await repo.findUnitForUpdate(tx, id), id);
    checkVersion(unit, input.version);
    if (unit.status === 'closed') throw new OrgRuleError('org.unitClosed');
    const next = {
      name: input.name?.trim() ?? unit.name,
      code: input.code ? normaliseCode(input.code) : unit.code,
      schoolLevel: unit.type === 'school' ? (input.schoolLevel ?? unit.schoolLevel) : null,
      ownership: unit.type === 'school' ? (input.ownership ?? unit.ownership) : null,
      adminUnitCode: input.adminUnitCode ?? unit.adminUnitCode,
    };
    if (next.code !== unit.code) await checkCode(tx, next.code, unit.id);
    if (next.schoolLevel !== unit.schoolLevel || next.adminUnitCode !== unit.adminUnitCode) {
      const parent = unit.parentId ? await repo.findUnit(tx, unit.parentId) : undefined;
      const communeKnown = unit.type === 'school' || unit.type === 'commune' ? await repo.communeExists(tx, next.adminUnitCode) : true;
      checkPlacement({ type: unit.type, schoolLevel: next.schoolLevel, adminUnitCode: next.adminUnitCode }, parent ?? null, communeKnown);
    }
    const [row] = await tx
      .update(units)
      .set({ ...next, version: unit.version + 1, updatedAt: new Date() })
      .where(eq(units.id, id))
      .returning();
    if (!row) throw notFound();
    await recordAudit(tx, audit, {
      action: 'org.unit.update',
      entityType: 'org.unit',
      entityId: id,
      orgUnitId: id,
      before: snapshot(unit),
      after: snapshot(row),
    });
    return row;
  });
}

export async function moveUnit(tx: Tx, actor: Actor, audit: AuditActor, id: string, input: { version: number; parentId: string }) {
  return asDomainErrors(async () => {
    if (!isUuid(id) || !isUuid(input.parentId)) throw notFound();
    const unit = await requireUnit(tx, actor, 'org.unit.write', await repo.findUnitForUpdate(tx, id), id);
    const parent = await requireUnit(tx, actor, 'org.unit.write', await repo.findUnit(tx, input.parentId), input.parentId);
    checkVersion(unit, input.version);
    if (unit.status === 'closed') throw new OrgRuleError('org.unitClosed');
    checkMove(unit, parent);
    const communeKnown = unit.type === 'school' || unit.type === 'commune' ? await repo.communeExists(tx, unit.adminUnitCode) : true;
    checkPlacement(unit, parent, communeKnown);
    const newPath = pathUnder(parent.path, unit.id);
    const moved = await repo.moveSubtree(tx, unit.path, newPath);
    const [row] = await tx
      .update(units)
      .set({ parentId: parent.id, version: unit.version + 1, updatedAt: new Date() })
      .where(eq(units.id, id))
      .returning();
    if (!row) throw notFound();
    await recordAudit(tx, audit, {
      action: 'org.unit.move',
      entityType: 'org.unit',
      entityId: id,
      orgUnitId: id,
      before: snapshot(unit),
      after: { ...snapshot(row), subtreeSize: moved },
    });
    return row;
  });
}

export async function closeUnit(tx: Tx, actor: Actor, audit: AuditActor, id: string, input: { version: number; reason: string }) {
  return asDomainErrors(async () => {
    if (!isUuid(id)) throw notFound();
    const unit = await requireUnit(tx, actor, 'org.unit.close', await repo.findUnitForUpdate(tx, id), id);
    checkVersion(unit, input.version);
    checkClose({
      status: unit.status,
      isRoot: unit.parentId === null,
      activeChildren: await repo.activeChildCount(tx, id),
      dependants: await countDependants(tx, id),
    });
    const [row] = await tx
      .update(units)
      .set({ status: 'closed', closedAt: new Date(), version: unit.version + 1, updatedAt: new Date() })
      .where(eq(units.id, id))
      .returning();
    if (!row) throw notFound();
    await recordAudit(tx, audit, {
      action: 'org.unit.close',
      entityType: 'org.unit',
      entityId: id,
      orgUnitId: id,
      before: snapshot(unit),
      after: snapshot(row),
      reason: input.reason,
    });
    return row;
  });
}
