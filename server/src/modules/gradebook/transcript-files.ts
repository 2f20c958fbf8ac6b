import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Transcript files under DATA_DIR/files/transcripts/<school>/<transcript>-<signatures>.pdf: one
 * file per stage, never overwritten (each signature is an incremental update of the previous
 * file), written to a temporary name and renamed so a killed process never leaves half a PDF.
 * The database row names the current file; the path stored is relative to DATA_DIR.
 */
export async function writeTranscriptFile(
  dataDir: string,
  schoolId: string,
  transcriptId: string,
  stage: number,
  pdf: Buffer,
): Promise<string> {
  const relative = path.join('files', 'transcripts', schoolId, `${transcriptId}-${stage}.pdf`);
  const full = path.join(dataDir, relative);
  await fs.mkdir(path.dirname(full), { recursive: true });
  const temp = `${full}.${randomUUID()}.tmp`;
  await fs.writeFile(temp, pdf, { flag: 'wx' });
  await fs.rename(temp, full);
  return relative;
}

export async function readTranscriptFile(dataDir: string, relative: string): Promise<Buffer> {
  return fs.readFile(path.join(dataDir, relative));
}
