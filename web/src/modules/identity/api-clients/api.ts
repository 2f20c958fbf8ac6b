import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type components } from '../../../api/client.ts';

export type ApiClient = components['schemas']['ApiClient'];

export const apiClientKeys = {
  list: ['identity', 'api-clients'] as const,
  scopes: ['identity', 'api-scopes'] as const,
};

export const useApiClients = () => useQuery({ queryKey: apiClientKeys.list, queryFn: () => call(api.GET('/api/identity/api-clients')) });
export const useApiScopes = () =>
  useQuery({ queryKey: apiClientKeys.scopes, queryFn: () => call(api.GET('/api/identity/api-scopes')), staleTime: Infinity });

/** Create, rotate and revoke; the first two answer the token, which the screen shows once. */
export function useApiClientActions() {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: apiClientKeys.list });
  return {
    create: useMutation({
      mutationFn: (body: { name: string; unitId: string; scopes: string[] }) => call(api.POST('/api/identity/api-clients', { body })),
      onSuccess: refresh,
    }),
    rotate: useMutation({
      mutationFn: (id: string) => call(api.POST('/api/identity/api-clients/{id}/rotate', { params: { path: { id } } })),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (id: string) => call(api.POST('/api/identity/api-clients/{id}/revoke', { params: { path: { id } }, body: {} })),
      onSuccess: refresh,
    }),
  };
}
