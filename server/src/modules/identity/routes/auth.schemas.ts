import { z } from 'zod';

export const loginBody = z.strictObject({
  login: z.string().trim().min(1).max(200).describe('Username, e-mail or phone'),
  password: z.string().min(1).max(1024),
});

export const loginResponse = z
  .object({
    status: z.enum(['ok', 'mfa_required', 'mfa_enrolment_required']),
  })
  .meta({ id: 'LoginResult' });

export const codeBody = z.strictObject({ code: z.string().trim().min(6).max(20) });

export const grantSummary = z.object({
  id: z.uuid(),
  role: z.object({ id: z.uuid(), key: z.string(), nameVi: z.string(), nameEn: z.string() }),
  unit: z.object({ id: z.uuid(), name: z.string(), type: z.string(), code: z.string(), status: z.string() }),
  grantedAt: z.iso.datetime(),
});

/** What any view of an account shows; `Me` and the administrators' `UserItem` extend it. */
export const accountFields = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  kind: z.enum(['staff', 'student', 'guardian']),
  homeUnit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  mfaEnabled: z.boolean(),
});

export const meResponse = accountFields
  .extend({
    mfaRequired: z.boolean(),
    mustChangePassword: z.boolean(),
    /** The sign-in is not finished: only the MFA screens may be shown. */
    pending: z.enum(['none', 'mfa', 'mfa_enrolment']),
    permissions: z.array(z.string()),
    grants: z.array(grantSummary),
  })
  .meta({ id: 'Me' });

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const enrolmentResponse = z
  .object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() })
  .meta({ id: 'MfaEnrolment' });

export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

export const sessionItem = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'SessionItem' });

export const passwordResetBody = z.strictObject({
  token: z.string().min(20).max(200),
  newPassword: z.string().min(1).max(1024),
});

export const sessionIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{64}$/) });
export const okResponse = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });
