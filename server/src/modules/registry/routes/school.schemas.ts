import { z } from 'zod';
import { difficultAreas, internetKinds, libraryStandards, nationalStandards, subjectRoomKinds } from '../school/config.ts';
import { isoDate } from './common.schemas.ts';

export const unitParams = z.object({ unitId: z.string().max(64) });
export const siteParams = z.object({ unitId: z.string().max(64), siteId: z.string().max(64) });
export const yearParams = z.object({ unitId: z.string().max(64), startYear: z.string().max(8) });

const text = (max: number) => z.string().max(max).nullable();
/** 0: nothing saved yet (the first save creates the record). */
const versionOrNew = z.number().int().min(0);

const schoolFactsSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    schoolLevel: z.string().nullable(),
    ownership: z.string().nullable(),
    status: z.string(),
    communeCode: z.string().nullable(),
    communeName: z.string().nullable(),
  })
  .meta({ id: 'RegistrySchoolFacts' });

export const siteSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    address: z.string().nullable(),
    communeCode: z.string().nullable(),
    communeName: z.string().nullable(),
    classCount: z.number().int(),
    studentCount: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'RegistrySchoolSite' });

export const profileSchema = z
  .object({
    /** From the organisation tree: shown read-only, edited there. */
    school: schoolFactsSchema,
    address: z.string().nullable(),
    difficultArea: z.enum(difficultAreas),
    nationalStandard: z.enum(nationalStandards),
    nationalStandardOn: isoDate.nullable(),
    accreditationLevel: z.number().int().nullable(),
    accreditedOn: isoDate.nullable(),
    principalUserId: z.uuid().nullable(),
    /** The linked account's name, or the name typed in. */
    principalName: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    sessionsPerDay: z.number().int().nullable(),
    foundedYear: z.number().int().nullable(),
    /** 0: nothing saved yet. */
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    sites: z.array(siteSchema),
    /** Accounts of the school that may be named principal (only for those who may edit). */
    principalCandidates: z.array(z.object({ id: z.uuid(), displayName: z.string(), username: z.string() })),
    abilities: z.object({ update: z.boolean() }),
  })
  .meta({ id: 'RegistrySchoolProfile' });

export const profileBody = z.strictObject({
  version: versionOrNew,
  address: text(300),
  difficultArea: z.enum(difficultAreas),
  nationalStandard: z.enum(nationalStandards),
  nationalStandardOn: isoDate.nullable(),
  accreditationLevel: z.number().int().min(1).max(4).nullable(),
  accreditedOn: isoDate.nullable(),
  principalUserId: z.string().max(64).nullable(),
  principalName: text(120),
  phone: text(30),
  email: text(254),
  website: text(200),
  sessionsPerDay: z.union([z.literal(1), z.literal(2)]).nullable(),
  foundedYear: z.number().int().min(1000).max(2200).nullable(),
});

export const siteBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  address: text(300),
  communeCode: z.string().max(10).nullable(),
  classCount: z.number().int().min(0).max(500),
  studentCount: z.number().int().min(0).max(20000),
});
export const siteUpdateBody = siteBody.extend({ version: z.number().int().min(1) });
export const siteDeleteBody = z.strictObject({ version: z.number().int().min(1) });

const count = z.number().int().min(0).max(100000);
/** m², a non-negative decimal with at most 2 decimals, as a string ("1250.50"; "1250,5" accepted). */
const area = z
  .string()
  .max(16)
  .regex(/^\s*\d{1,10}([.,]\d{1,2})?\s*$/)
  .nullable();

const facilityFields = {
  classroomsSolid: count,
  classroomsSemiSolid: count,
  classroomsTemporary: count,
  subjectRooms: z.array(z.strictObject({ kind: z.enum(subjectRoomKinds), count })).max(subjectRoomKinds.length),
  hasLibrary: z.boolean(),
  libraryStandard: z.enum(libraryStandards),
  equipmentSets: z.array(z.strictObject({ gradeNo: z.number().int().min(1).max(12), sets: count, missing: count })).max(12),
  computersTeaching: count,
  computersManagement: count,
  internet: z.enum(internetKinds),
  toiletsStudents: count,
  toiletsStaff: count,
  toiletsMeetStandard: z.boolean(),
  cleanWater: z.boolean(),
  teacherHousingRooms: count,
  landArea: area,
  playgroundArea: area,
};
export const facilitiesBody = z.strictObject({ version: versionOrNew, ...facilityFields });

const out = {
  classroomsSolid: z.number().int(),
  classroomsSemiSolid: z.number().int(),
  classroomsTemporary: z.number().int(),
  subjectRooms: z.array(z.object({ kind: z.enum(subjectRoomKinds), count: z.number().int() })),
  hasLibrary: z.boolean(),
  libraryStandard: z.enum(libraryStandards),
  equipmentSets: z.array(z.object({ gradeNo: z.number().int(), sets: z.number().int(), missing: z.number().int() })),
  computersTeaching: z.number().int(),
  computersManagement: z.number().int(),
  internet: z.enum(internetKinds),
  toiletsStudents: z.number().int(),
  toiletsStaff: z.number().int(),
  toiletsMeetStandard: z.boolean(),
  cleanWater: z.boolean(),
  teacherHousingRooms: z.number().int(),
  landArea: z.string().nullable(),
  playgroundArea: z.string().nullable(),
};

export const facilitiesSchema = z
  .object({
    school: schoolFactsSchema,
    startYear: z.number().int(),
    /** "2026–2027". */
    yearName: z.string(),
    ...out,
    totals: z.object({
      classrooms: z.number().int(),
      solidShare: z.string().nullable(),
      subjectRooms: z.number().int(),
      computers: z.number().int(),
      equipmentSets: z.number().int(),
      equipmentMissing: z.number().int(),
      toilets: z.number().int(),
    }),
    /** Grades the school teaches (rows of the equipment table). */
    grades: z.array(z.number().int()),
    /** 0: nothing recorded for this year yet. */
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    abilities: z.object({ update: z.boolean() }),
  })
  .meta({ id: 'RegistrySchoolFacilities' });

export const facilityYearsSchema = z
  .object({
    school: schoolFactsSchema,
    years: z.array(z.object({ startYear: z.number().int(), name: z.string(), recorded: z.boolean() })),
    abilities: z.object({ update: z.boolean() }),
  })
  .meta({ id: 'RegistrySchoolFacilityYears' });
