import { z } from 'zod';
import { transferKinds, transferStatuses } from '../schema.ts';
import { isoDate } from './common.schemas.ts';
import { createStudentBody } from './students.schemas.ts';

const ref = z.object({ id: z.uuid(), name: z.string() });

export const transferSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(transferKinds),
    status: z.enum(transferStatuses),
    initiatedBy: z.enum(['sender', 'receiver']),
    /** The student as of the transfer (CCCD masked unless the caller edits the current record). */
    student: z.object({
      id: z.uuid(),
      fullName: z.string(),
      sex: z.enum(['male', 'female']),
      dateOfBirth: isoDate,
      cccd: z.string().nullable(),
      moetCode: z.string().nullable(),
    }),
    fromSchool: ref.nullable(),
    /** Grade and school year the student left (what the receiver picks a class for). */
    fromGradeNo: z.number().int().nullable(),
    fromStartYear: z.number().int().nullable(),
    toSchool: ref.nullable(),
    toClass: ref.extend({ gradeNo: z.number().int() }).nullable(),
    transferOn: isoDate,
    reason: z.string().nullable(),
    documentsNote: z.string().nullable(),
    otherProvince: z.string().nullable(),
    otherSchoolName: z.string().nullable(),
    decisionNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
    abilities: z.object({
      accept: z.boolean(),
      reject: z.boolean(),
      cancel: z.boolean(),
      /** The caller can open the student's current record. */
      openStudent: z.boolean(),
      /** The caller can open the limited view of the student's past at their school. */
      openPast: z.boolean(),
    }),
  })
  .meta({ id: 'RegistryTransfer' });
export type TransferDto = z.infer<typeof transferSchema>;

export const transferListSchema = z
  .object({ items: z.array(transferSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'RegistryTransferList' });

export const transfersQuery = z.object({
  direction: z.enum(['incoming', 'outgoing', 'all']).default('all'),
  status: z.enum(transferStatuses).optional(),
  schoolId: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const note = (max: number) => z.string().trim().max(max).optional();
const id = z.string().max(64);

export const startTransferBody = z.strictObject({
  studentId: id,
  toSchoolId: id,
  transferOn: isoDate,
  reason: note(500),
  documentsNote: note(1000),
});

export const requestTransferBody = z.strictObject({
  schoolId: id,
  classId: id,
  cccd: z.string().trim().max(20).optional(),
  moetCode: z.string().trim().max(20).optional(),
  /** The pupil's date of birth: with the identifier, it proves the school knows whom it asks for. */
  dateOfBirth: isoDate,
  transferOn: isoDate,
  reason: note(500),
  documentsNote: note(1000),
});

export const acceptTransferBody = z.strictObject({ classId: id.optional(), note: note(500) });
export const rejectTransferBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export const cancelTransferBody = z.strictObject({ reason: note(500) });

export const outOfProvinceBody = z.strictObject({
  studentId: id,
  transferOn: isoDate,
  otherProvince: z.string().trim().min(2).max(100),
  otherSchoolName: note(200),
  reason: note(500),
  documentsNote: note(1000),
});

export const fromOtherProvinceBody = z.strictObject({
  schoolId: id,
  classId: id,
  transferOn: isoDate,
  otherProvince: z.string().trim().min(2).max(100),
  otherSchoolName: note(200),
  reason: note(500),
  documentsNote: note(1000),
  student: createStudentBody.omit({ schoolId: true }),
});
export const fromOtherProvinceResult = z
  .object({ transfer: transferSchema, studentId: z.uuid(), created: z.boolean() })
  .meta({ id: 'RegistryTransferIn' });

export const destinationsQuery = z.object({ q: z.string().trim().max(100).optional() });
export const destinationsSchema = z
  .object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), communeName: z.string().nullable() })) })
  .meta({ id: 'RegistryTransferDestinations' });
