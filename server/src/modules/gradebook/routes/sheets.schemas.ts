import { z } from 'zod';
import { problemSchema } from '../../../platform/http/problem.ts';
import { correctionStatuses, sheetStatuses } from '../schema.ts';

export const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
export const tags = ['gradebook'];

export const classParams = z.object({ classId: z.string().max(64) });
export const sheetParams = z.object({ classId: z.string().max(64), subjectCode: z.string().max(20), termId: z.string().max(64) });
export const idParams = z.object({ id: z.string().max(64) });

const assessment = z.enum(['NXDS', 'NX', 'TT27']);

export const sheetAbilities = z.object({ read: z.boolean(), enter: z.boolean(), lock: z.boolean(), decide: z.boolean() });

export const myClassesSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        gradeNo: z.number().int(),
        schoolId: z.uuid(),
        schoolName: z.string(),
        yearName: z.string(),
        homeroom: z.boolean(),
        subjects: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'GradebookMyClasses' });

export const classSheetsSchema = z
  .object({
    class: z.object({
      id: z.uuid(),
      name: z.string(),
      gradeNo: z.number().int(),
      schoolId: z.uuid(),
      schoolName: z.string(),
      yearName: z.string(),
    }),
    terms: z.array(z.object({ id: z.uuid(), no: z.number().int(), name: z.string() })),
    subjects: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        assessment,
        requiredRegular: z.number().int().nullable(),
        /** The caller teaches it in this class (may enter marks). */
        mine: z.boolean(),
        sheets: z.array(z.object({ termId: z.uuid(), status: z.enum(sheetStatuses) })),
      }),
    ),
    abilities: z.object({ readAll: z.boolean(), homeroom: z.boolean() }),
  })
  .meta({ id: 'GradebookClassSheets' });

const cell = z.object({ value: z.string().nullable(), version: z.number().int() });

export const sheetSchema = z
  .object({
    sheet: z.object({
      id: z.uuid().nullable(),
      classId: z.uuid(),
      className: z.string(),
      termId: z.uuid(),
      termName: z.string(),
      subjectCode: z.string(),
      subjectName: z.string(),
      assessment,
      ruleset: z.string(),
      requiredRegular: z.number().int().nullable(),
      slots: z.array(z.string()),
      status: z.enum(sheetStatuses),
      publishedAt: z.iso.datetime().nullable(),
      lockedAt: z.iso.datetime().nullable(),
    }),
    students: z.array(
      z.object({
        id: z.uuid(),
        fullName: z.string(),
        schoolCode: z.string().nullable(),
        dateOfBirth: z.string(),
        marks: z.record(z.string(), cell),
        remark: z.object({ text: z.string(), version: z.number().int() }),
        /** ĐTBmhk (score subjects) or the term result (comment subjects), once every required cell is in. */
        result: z.string().nullable(),
      }),
    ),
    abilities: sheetAbilities,
  })
  .meta({ id: 'GradebookSheet' });

/** Scores travel as strings ("7,5", "8", "Đạt", "M"): never as binary floats. */
export const saveMarksBody = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        studentId: z.uuid(),
        slot: z.string().max(8),
        value: z.string().max(32).nullable(),
        expectedVersion: z.number().int().min(0),
      }),
    )
    .min(1)
    .max(2000),
});

export const savedMarksSchema = z
  .object({
    sheetId: z.uuid(),
    saved: z.array(z.object({ studentId: z.uuid(), slot: z.string(), value: z.string().nullable(), version: z.number().int() })),
  })
  .meta({ id: 'GradebookSavedMarks' });

export const saveRemarksBody = z.strictObject({
  changes: z
    .array(z.strictObject({ studentId: z.uuid(), text: z.string().max(2000), expectedVersion: z.number().int().min(0) }))
    .min(1)
    .max(200),
});

export const savedRemarksSchema = z
  .object({ sheetId: z.uuid(), saved: z.array(z.object({ studentId: z.uuid(), text: z.string(), version: z.number().int() })) })
  .meta({ id: 'GradebookSavedRemarks' });

export const sheetStateSchema = z
  .object({ id: z.uuid(), status: z.enum(sheetStatuses), publishedAt: z.iso.datetime().nullable(), lockedAt: z.iso.datetime().nullable() })
  .meta({ id: 'GradebookSheetState' });

export const historyQuery = z.object({ studentId: z.string().max(64).optional() });
export const historySchema = z
  .object({
    items: z.array(
      z.object({
        studentId: z.uuid(),
        slot: z.string(),
        oldValue: z.string().nullable(),
        newValue: z.string().nullable(),
        reason: z.string().nullable(),
        correctionId: z.uuid().nullable(),
        changedAt: z.iso.datetime(),
        changedBy: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'GradebookHistory' });

export const correctionSchema = z
  .object({
    id: z.uuid(),
    sheetId: z.uuid(),
    studentId: z.uuid(),
    studentName: z.string(),
    className: z.string(),
    subjectCode: z.string(),
    termName: z.string(),
    slot: z.string(),
    oldValue: z.string().nullable(),
    newValue: z.string().nullable(),
    reason: z.string(),
    status: z.enum(correctionStatuses),
    requestedAt: z.iso.datetime(),
    requestedBy: z.string(),
    decidedAt: z.iso.datetime().nullable(),
    decisionNote: z.string().nullable(),
    abilities: z.object({ decide: z.boolean(), withdraw: z.boolean() }),
  })
  .meta({ id: 'GradebookCorrection' });

export const correctionListSchema = z.object({ items: z.array(correctionSchema) }).meta({ id: 'GradebookCorrectionList' });
export const correctionsQuery = z.object({ status: z.enum(correctionStatuses).optional() });

export const requestCorrectionBody = z.strictObject({
  sheetId: z.uuid(),
  studentId: z.uuid(),
  slot: z.string().max(8),
  value: z.string().max(32).nullable(),
  reason: z.string().trim().min(5).max(1000),
});

export const decideCorrectionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(1000).optional(),
});
