import { z } from 'zod';
import { version } from './common.schemas.ts';

export const classAbilities = z.object({
  update: z.boolean(),
  assignHomeroom: z.boolean(),
  assignTeachers: z.boolean(),
  enrol: z.boolean(),
});

export const classSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    schoolYearId: z.uuid(),
    gradeNo: z.number().int(),
    name: z.string(),
    homeroomTeacher: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    twoSessions: z.boolean(),
    combinedGrades: z.array(z.number().int()),
    specialisedSubject: z.string().nullable(),
    subjectCombination: z.string().nullable(),
    foreignLanguage: z.string().nullable(),
    status: z.enum(['active', 'closed']),
    studentCount: z.number().int(),
    version: z.number().int(),
    abilities: classAbilities,
  })
  .meta({ id: 'RegistryClass' });
export type ClassDto = z.infer<typeof classSchema>;
export const classListSchema = z.object({ items: z.array(classSchema) }).meta({ id: 'RegistryClassList' });

export const classesQuery = z.object({ yearId: z.string().max(64).optional(), gradeNo: z.coerce.number().int().min(1).max(12).optional() });

const classFields = {
  name: z.string().trim().min(1).max(40),
  twoSessions: z.boolean().optional(),
  combinedGrades: z.array(z.number().int().min(1).max(12)).max(4).optional(),
  specialisedSubject: z.string().trim().max(20).nullable().optional(),
  subjectCombination: z.string().trim().max(40).nullable().optional(),
  foreignLanguage: z.string().trim().max(40).nullable().optional(),
};
export const createClassBody = z.strictObject({
  schoolYearId: z.string().max(64),
  gradeNo: z.number().int().min(1).max(12),
  homeroomTeacherId: z.string().max(64).nullable().optional(),
  ...classFields,
});
export const updateClassBody = z.strictObject({
  version,
  ...classFields,
  name: classFields.name.optional(),
  status: z.enum(['active', 'closed']).optional(),
});
export const homeroomBody = z.strictObject({ version, teacherId: z.string().max(64).nullable() });

export const assignmentSchema = z
  .object({
    id: z.uuid(),
    classId: z.uuid(),
    subjectCode: z.string(),
    termId: z.uuid().nullable(),
    teacher: z.object({ id: z.uuid(), displayName: z.string() }),
  })
  .meta({ id: 'RegistryTeachingAssignment' });
export const assignmentListSchema = z.object({ items: z.array(assignmentSchema) }).meta({ id: 'RegistryTeachingAssignmentList' });
export const createAssignmentBody = z.strictObject({
  subjectCode: z.string().min(1).max(20),
  teacherId: z.string().max(64),
  termId: z.string().max(64).nullable().optional(),
});
