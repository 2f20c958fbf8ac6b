import { z } from 'zod';
import { guardianRelations } from '../schema.ts';

export const invitationParams = z.object({ id: z.string().max(64), guardianId: z.string().max(64) });
export const inviteBody = z.strictObject({ channel: z.enum(['email', 'phone']) });
export const invitationSchema = z
  .object({ id: z.uuid(), channel: z.enum(['email', 'phone']), destination: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: 'RegistryAccountInvitation' });

export const redeemBody = z.strictObject({
  /** The e-mail address or phone number the code was sent to. */
  contact: z.string().trim().min(3).max(120),
  code: z.string().trim().min(4).max(20),
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export const redeemResponse = z.object({ username: z.string(), newAccount: z.boolean() }).meta({ id: 'RegistryAccountRedeemed' });

export const studentAccountsResponse = z
  .object({
    classId: z.uuid(),
    className: z.string(),
    schoolName: z.string(),
    /** Shown once: the first passwords are not kept anywhere. */
    created: z.array(z.object({ studentId: z.uuid(), fullName: z.string(), username: z.string(), initialPassword: z.string() })),
    existing: z.array(z.object({ studentId: z.uuid(), fullName: z.string(), username: z.string() })),
    skipped: z.array(z.object({ studentId: z.uuid(), fullName: z.string(), reason: z.enum(['noCode', 'usernameTaken']) })),
  })
  .meta({ id: 'RegistryStudentAccountsCreated' });

export const classAccountsResponse = z
  .object({
    classId: z.uuid(),
    gradeNo: z.number().int(),
    eligible: z.boolean(),
    items: z.array(z.object({ studentId: z.uuid(), fullName: z.string(), username: z.string().nullable() })),
  })
  .meta({ id: 'RegistryClassAccounts' });

export const studentAccountsStateSchema = z
  .object({
    studentUsername: z.string().nullable(),
    guardians: z.array(
      z.object({
        guardianId: z.uuid(),
        fullName: z.string(),
        hasPhone: z.boolean(),
        hasEmail: z.boolean(),
        username: z.string().nullable(),
        invitation: z
          .object({
            channel: z.enum(['email', 'phone']),
            destination: z.string(),
            expiresAt: z.iso.datetime(),
            state: z.enum(['open', 'used', 'expired', 'locked']),
          })
          .nullable(),
      }),
    ),
    abilities: z.object({ invite: z.boolean() }),
  })
  .meta({ id: 'RegistryStudentAccountsState' });

export const ownRecordSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    sex: z.enum(['male', 'female']),
    dateOfBirth: z.iso.date(),
    moetCode: z.string().nullable(),
    schoolCode: z.string().nullable(),
    status: z.string(),
    school: z.object({ id: z.uuid(), name: z.string() }),
    currentClass: z
      .object({
        id: z.uuid(),
        name: z.string(),
        gradeNo: z.number().int(),
        startYear: z.number().int(),
        homeroomTeacher: z.string().nullable(),
      })
      .nullable(),
    relations: z.array(z.enum(guardianRelations)),
  })
  .meta({ id: 'RegistryOwnRecord' });
export const myChildrenResponse = z.object({ items: z.array(ownRecordSchema) }).meta({ id: 'RegistryMyChildren' });
export const myStudentResponse = z.object({ student: ownRecordSchema.nullable() }).meta({ id: 'RegistryMyStudent' });
