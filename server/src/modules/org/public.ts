/** What other modules may use of the organisation tree. */
export { registerDependantCounter, type DependantCounter } from './dependants.ts';
export { visibleUnitCondition } from './access.ts';
export { managedBy, schoolLevels, type SchoolLevel, ownerships } from './rules/levels.ts';
export { findUnit, findUnitByCode, unitPaths, type UnitRow } from './repo.ts';
export { demoDepartmentCode, demoProvinceCode } from './seed/demo.ts';
