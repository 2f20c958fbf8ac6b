import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type components } from '../../../api/client.ts';

export type SchoolYearCalendar = components['schemas']['SchoolYearCalendar'];
export type CalendarRules = Pick<SchoolYearCalendar['rules'], 'weekdays' | 'breaks'>;

export const calendarKeys = {
  calendar: (unitId: string, startYear: number) => ['registry', 'calendar', unitId, startYear] as const,
};

/** 2026 for 2026–2027: a school year starts in August (Vietnam time is close enough for a default). */
export const defaultStartYear = (now = new Date()) => now.getFullYear() - (now.getMonth() >= 7 ? 0 : 1);

export const useCalendar = (unitId: string, startYear: number) =>
  useQuery({
    queryKey: calendarKeys.calendar(unitId, startYear),
    queryFn: () => call(api.GET('/api/registry/units/{unitId}/calendar/{startYear}', { params: { path: { unitId, startYear } } })),
    enabled: !!unitId,
  });

export function useSaveCalendar(unitId: string, startYear: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CalendarRules & { expectedVersion: number }) =>
      call(api.PUT('/api/registry/units/{unitId}/calendar/{startYear}', { params: { path: { unitId, startYear } }, body })),
    onSuccess: (data) => qc.setQueryData(calendarKeys.calendar(unitId, startYear), data),
  });
}

export function useResetCalendar(unitId: string, startYear: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/registry/units/{unitId}/calendar/{startYear}', { params: { path: { unitId, startYear } } })),
    onSuccess: (data) => qc.setQueryData(calendarKeys.calendar(unitId, startYear), data),
  });
}
