/** The export URL of a student list with the list's filters (empty ones and paging left out). */
export function studentsExportUrl(filter: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter))
    if (v !== undefined && v !== '' && k !== 'page' && k !== 'pageSize') params.set(k, String(v));
  const qs = params.toString();
  return `/api/registry/students/export.xlsx${qs ? `?${qs}` : ''}`;
}
