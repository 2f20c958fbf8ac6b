import { Decimal } from 'decimal.js';
import { GradebookRuleError, type Score, type ScoreValue } from './types.ts';

/**
 * The exact arithmetic kernel. Every score the circulars allow has at most one decimal, so the
 * engine counts in tenths of a point: integers (7.5 → 75), added and multiplied exactly, divided
 * once with round-half-up ("làm tròn số thông thường", regulations.md §1.6) by integer quotient and
 * remainder. There is never a binary fraction, so 56.4/8 = 7.05 rounds to 7.1 (IEEE floats give 7.0).
 *
 * decimal.js (ROUND_HALF_UP) parses any Decimal or unusual string at the boundary and is the oracle
 * the property tests compare this kernel with (Appendix A of regulations.md, ported). It is not the
 * hot path: decimal.js took ~39 s for the averages alone of 400,000 students × 12 subjects on this
 * machine; the whole year computation on this kernel takes ~7 s of CPU (rules/README.md).
 */
export type Tenths = number;

/** decimal.js configured for the engine: half-up, ample precision. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** A one-decimal value in tenths. Refuses more than one significant decimal (never rounds input). */
export function tenthsOf(value: ScoreValue): Tenths {
  if (typeof value === 'string') {
    // fast path for the canonical forms "d.d" and "dd.d" (digits are char codes 48–57)
    const n = value.length;
    if ((n === 3 || n === 4) && value.charCodeAt(n - 2) === 46) {
      const a = value.charCodeAt(0) - 48;
      const b = value.charCodeAt(n - 3) - 48;
      const c = value.charCodeAt(n - 1) - 48;
      if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) return n === 3 ? a * 10 + c : a * 100 + b * 10 + c;
    }
  }
  let d: Decimal;
  try {
    d = new Dec(value);
  } catch {
    throw new GradebookRuleError('gradebook.score.notANumber', { value: String(value) });
  }
  const t = d.times(10);
  if (!t.isInteger()) throw new GradebookRuleError('gradebook.score.tooManyDecimals', { value: d.toString() });
  if (!t.abs().lte(Number.MAX_SAFE_INTEGER)) throw new GradebookRuleError('gradebook.score.outOfRange', { value: d.toString() });
  return t.toNumber() + 0; // + 0 turns -0 into 0
}

/** Canonical text of a tenths value: exactly one decimal ("7.5", "10.0", "0.0"), like PostgreSQL numeric(4,1). */
export function formatTenths(t: Tenths): Score {
  const sign = t < 0 ? '-' : '';
  const a = Math.abs(t);
  const r = a % 10;
  return `${sign}${(a - r) / 10}.${r}`;
}

/** round-half-up(numerator / denominator) for non-negative integer numerator, positive integer denominator: exact. */
export function divHalfUp(numerator: number, denominator: number): number {
  const twice = 2 * numerator + denominator;
  const d2 = 2 * denominator;
  const rest = twice % d2;
  return (twice - rest) / d2;
}

/** Tenths to Decimal (for callers that want Decimal arithmetic on results). */
export const decimalOfTenths = (t: Tenths): Decimal => new Dec(t).dividedBy(10);
