import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_ERROR_CODES } from './error-codes.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('rule error codes', () => {
  it('lists exactly the codes the rule sources produce', () => {
    const found = new Set<string>();
    for (const f of readdirSync(here).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'error-codes.ts')) {
      const text = readFileSync(join(here, f), 'utf8');
      expect(text, `${f} builds a code dynamically`).not.toMatch(/`gradebook\./);
      for (const m of text.matchAll(/'(gradebook\.[A-Za-z0-9.]+)'/g)) found.add(m[1]!);
    }
    expect([...found].sort()).toEqual([...RULE_ERROR_CODES].sort());
  });
});
