import { useQuery } from '@tanstack/react-query';
import { api, call, type components } from '../../../api/client.ts';
import { useAuth } from '../../../app/auth.tsx';

export type Structure = components['schemas']['RegistrySchoolStructure'];
export type SchoolYear = components['schemas']['RegistrySchoolYear'];
export type RegistryClass = components['schemas']['RegistryClass'];
export type ClassStudent = components['schemas']['RegistryClassStudent'];
export type Teacher = components['schemas']['RegistryTeacher'];
export type PeriodRow = components['schemas']['RegistryPeriodRow'];
export type Subject = components['schemas']['RegistrySubject'];
export type Assignment = components['schemas']['RegistryTeachingAssignment'];

export const structureKeys = {
  structure: (schoolId: string) => ['registry', 'structure', schoolId] as const,
  classes: (schoolId: string, yearId: string) => ['registry', 'classes', schoolId, yearId] as const,
  class: (id: string) => ['registry', 'class', id] as const,
  classStudents: (id: string, params: object) => ['registry', 'class', id, 'students', params] as const,
  classAssignments: (id: string) => ['registry', 'class', id, 'assignments'] as const,
  teachers: (schoolId: string) => ['registry', 'teachers', schoolId] as const,
  periods: (schoolId: string, yearId: string) => ['registry', 'periods', schoolId, yearId] as const,
  subjects: ['registry', 'subjects'] as const,
  yearAssignments: (schoolId: string, yearId: string) => ['registry', 'yearAssignments', schoolId, yearId] as const,
};

/** The school the screens work on: `?schoolId=` (department and commune staff), else the user's own school. */
export function useSchoolId(params: URLSearchParams): string {
  const { me } = useAuth();
  return params.get('schoolId') ?? me?.homeUnit?.id ?? '';
}

export const useStructure = (schoolId: string) =>
  useQuery({
    queryKey: structureKeys.structure(schoolId),
    queryFn: () => call(api.GET('/api/registry/schools/{schoolId}/structure', { params: { path: { schoolId } } })),
    enabled: !!schoolId,
  });

/** The year a screen shows: `?yearId=`, else the current one, else the latest. */
export function pickYear(years: readonly SchoolYear[], wanted: string | null): SchoolYear | undefined {
  return years.find((y) => y.id === wanted) ?? years.find((y) => y.status === 'current') ?? years[0];
}

export const useClasses = (schoolId: string, yearId: string | undefined) =>
  useQuery({
    queryKey: structureKeys.classes(schoolId, yearId ?? ''),
    queryFn: () => call(api.GET('/api/registry/schools/{schoolId}/classes', { params: { path: { schoolId }, query: { yearId } } })),
    enabled: !!schoolId && !!yearId,
  });

export const useTeachers = (schoolId: string, enabled = true) =>
  useQuery({
    queryKey: structureKeys.teachers(schoolId),
    queryFn: () => call(api.GET('/api/registry/schools/{schoolId}/teachers', { params: { path: { schoolId } } })),
    enabled: !!schoolId && enabled,
    staleTime: 60_000,
  });

export const useSubjects = () =>
  useQuery({
    queryKey: structureKeys.subjects,
    queryFn: () => call(api.GET('/api/registry/subjects', {})),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const usePeriods = (schoolId: string, yearId: string | undefined) =>
  useQuery({
    queryKey: structureKeys.periods(schoolId, yearId ?? ''),
    queryFn: () =>
      call(api.GET('/api/registry/schools/{schoolId}/years/{yearId}/periods', { params: { path: { schoolId, yearId: yearId ?? '' } } })),
    enabled: !!schoolId && !!yearId,
  });

/** The curriculum level of a grade (the subject catalogue is per level). */
export const levelOfGrade = (g: number) => (g <= 5 ? 'tieu_hoc' : g <= 9 ? 'thcs' : 'thpt');
