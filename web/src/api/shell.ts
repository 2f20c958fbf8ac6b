import { useQuery } from '@tanstack/react-query';
import { api, call } from './client.ts';

/**
 * The calls of the shell and the shared components (who is signed in, sign-out, the first
 * password, the unit search of the pickers); each module keeps its own in its api.ts.
 */
export const shellKeys = {
  me: ['identity', 'me'] as const,
  unitSearch: (q: string) => ['org', 'unit-search', q] as const,
};

export const fetchMe = () => call(api.GET('/api/identity/me'));
export const signOut = () => call(api.POST('/api/identity/logout'));
export const changeOwnPassword = (body: { currentPassword: string; newPassword: string }) =>
  call(api.POST('/api/identity/me/password', { body }));

/** Units whose name matches `q` (accent-insensitive), among those the caller reaches; nothing asked for an empty `q`. */
export const useUnitSearch = (q: string) =>
  useQuery({
    queryKey: shellKeys.unitSearch(q),
    queryFn: () => call(api.GET('/api/org/units/search', { params: { query: { q, limit: 20 } } })),
    enabled: q.length > 0,
  });
