/**
 * Whether an export is a bulk export (the `registry.export.bulk` permission, MFA): more rows than
 * the threshold, or a list that is not narrowed to one class or to a search — a whole school, a
 * commune, the province, or a whole grade or status of them.
 */
export function isBulkExport(filter: { classId?: string | undefined; q?: string | undefined }, rows: number, threshold: number): boolean {
  if (rows > threshold) return true;
  return !filter.classId && !filter.q;
}
