/**
 * Transcripts (học bạ số): the document library of the gradebook module. Pure library: no
 * database, no routes. Signing, certificates and verification live in the signing module
 * (../../signing/public.ts); this folder lays the document out.
 *
 * - `renderTranscript(data: TranscriptData, { generatedAt? }) → Promise<Buffer>`: the PDF laid out
 *   like the ministry's paper học bạ (see render.ts). Same data + date → same bytes.
 *   `data.testCertificate` adds the "CHỨNG THƯ SỐ THỬ NGHIỆM / TEST CERTIFICATE" watermark; set it
 *   when the keys that will sign are the demo's test certificates. `data.assessments` adds
 *   tables such as the primary school's qualities and competences (TT 27).
 * - `sampleTranscript(n)`: complete example data (tests, benchmark, demo preview).
 * - Benchmark: `npx tsx src/modules/gradebook/transcripts/bench-class.ts 45 3` (render + 3 signatures
 *   for a class of 45). Tests: `npx vitest run src/modules/gradebook/transcripts/ src/modules/signing/`
 *   (need poppler-utils, qpdf, zbar-tools, libnss3-tools, openssl: installed by .ci/run).
 *
 * Signed in the order of regulations.md §8.2 (TRANSCRIPT_ROLES): the homeroom teacher, the
 * principal, then the school's seal, each role's text in /Reason (TRANSCRIPT_REASON).
 */
export { formatDate, formatScore, type RenderOptions, renderTranscript } from './render.ts';
export { sampleTranscript, VIETNAMESE_LETTERS } from './sample.ts';
export type { TranscriptData, TranscriptSignatory, TranscriptSubjectRow, TranscriptTermValues } from './types.ts';

export const TRANSCRIPT_ROLES = ['homeroomTeacher', 'principal', 'seal'] as const;
export type TranscriptRole = (typeof TRANSCRIPT_ROLES)[number];
export const TRANSCRIPT_REASON: Record<TranscriptRole, string> = {
  homeroomTeacher: 'xác nhận nhận xét và kết quả học bạ',
  principal: 'phê duyệt học bạ',
  seal: 'đóng dấu xác nhận học bạ',
};
