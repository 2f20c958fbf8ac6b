import { useQuery } from '@tanstack/react-query';
import { api, call, type components, type RequestOf } from '../../../api/client.ts';
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
export const fetchClass = (init: RequestOf<'/api/registry/classes/{id}', 'get'>) => call(api.GET('/api/registry/classes/{id}', init));
export const fetchClassAssignments = (init: RequestOf<'/api/registry/classes/{id}/assignments', 'get'>) =>
  call(api.GET('/api/registry/classes/{id}/assignments', init));
export const fetchClassStudents = (init: RequestOf<'/api/registry/classes/{id}/students', 'get'>) =>
  call(api.GET('/api/registry/classes/{id}/students', init));
export const setEnrolmentStatus = (init: RequestOf<'/api/registry/enrolments/{id}/status', 'post'>) =>
  call(api.POST('/api/registry/enrolments/{id}/status', init));
export const searchStudents = (init: RequestOf<'/api/registry/students', 'get'>) => call(api.GET('/api/registry/students', init));
export const enrolStudent = (init: RequestOf<'/api/registry/students/{id}/enrolments', 'post'>) =>
  call(api.POST('/api/registry/students/{id}/enrolments', init));
export const fetchYearAssignments = (init: RequestOf<'/api/registry/schools/{schoolId}/years/{yearId}/assignments', 'get'>) =>
  call(api.GET('/api/registry/schools/{schoolId}/years/{yearId}/assignments', init));
export const setSubjectTeacher = (init: RequestOf<'/api/registry/classes/{id}/subjects/{subjectCode}/teacher', 'put'>) =>
  call(api.PUT('/api/registry/classes/{id}/subjects/{subjectCode}/teacher', init));
export const createClass = (init: RequestOf<'/api/registry/schools/{schoolId}/classes', 'post'>) =>
  call(api.POST('/api/registry/schools/{schoolId}/classes', init));
export const updateClass = (init: RequestOf<'/api/registry/classes/{id}', 'patch'>) => call(api.PATCH('/api/registry/classes/{id}', init));
export const setHomeroom = (init: RequestOf<'/api/registry/classes/{id}/homeroom', 'put'>) =>
  call(api.PUT('/api/registry/classes/{id}/homeroom', init));
export const deleteClass = (init: RequestOf<'/api/registry/classes/{id}', 'delete'>) =>
  call(api.DELETE('/api/registry/classes/{id}', init));
export const savePeriods = (init: RequestOf<'/api/registry/schools/{schoolId}/years/{yearId}/periods', 'put'>) =>
  call(api.PUT('/api/registry/schools/{schoolId}/years/{yearId}/periods', init));
export const updateYear = (init: RequestOf<'/api/registry/years/{id}', 'patch'>) => call(api.PATCH('/api/registry/years/{id}', init));
export const openNextYear = (init: RequestOf<'/api/registry/schools/{schoolId}/years/{yearId}/next', 'post'>) =>
  call(api.POST('/api/registry/schools/{schoolId}/years/{yearId}/next', init));
export const createYear = (init: RequestOf<'/api/registry/schools/{schoolId}/years', 'post'>) =>
  call(api.POST('/api/registry/schools/{schoolId}/years', init));
