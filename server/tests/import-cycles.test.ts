import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No import cycle in server/src, type-only imports included: a cycle between two files means
 * neither can be understood (or moved to another module) without the other, and at run time the
 * first one loaded sees the other half-initialised. Our own graph walk, no madge.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Static imports, re-exports and dynamic imports of a relative path. */
const IMPORT =
  /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function importGraph(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const m of read(file).matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      const target = path.resolve(path.dirname(file), spec);
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph of server/src', () => {
  it('finds a cycle through type-only imports, re-exports and dynamic imports, and none in a chain', () => {
    const files: Record<string, string> = {
      '/x/a.ts': "import type { B } from './b.ts';\nexport type A = B;",
      '/x/b.ts': "export { c } from './sub/c.ts';\nexport type B = string;",
      '/x/sub/c.ts': "export const c = () => import('../a.ts');",
      '/x/d.ts': "import { c } from './sub/c.ts';\nimport 'node:fs';",
      '/x/e.ts': "import { d } from './e.ts';",
    };
    const graph = importGraph(Object.keys(files), (f) => files[f]!);
    expect(cycles(graph)).toEqual([['/x/a.ts', '/x/b.ts', '/x/sub/c.ts'], ['/x/e.ts']]);
    delete files['/x/e.ts'];
    files['/x/sub/c.ts'] = 'export const c = 1;';
    expect(cycles(importGraph(Object.keys(files), (f) => files[f]!))).toEqual([]);
  });

  it('has no import cycle', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const graph = importGraph(files, (f) => fs.readFileSync(f, 'utf8'));
    expect([...graph.values()].flat().length).toBeGreaterThan(files.length);
    expect(cycles(graph).map((c) => c.map((f) => path.relative(SRC, f)))).toEqual([]);
  });
});
