import { formatTenths, tenthsOf } from './tenths.ts';
import {
  type CommentCell,
  type CommentResult,
  type IntegerScore,
  MISSED,
  type Missed,
  type Parsed,
  type Score,
  type ScoreCell,
  type ScoreValue,
  type Tt27QcLevel,
  type Tt27SubjectLevel,
} from './types.ts';

/**
 * What a teacher types in a grade-book cell (or pastes from Excel), parsed without ever rounding.
 * TT 22 Art. 5 / regulations.md §1.2: scores 0–10, an integer or one decimal. TT 27 Art. 7 / §2.3:
 * test scores are integers, no decimals. Errors carry stable codes that are also i18n keys.
 *
 * - "7,5" and "7.5" → "7.5"; "7" → "7.0"; "7.50" → "7.5" (a trailing zero loses nothing);
 * - "7.25" → gradebook.score.tooManyDecimals (refused, never rounded);
 * - "11", "-1", "10.5" → gradebook.score.outOfRange; "abc", "1e1", "7,5,1" → gradebook.score.notANumber;
 * - "" → gradebook.score.empty; "M" / "vắng" → the "missed, make-up pending" marker (…Cell parsers only).
 */
export const SCORE_ERROR = {
  empty: 'gradebook.score.empty',
  notANumber: 'gradebook.score.notANumber',
  outOfRange: 'gradebook.score.outOfRange',
  tooManyDecimals: 'gradebook.score.tooManyDecimals',
  notAnInteger: 'gradebook.score.notAnInteger',
  invalidComment: 'gradebook.comment.invalid',
  invalidLevel: 'gradebook.level.invalid',
} as const;

const NUMBER = /^([+-]?)(\d+)(?:[.,](\d+))?$/;
const MAX_INPUT = 32;

const fail = <T>(code: string, params: Record<string, unknown> = {}): Parsed<T> => ({ ok: false, error: { code, params } });

/** Trims spaces (incl. no-break spaces Excel pastes) and normalises to NFC. */
const clean = (input: string): string =>
  input
    .normalize('NFC')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();

/** Lower case, no diacritics (đ → d), no spaces: "Chưa đạt" → "chuadat". */
const fold = (input: string): string =>
  clean(input)
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s._-]+/g, '');

/** Typed forms of the "missed, make-up pending" marker. */
const MISSED_INPUTS = new Set(['m', 'vang']);

interface NumberParts {
  negative: boolean;
  integer: number;
  /** Significant decimals, trailing zeros removed. */
  fraction: string;
}

function numberParts(input: string): Parsed<NumberParts> {
  const text = clean(input);
  if (text === '') return fail(SCORE_ERROR.empty);
  const m = text.length <= MAX_INPUT ? NUMBER.exec(text) : null;
  if (!m) return fail(SCORE_ERROR.notANumber, { input: text.slice(0, MAX_INPUT) });
  const integer = Number(m[2]);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const negative = m[1] === '-' && (integer !== 0 || fraction !== '');
  return { ok: true, value: { negative, integer, fraction } };
}

/** Ranges are non-negative: any negative value is out of range ("-0" is 0). */
function inRange(p: NumberParts, min: number, max: number): boolean {
  if (p.negative || p.integer < min) return false;
  return p.integer < max || (p.integer === max && p.fraction === '');
}

/** A TT 22 / TT 58 score: 0–10 with at most one decimal → canonical "7.5". */
export function parseScore(input: string): Parsed<Score> {
  const parts = numberParts(input);
  if (!parts.ok) return parts;
  const p = parts.value;
  if (!inRange(p, 0, 10)) return fail(SCORE_ERROR.outOfRange, { input: clean(input), min: '0', max: '10' });
  if (p.fraction.length > 1) return fail(SCORE_ERROR.tooManyDecimals, { input: clean(input), decimals: 1 });
  return { ok: true, value: formatTenths(p.integer * 10 + Number(p.fraction || '0')) };
}

/**
 * A TT 27 periodic-test score: an integer in [min, max] → canonical "7". "7,0" is 7; "7,5" is
 * gradebook.score.notAnInteger. `min` defaults to 1 (the Tt27Ruleset parameter testScoreMin).
 */
export function parseIntegerScore(input: string, options: { min?: number; max?: number } = {}): Parsed<IntegerScore> {
  const min = options.min ?? 1;
  const max = options.max ?? 10;
  const parts = numberParts(input);
  if (!parts.ok) return parts;
  const p = parts.value;
  if (!inRange(p, min, max)) return fail(SCORE_ERROR.outOfRange, { input: clean(input), min: String(min), max: String(max) });
  if (p.fraction !== '') return fail(SCORE_ERROR.notAnInteger, { input: clean(input) });
  return { ok: true, value: String(p.integer) };
}

export const isMissed = (cell: string): cell is Missed => cell === MISSED;

/** A score cell: a score, or the missed marker ("M", "vắng"). */
export function parseScoreCell(input: string): Parsed<ScoreCell> {
  return MISSED_INPUTS.has(fold(input)) ? { ok: true, value: MISSED } : parseScore(input);
}

/** A TT 27 test-score cell: an integer score, or the missed marker. */
export function parseIntegerScoreCell(input: string, options: { min?: number; max?: number } = {}): Parsed<IntegerScore | Missed> {
  return MISSED_INPUTS.has(fold(input)) ? { ok: true, value: MISSED } : parseIntegerScore(input, options);
}

const COMMENT_INPUTS: Record<string, CommentResult> = { d: 'D', dat: 'D', cd: 'CD', chuadat: 'CD' };

/** A TT 22 comment-subject result: "Đ", "Đạt", "D" → D; "CĐ", "Chưa đạt", "CD" → CD (any case, with or without accents). */
export function parseCommentResult(input: string): Parsed<CommentResult> {
  const f = fold(input);
  if (f === '') return fail(SCORE_ERROR.empty);
  const v = COMMENT_INPUTS[f];
  return v ? { ok: true, value: v } : fail(SCORE_ERROR.invalidComment, { input: clean(input).slice(0, MAX_INPUT) });
}

/** A comment-subject cell: Đạt / Chưa đạt, or the missed marker. */
export function parseCommentCell(input: string): Parsed<CommentCell> {
  return MISSED_INPUTS.has(fold(input)) ? { ok: true, value: MISSED } : parseCommentResult(input);
}

const TT27_SUBJECT_INPUTS: Record<string, Tt27SubjectLevel> = {
  htt: 'HTT',
  hoanthanhtot: 'HTT',
  ht: 'HT',
  hoanthanh: 'HT',
  cht: 'CHT',
  chuahoanthanh: 'CHT',
};
const TT27_QC_INPUTS: Record<string, Tt27QcLevel> = { t: 'T', tot: 'T', d: 'D', dat: 'D', c: 'C', cancogang: 'C' };

/** A TT 27 subject/activity level: "HTT" / "Hoàn thành tốt", "HT" / "Hoàn thành", "CHT" / "Chưa hoàn thành". */
export function parseTt27SubjectLevel(input: string): Parsed<Tt27SubjectLevel> {
  const v = TT27_SUBJECT_INPUTS[fold(input)];
  return v
    ? { ok: true, value: v }
    : fail(fold(input) === '' ? SCORE_ERROR.empty : SCORE_ERROR.invalidLevel, { input: clean(input).slice(0, MAX_INPUT) });
}

/** A TT 27 quality/competence level: "T" / "Tốt", "Đ" / "Đạt", "C" / "Cần cố gắng". */
export function parseTt27QcLevel(input: string): Parsed<Tt27QcLevel> {
  const v = TT27_QC_INPUTS[fold(input)];
  return v
    ? { ok: true, value: v }
    : fail(fold(input) === '' ? SCORE_ERROR.empty : SCORE_ERROR.invalidLevel, { input: clean(input).slice(0, MAX_INPUT) });
}

/**
 * Canonical storage text of a score value ("7.5", "10.0"), from a canonical string or a Decimal.
 * Throws GradebookRuleError on a value with more than one decimal (use parseScore for user input).
 */
export function formatScore(value: ScoreValue): Score {
  return formatTenths(tenthsOf(value));
}

/** Canonical storage text of a cell: a score, "M" (missed), "D" / "CD". */
export function formatCell(cell: ScoreCell | CommentCell): string {
  if (cell === MISSED || cell === 'D' || cell === 'CD') return cell;
  return formatScore(cell);
}

/** A score for display: Vietnamese decimal comma ("7,5"), English point ("7.5"). */
export function displayScore(score: Score | IntegerScore, locale: 'vi' | 'en' = 'vi'): string {
  return locale === 'vi' ? score.replace('.', ',') : score;
}
