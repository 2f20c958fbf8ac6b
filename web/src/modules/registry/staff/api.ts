import { useQuery } from '@tanstack/react-query';
import { api, call, type components, type RequestOf } from '../../../api/client.ts';
import { useDisplayLanguage } from '../../../lib/language.ts';

export type StaffItem = components['schemas']['RegistryStaffListItem'];
export type Staff = components['schemas']['RegistryStaff'];
export type StaffCodes = components['schemas']['RegistryStaffCodes'];
export type CodeListName = Exclude<keyof StaffCodes, 'subjects' | 'ethnicities'>;

export const staffKeys = {
  list: (params: object) => ['registry', 'staff', 'list', params] as const,
  one: (id: string) => ['registry', 'staff', 'one', id] as const,
  codes: ['registry', 'staff', 'codes'] as const,
  candidates: (id: string) => ['registry', 'staff', 'candidates', id] as const,
};

export interface StaffFilter {
  q?: string;
  schoolId?: string;
  position?: StaffItem['position'];
  subject?: string;
  status?: StaffItem['status'];
  qualificationStandard?: NonNullable<StaffItem['qualificationStandard']>;
  page: number;
  pageSize: number;
}

export const fetchStaffList = (query: StaffFilter) => call(api.GET('/api/registry/staff', { params: { query } }));
/** `me`: the caller's own record (tied to their account), null when there is none. */
export const fetchStaff = async (id: string): Promise<Staff | null> =>
  id === 'me'
    ? (await call(api.GET('/api/registry/staff/me'))).record
    : call(api.GET('/api/registry/staff/{id}', { params: { path: { id } } }));

/** The code lists (configuration served by the server) and a label reader in the UI language. */
export function useStaffCodes() {
  const q = useQuery({
    queryKey: staffKeys.codes,
    queryFn: () => call(api.GET('/api/registry/staff/codes')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const lang = useDisplayLanguage();
  const label = (list: CodeListName, code: string | null | undefined): string => {
    if (!code) return '—';
    return q.data?.[list].find((c) => c.code === code)?.[lang] ?? code;
  };
  const options = (list: CodeListName) => (q.data?.[list] ?? []).map((c) => ({ value: c.code, label: c[lang] }));
  const subjectName = (code: string) => q.data?.subjects.find((s) => s.code === code)?.name ?? code;
  return { codes: q.data, label, options, subjectName };
}
export const fetchAccountCandidates = (init: RequestOf<'/api/registry/staff/{id}/account-candidates', 'get'>) =>
  call(api.GET('/api/registry/staff/{id}/account-candidates', init));
export const linkStaffAccount = (init: RequestOf<'/api/registry/staff/{id}/account', 'post'>) =>
  call(api.POST('/api/registry/staff/{id}/account', init));
export const updateStaff = (init: RequestOf<'/api/registry/staff/{id}', 'patch'>) => call(api.PATCH('/api/registry/staff/{id}', init));
export const createStaff = (init: RequestOf<'/api/registry/staff', 'post'>) => call(api.POST('/api/registry/staff', init));
