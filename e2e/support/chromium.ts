import fs from 'node:fs';

/** Debian's chromium unless CHROMIUM_PATH names another build. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Throws (never skips) when there is no browser to drive. */
export function assertChromium(): string {
  const file = chromiumPath();
  let ok = false;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    ok = true;
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      `\n\nE2E tests need Chromium, and there is none at ${file}.\n` +
        'Install it with `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.\n' +
        'The end-to-end suite fails instead of skipping so that a missing browser is never mistaken for a pass.\n',
    );
  }
  return file;
}
