import type { UnitType } from '../schema.ts';
import { isSchoolLevel, managedBy, type SchoolLevel } from './levels.ts';

/** A rule violation: the code is the i18n key; the route layer maps it to HTTP. */
export class OrgRuleError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly field?: string,
  ) {
    super(code);
    this.name = 'OrgRuleError';
  }
}

export interface PlacedUnit {
  type: UnitType;
  schoolLevel?: string | null;
  /** For schools: the commune it stands in; for communes: their own code. */
  adminUnitCode?: string | null;
}

export interface ParentUnit {
  type: UnitType;
  status: 'active' | 'closed';
  adminUnitCode: string | null;
}

/** Which unit types may hang under which (null: the root). */
const allowedParents: Record<UnitType, readonly (UnitType | null)[]> = {
  province: [null],
  department: [null, 'province'],
  division: ['department'],
  district: ['department', 'province'],
  commune: ['department', 'district', 'province'],
  school: ['department', 'district', 'commune'],
  site: ['school'],
};

/**
 * Checks that a unit may stand under a parent. `communeKnown` says whether the unit's
 * adminUnitCode is a commune of the administrative-unit list (looked up by the caller).
 * Returns nothing or throws the first violation.
 */
export function checkPlacement(unit: PlacedUnit, parent: ParentUnit | null, communeKnown: boolean): void {
  if (parent && parent.status !== 'active') throw new OrgRuleError('org.parentClosed', {}, 'parentId');
  if (!allowedParents[unit.type].includes(parent?.type ?? null)) {
    throw new OrgRuleError('org.parentTypeNotAllowed', { type: unit.type, parentType: parent?.type ?? 'root' }, 'parentId');
  }
  if (unit.type === 'commune' || unit.type === 'school') {
    if (!unit.adminUnitCode || !communeKnown) {
      throw new OrgRuleError('org.communeUnknown', { code: unit.adminUnitCode ?? '' }, 'adminUnitCode');
    }
  }
  if (unit.type !== 'school') {
    if (unit.schoolLevel) throw new OrgRuleError('org.levelOnlyForSchools', {}, 'schoolLevel');
    return;
  }
  if (!unit.schoolLevel) throw new OrgRuleError('org.schoolLevelRequired', {}, 'schoolLevel');
  if (!isSchoolLevel(unit.schoolLevel)) throw new OrgRuleError('org.schoolLevelUnknown', { level: unit.schoolLevel }, 'schoolLevel');
  const manager = managedBy(unit.schoolLevel as SchoolLevel);
  if (manager === 'department' && parent?.type !== 'department') {
    throw new OrgRuleError('org.schoolUnderDepartment', { level: unit.schoolLevel }, 'parentId');
  }
  if (manager === 'commune') {
    if (parent?.type === 'department') throw new OrgRuleError('org.schoolUnderCommune', { level: unit.schoolLevel }, 'parentId');
    // A commune manages the schools that stand in it.
    if (parent?.type === 'commune' && parent.adminUnitCode !== unit.adminUnitCode) {
      throw new OrgRuleError('org.schoolCommuneMismatch', { code: unit.adminUnitCode }, 'adminUnitCode');
    }
  }
}
