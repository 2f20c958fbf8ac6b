import { api, call, type components } from '../../api/client.ts';

export type StudentItem = components['schemas']['RegistryStudentListItem'];
export type Student = components['schemas']['RegistryStudent'];
export type RegistryClass = components['schemas']['RegistryClass'];

export const registryKeys = {
  all: ['registry'] as const,
  students: (params: object) => ['registry', 'students', params] as const,
  student: (id: string) => ['registry', 'student', id] as const,
  structure: (schoolId: string) => ['registry', 'structure', schoolId] as const,
  classes: (schoolId: string, yearId?: string) => ['registry', 'classes', schoolId, yearId ?? ''] as const,
};

export interface StudentFilter {
  q?: string;
  schoolId?: string;
  classId?: string;
  page: number;
  pageSize: number;
}
export const fetchStudents = (f: StudentFilter) => call(api.GET('/api/registry/students', { params: { query: f } }));
export const fetchStudent = (id: string) => call(api.GET('/api/registry/students/{id}', { params: { path: { id } } }));
export const fetchStructure = (schoolId: string) =>
  call(api.GET('/api/registry/schools/{schoolId}/structure', { params: { path: { schoolId } } }));
export const fetchClasses = (schoolId: string, yearId?: string) =>
  call(api.GET('/api/registry/schools/{schoolId}/classes', { params: { path: { schoolId }, query: yearId ? { yearId } : {} } }));
export type StudentChanges = {
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  cccd: string | null;
  religion: string | null;
};
export const updateStudent = (student: Student, changes: StudentChanges) =>
  call(api.PATCH('/api/registry/students/{id}', { params: { path: { id: student.id } }, body: { version: student.version, ...changes } }));
