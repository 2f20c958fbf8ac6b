/**
 * `npm run perf:budget`: the compressed JavaScript each phone page (phone-pages.ts) downloads on
 * its first load, from the build alone — deterministic, no browser, no server; exits 1 over budget.
 *
 * First load = the scripts its HTML loads (entry, modulepreloads; for the staff app index.html)
 * plus, for a staff-app page, the lazily loaded page component and every chunk it imports
 * statically (Vite's build manifest), each counted once, at the size of its brotli file — what the
 * server sends a browser (the gzip size is printed too). Prints JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetsKB, phonePages } from './phone-pages.ts';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

function readManifest(): Record<string, ManifestChunk> {
  const file = path.join(dist, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the web app first (node scripts/ensure-web-build.mjs)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, ManifestChunk>;
}

function htmlScripts(htmlFile: string): string[] {
  const html = fs.readFileSync(path.join(dist, htmlFile), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
}

/** A chunk's file and every file it imports statically, transitively (not its lazy imports). */
function staticClosure(manifest: Record<string, ManifestChunk>, key: string, out = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest (renamed page? update scripts/perf/phone-pages.ts)`);
  if (out.has(chunk.file)) return out;
  out.add(chunk.file);
  for (const dep of chunk.imports ?? []) staticClosure(manifest, dep, out);
  return out;
}

function sizeOf(file: string, suffix: '' | '.br' | '.gz'): number {
  const full = path.join(dist, file + suffix);
  // Files under 1 KB have no compressed copy: they go out as they are.
  return fs.existsSync(full) ? fs.statSync(full).size : fs.statSync(path.join(dist, file)).size;
}

export function measureBudgets() {
  const manifest = readManifest();
  return phonePages.map((page) => {
    const files = new Set<string>();
    if (page.kind === 'public') {
      for (const f of htmlScripts(`shell/${page.id}.html`)) files.add(f);
    } else {
      for (const f of htmlScripts('index.html')) files.add(f);
      for (const f of staticClosure(manifest, page.source)) files.add(f);
    }
    const list = [...files].sort();
    const brotli = list.reduce((sum, f) => sum + sizeOf(f, '.br'), 0);
    const gzip = list.reduce((sum, f) => sum + sizeOf(f, '.gz'), 0);
    const raw = list.reduce((sum, f) => sum + sizeOf(f, ''), 0);
    const budgetKB = budgetsKB[page.kind];
    return {
      name: page.name,
      kind: page.kind,
      files: list.length,
      jsKB: { brotli: +(brotli / 1024).toFixed(1), gzip: +(gzip / 1024).toFixed(1), raw: +(raw / 1024).toFixed(1) },
      budgetKB,
      ok: brotli / 1024 <= budgetKB,
    };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = measureBudgets();
  console.log(JSON.stringify({ budget: 'first-load JavaScript, brotli as served', pages }, null, 2));
  const over = pages.filter((p) => !p.ok);
  if (over.length > 0) {
    console.error(`over budget: ${over.map((p) => `${p.name} ${p.jsKB.brotli} KB > ${p.budgetKB} KB`).join('; ')}`);
    process.exit(1);
  }
}
