import { z } from 'zod';
import { tt22Levels } from '../schema.ts';
import { tt27ClassSummary, tt27StudentSummary } from './tt27.schemas.ts';

const level = z.enum(tt22Levels);
const learning = z.object({ level, actual: level, adjustedFor: z.string().nullable() }).nullable();

const termSummary = z.object({
  subjects: z.record(z.string(), z.string().nullable()),
  conduct: level.nullable(),
  absencesExcused: z.number().int(),
  absencesUnexcused: z.number().int(),
  comment: z.string().nullable(),
  version: z.number().int(),
  learning,
  missing: z.array(z.string()),
});

export const classSummarySchema = z
  .object({
    class: z.object({ id: z.uuid(), name: z.string(), gradeNo: z.number().int(), yearName: z.string(), ruleset: z.string() }),
    subjects: z.array(z.object({ code: z.string(), name: z.string(), assessment: z.enum(['NXDS', 'NX', 'TT27']) })),
    openSheets: z.array(z.string()),
    students: z.array(
      z.object({
        id: z.uuid(),
        fullName: z.string(),
        terms: z.object({ 1: termSummary, 2: termSummary }),
        year: z
          .object({
            subjects: z.record(z.string(), z.string()),
            learning: level,
            conduct: level,
            finalLearning: level,
            finalConduct: level,
            outcome: z.enum(['LL', 'RLH', 'KTL', 'OLL']),
            title: z.enum(['XS', 'G']).nullable(),
            reassessSubjects: z.array(z.string()),
            status: z.enum(['computed', 'final']),
          })
          .nullable(),
        missing: z.array(z.string()),
        /** Primary classes (TT 27) only: qualities/competences, tests and the TT 27 year. */
        tt27: tt27StudentSummary.optional(),
      }),
    ),
    /** Present for a primary class (TT 27): the summary is then read from the `tt27` parts. */
    tt27: tt27ClassSummary.optional(),
    abilities: z.object({ homeroom: z.boolean(), finalised: z.boolean(), principal: z.boolean() }),
  })
  .meta({ id: 'GradebookClassSummary' });

export const termRecordParams = z.object({ classId: z.string().max(64), termNo: z.coerce.number().int().min(1).max(2) });
export const studentRecordParams = z.object({ classId: z.string().max(64), studentId: z.string().max(64) });

export const saveRecordsBody = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        studentId: z.uuid(),
        conduct: level.nullable(),
        absencesExcused: z.number().int().min(0).max(400),
        absencesUnexcused: z.number().int().min(0).max(400),
        comment: z.string().max(2000).nullable(),
        expectedVersion: z.number().int().min(0),
      }),
    )
    .min(1)
    .max(200),
});
export const savedRecordsSchema = z
  .object({ saved: z.array(z.object({ studentId: z.uuid(), version: z.number().int() })) })
  .meta({ id: 'GradebookSavedRecords' });

/** Re-assessed scores travel as strings like every score. */
export const summerBody = z.strictObject({
  summerConduct: level.nullable().optional(),
  reassessment: z
    .strictObject({
      scored: z.record(z.string().max(20), z.string().max(8)).optional(),
      comment: z.record(z.string().max(20), z.enum(['D', 'CD'])).optional(),
    })
    .nullable()
    .optional(),
});
export const summerResultSchema = z
  .object({ outcome: z.enum(['LL', 'RLH', 'KTL', 'OLL']), finalLearning: level, finalConduct: level })
  .meta({ id: 'GradebookSummerResult' });

export const finaliseSchema = z.object({ students: z.number().int() }).meta({ id: 'GradebookFinalised' });

export const statisticsQuery = z.object({ unitId: z.string().max(64), startYear: z.coerce.number().int().min(2000).max(2100) });
const counts = z.record(z.string(), z.number().int());
export const statisticsSchema = z
  .object({
    unit: z.object({ id: z.uuid(), name: z.string() }),
    startYear: z.number().int(),
    students: z.number().int(),
    byGrade: z.array(
      z.object({
        gradeNo: z.number().int(),
        students: z.number().int(),
        learning: counts,
        conduct: counts,
        outcome: counts,
        title: counts,
      }),
    ),
  })
  .meta({ id: 'GradebookStatistics' });

export const reportParams = z.object({ studentId: z.string().max(64) });
export const reportSchema = z
  .object({
    student: z.object({ id: z.uuid(), fullName: z.string() }),
    years: z.array(
      z.object({
        yearName: z.string(),
        className: z.string(),
        subjects: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            terms: z.array(
              z.object({
                termNo: z.number().int(),
                status: z.enum(['published', 'locked']),
                marks: z.record(z.string(), z.string()),
                result: z.string().nullable(),
                remark: z.string().nullable(),
              }),
            ),
          }),
        ),
        result: z
          .object({
            learning: z.string().nullable(),
            conduct: z.string().nullable(),
            outcome: z.string().nullable(),
            title: z.string().nullable(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'GradebookStudentReport' });
