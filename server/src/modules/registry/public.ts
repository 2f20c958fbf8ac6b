/** What other modules may use of the registry (gradebook, statistics: later slices). */
export { relatedClasses, TEACH } from './access.ts';
export { requiredRegular } from './catalogue.ts';
/** A merged duplicate's id → the surviving record's; the record kind of a student's past at a school. */
export { STUDENT_PAST } from './access.ts';
export { resolveStudentId } from './repo-transfers.ts';
export {
  type ClassContext,
  type ClassSubject,
  classContext,
  classesOfStudent,
  classesOfTeacher,
  classRoster,
  enrolledInClass,
  type RosterEntry,
  type StudentClass,
  subjectsOfClass,
  type TaughtClass,
  teachesInClass,
  teachesSubject,
  type TranscriptIdentity,
  transcriptIdentity,
  type TranscriptSigners,
  transcriptSigners,
} from './teaching.ts';
export { type SchoolCalendar, schoolCalendarOf, schoolDaysOf } from './calendar.ts';
