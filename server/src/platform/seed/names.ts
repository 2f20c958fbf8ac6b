import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Deterministic synthetic Vietnamese names for seeds (staff now, students later): surname by
 * approximate national frequency + middle + given name from the shipped lists
 * (server/data/names, MIT). The same seed always yields the same sequence; nothing here reads
 * Math.random or the clock.
 */

/** mulberry32: a small, fast, seeded PRNG with a 2^32 period; enough for synthetic data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  weighted<T>(table: readonly (readonly [T, number])[]): T;
}

export function createRng(seed: number): Rng {
  const next = seededRandom(seed);
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => next() < p,
    weighted(table) {
      const total = table.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [value, w] of table) {
        x -= w;
        if (x < 0) return value;
      }
      return table[table.length - 1]![0];
    },
  };
  return rng;
}

/** Approximate national surname frequencies (names README), in percent; Hoàng/Huỳnh and Vũ/Võ split north-leaning. */
export const surnameWeights: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3.5],
  ['Huỳnh', 1.5],
  ['Phan', 4.5],
  ['Vũ', 2.4],
  ['Võ', 1.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  // "Others the rest" (≈12.5%), spread over common surnames.
  ['Trịnh', 1.0],
  ['Đinh', 1.0],
  ['Lương', 0.9],
  ['Mai', 0.9],
  ['Đoàn', 0.9],
  ['Cao', 0.8],
  ['Lâm', 0.8],
  ['Hà', 0.8],
  ['Tạ', 0.6],
  ['Chu', 0.6],
  ['Tô', 0.5],
  ['Thân', 0.5],
  ['Kiều', 0.3],
  ['Quách', 0.3],
  ['Vương', 0.4],
  ['Nghiêm', 0.2],
  ['Giáp', 0.3],
  ['Lưu', 0.4],
  ['Thái', 0.2],
  ['Phùng', 0.2],
];

const namesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/names');
let lists: { male: string[]; female: string[] } | undefined;
function givenNames() {
  const read = (f: string) =>
    fs
      .readFileSync(path.join(namesDir, f), 'utf8')
      .split('\n')
      .map((l) => l.normalize('NFC').trim())
      .filter(Boolean);
  lists ??= { male: read('given-names-boy.txt'), female: read('given-names-girl.txt') };
  return lists;
}

export type Gender = 'male' | 'female';
export interface PersonName {
  fullName: string;
  surname: string;
  /** Middle and given name, e.g. "Thị Minh Anh". */
  givenNames: string;
  gender: Gender;
}

export interface NameGenerator {
  next(gender?: Gender): PersonName;
}

/**
 * Names like "Nguyễn Thị Minh Anh": the listed given names are mostly two syllables (middle +
 * given); "Thị" (girls) and "Văn" (boys) are prefixed for part of the population, more often for
 * older generations (`traditional`, 0..1: 0.45 for staff, lower for students).
 */
export function createNameGenerator(seed: number, options: { traditional?: number } = {}): NameGenerator {
  const rng = createRng(seed ^ 0x9e3779b9);
  const traditional = options.traditional ?? 0.45;
  const { male, female } = givenNames();
  return {
    next(gender) {
      const g: Gender = gender ?? (rng.chance(0.5) ? 'male' : 'female');
      const surname = rng.weighted(surnameWeights);
      let given = rng.pick(g === 'male' ? male : female);
      const marker = g === 'male' ? 'Văn' : 'Thị';
      if (!given.startsWith(`${marker} `) && given.split(' ').length < 3 && rng.chance(traditional)) given = `${marker} ${given}`;
      return { fullName: `${surname} ${given}`, surname, givenNames: given, gender: g };
    },
  };
}
