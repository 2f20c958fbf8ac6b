import type { Queryable } from '../../platform/db/database.ts';
import type { FileService } from '../../platform/files/index.ts';

/** The owner of transcript files in the platform's file service: the grade book authorises their downloads. */
export const TRANSCRIPT_FILE_OWNER = 'gradebook.transcript';

/**
 * Transcript files, through the platform's file service, under the key
 * transcripts/<school>/<transcript>-<signatures>.pdf: one file per stage, never overwritten (each
 * signature is an incremental update of the previous file). The transcript row names its current
 * file as `files/<key>`, the path relative to DATA_DIR of the local store (rows written before the
 * file service carry the same form).
 */
export async function writeTranscriptFile(
  files: FileService,
  q: Queryable,
  schoolId: string,
  transcriptId: string,
  stage: number,
  pdf: Buffer,
): Promise<string> {
  const key = `transcripts/${schoolId}/${transcriptId}-${stage}.pdf`;
  await files.put(q, {
    owner: TRANSCRIPT_FILE_OWNER,
    unitId: schoolId,
    key,
    name: `hoc-ba-${transcriptId}-${stage}.pdf`,
    bytes: pdf,
    createdBy: null,
  });
  return `files/${key}`;
}

export const transcriptFileKey = (relative: string) => relative.replace(/^files\//, '');

export async function readTranscriptFile(files: FileService, relative: string): Promise<Buffer> {
  return files.read(transcriptFileKey(relative));
}
