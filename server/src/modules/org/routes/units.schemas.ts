import { z } from 'zod';
import { schoolLevels, ownerships } from '../rules/levels.ts';
import { unitTypes } from '../schema.ts';

export const schoolLevelSchema = z.enum(schoolLevels);
export const ownershipSchema = z.enum(ownerships);
const byLevel = z.object(
  Object.fromEntries(schoolLevels.map((l) => [l, z.number().int()])) as Record<(typeof schoolLevels)[number], z.ZodNumber>,
);

export const abilitiesSchema = z.object({ update: z.boolean(), move: z.boolean(), close: z.boolean(), createChild: z.boolean() });

/** What leaves the server about a unit: a whitelist. */
export const unitSchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    type: z.enum(unitTypes),
    code: z.string(),
    name: z.string(),
    schoolLevel: schoolLevelSchema.nullable(),
    ownership: ownershipSchema.nullable(),
    adminUnitCode: z.string().nullable(),
    /** Full name of the administrative unit it stands in. */
    adminUnitName: z.string().nullable(),
    status: z.enum(['active', 'closed']),
    closedAt: z.iso.datetime().nullable(),
    depth: z.number().int(),
    version: z.number().int(),
    hasChildren: z.boolean(),
    counts: z.object({ schools: z.number().int(), byLevel, users: z.number().int().optional() }),
    abilities: abilitiesSchema,
  })
  .meta({ id: 'OrgUnit' });
export type UnitDto = z.infer<typeof unitSchema>;

export const unitDetailSchema = unitSchema
  .extend({ ancestors: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.enum(unitTypes) })) })
  .meta({ id: 'OrgUnitDetail' });

export const unitListSchema = z.object({ items: z.array(unitSchema) }).meta({ id: 'OrgUnitList' });

export const idParams = z.object({ id: z.string().max(64) });

const name = z.string().trim().min(2).max(200);
const code = z.string().trim().min(2).max(40);
const commune = z.string().regex(/^\d{5}$/);

export const createUnitBody = z.strictObject({
  parentId: z.string().max(64),
  type: z.enum(['division', 'district', 'commune', 'school', 'site']),
  code: code.optional(),
  name,
  schoolLevel: schoolLevelSchema.optional(),
  ownership: ownershipSchema.optional(),
  adminUnitCode: commune.optional(),
});

export const updateUnitBody = z.strictObject({
  version: z.number().int().min(1),
  name: name.optional(),
  code: code.optional(),
  schoolLevel: schoolLevelSchema.optional(),
  ownership: ownershipSchema.optional(),
  adminUnitCode: commune.optional(),
});

export const moveUnitBody = z.strictObject({ version: z.number().int().min(1), parentId: z.string().max(64) });
export const closeUnitBody = z.strictObject({ version: z.number().int().min(1), reason: z.string().trim().min(3).max(1000) });

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  type: z.enum(unitTypes).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const childrenQuery = z.object({ status: z.enum(['active', 'all']).default('active') });
