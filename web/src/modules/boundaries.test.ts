import { describe, expect, it } from 'vitest';

/**
 * The web app's module boundaries, as the server's `public.ts` rule: a module (modules/<id>/)
 * imports its own files, the shell's shared folders and the shell's public surface, never another
 * module; the shell imports no module (main.tsx alone composes them through modules/index.ts).
 */

/** `dir` + a relative specifier, as a path under web/src ('..' above it kept, to be reported). */
function resolve(dir: string, spec: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const piece of spec.split('/')) {
    if (piece === '..') parts.length > 0 ? parts.pop() : parts.push('..');
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

/** Every source file's text by its path under web/src (`app/auth.tsx`), read by Vite at test time. */
const sources: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.d.ts', '!../**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  ).map(([file, text]) => [resolve('modules', file), text]),
);

/** What a module may import from the shell's app/ folder: hooks and frames meant for pages. */
const appPublic = ['app/auth.tsx', 'app/extensions.tsx', 'app/AuthFrame.tsx', 'app/LanguageSwitch.tsx', 'app/unsaved.tsx', 'app/theme.ts'];
const sharedFolders = ['api/', 'components/', 'lib/', 'i18n/'];

/** Relative specifiers of static imports, re-exports and lazy `import()` calls. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]*)['"]/g)].map((m) => m[1] ?? '');
}

/** Every breach: `file → target` (paths relative to web/src). */
function breaches(): string[] {
  const out: string[] = [];
  for (const [rel, text] of Object.entries(sources)) {
    for (const spec of importsOf(text)) {
      const target = resolve(rel.split('/').slice(0, -1).join('/'), spec);
      const ownModule = rel.match(/^modules\/([^/]+)\//)?.[1];
      if (ownModule) {
        const ok =
          target.startsWith(`modules/${ownModule}/`) ||
          target === 'modules/types.ts' ||
          sharedFolders.some((f) => target.startsWith(f)) ||
          appPublic.includes(target) ||
          !target.match(/^(modules|app|api|components|lib|i18n)\//);
        if (!ok || target.startsWith('..')) out.push(`${rel} → ${target}`);
      } else if (
        rel !== 'main.tsx' &&
        rel !== 'modules/index.ts' &&
        target.startsWith('modules/') &&
        target !== 'modules/types.ts' &&
        // The light shell of the public pages (public/) takes the owning modules' strings, not their code.
        !(rel.startsWith('public/') && target.endsWith('.json'))
      ) {
        out.push(`${rel} → ${target}`);
      }
    }
  }
  return out;
}

describe('web module boundaries', () => {
  it('finds the imports it checks, lazy ones included', () => {
    const text =
      "import a from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';\nconst D = lazy(() => import('./d.tsx'));\nimport 'x';";
    expect(importsOf(text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.tsx']);
  });

  it('no module imports another module, and the shell imports none (only main.tsx composes them)', () => {
    expect(breaches()).toEqual([]);
  });

  it("no module reads another module's strings (its namespace), only its own and the shell's", () => {
    const ids = new Set(Object.keys(sources).flatMap((f) => f.match(/^modules\/([^/]+)\//)?.[1] ?? []));
    const found: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      const own = file.match(/^modules\/([^/]+)\//)?.[1];
      if (!own) continue;
      const namespaces = [
        ...[...text.matchAll(/useTranslation\(([^)]*)\)/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([\w-]+)'/g)].map((x) => x[1])),
        ...[...text.matchAll(/['`"]([\w-]+):[\w.$]/g)].map((m) => m[1]),
        ...[...text.matchAll(/\bns: '([\w-]+)'/g)].map((m) => m[1]),
      ];
      for (const ns of namespaces) if (ns && ns !== own && ids.has(ns)) found.push(`${file} → ${ns}`);
    }
    expect(found).toEqual([]);
  });

  it('has the modules it guards (a moved folder must not make the check vacuous)', () => {
    const modules = new Set(Object.keys(sources).flatMap((f) => f.match(/^modules\/([^/]+)\//)?.[1] ?? []));
    expect(modules.size).toBeGreaterThanOrEqual(5);
    expect(Object.keys(sources)).toContain('app/auth.tsx');
  });
});
