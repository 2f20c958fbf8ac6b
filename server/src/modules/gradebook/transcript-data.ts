import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { ClassContext, ClassSubject } from '../registry/public.ts';
import { transcriptIdentity } from '../registry/public.ts';
import type { Tt22YearResult } from './rules/tt22-year.ts';
import type { Tt27YearResult } from './rules/tt27.ts';
import { tt27TranscriptParts } from './transcript-tt27.ts';
import type { TranscriptData, TranscriptSubjectRow } from './transcripts/index.ts';

const LEVEL = { T: 'Tốt', K: 'Khá', D: 'Đạt', CD: 'Chưa đạt' } as const;
const COMMENT = { D: 'Đạt', CD: 'Chưa đạt' } as const;
const OUTCOME = { LL: 'Được lên lớp', RLH: 'Rèn luyện trong kỳ nghỉ hè', KTL: 'Kiểm tra, đánh giá lại', OLL: 'Ở lại lớp' } as const;
const TITLE = { XS: 'Học sinh Xuất sắc', G: 'Học sinh Giỏi' } as const;

type Tt27Final = Extract<Tt27YearResult, { status: 'final' }>;

const levelTitle = (g: number) => (g <= 5 ? 'TIỂU HỌC' : g <= 9 ? 'TRUNG HỌC CƠ SỞ' : 'TRUNG HỌC PHỔ THÔNG');

/** "Phú Thọ, ngày 25 tháng 5 năm 2026" from an ISO date (the place line above the signatures). */
export function placeLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

export interface TranscriptContext {
  ctx: ClassContext;
  subjects: ClassSubject[];
  authority: string;
  place: string;
  homeroomName: string;
  principalName: string;
  issuedOn: string;
  verificationUrl: (code: string) => string;
  test: boolean;
}

/**
 * The plain data of one student's transcript for the class's year, from the final year result
 * (TT 22: per-subject term and year results, conduct and learning with the after-summer levels,
 * promotion, titles), the register's identity block, the subject teachers' year-end comments and
 * the homeroom teacher's; for primary (TT 27) the parts of transcript-tt27.ts. Nothing is computed here: the engine did it when the year was finalised.
 */
export async function transcriptData(
  q: Queryable,
  t: TranscriptContext,
  studentId: string,
  code: string,
  version: number,
): Promise<TranscriptData | undefined> {
  const [identity, yr, records, remarks] = await Promise.all([
    transcriptIdentity(q, studentId),
    q.execute<{
      detail: Tt22YearResult;
      circular: string;
      ruleset: string;
      absences: number;
      summer: { reassessment?: { scored?: Record<string, string>; comment?: Record<string, string> } } | null;
    }>(sql`
      SELECT detail, circular, ruleset, absences, summer FROM gradebook.year_results WHERE student_id = ${studentId} AND school_year_id = ${t.ctx.schoolYearId} AND status = 'final'`),
    q.execute<{ termNo: number; absencesExcused: number; absencesUnexcused: number; comment: string | null }>(sql`
      SELECT term_no AS "termNo", absences_excused AS "absencesExcused", absences_unexcused AS "absencesUnexcused", comment
      FROM gradebook.student_terms WHERE class_id = ${t.ctx.id} AND student_id = ${studentId}`),
    q.execute<{ subjectCode: string; text: string }>(sql`
      SELECT s.subject_code AS "subjectCode", r.text FROM gradebook.remarks r JOIN gradebook.sheets s ON s.id = r.sheet_id
      WHERE s.class_id = ${t.ctx.id} AND r.student_id = ${studentId} ORDER BY s.term_no`),
  ]);
  const result = yr.rows[0]?.detail;
  if (!identity || !result) return undefined;
  const primary =
    yr.rows[0]!.circular === 'tt27'
      ? await tt27TranscriptParts(q, t.ctx.id, t.ctx.gradeNo, t.subjects, studentId, yr.rows[0]!.ruleset, result as unknown as Tt27Final)
      : null;
  const re = primary ? undefined : result.reassessment?.results;
  const remarkOf = (code: string) => remarks.rows.filter((r) => r.subjectCode === code).at(-1)?.text ?? null;
  const subjects: TranscriptSubjectRow[] = primary
    ? primary.subjects
    : t.subjects.flatMap((s) => {
        const scored = result.subjects.scored[s.code];
        if (scored)
          return [
            {
              name: s.name,
              term1: scored.hk1,
              term2: scored.hk2,
              year: scored.year,
              reassessed: re?.scored[s.code] ?? null,
              comment: remarkOf(s.code),
            },
          ];
        const comment = result.subjects.comment[s.code];
        if (comment) {
          const reassessed = re?.comment[s.code];
          return [
            {
              name: s.name,
              term1: COMMENT[comment.hk1],
              term2: COMMENT[comment.hk2],
              year: COMMENT[comment.year],
              reassessed: reassessed ? COMMENT[reassessed] : null,
              comment: remarkOf(s.code),
            },
          ];
        }
        return [];
      });
  const sum = (k: 'absencesExcused' | 'absencesUnexcused') => records.rows.reduce((n, r) => n + r[k], 0);
  const summerChanged = (a: string, b: string) => (a !== b ? b : null);
  return {
    documentId: code,
    version,
    levelTitle: levelTitle(t.ctx.gradeNo),
    authority: t.authority,
    school: { name: t.ctx.schoolName },
    student: {
      fullName: identity.fullName,
      gender: identity.sex,
      dateOfBirth: identity.dateOfBirth,
      placeOfBirth: identity.birthplace,
      ethnicity: identity.ethnicity,
      nationality: identity.nationality,
      personalId: identity.cccd,
      studentCode: identity.schoolCode ?? identity.moetCode,
      address: identity.address,
      guardians: identity.guardians,
    },
    schoolYear: `${t.ctx.startYear}-${t.ctx.startYear + 1}`,
    className: t.ctx.name,
    subjects,
    ...(primary ? { assessments: primary.assessments } : {}),
    conduct: primary
      ? primary.conduct
      : {
          term1: LEVEL[result.conduct.hk1],
          term2: LEVEL[result.conduct.hk2],
          year: LEVEL[result.conduct.year],
          reassessed: summerChanged(LEVEL[result.conduct.year], LEVEL[result.final.conduct]),
        },
    learning: primary
      ? primary.learning
      : {
          term1: LEVEL[result.learning.hk1.level],
          term2: LEVEL[result.learning.hk2.level],
          year: LEVEL[result.learning.year.level],
          reassessed: summerChanged(LEVEL[result.learning.year.level], LEVEL[result.final.learning]),
        },
    absences: { excused: sum('absencesExcused'), unexcused: sum('absencesUnexcused') },
    promotion: primary ? primary.promotion : OUTCOME[result.outcome],
    titles: primary ? primary.titles : result.titles.map((x) => TITLE[x]),
    homeroomComment: records.rows.find((r) => r.termNo === 2)?.comment ?? records.rows.find((r) => r.termNo === 1)?.comment ?? null,
    place: placeLine(t.place, t.issuedOn),
    issuedOn: t.issuedOn,
    signatories: [
      { role: 'homeroomTeacher', name: t.homeroomName },
      { role: 'principal', name: t.principalName },
      { role: 'seal', name: t.ctx.schoolName },
    ],
    verificationUrl: t.verificationUrl(code),
    testCertificate: t.test,
  };
}
