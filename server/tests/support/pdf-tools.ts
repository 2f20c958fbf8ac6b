import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs the independent tools the transcript tests check against (poppler-utils pdfsig/pdftotext/
 * pdftoppm/pdfinfo, qpdf, zbarimg, openssl, certutil from libnss3-tools). CI installs them (.ci/run); missing tools fail loudly.
 */
export function tool(command: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error)
    throw new Error(
      `${command} could not run (${result.error.message}): install poppler-utils, qpdf, zbar-tools, openssl, libnss3-tools (certutil)`,
    );
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): { dir: string; file: (name: string, content?: Uint8Array | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gds-transcripts-'));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** pdfsig's per-signature blocks: validation line, certificate line, common name, covered ranges. */
export function parsePdfsig(output: string) {
  return output
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => ({
      commonName: /Signer Certificate Common Name: (.*)$/m.exec(block)?.[1] ?? null,
      validation: /Signature Validation: (.*)$/m.exec(block)?.[1] ?? null,
      certificate: /Certificate Validation: (.*)$/m.exec(block)?.[1] ?? null,
      type: /Signature Type: (.*)$/m.exec(block)?.[1] ?? null,
      totalDocument: /Total document signed/.test(block),
    }));
}

/** A throwaway NSS database (certutil, libnss3-tools) that trusts `caPem`, for `pdfsig -nssdir`. */
export function nssDbTrusting(dir: string, caPemPath: string): string {
  const db = join(dir, 'nssdb');
  mkdirSync(db, { recursive: true });
  for (const args of [
    ['-N', '-d', `sql:${db}`, '--empty-password'],
    ['-A', '-d', `sql:${db}`, '-n', 'gds-test-ca', '-t', 'CT,C,C', '-i', caPemPath],
  ]) {
    const result = tool('certutil', args);
    if (result.status !== 0) throw new Error(`certutil ${args[0]} failed: ${result.stderr}`);
  }
  return db;
}
