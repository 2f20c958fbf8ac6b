import { z } from 'zod';
import { tt27QcLevels } from '../schema.ts';

/** TT 27 (primary) parts of the class summary and the homeroom teacher's bodies. */
const qc = z.enum(tt27QcLevels);
const subjectLevel = z.enum(['HTT', 'HT', 'CHT']);
const overall = z.enum(['HTXS', 'HTT', 'HT', 'CHT']);
const itemCode = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Z0-9_]+$/);
const items = z.record(itemCode, qc);
const point = z.enum(['gk', 'ck']);

/** Per student: the qualities/competences at each point, test scores, the homeroom's steps, the year. */
export const tt27StudentSummary = z.object({
  assessments: z.array(
    z.object({
      termNo: z.number().int(),
      point,
      qualities: z.record(z.string(), qc),
      competences: z.record(z.string(), qc),
      version: z.number().int(),
    }),
  ),
  /** subject → "HK1:gkt" | "HK1:test" | "HK2:gkt" | "HK2:test" → "9" or "M" (missed). */
  tests: z.record(z.string(), z.record(z.string(), z.string())),
  steps: z
    .object({
      recognition: z.object({ outstandingSubject: z.boolean().optional(), clearProgress: z.boolean().optional() }).nullable().optional(),
      afterSupport: z.unknown().optional(),
      principalDecision: z.enum(['LL', 'OLL']).nullable().optional(),
    })
    .nullable(),
  year: z
    .object({
      overall,
      award: z.enum(['XS', 'TB']).nullable(),
      afterSupport: overall.nullable(),
      completed: z.boolean(),
      completedPrimary: z.boolean(),
      outcome: z.enum(['LL', 'KTL', 'QD', 'OLL']),
      status: z.enum(['computed', 'final']),
    })
    .nullable(),
});

export const tt27ClassSummary = z.object({
  qualities: z.array(z.object({ code: z.string(), name: z.string() })),
  competences: z.array(z.object({ code: z.string(), name: z.string() })),
  testSubjects: z.object({ midTerm: z.array(z.string()), endOfTerm: z.array(z.string()) }),
});

export const qualitiesParams = z.object({ classId: z.string().max(64), termNo: z.coerce.number().int().min(1).max(2), point });

export const saveQualitiesBody = z.strictObject({
  changes: z
    .array(z.strictObject({ studentId: z.uuid(), qualities: items, competences: items, expectedVersion: z.number().int().min(0) }))
    .min(1)
    .max(200),
});
export const savedQualitiesSchema = z
  .object({ saved: z.array(z.object({ studentId: z.uuid(), version: z.number().int() })) })
  .meta({ id: 'GradebookSavedQualities' });

const integerScore = z
  .string()
  .max(4)
  .regex(/^(10|[1-9])$/);
export const tt27StepsBody = z.strictObject({
  recognition: z.strictObject({ outstandingSubject: z.boolean().optional(), clearProgress: z.boolean().optional() }).nullable().optional(),
  afterSupport: z
    .strictObject({
      subjects: z.record(itemCode, subjectLevel).optional(),
      qualities: items.optional(),
      competences: items.optional(),
      tests: z.record(itemCode, integerScore).optional(),
    })
    .nullable()
    .optional(),
  principalDecision: z.enum(['LL', 'OLL']).nullable().optional(),
});
export const tt27StepsResultSchema = z
  .object({
    overall,
    afterSupport: overall.nullable(),
    award: z.enum(['XS', 'TB']).nullable(),
    completed: z.boolean(),
    outcome: z.enum(['LL', 'KTL', 'QD', 'OLL']),
  })
  .meta({ id: 'GradebookTt27StepsResult' });
