import { useQuery } from '@tanstack/react-query';
import { api, type components, call } from './client.ts';

export type UnitType = components['schemas']['OrgUnit']['type'];

/**
 * The calls of the shell and the shared components (who is signed in, sign-out, the first
 * password, the organisation's reference data every module reads: a unit, the communes, the unit search); each module keeps its own in its api.ts.
 */
export const shellKeys = {
  me: ['identity', 'me'] as const,
  unitSearch: (q: string, type?: UnitType) => ['org', 'unit-search', q, type ?? ''] as const,
  unit: (id: string) => ['org', 'unit', id] as const,
  communes: ['org', 'communes'] as const,
};

export const fetchMe = () => call(api.GET('/api/identity/me'));
export const signOut = () => call(api.POST('/api/identity/logout'));
export const changeOwnPassword = (body: { currentPassword: string; newPassword: string }) =>
  call(api.POST('/api/identity/me/password', { body }));

/** Units (of one type) whose name matches `q` (accent-insensitive), among those the caller reaches; nothing asked for an empty `q`. */
export const useUnitSearch = (q: string, type?: UnitType) =>
  useQuery({
    queryKey: shellKeys.unitSearch(q, type),
    queryFn: () => call(api.GET('/api/org/units/search', { params: { query: { q, limit: 20, ...(type ? { type } : {}) } } })),
    enabled: q.length > 0,
  });

/** One unit with its facts and what the caller may do with it (empty `id`: nothing asked). */
export const useUnit = (id: string) =>
  useQuery({
    queryKey: shellKeys.unit(id),
    queryFn: () => call(api.GET('/api/org/units/{id}', { params: { path: { id } } })),
    enabled: id.length > 0,
  });

/** The province's communes (administrative units), for address and location fields. */
export const useCommunes = () =>
  useQuery({
    queryKey: shellKeys.communes,
    queryFn: () => call(api.GET('/api/org/admin-units/communes', { params: { query: {} } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
