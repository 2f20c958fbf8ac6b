/**
 * Rules of a transfer between schools (chuyển trường), free of I/O so they can be tested alone.
 *
 * A transfer in the province is started by one side and decided by the other:
 * - started by the sending school (`initiatedBy: 'sender'`): the receiving school accepts (and
 *   picks the class) or rejects; the sender may cancel while it waits;
 * - requested by the receiving school (`initiatedBy: 'receiver'`, class chosen with the request):
 *   the sending school accepts or rejects; the receiver may cancel while it waits.
 * A decided transfer never changes again. Repeating the same decision (a double click, a retried
 * request) is answered with the transfer as it is, never a second enrolment.
 */
export type TransferSide = 'sender' | 'receiver';
export type TransferAction = 'accept' | 'reject' | 'cancel';
export type TransferState = 'pending' | 'accepted' | 'rejected' | 'cancelled';

const outcome: Record<TransferAction, TransferState> = { accept: 'accepted', reject: 'rejected', cancel: 'cancelled' };

export type ActDecision =
  | { ok: true; repeat: false }
  /** The same decision was already taken: answer with the transfer, change nothing. */
  | { ok: true; repeat: true }
  | { ok: false; code: 'registry.transfer.alreadyDecided' | 'registry.transfer.notYourSide' };

/** May a school on `side` take `action` on a transfer in `state` that `initiatedBy` started? */
export function mayAct(state: TransferState, initiatedBy: TransferSide, side: TransferSide, action: TransferAction): ActDecision {
  const decider: TransferSide = initiatedBy === 'sender' ? 'receiver' : 'sender';
  const allowedSide = action === 'cancel' ? initiatedBy : decider;
  if (side !== allowedSide) return { ok: false, code: 'registry.transfer.notYourSide' };
  if (state === 'pending') return { ok: true, repeat: false };
  if (state === outcome[action]) return { ok: true, repeat: true };
  return { ok: false, code: 'registry.transfer.alreadyDecided' };
}

/** What each side may do now: the abilities of a transfer for a caller on the given sides. */
export function abilitiesOf(state: TransferState, initiatedBy: TransferSide, sides: readonly TransferSide[]) {
  const can = (action: TransferAction) =>
    sides.some((side) => {
      const d = mayAct(state, initiatedBy, side, action);
      return d.ok && !d.repeat;
    });
  return { accept: can('accept'), reject: can('reject'), cancel: can('cancel') };
}

export interface YearSpan {
  startYear: number;
  /** 'yyyy-mm-dd' */
  startsOn: string;
  endsOn: string;
}

export interface OpenEnrolment {
  id: string;
  startYear: number;
  startedOn: string;
  status: string;
}

export type DateProblem =
  | 'registry.transfer.dateOutsideYear'
  | 'registry.transfer.dateBeforeEnrolment'
  | 'registry.transfer.yearMismatch'
  | 'registry.transfer.dateInFuture';

/**
 * The transfer date against the sending enrolment and the receiving class's school year:
 * it lies within the receiving year, not before the sending enrolment started, not more than a
 * school year ahead of today, and the receiving year is the sending one or the next (a transfer
 * over the summer enrols in the new year's class).
 */
export function transferDateProblem(input: {
  transferOn: string;
  today: string;
  sending?: OpenEnrolment | undefined;
  sendingYear?: YearSpan | undefined;
  receivingYear?: YearSpan | undefined;
}): DateProblem | undefined {
  const { transferOn, today, sending, sendingYear, receivingYear } = input;
  if (transferOn > addDays(today, 366)) return 'registry.transfer.dateInFuture';
  if (sending && transferOn < sending.startedOn) return 'registry.transfer.dateBeforeEnrolment';
  if (receivingYear) {
    if (transferOn < receivingYear.startsOn || transferOn > receivingYear.endsOn) {
      // Over the summer: leaving after the old year ended, joining the new one on its first day.
      const summer =
        sending &&
        sendingYear &&
        receivingYear.startYear === sending.startYear + 1 &&
        transferOn > sendingYear.endsOn &&
        transferOn < receivingYear.startsOn;
      if (!summer) return 'registry.transfer.dateOutsideYear';
    }
    if (sending && receivingYear.startYear !== sending.startYear && receivingYear.startYear !== sending.startYear + 1) {
      return 'registry.transfer.yearMismatch';
    }
  }
  return undefined;
}

/**
 * One class per student and school year: the enrolments that would still be open in `startYear`
 * once `ending` (the sending enrolment) is closed. Any left → the student would sit in two
 * classes of one year, refused.
 */
export function secondClassInYear(enrolments: readonly OpenEnrolment[], startYear: number, ending?: string): OpenEnrolment | undefined {
  return enrolments.find((e) => e.id !== ending && e.startYear === startYear && !ENDED.includes(e.status));
}

export const ENDED: readonly string[] = ['transferred_out', 'dropped_out'];

/**
 * The enrolment a transfer ends: the latest open one that has started by `asOf` (a school may
 * open next year's classes early and promote its pupils: that enrolment is not where the pupil
 * studies now). Graduated students do not transfer.
 */
export function sendingEnrolment<T extends OpenEnrolment>(enrolments: readonly T[], asOf: string): T | undefined {
  const open = enrolments
    .filter((e) => !ENDED.includes(e.status))
    .sort((a, b) => b.startYear - a.startYear || (a.startedOn < b.startedOn ? 1 : -1));
  const started = open.filter((e) => e.startedOn <= asOf);
  const latest = (started.length > 0 ? started : open)[0];
  return latest && latest.status !== 'graduated' ? latest : undefined;
}

/**
 * The enrolments a transfer also ends: those the sending school opened in later school years
 * (next year's class, promoted early) that are still open. Without this the pupil would stay on
 * the sending school's next-year list after leaving. They end on the transfer date like the
 * sending one; one that had not begun yet thus ends before its start, which marks it as cancelled
 * (`refreshStudentStatus` never takes such an enrolment as the pupil's current one).
 */
export function laterEnrolmentsToEnd<T extends OpenEnrolment & { schoolId: string }>(enrolments: readonly T[], sending: T): T[] {
  return enrolments.filter(
    (e) => e.id !== sending.id && e.schoolId === sending.schoolId && e.startYear > sending.startYear && !ENDED.includes(e.status),
  );
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A receiving school proves it knows the pupil it asks for: the identifier found the record and
 * the date of birth it typed is the record's. Anything less answers like an unknown identifier.
 */
export function identityProven(found: { dateOfBirth: string }, claim: { dateOfBirth: string }): boolean {
  return found.dateOfBirth === claim.dateOfBirth;
}
