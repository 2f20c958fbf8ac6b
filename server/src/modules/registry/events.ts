import type { EventDeclaration } from '../../platform/events/events.ts';

/**
 * A transfer that took effect: a student left one school (or the province) and/or arrived at
 * another. In the province both schools are set; from or to another province one of them is null.
 */
export interface TransferAcceptedEvent {
  transferId: string;
  kind: 'in_province' | 'out_of_province' | 'from_other_province';
  studentId: string;
  fromSchoolId: string | null;
  toSchoolId: string | null;
  toClassId: string | null;
  /** yyyy-mm-dd, the day the student changes school. */
  transferOn: string;
}

declare module '../../platform/events/events.ts' {
  interface DomainEvents {
    'registry.transfer.accepted': TransferAcceptedEvent;
  }
}

export const registryEvents = [
  {
    name: 'registry.transfer.accepted',
    label: { vi: 'Học sinh chuyển trường (hồ sơ chuyển đi, chuyển đến được chấp nhận)', en: 'A student transfer took effect' },
  },
] as const satisfies readonly EventDeclaration[];
