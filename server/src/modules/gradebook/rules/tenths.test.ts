import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, decimalOfTenths, divHalfUp, formatTenths, tenthsOf } from './tenths.ts';
import { GradebookRuleError } from './types.ts';

describe('the exact tenths kernel (regulations §1.6)', () => {
  it('rounds half up: 705/10 → 71 (7.05 → 7.1), 704/10 → 70, 645/10 → 65', () => {
    expect(divHalfUp(564, 8)).toBe(71); // 56.4 / 8 = 7.05
    expect(divHalfUp(704, 10)).toBe(70);
    expect(divHalfUp(645, 10)).toBe(65);
    expect(divHalfUp(0, 7)).toBe(0);
  });
  it('divHalfUp equals decimal.js ROUND_HALF_UP for every integer quotient in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 200 }), (n, d) => {
        expect(divHalfUp(n, d)).toBe(new Decimal(n).dividedBy(d).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber());
      }),
      { numRuns: 5000 },
    );
  });
  it('reads canonical strings on the fast path and anything else through decimal.js, identically', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (t) => {
        const canonical = formatTenths(t);
        expect(tenthsOf(canonical)).toBe(t);
        expect(tenthsOf(new Dec(canonical))).toBe(t);
        expect(tenthsOf(`${canonical}0`)).toBe(t); // "7.50" via decimal.js
        expect(decimalOfTenths(t).toFixed(1)).toBe(canonical);
      }),
    );
    expect(tenthsOf('7')).toBe(70);
    expect(tenthsOf('-0.5')).toBe(-5);
    expect(formatTenths(-5)).toBe('-0.5');
  });
  it('refuses more than one decimal and text, never rounding', () => {
    expect(() => tenthsOf('7.05')).toThrow(GradebookRuleError);
    expect(() => tenthsOf('7.05')).toThrow('gradebook.score.tooManyDecimals');
    expect(() => tenthsOf('abc')).toThrow('gradebook.score.notANumber');
    expect(() => tenthsOf('7.a')).toThrow('gradebook.score.notANumber');
  });
});
