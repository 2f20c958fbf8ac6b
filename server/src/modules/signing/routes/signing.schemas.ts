import { z } from 'zod';
import { problemSchema } from '../../../platform/http/problem.ts';
import { SIGNATURE_ROLES } from '../pades/roles.ts';

export const tags = ['signing'];

export const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

const role = z.enum(SIGNATURE_ROLES);
const signature = z.object({ role, signer: z.string(), at: z.iso.datetime() });
const keyView = z.object({ subject: z.string(), issuer: z.string(), notAfter: z.iso.datetime(), test: z.boolean() });

export const keysSchema = z
  .object({
    personal: keyView.nullable(),
    /** The units whose seal the caller may install (schools, communes, the department), nearest the root first. */
    seals: z.array(
      z.object({
        unitId: z.uuid(),
        unitName: z.string(),
        unitType: z.string(),
        key: keyView.nullable(),
      }),
    ),
  })
  .meta({ id: 'SigningKeys' });
export const storedKeySchema = keyView.meta({ id: 'SigningKey' });

/** A PKCS#12 file travels base64-encoded; its own password must be the passphrase it will be sealed with. */
export const storeKeyBody = z.strictObject({
  kind: z.enum(['personal', 'seal']),
  unitId: z.uuid().optional(),
  p12Base64: z.base64().max(200_000),
  passphrase: z.string().min(8).max(200),
});

export const codeParams = z.object({ code: z.string().max(40) });
export const verifyQuery = z.object({ code: z.string().max(40).optional() });

/** What anyone may learn of a signed document: enough to check it, nothing more. */
export const publicDocumentSchema = z
  .object({
    /** The document type ('gradebook.transcript'…) and its name in the caller's language. */
    type: z.string(),
    typeLabel: z.string(),
    code: z.string(),
    title: z.string(),
    facts: z.array(z.object({ label: z.string(), value: z.string() })),
    version: z.number().int(),
    status: z.enum(['sealed', 'superseded']),
    /** Sealed, not superseded and no newer version due: the current, final document. */
    current: z.boolean(),
    /** A newer version exists: issued (its number) or due because the record changed after sealing (null). */
    newerVersion: z.object({ version: z.number().int().nullable() }).nullable(),
    fingerprint: z.string().nullable(),
    sealedAt: z.iso.datetime().nullable(),
    signatures: z.array(signature),
  })
  .meta({ id: 'SigningPublicDocument' });

export const verificationSchema = z
  .object({
    valid: z.boolean(),
    fingerprint: z.string(),
    /** The file is byte for byte the sealed document registered under its code. */
    registered: z.boolean(),
    document: publicDocumentSchema.nullable(),
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
  .meta({ id: 'SigningVerification' });
