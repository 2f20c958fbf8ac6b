/**
 * Merging two records of one student (issue 5 §3: "a merge flow for duplicates a human confirms").
 * The human picks the record that survives and, field by field, whose value to keep; these pure
 * rules say which fields can be chosen, build the survivor's new values, and refuse a merge that
 * would leave the student in two classes of one school year.
 */
export const mergeFields = [
  'fullName',
  'sex',
  'dateOfBirth',
  'cccd',
  'moetCode',
  'schoolCode',
  'registerNo',
  'ethnicityCode',
  'nationality',
  'religion',
  'birthplace',
  'birthProvinceCode',
  'birthCommuneCode',
  'hometown',
  'permanentAddress',
  'currentAddress',
  'admissionDate',
  'admissionForm',
  'policyGroups',
  'householdStatus',
  'disability',
  'boarding',
  'youthMembership',
  'phone',
  'email',
  'health',
] as const;
export type MergeField = (typeof mergeFields)[number];
export type MergeChoice = Partial<Record<MergeField, 'survivor' | 'merged'>>;

type Person = { [K in MergeField]?: unknown };

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The survivor's fields after the merge: the survivor's value unless the human chose the merged
 * record's, and, where the survivor has nothing, the merged record's (nothing known is lost).
 * Only fields whose value changes are returned.
 */
export function mergedValues(survivor: Person, merged: Person, choice: MergeChoice): Partial<Record<MergeField, unknown>> {
  const out: Partial<Record<MergeField, unknown>> = {};
  for (const f of mergeFields) {
    const take = choice[f] === 'merged' || (choice[f] === undefined && blank(survivor[f]) && !blank(merged[f]));
    if (take && !same(survivor[f], merged[f])) out[f] = merged[f] ?? null;
  }
  return out;
}

/** Fields on which the two records disagree (both filled, different): what the screen highlights. */
export function differingFields(a: Person, b: Person): MergeField[] {
  return mergeFields.filter((f) => !blank(a[f]) && !blank(b[f]) && !same(a[f], b[f]));
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

export interface MergeEnrolment {
  id: string;
  startYear: number;
  status: string;
}

const ENDED = ['transferred_out', 'dropped_out'];

/** School years in which both records have an open enrolment: merging them is refused. */
export function clashingYears(survivor: readonly MergeEnrolment[], merged: readonly MergeEnrolment[]): number[] {
  const open = (list: readonly MergeEnrolment[]) => new Set(list.filter((e) => !ENDED.includes(e.status)).map((e) => e.startYear));
  const a = open(survivor);
  return [...open(merged)].filter((y) => a.has(y)).sort((x, y) => x - y);
}

export type MergeProblem = 'registry.merge.sameRecord' | 'registry.merge.alreadyMerged' | 'registry.merge.otherProvince';

export function mergeProblem(
  survivor: { id: string; provinceId: string; status: string },
  merged: { id: string; provinceId: string; status: string },
): MergeProblem | undefined {
  if (survivor.id === merged.id) return 'registry.merge.sameRecord';
  if (survivor.status === 'merged' || merged.status === 'merged') return 'registry.merge.alreadyMerged';
  if (survivor.provinceId !== merged.provinceId) return 'registry.merge.otherProvince';
  return undefined;
}

/** A dismissal stores the pair in one order, so "A is not B" and "B is not A" are one row. */
export const orderedPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);
