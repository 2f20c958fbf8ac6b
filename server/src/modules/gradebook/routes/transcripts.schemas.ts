import { z } from 'zod';
import { transcriptStatuses } from '../schema.ts';

const role = z.enum(['homeroomTeacher', 'principal', 'seal']);
const signature = z.object({ role, signer: z.string(), at: z.iso.datetime() });

export const transcriptListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        code: z.string(),
        studentId: z.uuid(),
        studentName: z.string(),
        version: z.number().int(),
        status: z.enum(transcriptStatuses),
        reason: z.string().nullable(),
        signatures: z.array(signature),
        fingerprint: z.string().nullable(),
        /** An approved correction changed the grade book after this transcript was made: a new version is due. */
        stale: z.object({ since: z.iso.datetime(), reason: z.string() }).nullable(),
      }),
    ),
    /** What the caller may do now: generate, and which signature is theirs to apply. */
    abilities: z.object({ generate: z.boolean(), signAs: z.array(role) }),
  })
  .meta({ id: 'GradebookTranscriptList' });

export const generatedSchema = z.object({ generated: z.number().int() }).meta({ id: 'GradebookTranscriptsGenerated' });

export const signBody = z.strictObject({ role, passphrase: z.string().min(1).max(200) });
export const signedSchema = z
  .object({ signed: z.number().int(), status: z.enum(transcriptStatuses) })
  .meta({ id: 'GradebookTranscriptsSigned' });

/** The reason of the new version; a transcript made stale by a correction takes the correction's by default. */
export const reviseBody = z.strictObject({ reason: z.string().trim().min(5).max(1000).optional() });
export const revisedSchema = z.object({ id: z.uuid() }).meta({ id: 'GradebookTranscriptRevised' });

export const staleListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        code: z.string(),
        studentId: z.uuid(),
        studentName: z.string(),
        classId: z.uuid(),
        className: z.string(),
        version: z.number().int(),
        status: z.enum(transcriptStatuses),
        staleSince: z.iso.datetime(),
        /** The approved correction's reason: the new version's reason by default. */
        reason: z.string(),
        /** The year result was restated after the correction: the new version can be issued now. */
        ready: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'GradebookStaleTranscripts' });

export const schoolParams = z.object({ schoolId: z.string().max(64) });
export const exportQuery = z.object({ startYear: z.coerce.number().int().min(2000).max(2100) });
