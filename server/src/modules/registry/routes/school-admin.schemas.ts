import { z } from 'zod';
import { enrolmentStatuses } from '../schema.ts';
import { isoDate } from './common.schemas.ts';

/** Screens of the school office: opening a year, class lists, teachers, the assignment matrix. */

const termInput = z.strictObject({
  no: z.number().int().min(1).max(4),
  name: z.string().trim().min(1).max(60),
  startsOn: isoDate,
  endsOn: isoDate,
});

export const openNextYearBody = z.strictObject({
  startsOn: isoDate,
  endsOn: isoDate,
  status: z.enum(['planned', 'current']).optional(),
  terms: z.array(termInput).min(1).max(4),
  keepHomeroom: z.boolean().optional(),
  promoteStudents: z.boolean().optional(),
});
export const yearParams = z.object({ schoolId: z.string().max(64), yearId: z.string().max(64) });

export const openNextYearResultSchema = z
  .object({
    yearId: z.uuid(),
    counts: z.object({
      classes: z.number().int(),
      periods: z.number().int(),
      students: z.number().int(),
      heldBack: z.number().int(),
      notPromoted: z.number().int(),
    }),
  })
  .meta({ id: 'RegistryOpenNextYearResult' });

export const classStudentSchema = z
  .object({
    /** Số thứ tự in the Vietnamese class-list order (across pages). */
    no: z.number().int(),
    enrolmentId: z.uuid(),
    studentId: z.uuid(),
    fullName: z.string(),
    sex: z.enum(['male', 'female']),
    dateOfBirth: isoDate,
    ethnicityCode: z.string(),
    schoolCode: z.string().nullable(),
    status: z.enum(enrolmentStatuses),
    startedOn: isoDate,
    endedOn: isoDate.nullable(),
    /** The reason given with the latest status change. */
    reason: z.string().nullable(),
  })
  .meta({ id: 'RegistryClassStudent' });
export const classStudentListSchema = z
  .object({
    items: z.array(classStudentSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    abilities: z.object({ changeStatus: z.boolean(), enrol: z.boolean() }),
  })
  .meta({ id: 'RegistryClassStudentList' });
export const classStudentsQuery = z.object({
  /** Also list those who left the class (dropped out, transferred out). */
  includeEnded: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});

export const teacherSchema = z.object({ id: z.uuid(), displayName: z.string(), username: z.string() }).meta({ id: 'RegistryTeacher' });
export const teacherListSchema = z.object({ items: z.array(teacherSchema) }).meta({ id: 'RegistryTeacherList' });

export const yearAssignmentListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        classId: z.uuid(),
        subjectCode: z.string(),
        termId: z.uuid().nullable(),
        teacher: z.object({ id: z.uuid(), displayName: z.string() }),
      }),
    ),
  })
  .meta({ id: 'RegistryYearAssignmentList' });

export const subjectTeacherParams = z.object({ id: z.string().max(64), subjectCode: z.string().min(1).max(20) });
export const subjectTeacherBody = z.strictObject({ teacherId: z.string().max(64).nullable() });
