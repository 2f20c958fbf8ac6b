import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { rulesetById } from './rules/rulesets.ts';
import type { Tt27YearResult } from './rules/tt27.ts';
import type { TranscriptData, TranscriptSubjectRow } from './transcripts/index.ts';
import type { ClassSubject } from '../registry/public.ts';

/**
 * The TT 27 (primary) parts of a transcript (học bạ tiểu học): per subject the level code and test
 * score at the end of HKI and at the end of the year ("HTT (9)", as the paper form's columns), the qualities and competences (end of HKI,
 * end of year) as the renderer's extra tables, the overall result, award and completion.
 * Nothing is computed here beyond formatting: the year was finalised by rules/tt27.ts.
 */
export const TT27_LEVEL = { HTT: 'Hoàn thành tốt', HT: 'Hoàn thành', CHT: 'Chưa hoàn thành' } as const;
export const TT27_QC = { T: 'Tốt', D: 'Đạt', C: 'Cần cố gắng' } as const;
export const TT27_OVERALL = { HTXS: 'Hoàn thành xuất sắc', HTT: 'Hoàn thành tốt', HT: 'Hoàn thành', CHT: 'Chưa hoàn thành' } as const;
export const TT27_AWARD = { XS: 'Học sinh Xuất sắc', TB: 'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện' } as const;

type Final = Extract<Tt27YearResult, { status: 'final' }>;

export function tt27Promotion(r: Final, gradeNo: number): string {
  if (r.completed) return gradeNo === 5 ? 'Hoàn thành chương trình tiểu học' : `Hoàn thành chương trình lớp ${gradeNo}; được lên lớp`;
  switch (r.outcome) {
    case 'KTL':
      return 'Chưa hoàn thành chương trình lớp học; thực hiện kế hoạch hỗ trợ và đánh giá lại';
    case 'QD':
      return 'Chưa hoàn thành chương trình lớp học; chờ hiệu trưởng quyết định';
    case 'LL':
      return 'Được lên lớp (hiệu trưởng quyết định)';
    default:
      return 'Ở lại lớp';
  }
}

export async function tt27TranscriptParts(
  q: Queryable,
  classId: string,
  gradeNo: number,
  subjects: ClassSubject[],
  studentId: string,
  rulesetId: string,
  result: Final,
): Promise<Pick<TranscriptData, 'subjects' | 'assessments' | 'conduct' | 'learning' | 'promotion' | 'titles'>> {
  const ruleset = rulesetById(rulesetId);
  if (ruleset.circular !== 'tt27') throw new Error(`not a TT 27 ruleset: ${rulesetId}`);
  const [cells, remarks, qc] = await Promise.all([
    q.execute<{ subjectCode: string; termNo: number; slot: string; level: string | null; score: string | null; missed: boolean }>(sql`
      SELECT s.subject_code AS "subjectCode", s.term_no AS "termNo", m.slot, m.level, trunc(m.score)::text AS score, m.missed
      FROM gradebook.marks m JOIN gradebook.sheets s ON s.id = m.sheet_id
      WHERE s.class_id = ${classId} AND m.student_id = ${studentId} AND m.slot IN ('lvl', 'test')`),
    q.execute<{ subjectCode: string; text: string }>(sql`
      SELECT s.subject_code AS "subjectCode", r.text FROM gradebook.remarks r JOIN gradebook.sheets s ON s.id = r.sheet_id
      WHERE s.class_id = ${classId} AND r.student_id = ${studentId} ORDER BY s.term_no`),
    q.execute<{ termNo: number; qualities: Record<string, keyof typeof TT27_QC>; competences: Record<string, keyof typeof TT27_QC> }>(sql`
      SELECT term_no AS "termNo", qualities, competences FROM gradebook.tt27_qualities
      WHERE class_id = ${classId} AND student_id = ${studentId} AND point = 'ck'`),
  ]);
  const cell = (code: string, termNo: number, slot: string) =>
    cells.rows.find((c) => c.subjectCode === code && c.termNo === termNo && c.slot === slot);
  const show = (code: string, termNo: number) => {
    const lvl = cell(code, termNo, 'lvl')?.level as keyof typeof TT27_LEVEL | undefined;
    const test = cell(code, termNo, 'test');
    const score = test ? (test.missed ? 'vắng' : test.score) : null;
    if (!lvl) return null;
    // As the paper form: the level code (HTT/HT/CHT) and the periodic test score.
    return score ? `${lvl} (${score})` : lvl;
  };
  const rows: TranscriptSubjectRow[] = subjects.map((s) => ({
    name: s.name,
    term1: show(s.code, 1),
    term2: null,
    year: show(s.code, 2),
    reassessed: null,
    comment: remarks.rows.filter((r) => r.subjectCode === s.code).at(-1)?.text ?? null,
  }));
  const at = (termNo: number) => qc.rows.find((r) => r.termNo === termNo);
  const table = (title: string, items: Record<string, string>, pick: 'qualities' | 'competences') => ({
    title,
    rows: Object.entries(items).map(([code, name]) => {
      const l1 = at(1)?.[pick][code];
      const l2 = at(2)?.[pick][code];
      return { name, term1: l1 ? TT27_QC[l1] : null, term2: null, year: l2 ? TT27_QC[l2] : null };
    }),
  });
  const overall = TT27_OVERALL[result.overall];
  return {
    subjects: rows,
    assessments: [
      table('Những phẩm chất chủ yếu', ruleset.qualities, 'qualities'),
      table('Những năng lực cốt lõi', ruleset.competences, 'competences'),
    ],
    conduct: {},
    learning: { year: overall, reassessed: result.afterSupport ? TT27_OVERALL[result.afterSupport] : null },
    promotion: tt27Promotion(result, gradeNo),
    titles: result.award ? [TT27_AWARD[result.award]] : [],
  };
}
