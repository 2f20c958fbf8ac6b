import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../db/uuid-v7.ts';

describe('uuidV7 (RFC 9562 §5.7)', () => {
  it('has version 7, the RFC variant and the millisecond in its first 48 bits', () => {
    const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
    const id = uuidV7(at + 10_000_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it('never goes backwards: ids of one millisecond, and of a clock that stepped back, still increase', () => {
    const t = Date.now() + 20_000_000;
    const ids = [...Array.from({ length: 10_000 }, () => uuidV7(t)), uuidV7(t - 5_000), uuidV7(t + 1)];
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `${ids[i - 1]} then ${ids[i]}`).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts as text in the order it was made (the byte order PostgreSQL compares uuid by)', () => {
    const ids = Array.from({ length: 1000 }, () => uuidV7());
    expect([...ids].sort()).toEqual(ids);
  });
});
