import { describe, expect, it } from 'vitest';
import { RULESETS, rulesetById, rulesetFor, startYearOf, TT22_2021, TT27_2020, TT58_26 } from './rulesets.ts';
import { GradebookRuleError } from './types.ts';

describe('rulesetFor — roadmaps TT 22 Art. 21 (§1.1), TT 27 (§2.1), TT 26/2020 (§3)', () => {
  it.each([
    ['thcs', '2021-2022', 6, 'tt22-2021@2021-2022'],
    ['thcs', '2021-2022', 7, 'tt58-2011+tt26-2020@2020-2021'],
    ['thcs', '2022-2023', 7, 'tt22-2021@2021-2022'],
    ['thcs', '2022-2023', 8, 'tt58-2011+tt26-2020@2020-2021'],
    ['thcs', '2023-2024', 9, 'tt58-2011+tt26-2020@2020-2021'], // grade 9 last legacy year
    ['thcs', '2024-2025', 9, 'tt22-2021@2021-2022'],
    ['thpt', '2022-2023', 10, 'tt22-2021@2021-2022'],
    ['thpt', '2022-2023', 11, 'tt58-2011+tt26-2020@2020-2021'],
    ['thpt', '2023-2024', 12, 'tt58-2011+tt26-2020@2020-2021'],
    ['thpt', '2024-2025', 12, 'tt22-2021@2021-2022'],
    ['thcs', '2020-2021', 6, 'tt58-2011+tt26-2020@2020-2021'],
    ['tieu_hoc', '2020-2021', 1, 'tt27-2020@2020-2021'],
    ['tieu_hoc', '2023-2024', 4, 'tt27-2020@2020-2021'],
    ['tieu_hoc', '2024-2025', 5, 'tt27-2020@2020-2021'],
  ] as const)('%s %s grade %d → %s', (level, year, grade, id) => expect(rulesetFor(level, year, grade).id).toBe(id));

  it('from 2024-2025 a whole level needs no grade', () => {
    expect(rulesetFor('thcs', '2024-2025')).toBe(TT22_2021);
    expect(rulesetFor('thpt', '2026-2027')).toBe(TT22_2021);
    expect(rulesetFor('tieu_hoc', '2025-2026')).toBe(TT27_2020);
    expect(rulesetFor('thpt', '2021-2022')).toBe(TT58_26);
  });

  it.each([
    [() => rulesetFor('thcs', '2022-2023'), 'gradebook.ruleset.gradeRequired'],
    [() => rulesetFor('thcs', '2019-2020', 7), 'gradebook.ruleset.unsupported'],
    [() => rulesetFor('tieu_hoc', '2022-2023', 4), 'gradebook.ruleset.unsupported'], // grade 4 on TT 27 from 2023-24
    [() => rulesetFor('thcs', '2024-2025', 10), 'gradebook.ruleset.badGrade'],
    [() => rulesetFor('thcs', '2024/2025'), 'gradebook.ruleset.badSchoolYear'],
    [() => rulesetFor('thcs', '2024-2026'), 'gradebook.ruleset.badSchoolYear'],
    [() => rulesetFor('mam_non' as 'thcs', '2024-2025'), 'gradebook.ruleset.badLevel'],
    [() => rulesetById('tt22-2021@2030-2031'), 'gradebook.ruleset.unknown'],
  ])('refuses %#', (f, code) => {
    expect(f).toThrow(GradebookRuleError);
    expect(f).toThrow(code);
  });

  it('finds every ruleset by its id and parses school years', () => {
    for (const r of RULESETS) expect(rulesetById(r.id)).toBe(r);
    expect(startYearOf('2024-2025')).toBe(2024);
  });

  it('rulesets are immutable (a change is a new version), and every parameter names its provenance', () => {
    expect(() => {
      (TT22_2021 as { maxAbsenceSessions: number }).maxAbsenceSessions = 50;
    }).toThrow(TypeError);
    expect(() => {
      (TT22_2021.learningLevels.T as { count: number }).count = 5;
    }).toThrow(TypeError);
    for (const r of RULESETS) {
      const params = Object.keys(r).filter((k) => !['id', 'circular', 'title', 'fromSchoolYear', 'provenance'].includes(k));
      for (const p of params) expect(r.provenance[p], `${r.id} ${p}`).toBeDefined();
      expect(r.id.endsWith(`@${r.fromSchoolYear}`)).toBe(true);
    }
    expect(TT22_2021.provenance.adjustment!.tag).toBe('I');
    expect(TT22_2021.adjustment).toBe('tt22-adjust-actual-plus-one');
  });
});
