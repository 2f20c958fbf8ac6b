/**
 * Opening a new school year from the previous one (lên lớp): each class moves up one grade and
 * keeps its letter and number ("6A1" → "7A1", "10 Toán" → "11 Toán"). Pure functions, no I/O.
 */

/** The name of the class one grade up: the leading grade number is replaced; other names are kept. */
export function promotedClassName(name: string, fromGrade: number): string {
  const trimmed = name.normalize('NFC').trim();
  const m = /^(\d{1,2})(?!\d)(.*)$/u.exec(trimmed);
  if (m && Number(m[1]) === fromGrade) return `${fromGrade + 1}${m[2]}`;
  return trimmed;
}

/** The combined grades of a lớp ghép one year later; grades beyond the school's last are dropped. */
export function promotedCombinedGrades(grades: readonly number[] | null, lastGrade: number): number[] | null {
  if (!grades || grades.length === 0) return null;
  const next = grades.map((g) => g + 1).filter((g) => g <= lastGrade);
  return next.length > 0 ? next : null;
}

export interface PromotableClass {
  gradeNo: number;
  name: string;
  subjectCombination: string | null;
  combinedGrades: number[] | null;
}

/**
 * What a class becomes in the next year, or null when its grade is the school's last (the
 * students finish the level: they are graduated, not promoted). A THPT subject combination only
 * follows into grades 10–12.
 */
export function promoteClass<T extends PromotableClass>(c: T, schoolGrades: readonly number[]): (T & { fromName: string }) | null {
  const last = Math.max(...schoolGrades);
  const nextGrade = c.gradeNo + 1;
  if (nextGrade > last || !schoolGrades.includes(nextGrade)) return null;
  return {
    ...c,
    fromName: c.name,
    gradeNo: nextGrade,
    name: promotedClassName(c.name, c.gradeNo),
    subjectCombination: nextGrade >= 10 ? c.subjectCombination : null,
    combinedGrades: promotedCombinedGrades(c.combinedGrades, last),
  };
}
