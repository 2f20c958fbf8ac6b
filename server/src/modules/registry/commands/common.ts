import { pgErrorOf } from '../../../platform/db/database.ts';
import { AppError, conflict, unprocessable } from '../../../platform/errors.ts';

/** A rule broken by the input; `field` names the body field for the form. */
export class RegistryRuleError extends Error {
  constructor(
    readonly code: string,
    readonly field?: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const fieldError = (code: string, field: string, params: Record<string, unknown> = {}) =>
  unprocessable(code, params, [{ path: `body.${field}`, code, params }]);

const uniqueErrors: Record<string, { code: string; field?: string }> = {
  students_cccd_uq: { code: 'registry.cccdTaken', field: 'cccd' },
  students_moet_uq: { code: 'registry.moetCodeTaken', field: 'moetCode' },
  guardians_cccd_uq: { code: 'registry.guardianCccdTaken', field: 'cccd' },
  enrolments_one_class_per_year_uq: { code: 'registry.alreadyEnrolled', field: 'classId' },
  classes_school_year_name_uq: { code: 'registry.classNameTaken', field: 'name' },
  school_years_school_uq: { code: 'registry.yearExists', field: 'startYear' },
  school_years_province_uq: { code: 'registry.yearExists', field: 'startYear' },
  terms_year_no_uq: { code: 'registry.termDuplicate', field: 'terms' },
  teaching_assignments_uq: { code: 'registry.assignmentExists', field: 'subjectCode' },
  student_guardians_pkey: { code: 'registry.guardianLinked', field: 'guardianId' },
};

/** Rule errors → 422 on their field; unique violations → 409 on the field they concern. */
export async function asDomainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RegistryRuleError) {
      throw unprocessable(err.code, err.params, err.field ? [{ path: `body.${err.field}`, code: err.code, params: err.params }] : []);
    }
    const pg = pgErrorOf(err);
    if (pg?.code === '23505') {
      const name = Object.keys(uniqueErrors).find((k) => pg.constraint === k || pg.message.includes(k));
      const known = name ? uniqueErrors[name]! : { code: 'registry.duplicate' };
      throw new AppError(known.code, 409, {}, known.field ? [{ path: `body.${known.field}`, code: known.code }] : []);
    }
    if (pg?.code === '23503') throw unprocessable('registry.referenceMissing');
    if (pg?.code === '23514') throw unprocessable('registry.invalidValue');
    throw err;
  }
}

export function checkVersion(row: { version: number }, version: number): void {
  if (row.version !== version) throw conflict('registry.versionConflict', { current: row.version });
}
