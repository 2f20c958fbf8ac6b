import { z } from 'zod';
import { personNameSchema } from '../../../platform/person-name.ts';
import {
  qualificationStandardCodes,
  staffCodeLists,
  staffContractTypeCodes,
  staffPositionCodes,
  staffQualificationCodes,
  staffStandardRatingCodes,
  staffStatusCodes,
  staffTitleGroupCodes,
  staffTitleRankCodes,
  staffTrainingResultCodes,
} from '../rules/staff.ts';
import { isoDate, version } from './common.schemas.ts';

export const staffAbilities = z.object({ update: z.boolean(), linkAccount: z.boolean() });

/** A row of a list: the CCCD masked for callers who cannot edit the record. */
export const staffListItemSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    staffCode: z.string().nullable(),
    fullName: z.string(),
    sex: z.enum(['male', 'female']),
    dateOfBirth: isoDate,
    cccd: z.string().nullable(),
    position: z.enum(staffPositionCodes),
    titleGroup: z.enum(staffTitleGroupCodes).nullable(),
    titleRank: z.enum(staffTitleRankCodes).nullable(),
    qualification: z.enum(staffQualificationCodes).nullable(),
    qualificationStandard: z.enum(qualificationStandardCodes).nullable(),
    subjects: z.array(z.string()),
    contractType: z.enum(staffContractTypeCodes).nullable(),
    status: z.enum(staffStatusCodes),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    account: z.object({ id: z.uuid(), username: z.string() }).nullable(),
    version: z.number().int(),
    abilities: staffAbilities,
  })
  .meta({ id: 'RegistryStaffListItem' });
export const staffListSchema = z
  .object({ items: z.array(staffListItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'RegistryStaffList' });

export const staffDetailSchema = staffListItemSchema
  .extend({
    ethnicityCode: z.string(),
    major: z.string().nullable(),
    joinedSectorOn: isoDate.nullable(),
    joinedSchoolOn: isoDate.nullable(),
    standardRating: z.enum(staffStandardRatingCodes).nullable(),
    standardRatingYear: z.number().int().nullable(),
    regularTraining: z.enum(staffTrainingResultCodes).nullable(),
    regularTrainingYear: z.number().int().nullable(),
    partyMember: z.boolean(),
    partyJoinedOn: isoDate.nullable(),
    /** Subjects the school's levels offer, for the form's choices. */
    subjectChoices: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .meta({ id: 'RegistryStaff' });
export type StaffDetailDto = z.infer<typeof staffDetailSchema>;

const codeLabel = z.object({ code: z.string(), vi: z.string(), en: z.string() });
export const staffCodesSchema = z
  .object({
    ...(Object.fromEntries(Object.keys(staffCodeLists).map((k) => [k, z.array(codeLabel)])) as Record<
      keyof typeof staffCodeLists,
      z.ZodArray<typeof codeLabel>
    >),
    /** The subjects of the 2018 catalogue (every level), for filters. */
    subjects: z.array(z.object({ code: z.string(), name: z.string() })),
    /** The ethnic groups of QĐ 121-TCTK/PPCĐ (§7.4) and '55', foreigner. */
    ethnicities: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .meta({ id: 'RegistryStaffCodes' });

export const staffQuery = z.object({
  schoolId: z.string().max(64).optional(),
  position: z.enum(staffPositionCodes).optional(),
  subject: z
    .string()
    .regex(/^[A-Z0-9_]{1,40}$/)
    .optional(),
  status: z.enum(staffStatusCodes).optional(),
  qualificationStandard: z.enum(qualificationStandardCodes).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const opt = (s: z.ZodString) => s.nullable().optional();
const year = z.number().int().min(1950).max(2100).nullable().optional();
const staffFields = {
  staffCode: opt(z.string().trim().max(30)),
  cccd: opt(z.string().trim().max(20)),
  fullName: personNameSchema(),
  sex: z.enum(['male', 'female']),
  dateOfBirth: isoDate,
  ethnicityCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  position: z.enum(staffPositionCodes),
  titleGroup: z.enum(staffTitleGroupCodes).nullable().optional(),
  titleRank: z.enum(staffTitleRankCodes).nullable().optional(),
  qualification: z.enum(staffQualificationCodes).nullable().optional(),
  major: opt(z.string().trim().max(120)),
  subjects: z
    .array(z.string().regex(/^[A-Z0-9_]{1,40}$/))
    .max(12)
    .optional(),
  contractType: z.enum(staffContractTypeCodes).nullable().optional(),
  joinedSectorOn: isoDate.nullable().optional(),
  joinedSchoolOn: isoDate.nullable().optional(),
  standardRating: z.enum(staffStandardRatingCodes).nullable().optional(),
  standardRatingYear: year,
  regularTraining: z.enum(staffTrainingResultCodes).nullable().optional(),
  regularTrainingYear: year,
  partyMember: z.boolean().optional(),
  partyJoinedOn: isoDate.nullable().optional(),
  status: z.enum(staffStatusCodes).optional(),
  phone: opt(z.string().trim().max(20)),
  email: opt(z.string().trim().max(120)),
};
export const createStaffBody = z.strictObject({ schoolId: z.string().max(64), ...staffFields });
export type CreateStaffInput = z.infer<typeof createStaffBody>;
export const updateStaffBody = z.strictObject({
  version,
  ...staffFields,
  fullName: staffFields.fullName.optional(),
  sex: staffFields.sex.optional(),
  dateOfBirth: staffFields.dateOfBirth.optional(),
  position: staffFields.position.optional(),
});
export type UpdateStaffInput = z.infer<typeof updateStaffBody>;

/** Roles a school grants with a staff account. */
export const accountRoleKeys = ['teacher', 'homeroom_teacher', 'school_office', 'principal'] as const;

/** Link an existing account of the school, or create one with a role at the school. */
export const staffAccountBody = z.union([
  z.strictObject({ version, userId: z.string().max(64) }),
  z.strictObject({
    version,
    create: z.strictObject({
      username: z
        .string()
        .trim()
        .min(3)
        .max(64)
        .regex(/^[a-z0-9._-]+$/),
      roleKey: z.enum(accountRoleKeys),
      email: z.email().max(120).optional(),
      phone: z.string().trim().max(20).optional(),
    }),
  }),
]);
export type StaffAccountInput = z.infer<typeof staffAccountBody>;
export const staffAccountResult = z
  .object({
    staff: staffDetailSchema,
    userId: z.uuid(),
    created: z.boolean(),
    passwordReset: z.object({ mailed: z.boolean(), token: z.string().nullable(), resetUrl: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'RegistryStaffAccountLinked' });
