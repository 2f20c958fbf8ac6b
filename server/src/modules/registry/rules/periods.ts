import data from '../../../../data/registry/subjects-2018.json' with { type: 'json' };

/**
 * The 2018-curriculum subject catalogue per level with periods per school year per grade — the
 * defaults a school year starts from (editable per school year: store `periods_per_year` per
 * subject × grade × school year, regulations.md §1.4) — and the number of regular scores it implies.
 */
export type Level = 'tieu_hoc' | 'thcs' | 'thpt';
/** NXDS comment + score, NX comment only (TT 22 Art. 5); TT27 primary (no regular scores). */
export type Assessment = 'NXDS' | 'NX' | 'TT27';

export interface CatalogueSubject {
  code: string;
  name: string;
  assessment: Assessment;
  elective?: boolean;
  /** grade ('1'…'12') → periods per school year, study-topic clusters excluded. */
  periods: Record<string, number>;
}

export const subjectCatalogue2018 = data.levels as Record<Level, CatalogueSubject[]>;

export const gradesOf: Record<Level, number[]> = { tieu_hoc: [1, 2, 3, 4, 5], thcs: [6, 7, 8, 9], thpt: [10, 11, 12] };

/** The default subjects of one grade with their periods. */
export function subjectsForGrade(level: Level, grade: number): Array<Omit<CatalogueSubject, 'periods'> & { periodsPerYear: number }> {
  return subjectCatalogue2018[level]
    .filter((s) => s.periods[String(grade)] !== undefined)
    .map(({ periods, ...s }) => ({ ...s, periodsPerYear: periods[String(grade)] as number }));
}

export class PeriodsError extends Error {
  constructor(
    readonly code: 'registry.periods.invalid',
    readonly params: Record<string, unknown>,
  ) {
    super(code);
  }
}

/**
 * Regular scores (ĐĐGtx) per semester for a score subject, TT 22/2021 Art. 6 (regulations.md §1.4):
 * up to and including 35 periods a year → 2; more than 35 up to and including 70 → 3; more than 70 → 4.
 * Periods exclude study-topic clusters. A non-positive or non-finite count is refused.
 */
export function requiredRegularScores(periodsPerYear: number): 2 | 3 | 4 {
  if (!Number.isFinite(periodsPerYear) || periodsPerYear <= 0) throw new PeriodsError('registry.periods.invalid', { periodsPerYear });
  if (periodsPerYear <= 35) return 2;
  if (periodsPerYear <= 70) return 3;
  return 4;
}

/** ĐĐGtx per semester for a catalogue subject, or null where TT 22 scores do not apply (NX, primary). */
export function regularScoresFor(subject: { assessment: Assessment }, periodsPerYear: number): 2 | 3 | 4 | null {
  return subject.assessment === 'NXDS' ? requiredRegularScores(periodsPerYear) : null;
}
