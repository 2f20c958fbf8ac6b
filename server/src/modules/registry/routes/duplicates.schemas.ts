import { z } from 'zod';
import { mergeFields } from '../rules/merge.ts';
import { isoDate, version } from './common.schemas.ts';

const brief = z.object({
  id: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  dateOfBirth: isoDate,
  birthProvinceCode: z.string().nullable(),
  cccd: z.string().nullable(),
  moetCode: z.string().nullable(),
  schoolId: z.uuid(),
  schoolName: z.string(),
  status: z.string(),
  className: z.string().nullable(),
});

const reasons = z.array(z.enum(['cccd', 'moetCode', 'nameBirth', 'nameDob']));

export const duplicateListSchema = z
  .object({
    items: z.array(
      z.object({
        first: brief,
        second: brief,
        level: z.enum(['certain', 'probable']),
        reasons,
        conflicts: z.array(z.enum(['fullName', 'dateOfBirth', 'cccd', 'moetCode'])),
      }),
    ),
  })
  .meta({ id: 'RegistryDuplicateList' });

const side = z.object({
  id: z.uuid(),
  schoolName: z.string(),
  status: z.string(),
  version: z.number().int(),
  /** The values of every field a merge can choose, as stored. */
  fields: z.record(z.string(), z.unknown()),
  guardians: z.array(z.object({ id: z.uuid(), fullName: z.string(), relation: z.string(), phone: z.string().nullable() })),
  enrolments: z.array(
    z.object({ id: z.uuid(), schoolName: z.string(), className: z.string(), startYear: z.number().int(), status: z.string() }),
  ),
  pendingTransfers: z.number().int(),
});

export const comparisonSchema = z
  .object({
    a: side,
    b: side,
    fields: z.array(z.enum(mergeFields)),
    /** Fields on which both records hold different values. */
    differing: z.array(z.enum(mergeFields)),
    level: z.enum(['certain', 'probable']).nullable(),
    reasons,
    /** School years in which both have a class: the merge would be refused. */
    clashingYears: z.array(z.number().int()),
    dismissed: z.boolean(),
  })
  .meta({ id: 'RegistryDuplicateComparison' });

export const compareQuery = z.object({ a: z.string().max(64), b: z.string().max(64) });

export const mergeBody = z.strictObject({
  survivorId: z.string().max(64),
  mergedId: z.string().max(64),
  survivorVersion: version,
  mergedVersion: version,
  /** Per field, whose value to keep; unnamed fields keep the survivor's (or the merged one's where the survivor has none). */
  keep: z.partialRecord(z.enum(mergeFields), z.enum(['survivor', 'merged'])).default({}),
});
export const mergeResultSchema = z
  .object({ survivorId: z.uuid(), moved: z.record(z.string(), z.number().int()) })
  .meta({ id: 'RegistryMergeResult' });

export const dismissBody = z.strictObject({ a: z.string().max(64), b: z.string().max(64), reason: z.string().trim().max(500).optional() });
export const dismissResultSchema = z.object({ dismissed: z.literal(true) }).meta({ id: 'RegistryDuplicateDismissed' });
