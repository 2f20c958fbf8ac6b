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

export const reviseBody = z.strictObject({ reason: z.string().trim().min(5).max(1000) });
export const revisedSchema = z.object({ id: z.uuid() }).meta({ id: 'GradebookTranscriptRevised' });

export const keysSchema = z
  .object({
    personal: z.object({ subject: z.string(), issuer: z.string(), notAfter: z.iso.datetime(), test: z.boolean() }).nullable(),
    seals: z.array(
      z.object({
        unitId: z.uuid(),
        unitName: z.string(),
        key: z.object({ subject: z.string(), issuer: z.string(), notAfter: z.iso.datetime(), test: z.boolean() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'GradebookSigningKeys' });

/** A PKCS#12 file travels base64-encoded; its own password must be the passphrase it will be sealed with. */
export const storeKeyBody = z.strictObject({
  kind: z.enum(['personal', 'seal']),
  unitId: z.uuid().optional(),
  p12Base64: z.base64().max(200_000),
  passphrase: z.string().min(8).max(200),
});

export const codeParams = z.object({ code: z.string().max(40) });
export const verifyQuery = z.object({ code: z.string().max(40).optional() });

/** What anyone may learn of a transcript: enough to check it, no scores, no identifiers. */
export const publicTranscriptSchema = z
  .object({
    code: z.string(),
    studentName: z.string(),
    schoolName: z.string(),
    schoolYear: z.string(),
    className: z.string(),
    version: z.number().int(),
    status: z.enum(transcriptStatuses),
    /** Sealed and not superseded: the current, final transcript. */
    current: z.boolean(),
    fingerprint: z.string().nullable(),
    sealedAt: z.iso.datetime().nullable(),
    supersededByVersion: z.number().int().nullable(),
    signatures: z.array(signature),
  })
  .meta({ id: 'GradebookPublicTranscript' });

export const verificationSchema = z
  .object({
    valid: z.boolean(),
    fingerprint: z.string(),
    /** The file is byte for byte the sealed transcript registered under its code. */
    registered: z.boolean(),
    transcript: publicTranscriptSchema.nullable(),
    signatures: z.array(
      z.object({
        index: z.number().int(),
        valid: z.boolean(),
        role: role.nullable(),
        signerName: z.string().nullable(),
        signingTime: z.iso.datetime().nullable(),
        problems: z.array(z.string()),
      }),
    ),
    problems: z.array(z.string()),
  })
  .meta({ id: 'GradebookVerification' });

export const schoolParams = z.object({ schoolId: z.string().max(64) });
export const exportQuery = z.object({ startYear: z.coerce.number().int().min(2000).max(2100) });
