import { api, call, type components, type RequestOf, sendRaw } from '../../api/client.ts';

export type MyClass = components['schemas']['GradebookMyClasses']['items'][number];
export type ClassSheets = components['schemas']['GradebookClassSheets'];
export type Sheet = components['schemas']['GradebookSheet'];
export type SheetStudent = Sheet['students'][number];
export type Correction = components['schemas']['GradebookCorrection'];
export type ClassSummary = components['schemas']['GradebookClassSummary'];
export type StudentReport = components['schemas']['GradebookStudentReport'];
export type Statistics = components['schemas']['GradebookStatistics'];

export interface SheetKey {
  classId: string;
  subjectCode: string;
  termId: string;
}

export const gradebookKeys = {
  all: ['gradebook'] as const,
  myClasses: ['gradebook', 'my-classes'] as const,
  classSheets: (classId: string) => ['gradebook', 'class', classId] as const,
  sheet: (k: SheetKey) => ['gradebook', 'sheet', k.classId, k.subjectCode, k.termId] as const,
  history: (sheetId: string, studentId: string) => ['gradebook', 'history', sheetId, studentId] as const,
  corrections: (status: string) => ['gradebook', 'corrections', status] as const,
  summary: (classId: string) => ['gradebook', 'summary', classId] as const,
  report: (studentId: string) => ['gradebook', 'report', studentId] as const,
  statistics: (unitId: string, startYear: number) => ['gradebook', 'statistics', unitId, startYear] as const,
  subjects: ['gradebook', 'subjects'] as const,
};

const sheetPath = (k: SheetKey) => ({ path: { classId: k.classId, subjectCode: k.subjectCode, termId: k.termId } });

export const fetchMyClasses = () => call(api.GET('/api/gradebook/my-classes'));
export const fetchClassSheets = (classId: string) =>
  call(api.GET('/api/gradebook/classes/{classId}/sheets', { params: { path: { classId } } }));
export const fetchSheet = (k: SheetKey) =>
  call(api.GET('/api/gradebook/classes/{classId}/subjects/{subjectCode}/terms/{termId}', { params: sheetPath(k) }));
export type MarkChange = { studentId: string; slot: string; value: string | null; expectedVersion: number };
export const saveMarks = (k: SheetKey, changes: MarkChange[]) =>
  call(
    api.PUT('/api/gradebook/classes/{classId}/subjects/{subjectCode}/terms/{termId}/marks', { params: sheetPath(k), body: { changes } }),
  );
export type RemarkChange = { studentId: string; text: string; expectedVersion: number };
export const saveRemarks = (k: SheetKey, changes: RemarkChange[]) =>
  call(
    api.PUT('/api/gradebook/classes/{classId}/subjects/{subjectCode}/terms/{termId}/remarks', { params: sheetPath(k), body: { changes } }),
  );
export const publishSheet = (k: SheetKey) =>
  call(api.POST('/api/gradebook/classes/{classId}/subjects/{subjectCode}/terms/{termId}/publish', { params: sheetPath(k) }));
export const lockSheet = (k: SheetKey) =>
  call(api.POST('/api/gradebook/classes/{classId}/subjects/{subjectCode}/terms/{termId}/lock', { params: sheetPath(k) }));
export const fetchHistory = (sheetId: string, studentId: string) =>
  call(api.GET('/api/gradebook/sheets/{id}/history', { params: { path: { id: sheetId }, query: { studentId } } }));
export const fetchCorrections = (status?: Correction['status']) =>
  call(api.GET('/api/gradebook/corrections', { params: { query: status ? { status } : {} } }));
export const requestCorrection = (body: { sheetId: string; studentId: string; slot: string; value: string | null; reason: string }) =>
  call(api.POST('/api/gradebook/corrections', { body }));
export const decideCorrection = (id: string, decision: 'approve' | 'reject', note?: string) =>
  call(api.POST('/api/gradebook/corrections/{id}/decision', { params: { path: { id } }, body: { decision, ...(note ? { note } : {}) } }));
export const withdrawCorrection = (id: string) => call(api.POST('/api/gradebook/corrections/{id}/withdraw', { params: { path: { id } } }));
export const fetchSummary = (classId: string) =>
  call(api.GET('/api/gradebook/classes/{classId}/summary', { params: { path: { classId } } }));
export type RecordChange = {
  studentId: string;
  conduct: 'T' | 'K' | 'D' | 'CD' | null;
  absencesExcused: number;
  absencesUnexcused: number;
  comment: string | null;
  expectedVersion: number;
};
export const saveRecords = (classId: string, termNo: 1 | 2, changes: RecordChange[]) =>
  call(api.PUT('/api/gradebook/classes/{classId}/terms/{termNo}/records', { params: { path: { classId, termNo } }, body: { changes } }));
export const finaliseClass = (classId: string) =>
  call(api.POST('/api/gradebook/classes/{classId}/finalise', { params: { path: { classId } } }));
export const fetchReport = (studentId: string) =>
  call(api.GET('/api/gradebook/students/{studentId}/report', { params: { path: { studentId } } }));
export const fetchStatistics = (unitId: string, startYear: number) =>
  call(api.GET('/api/gradebook/statistics', { params: { query: { unitId, startYear } } }));

export type TranscriptList = components['schemas']['GradebookTranscriptList'];
export type SignatureRole = 'homeroomTeacher' | 'principal' | 'seal';

export const transcriptKeys = {
  list: (classId: string) => ['gradebook', 'transcripts', classId] as const,
  stale: (schoolId: string) => ['gradebook', 'transcripts', 'stale', schoolId] as const,
};

export const fetchTranscripts = (classId: string) =>
  call(api.GET('/api/gradebook/classes/{classId}/transcripts', { params: { path: { classId } } }));
export const generateTranscripts = (classId: string) =>
  call(api.POST('/api/gradebook/classes/{classId}/transcripts', { params: { path: { classId } } }));
export const signTranscripts = (classId: string, role: SignatureRole, passphrase: string) =>
  call(api.POST('/api/gradebook/classes/{classId}/transcripts/sign', { params: { path: { classId } }, body: { role, passphrase } }));
/** Without a reason, a transcript made stale by an approved correction takes the correction's. */
export const reviseTranscript = (id: string, reason?: string) =>
  call(api.POST('/api/gradebook/transcripts/{id}/revise', { params: { path: { id } }, body: reason ? { reason } : {} }));
export const transcriptPdfUrl = (id: string) => `/api/gradebook/transcripts/${id}/pdf`;
export const saveTt27Year = (init: RequestOf<'/api/gradebook/classes/{classId}/students/{studentId}/tt27-year', 'put'>) =>
  call(api.PUT('/api/gradebook/classes/{classId}/students/{studentId}/tt27-year', init));
/** The subject catalogue is the registry's; the grade book reads it through the public API for column names. */
export const fetchSubjects = () => call(api.GET('/api/registry/subjects', {}));
export const saveQuality = (init: RequestOf<'/api/gradebook/classes/{classId}/terms/{termNo}/qualities/{point}', 'put'>) =>
  call(api.PUT('/api/gradebook/classes/{classId}/terms/{termNo}/qualities/{point}', init));
