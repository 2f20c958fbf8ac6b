import { rulesetFor } from './rules/rulesets.ts';

/**
 * The ruleset a new sheet is opened under: by grade and school year through the circulars'
 * roadmaps (rules/rulesets.ts). A sheet keeps it for life, so its results stay recomputable after
 * a later ruleset changes a parameter.
 */
export function rulesetOfSheet(startYear: number, gradeNo: number): string {
  const level = gradeNo <= 5 ? 'tieu_hoc' : gradeNo <= 9 ? 'thcs' : 'thpt';
  return rulesetFor(level, `${startYear}-${startYear + 1}`, gradeNo).id;
}
