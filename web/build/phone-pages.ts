import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, type Plugin } from 'vite';
import { publicShellRoutes } from '../src/public/routes.ts';

/**
 * The last steps of `vite build` for phones (docs/design/phone-pages.md), in this order:
 * 1. prerender the light public shell: each page's first view rendered to HTML in Vietnamese,
 *    with its small stylesheet inlined, as `shell/<id>.html`, and `public-pages.json` for the server;
 * 2. write the service worker's list of shell files and the build id into `sw.js`;
 * 3. precompress every text file: `.br` (quality 11) and `.gz` (level 9) beside it, served by
 *    content negotiation (server/src/platform/http/web-app.ts).
 */
export function phonePages(): Plugin {
  let root = '';
  let outDir = '';
  let write = true;
  return {
    name: 'gds-phone-pages',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
      write = config.build.write;
    },
    async closeBundle() {
      // An analysis build that writes nothing (`build.write: false`) has nothing to finish.
      if (!write) return;
      await prerenderPublicShell(root, outDir);
      writeServiceWorkerManifest(outDir);
      precompress(outDir);
    },
  };
}

async function prerenderPublicShell(root: string, outDir: string): Promise<void> {
  const ssrDir = path.join(root, 'node_modules', '.gds-prerender');
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    plugins: [react()],
    build: { ssr: 'src/public/prerender.tsx', outDir: ssrDir, emptyOutDir: true, minify: false, copyPublicDir: false },
  });
  const entry = fs.readdirSync(ssrDir).find((f) => /^prerender\.m?js$/.test(f));
  if (!entry) throw new Error(`prerender: no bundle in ${ssrDir}`);
  const { renderPublicPages } = (await import(pathToFileURL(path.join(ssrDir, entry)).href)) as {
    renderPublicPages: () => Promise<{ id: string; html: string }[]>;
  };

  const templateFile = path.join(outDir, 'public.html');
  let template = fs.readFileSync(templateFile, 'utf8');
  // The stylesheet is a few KB: inline, it costs no round trip before the first paint.
  template = template.replace(/<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/g, (_m, href: string) => {
    const css = fs.readFileSync(path.join(outDir, href), 'utf8');
    return `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`;
  });
  fs.mkdirSync(path.join(outDir, 'shell'), { recursive: true });
  for (const page of await renderPublicPages()) {
    const html = template.replace('<div id="root"><!--public-page--></div>', `<div id="root" data-page="${page.id}">${page.html}</div>`);
    if (html === template) throw new Error('prerender: public.html has no <div id="root"><!--public-page--></div>');
    fs.writeFileSync(path.join(outDir, 'shell', `${page.id}.html`), html);
  }
  fs.rmSync(templateFile);
  fs.writeFileSync(
    path.join(outDir, 'public-pages.json'),
    `${JSON.stringify({ pages: publicShellRoutes.map((r) => ({ path: r.path, file: `shell/${r.id}.html` })) }, null, 2)}\n`,
  );
  fs.rmSync(ssrDir, { recursive: true, force: true });
}

/** The files a page's HTML loads before anything else: its scripts, preloads and stylesheets. */
export function htmlAssets(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
}

function writeServiceWorkerManifest(outDir: string): void {
  const swFile = path.join(outDir, 'sw.js');
  const pages = ['index.html', ...fs.readdirSync(path.join(outDir, 'shell')).map((f) => `shell/${f}`)];
  const precache = new Set<string>(['/offline.html', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png']);
  for (const page of pages) {
    precache.add(`/${page}`);
    for (const asset of htmlAssets(fs.readFileSync(path.join(outDir, page), 'utf8'))) precache.add(asset);
  }
  const list = [...precache].sort();
  const hash = createHash('sha256');
  for (const url of list) hash.update(url).update(fs.readFileSync(path.join(outDir, url)));
  const pagesList = publicShellRoutes.map((r) => ({ path: r.path, file: `shell/${r.id}.html` }));
  const manifest = JSON.stringify({ build: hash.digest('hex').slice(0, 16), precache: list, pages: pagesList });
  const sw = fs.readFileSync(swFile, 'utf8');
  if (!sw.includes('__GDS_SW_MANIFEST__')) throw new Error('sw.js: no __GDS_SW_MANIFEST__ to replace');
  fs.writeFileSync(swFile, sw.replaceAll('__GDS_SW_MANIFEST__', manifest));
}

const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;

function precompress(outDir: string): void {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(outDir)) {
    if (!compressible.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue;
    const body = fs.readFileSync(file);
    // Below about a packet, compression saves nothing worth a second file.
    if (body.length < 1024) continue;
    const br = zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gz = zlib.gzipSync(body, { level: 9 });
    if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
    if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz);
  }
}
