import { z } from 'zod';
import { personNameSchema } from '../../../platform/person-name.ts';
import { enrolmentStatuses, guardianRelations } from '../schema.ts';
import { isoDate, version } from './common.schemas.ts';

export const addressSchema = z
  .object({
    street: z.string().trim().max(200).optional(),
    area: z.string().trim().max(200).optional(),
    communeCode: z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
    provinceCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    /** Pre-2025 codes as recorded (historic addresses keep them). */
    oldCommuneCode: z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
    oldProvinceCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
  })
  .meta({ id: 'RegistryAddress' });

export const healthSchema = z
  .object({
    heightCm: z.number().min(30).max(250).optional(),
    weightKg: z.number().min(2).max(250).optional(),
    bloodType: z.string().max(5).optional(),
    vaccinations: z.string().max(1000).optional(),
    notes: z.string().max(2000).optional(),
  })
  .meta({ id: 'RegistryHealth' });

export const studentAbilities = z.object({ update: z.boolean(), enrol: z.boolean(), editGuardians: z.boolean() });

/** A row of a list: CCCD masked for callers who cannot edit the record. */
export const studentListItemSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    fullName: z.string(),
    sex: z.enum(['male', 'female']),
    dateOfBirth: isoDate,
    cccd: z.string().nullable(),
    moetCode: z.string().nullable(),
    schoolCode: z.string().nullable(),
    ethnicityCode: z.string(),
    status: z.string(),
    currentClass: z.object({ id: z.uuid(), name: z.string(), gradeNo: z.number().int() }).nullable(),
    abilities: studentAbilities,
  })
  .meta({ id: 'RegistryStudentListItem' });
export const studentListSchema = z
  .object({ items: z.array(studentListItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'RegistryStudentList' });

export const guardianSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    relation: z.enum(guardianRelations),
    primaryContact: z.boolean(),
    birthYear: z.number().int().nullable(),
    occupation: z.string().nullable(),
    cccd: z.string().nullable(),
    workplace: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** Other children of this guardian the caller may see (siblings). */
    otherChildren: z.array(z.object({ id: z.uuid(), fullName: z.string() })),
    version: z.number().int(),
  })
  .meta({ id: 'RegistryGuardian' });

export const enrolmentSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    classId: z.uuid(),
    className: z.string(),
    gradeNo: z.number().int(),
    startYear: z.number().int(),
    status: z.enum(enrolmentStatuses),
    startedOn: isoDate,
    endedOn: isoDate.nullable(),
    history: z.array(z.object({ status: z.enum(enrolmentStatuses), on: isoDate, reason: z.string().nullable() })),
  })
  .meta({ id: 'RegistryEnrolment' });

export const studentDetailSchema = studentListItemSchema
  .extend({
    registerNo: z.string().nullable(),
    nationality: z.string(),
    religion: z.string().nullable(),
    birthplace: z.string().nullable(),
    birthProvinceCode: z.string().nullable(),
    birthCommuneCode: z.string().nullable(),
    hometown: z.string().nullable(),
    permanentAddress: addressSchema.nullable(),
    currentAddress: addressSchema.nullable(),
    admissionDate: isoDate.nullable(),
    admissionForm: z.string().nullable(),
    policyGroups: z.array(z.string()),
    householdStatus: z.enum(['none', 'poor', 'near_poor']),
    disability: z.string().nullable(),
    boarding: z.enum(['none', 'boarding', 'semi_boarding']),
    youthMembership: z.enum(['doi_vien', 'doan_vien']).nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    health: healthSchema.nullable(),
    version: z.number().int(),
    guardians: z.array(guardianSchema),
    enrolments: z.array(enrolmentSchema),
    /**
     * 'past': a school the student has left (chuyển trường) sees only its own past years and the
     * identity as of the transfer; absent: the current record.
     */
    view: z.enum(['past']).optional(),
  })
  .meta({ id: 'RegistryStudent' });
export type StudentDetailDto = z.infer<typeof studentDetailSchema>;

export const studentsQuery = z.object({
  schoolId: z.string().max(64).optional(),
  classId: z.string().max(64).optional(),
  gradeNo: z.coerce.number().int().min(1).max(12).optional(),
  status: z.enum([...enrolmentStatuses, 'none']).optional(),
  ethnicityCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  /** Diện chính sách: students holding this policy group code. */
  policyGroup: z.string().trim().min(1).max(40).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const opt = (s: z.ZodString) => s.nullable().optional();
const studentFields = {
  fullName: personNameSchema(),
  sex: z.enum(['male', 'female']),
  dateOfBirth: isoDate,
  cccd: opt(z.string().trim().max(20)),
  moetCode: opt(z.string().trim().max(20)),
  schoolCode: opt(z.string().trim().max(30)),
  registerNo: opt(z.string().trim().max(30)),
  ethnicityCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  nationality: z.string().trim().min(2).max(3).optional(),
  religion: opt(z.string().trim().max(60)),
  birthplace: opt(z.string().trim().max(200)),
  birthProvinceCode: opt(z.string().regex(/^\d{2}$/)),
  birthCommuneCode: opt(z.string().regex(/^\d{5}$/)),
  hometown: opt(z.string().trim().max(200)),
  permanentAddress: addressSchema.nullable().optional(),
  currentAddress: addressSchema.nullable().optional(),
  admissionDate: isoDate.nullable().optional(),
  admissionForm: opt(z.string().trim().max(60)),
  policyGroups: z.array(z.string().trim().min(1).max(40)).max(10).optional(),
  householdStatus: z.enum(['none', 'poor', 'near_poor']).optional(),
  disability: opt(z.string().trim().max(60)),
  boarding: z.enum(['none', 'boarding', 'semi_boarding']).optional(),
  youthMembership: z.enum(['doi_vien', 'doan_vien']).nullable().optional(),
  phone: opt(z.string().trim().max(20)),
  email: opt(z.string().trim().max(120)),
  health: healthSchema.nullable().optional(),
};
export const createStudentBody = z.strictObject({ schoolId: z.string().max(64), ...studentFields });
export type CreateStudentInput = z.infer<typeof createStudentBody>;
export const updateStudentBody = z.strictObject({
  version,
  ...studentFields,
  fullName: studentFields.fullName.optional(),
  sex: studentFields.sex.optional(),
  dateOfBirth: studentFields.dateOfBirth.optional(),
});
export type UpdateStudentInput = z.infer<typeof updateStudentBody>;

const guardianFields = {
  fullName: personNameSchema(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  occupation: opt(z.string().trim().max(120)),
  cccd: opt(z.string().trim().max(20)),
  workplace: opt(z.string().trim().max(200)),
  phone: opt(z.string().trim().max(20)),
  email: opt(z.string().trim().max(120)),
};
/** Either an existing guardian (a sibling's parent) by id, or a new one. */
export const addGuardianBody = z.strictObject({
  relation: z.enum(guardianRelations),
  primaryContact: z.boolean().optional(),
  guardianId: z.string().max(64).optional(),
  guardian: z.strictObject(guardianFields).optional(),
});
export const updateGuardianBody = z.strictObject({ version, ...guardianFields, fullName: guardianFields.fullName.optional() });
export const guardianParams = z.object({ id: z.string().max(64), guardianId: z.string().max(64) });

export const enrolBody = z.strictObject({
  classId: z.string().max(64),
  status: z.enum(['enrolled', 'transferred_in', 'repeating']).default('enrolled'),
  startedOn: isoDate,
});
export const enrolmentStatusBody = z.strictObject({
  status: z.enum(['transferred_out', 'dropped_out', 'graduated', 'repeating', 'enrolled']),
  on: isoDate,
  reason: z.string().trim().max(1000).optional(),
});
