import type { EventDeclaration } from '../../platform/events/events.ts';

/** A grade sheet (one subject, one class, one term) that was published or locked. */
export interface SheetEvent {
  sheetId: string;
  classId: string;
  subjectCode: string;
  termId: string;
  termNo: number;
  schoolId: string;
  schoolYearId: string;
}

/** A class whose year results were finalised (chốt kết quả cả năm), TT 22 or TT 27. */
export interface YearFinalisedEvent {
  classId: string;
  schoolId: string;
  schoolYearId: string;
  students: number;
}

declare module '../../platform/events/events.ts' {
  interface DomainEvents {
    /** Marks of the sheet are visible to the students and their parents (notify guardians). */
    'gradebook.sheet.published': SheetEvent;
    /** Term end: the sheet's marks and term results are final; changes go through corrections. */
    'gradebook.sheet.locked': SheetEvent;
    'gradebook.year.finalised': YearFinalisedEvent;
  }
}

export const gradebookEvents = [
  {
    name: 'gradebook.sheet.published',
    label: {
      vi: 'Bảng điểm môn học được công bố cho học sinh và cha mẹ',
      en: 'A subject grade sheet was published to students and parents',
    },
  },
  {
    name: 'gradebook.sheet.locked',
    label: { vi: 'Bảng điểm môn học được khoá cuối học kì', en: 'A subject grade sheet was locked at term end' },
  },
  {
    name: 'gradebook.year.finalised',
    label: { vi: 'Kết quả cả năm của lớp được chốt', en: "A class's year results were finalised" },
  },
] as const satisfies readonly EventDeclaration[];
