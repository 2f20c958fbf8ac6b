import type { Rng } from '../../../platform/seed/names.ts';

/**
 * Score generators for the seeds (pure, deterministic for a given rng). Scores are handled as
 * integer tenths (7.5 → 75) and printed once as the decimal text the column stores: no binary
 * float ever reaches a score.
 */

/** A standard normal draw (Box–Muller) from the seeded generator. */
export function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** A student's general level (mean of their marks) in tenths: about N(7.0, 1.1), kept within 3.0–9.7. */
export function abilityTenths(rng: Rng): number {
  return clamp(Math.round(70 + 11 * normal(rng)), 30, 97);
}

/**
 * One mark around the student's level, in tenths: regular assessments (ĐĐGtx) on a half-point
 * step as teachers usually give them, tests (ĐĐGgk, ĐĐGck) to one decimal.
 */
export function markTenths(rng: Rng, ability: number, step: 5 | 1): number {
  const raw = clamp(ability + 9 * normal(rng), 0, 100);
  return clamp(Math.round(raw / step) * step, 0, 100);
}

/** 75 → "7.5", 100 → "10.0" (the canonical text numeric(3,1) stores). */
export const tenthsText = (t: number): string => `${Math.floor(t / 10)}.${t % 10}`;

/** Rèn luyện levels as they fall in a typical class (TT 22 Art. 8): mostly Tốt. */
export function conductLevel(rng: Rng, ability: number): 'T' | 'K' | 'D' | 'CD' {
  const x = rng.next() - (ability - 70) / 200;
  return x < 0.7 ? 'T' : x < 0.93 ? 'K' : x < 0.995 ? 'D' : 'CD';
}

/** Absence sessions in a term: most pupils miss none or a few with leave, few without. */
export function absences(rng: Rng): { excused: number; unexcused: number } {
  const excused = rng.chance(0.55) ? 0 : 1 + rng.int(rng.chance(0.9) ? 4 : 10);
  const unexcused = rng.chance(0.9) ? 0 : 1 + rng.int(3);
  return { excused, unexcused };
}

export const SUBJECT_REMARKS = [
  'Chăm chỉ, tích cực phát biểu xây dựng bài.',
  'Tiến bộ rõ rệt so với đầu năm.',
  'Cần cẩn thận hơn khi trình bày bài làm.',
  'Nắm vững kiến thức cơ bản, cần luyện thêm bài tập nâng cao.',
  'Hay mất tập trung trong giờ học, cần cố gắng hơn.',
  'Có năng khiếu, nên tham gia đội tuyển học sinh giỏi.',
  'Làm bài tập về nhà đầy đủ.',
  'Cần chủ động hỏi khi chưa hiểu bài.',
] as const;

export const TERM_REMARKS = [
  'Ngoan, lễ phép, đoàn kết với bạn bè.',
  'Chăm học, có ý thức tự giác.',
  'Cần rèn luyện thêm tính kỷ luật.',
  'Tích cực tham gia các hoạt động của lớp.',
  'Hòa đồng, giúp đỡ bạn bè trong học tập.',
] as const;
