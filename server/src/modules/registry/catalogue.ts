import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { type CatalogueSubject as RuleSubject, gradesOf, type Level, regularScoresFor, subjectCatalogue2018 } from './rules/periods.ts';
import { subjects } from './schema.ts';

/**
 * The 2018 curriculum catalogue (rules/periods.ts) as the registry uses it: grades by number, and
 * the subjects table loaded from it at migrate.
 */
export type CatalogueLevel = Level;
export type CatalogueSubject = Omit<RuleSubject, 'periods'> & { periods: Record<number, number>; nameEn: string };

/** The rules' catalogue keyed by grade number (the rules key grades as strings). */
export const catalogue: Record<CatalogueLevel, CatalogueSubject[]> = Object.fromEntries(
  (Object.keys(subjectCatalogue2018) as Level[]).map((level) => [
    level,
    subjectCatalogue2018[level].map((s) => ({
      ...s,
      nameEn: s.name,
      periods: Object.fromEntries(Object.entries(s.periods).map(([g, n]) => [Number(g), n])),
    })),
  ]),
) as Record<CatalogueLevel, CatalogueSubject[]>;

const TH = gradesOf.tieu_hoc;
const THCS = gradesOf.thcs;
const THPT = gradesOf.thpt;

/** Grades a school of this level teaches (organisation tree levels). */
export function gradesOfLevel(level: string | null): number[] {
  switch (level) {
    case 'tieu_hoc':
      return TH;
    case 'thcs':
      return THCS;
    case 'thpt':
    case 'gdtx':
      return THPT;
    case 'lien_cap':
      return [...TH, ...THCS];
    case 'lien_cap_thpt':
      return [...THCS, ...THPT];
    default:
      return [];
  }
}

/** The curriculum level a grade belongs to. */
export const levelOfGrade = (g: number): CatalogueLevel => (g <= 5 ? 'tieu_hoc' : g <= 9 ? 'thcs' : 'thpt');

/** Regular scores per semester the periods imply (TT22 Art. 6, §1.4); null for comment-only and primary subjects. */
export const requiredRegular = (assessment: RuleSubject['assessment'], periods: number): number | null =>
  periods > 0 ? regularScoresFor({ assessment }, periods) : null;

/** Loads the catalogue into registry.subjects (upsert; runs after every migration pass). */
export async function loadSubjects(database: Database): Promise<void> {
  const rows = (Object.keys(catalogue) as CatalogueLevel[]).flatMap((level) =>
    catalogue[level].map((s, i) => ({
      code: s.code,
      level,
      name: s.name,
      nameEn: s.nameEn,
      assessment: s.assessment,
      elective: !!s.elective,
      sort: i + 1,
    })),
  );
  await database.db
    .insert(subjects)
    .values(rows)
    .onConflictDoUpdate({
      target: [subjects.level, subjects.code],
      set: {
        name: sql`excluded.name`,
        nameEn: sql`excluded.name_en`,
        assessment: sql`excluded.assessment`,
        elective: sql`excluded.elective`,
        sort: sql`excluded.sort`,
      },
    });
}
