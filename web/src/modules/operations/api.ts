import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type components, type paths } from '../../api/client.ts';

export type OutboxMessage = components['schemas']['OutboxMessage'];
export type OutboxFilter = NonNullable<paths['/api/operations/outbox']['get']['parameters']['query']>;
export type OutboxStatus = OutboxMessage['status'];
export type JobItem = components['schemas']['JobItem'];
export type JobRun = components['schemas']['JobRun'];
export type JobRunFilter = NonNullable<paths['/api/operations/jobs/runs']['get']['parameters']['query']>;
export type Preferences = components['schemas']['NotificationPreferences'];
export type Channel = Preferences['disabledChannels'][number];
export const channels: readonly Channel[] = ['email', 'sms', 'zns', 'push'];

export const operationsKeys = {
  all: ['operations'] as const,
  outbox: (filter: OutboxFilter) => ['operations', 'outbox', filter] as const,
  jobs: ['operations', 'jobs'] as const,
  runs: (filter: JobRunFilter) => ['operations', 'runs', filter] as const,
  preferences: ['operations', 'preferences'] as const,
};

export const useOutbox = (filter: OutboxFilter) =>
  useQuery({
    queryKey: operationsKeys.outbox(filter),
    queryFn: () => call(api.GET('/api/operations/outbox', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });

export function useRetryMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/operations/outbox/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operations', 'outbox'] }),
  });
}

export const useJobs = () =>
  useQuery({ queryKey: operationsKeys.jobs, queryFn: () => call(api.GET('/api/operations/jobs')), refetchInterval: 30_000 });

export const useJobRuns = (filter: JobRunFilter) =>
  useQuery({
    queryKey: operationsKeys.runs(filter),
    queryFn: () => call(api.GET('/api/operations/jobs/runs', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });

export function useRunJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(api.POST('/api/operations/jobs/{name}/run', { params: { path: { name } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: operationsKeys.jobs });
      await queryClient.invalidateQueries({ queryKey: ['operations', 'runs'] });
    },
  });
}

export const usePreferences = () =>
  useQuery({ queryKey: operationsKeys.preferences, queryFn: () => call(api.GET('/api/operations/me/notification-preferences')) });

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Pick<Preferences, 'disabledChannels' | 'quietHours'>) =>
      call(api.PUT('/api/operations/me/notification-preferences', { body })),
    onSuccess: (data) => queryClient.setQueryData(operationsKeys.preferences, data),
  });
}
