/**
 * The MOET student code (mã định danh học sinh / "mã MOET"). Its format is NOT defined by any text
 * we have read (regulations.md §7.1: "exact format unverified; public code shows 10–11-digit values
 * beginning with a province code; store as opaque varchar(20), unique, never recycled"). So this
 * checks only what an opaque code must be: letters and digits, at most 20, compared upper-case.
 * Do not infer a province or check digit from it.
 */
export const STUDENT_CODE_MAX = 20;

export const normaliseStudentCode = (input: string): string => input.trim().toUpperCase();

export type StudentCodeResult =
  | { ok: true; code: string }
  | {
      ok: false;
      code: 'registry.studentCode.empty' | 'registry.studentCode.tooLong' | 'registry.studentCode.invalidChars';
      params: Record<string, string | number>;
    };

export function checkStudentCode(input: string): StudentCodeResult {
  const code = normaliseStudentCode(input);
  if (code === '') return { ok: false, code: 'registry.studentCode.empty', params: {} };
  if (code.length > STUDENT_CODE_MAX)
    return { ok: false, code: 'registry.studentCode.tooLong', params: { max: STUDENT_CODE_MAX, length: code.length } };
  if (!/^[0-9A-Z]+$/.test(code)) return { ok: false, code: 'registry.studentCode.invalidChars', params: { value: input } };
  return { ok: true, code };
}
