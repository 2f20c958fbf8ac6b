#!/usr/bin/env node
// Builds the web app (web/dist) only when it is missing or its sources changed since the last
// build. The fingerprint of web/src/**, web/public/**, web/build/**, web/index.html, web/public.html,
// web/vite.config.ts and web/package.json is kept in web/dist/.build-hash. Prints one line either way. No dependencies.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const hashFile = path.join(dist, '.build-hash');

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    // Unit tests are not part of the bundle: changing one does not call for a rebuild.
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

function fingerprint() {
  const files = [
    ...listFiles(path.join(web, 'src')),
    ...listFiles(path.join(web, 'public')),
    ...listFiles(path.join(web, 'build')),
    ...['index.html', 'public.html', 'vite.config.ts', 'package.json'].map((f) => path.join(web, f)).filter((f) => fs.existsSync(f)),
  ]
    .map((f) => path.relative(web, f).split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const rel of files) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(web, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function findVite() {
  for (const base of [web, root]) {
    const bin = path.join(base, 'node_modules', 'vite', 'bin', 'vite.js');
    if (fs.existsSync(bin)) return bin;
  }
  return undefined;
}

const wanted = fingerprint();
const built = fs.existsSync(path.join(dist, 'index.html')) && fs.existsSync(hashFile) ? fs.readFileSync(hashFile, 'utf8').trim() : '';
if (built === wanted) {
  console.log(`web: build is up to date (web/dist, ${wanted.slice(0, 12)})`);
  process.exit(0);
}

const vite = findVite();
if (!vite) {
  console.log('web: not built: vite is not installed (dev dependencies omitted?); the API runs without the web app');
  process.exit(0);
}

const started = Date.now();
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: web, stdio: ['ignore', 'inherit', 'inherit'] });
if (result.status !== 0) {
  console.error(`web: build FAILED (vite exited with ${result.status ?? result.signal}); see the errors above`);
  process.exit(1);
}
fs.writeFileSync(hashFile, `${wanted}\n`);
console.log(`web: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s (${wanted.slice(0, 12)})`);
