import { describe, expect, it } from 'vitest';
import { createNameGenerator, createRng, surnameWeights } from './names.ts';

describe('synthetic Vietnamese names', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const take = (seed: number) => {
      const g = createNameGenerator(seed);
      return Array.from({ length: 50 }, () => g.next().fullName);
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
  });

  it('writes surname first, then middle and given names, in NFC', () => {
    const g = createNameGenerator(7);
    for (let i = 0; i < 500; i++) {
      const n = g.next(i % 2 ? 'female' : 'male');
      expect(n.fullName).toBe(`${n.surname} ${n.givenNames}`);
      expect(n.fullName.normalize('NFC')).toBe(n.fullName);
      const words = n.fullName.split(' ').length;
      expect(words).toBeGreaterThanOrEqual(3);
      expect(words).toBeLessThanOrEqual(5);
    }
  });

  it('follows the surname frequencies (Nguyễn ≈ 38%)', () => {
    const g = createNameGenerator(1);
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const s = g.next().surname;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const total = surnameWeights.reduce((s, [, w]) => s + w, 0);
    expect(total).toBeCloseTo(100, 0);
    expect((counts.get('Nguyễn') ?? 0) / n).toBeGreaterThan(0.35);
    expect((counts.get('Nguyễn') ?? 0) / n).toBeLessThan(0.41);
    expect((counts.get('Trần') ?? 0) / n).toBeGreaterThan(0.09);
  });

  it('gives "Thị" only to women and "Văn" only to men', () => {
    const g = createNameGenerator(3);
    for (let i = 0; i < 2000; i++) {
      const n = g.next();
      if (n.gender === 'male') expect(n.givenNames.startsWith('Thị ')).toBe(false);
      else expect(n.givenNames.startsWith('Văn ')).toBe(false);
    }
  });

  it('draws uniform-looking numbers from the seeded generator', () => {
    const rng = createRng(5);
    const xs = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});
