import { z } from 'zod';
import { isoDate, version } from './common.schemas.ts';

export const termSchema = z
  .object({ id: z.uuid(), no: z.number().int(), name: z.string(), startsOn: isoDate, endsOn: isoDate })
  .meta({ id: 'RegistryTerm' });

export const schoolYearSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid().nullable(),
    /** true: the province-wide calendar (set by the department). */
    provinceWide: z.boolean(),
    startYear: z.number().int(),
    name: z.string(),
    startsOn: isoDate,
    endsOn: isoDate,
    status: z.enum(['planned', 'current', 'closed']),
    version: z.number().int(),
    terms: z.array(termSchema),
    abilities: z.object({ update: z.boolean() }),
  })
  .meta({ id: 'RegistrySchoolYear' });
export type SchoolYearDto = z.infer<typeof schoolYearSchema>;

export const gradeSchema = z.object({ id: z.uuid(), gradeNo: z.number().int(), name: z.string() }).meta({ id: 'RegistryGrade' });

export const schoolStructureSchema = z
  .object({
    school: z.object({ id: z.uuid(), code: z.string(), name: z.string(), schoolLevel: z.string().nullable() }),
    years: z.array(schoolYearSchema),
    grades: z.array(gradeSchema),
    abilities: z.object({ writeStructure: z.boolean(), writeClasses: z.boolean(), writeStudents: z.boolean() }),
  })
  .meta({ id: 'RegistrySchoolStructure' });

const termInput = z.strictObject({
  no: z.number().int().min(1).max(4),
  name: z.string().trim().min(1).max(60),
  startsOn: isoDate,
  endsOn: isoDate,
});

export const createYearBody = z.strictObject({
  startYear: z.number().int().min(2000).max(2100),
  startsOn: isoDate,
  endsOn: isoDate,
  status: z.enum(['planned', 'current', 'closed']).optional(),
  terms: z.array(termInput).min(1).max(4),
});

export const updateYearBody = z.strictObject({
  version,
  startsOn: isoDate.optional(),
  endsOn: isoDate.optional(),
  status: z.enum(['planned', 'current', 'closed']).optional(),
  terms: z.array(termInput).min(1).max(4).optional(),
});

export const subjectSchema = z
  .object({
    code: z.string(),
    level: z.string(),
    name: z.string(),
    nameEn: z.string(),
    assessment: z.enum(['NXDS', 'NX', 'TT27']),
    elective: z.boolean(),
  })
  .meta({ id: 'RegistrySubject' });
export const subjectListSchema = z.object({ items: z.array(subjectSchema) }).meta({ id: 'RegistrySubjectList' });
export const subjectsQuery = z.object({ level: z.enum(['tieu_hoc', 'thcs', 'thpt']).optional() });

export const periodRowSchema = z
  .object({
    gradeNo: z.number().int(),
    subjectCode: z.string(),
    subjectName: z.string(),
    assessment: z.enum(['NXDS', 'NX', 'TT27']),
    periodsPerYear: z.number().int(),
    defaultPeriods: z.number().int(),
    /** Regular assessments per semester the periods imply (TT22 Art. 6). */
    requiredRegular: z.number().int().nullable(),
    customised: z.boolean(),
  })
  .meta({ id: 'RegistryPeriodRow' });
export const periodListSchema = z
  .object({ items: z.array(periodRowSchema), abilities: z.object({ update: z.boolean() }) })
  .meta({ id: 'RegistryPeriodList' });
export const periodsParams = z.object({ schoolId: z.string().max(64), yearId: z.string().max(64) });
export const updatePeriodsBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        gradeNo: z.number().int().min(1).max(12),
        subjectCode: z.string().min(1).max(20),
        periodsPerYear: z.number().int().min(0).max(400),
      }),
    )
    .min(1)
    .max(500),
});
