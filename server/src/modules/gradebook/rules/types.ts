import type { Decimal } from 'decimal.js';

/**
 * Value types of the grade-book engine (regulations.md Appendix C codes). Everything here is plain
 * data the module can store as text: scores travel as canonical decimal strings, never as floats.
 */

/** A score on the 10-point scale as a canonical decimal string with exactly one decimal: "7.5", "10.0", "0.0". */
export type Score = string;
/** A TT 27 periodic-test score: an integer 1–10 (no decimals), canonical "7". */
export type IntegerScore = string;
/** What the engine accepts as a score: a canonical string or a Decimal (never a JS number). */
export type ScoreValue = string | Decimal;

/** "Missed, make-up pending" (kiểm tra bù): distinct from 0 until the make-up window closes (§1.3 [U]). */
export const MISSED = 'M' as const;
export type Missed = typeof MISSED;

/** TT 22 comment-subject result (tt22_comment_result): Đạt / Chưa đạt. */
export const COMMENT_RESULTS = ['D', 'CD'] as const;
export type CommentResult = (typeof COMMENT_RESULTS)[number];

/** One grade-book cell of a score subject / a comment subject. */
export type ScoreCell = Score | Missed;
export type CommentCell = CommentResult | Missed;

/** TT 22 learning (học tập) and training (rèn luyện) levels (tt22_level), lowest first. */
export const TT22_LEVELS = ['CD', 'D', 'K', 'T'] as const;
export type Tt22Level = (typeof TT22_LEVELS)[number];

/** TT 22 year titles (tt22_title): Học sinh Xuất sắc / Học sinh Giỏi. */
export type Tt22Title = 'XS' | 'G';

/**
 * TT 22 year outcome (tt22_year_outcome): LL promoted; RLH summer training pending; KTL re-assessment
 * pending; OLL repeats the grade.
 */
export type Tt22Outcome = 'LL' | 'RLH' | 'KTL' | 'OLL';

/** TT 27 subject / activity level (tt27_subject_level), lowest first. */
export const TT27_SUBJECT_LEVELS = ['CHT', 'HT', 'HTT'] as const;
export type Tt27SubjectLevel = (typeof TT27_SUBJECT_LEVELS)[number];

/** TT 27 quality / competence level (tt27_quality_competence_level), lowest first: Cần cố gắng, Đạt, Tốt. */
export const TT27_QC_LEVELS = ['C', 'D', 'T'] as const;
export type Tt27QcLevel = (typeof TT27_QC_LEVELS)[number];

/** TT 27 end-of-year overall result (tt27_overall), lowest first. */
export const TT27_OVERALL = ['CHT', 'HT', 'HTT', 'HTXS'] as const;
export type Tt27Overall = (typeof TT27_OVERALL)[number];

/** TT 27 awards: Học sinh Xuất sắc / Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện. */
export type Tt27Award = 'XS' | 'TB';

/** TT 58/26 legacy academic level (tt58_hoc_luc), lowest first — never converted to TT 22. */
export const TT58_HOC_LUC = ['KEM', 'Y', 'TB', 'K', 'G'] as const;
export type Tt58HocLuc = (typeof TT58_HOC_LUC)[number];

/** TT 58/26 legacy conduct (tt58_hanh_kiem), lowest first. */
export const TT58_HANH_KIEM = ['Y', 'TB', 'K', 'T'] as const;
export type Tt58HanhKiem = (typeof TT58_HANH_KIEM)[number];

/** TT 58/26 legacy titles (tt58_title): Học sinh Giỏi / Học sinh Tiên tiến. */
export type Tt58Title = 'G' | 'TT';

/** TT 58/26 legacy outcome: promoted, summer training pending, re-exam pending, repeats. */
export type Tt58Outcome = 'LL' | 'RLH' | 'KTL' | 'OLL';

/** Curriculum level (registry naming). */
export type SchoolLevel = 'tieu_hoc' | 'thcs' | 'thpt';

/** A subject code of the registry catalogue (TOAN, NGU_VAN, …). */
export type SubjectCode = string;

/** A stable, translatable rule error: `code` is also the i18n key. */
export interface RuleError {
  code: string;
  params?: Record<string, unknown>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: RuleError };

/** Thrown by engine functions on input a caller should have validated (use the parsers first). */
export class GradebookRuleError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'GradebookRuleError';
  }
}
