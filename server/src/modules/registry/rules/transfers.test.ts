import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  identityProven,
  abilitiesOf,
  laterEnrolmentsToEnd,
  mayAct,
  secondClassInYear,
  sendingEnrolment,
  type TransferAction,
  type TransferSide,
  type TransferState,
  transferDateProblem,
} from './transfers.ts';

describe('who may act on a transfer', () => {
  it('a transfer the sender started is accepted or rejected by the receiver, cancelled by the sender', () => {
    expect(mayAct('pending', 'sender', 'receiver', 'accept')).toEqual({ ok: true, repeat: false });
    expect(mayAct('pending', 'sender', 'receiver', 'reject')).toEqual({ ok: true, repeat: false });
    expect(mayAct('pending', 'sender', 'sender', 'accept')).toEqual({ ok: false, code: 'registry.transfer.notYourSide' });
    expect(mayAct('pending', 'sender', 'sender', 'cancel')).toEqual({ ok: true, repeat: false });
    expect(mayAct('pending', 'sender', 'receiver', 'cancel')).toEqual({ ok: false, code: 'registry.transfer.notYourSide' });
  });

  it('a request from the receiver is decided by the sender', () => {
    expect(mayAct('pending', 'receiver', 'sender', 'accept')).toEqual({ ok: true, repeat: false });
    expect(mayAct('pending', 'receiver', 'receiver', 'accept')).toEqual({ ok: false, code: 'registry.transfer.notYourSide' });
    expect(mayAct('pending', 'receiver', 'receiver', 'cancel')).toEqual({ ok: true, repeat: false });
  });

  it('the same decision twice is a harmless repeat; another decision after it is refused', () => {
    expect(mayAct('accepted', 'sender', 'receiver', 'accept')).toEqual({ ok: true, repeat: true });
    expect(mayAct('accepted', 'sender', 'receiver', 'reject')).toEqual({ ok: false, code: 'registry.transfer.alreadyDecided' });
    expect(mayAct('rejected', 'sender', 'receiver', 'accept')).toEqual({ ok: false, code: 'registry.transfer.alreadyDecided' });
    expect(mayAct('cancelled', 'sender', 'sender', 'cancel')).toEqual({ ok: true, repeat: true });
    expect(mayAct('cancelled', 'sender', 'receiver', 'accept')).toEqual({ ok: false, code: 'registry.transfer.alreadyDecided' });
  });

  it('property: only a pending transfer can change, and never by both sides for one action', () => {
    const states: TransferState[] = ['pending', 'accepted', 'rejected', 'cancelled'];
    const sides: TransferSide[] = ['sender', 'receiver'];
    const actions: TransferAction[] = ['accept', 'reject', 'cancel'];
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...sides), fc.constantFrom(...actions), (state, initiatedBy, action) => {
        const allowed = sides.filter((side) => {
          const d = mayAct(state, initiatedBy, side, action);
          return d.ok && !d.repeat;
        });
        expect(allowed.length).toBe(state === 'pending' ? 1 : 0);
      }),
    );
  });

  it('abilities: a caller on both sides (the department) may do what either side may', () => {
    expect(abilitiesOf('pending', 'sender', ['receiver'])).toEqual({ accept: true, reject: true, cancel: false });
    expect(abilitiesOf('pending', 'sender', ['sender'])).toEqual({ accept: false, reject: false, cancel: true });
    expect(abilitiesOf('pending', 'sender', ['sender', 'receiver'])).toEqual({ accept: true, reject: true, cancel: true });
    expect(abilitiesOf('accepted', 'sender', ['sender', 'receiver'])).toEqual({ accept: false, reject: false, cancel: false });
  });
});

describe('transfer dates', () => {
  const sending = { id: 'e1', startYear: 2026, startedOn: '2026-09-05', status: 'enrolled' };
  const year2026 = { startYear: 2026, startsOn: '2026-09-05', endsOn: '2027-05-31' };
  const year2027 = { startYear: 2027, startsOn: '2027-09-05', endsOn: '2028-05-31' };
  const today = '2026-11-20';

  it('inside the receiving year, after the sending enrolment began → fine', () => {
    expect(transferDateProblem({ transferOn: '2026-11-23', today, sending, receivingYear: year2026 })).toBeUndefined();
  });
  it('outside the receiving year → refused', () => {
    expect(transferDateProblem({ transferOn: '2027-06-15', today, sending, receivingYear: year2026 })).toBe(
      'registry.transfer.dateOutsideYear',
    );
  });
  it('before the sending enrolment began → refused', () => {
    expect(transferDateProblem({ transferOn: '2026-09-01', today, sending, receivingYear: year2026 })).toBe(
      'registry.transfer.dateBeforeEnrolment',
    );
  });
  it('over the summer into the next year’s class → fine; two years ahead → refused', () => {
    expect(
      transferDateProblem({ transferOn: '2027-07-01', today: '2027-06-20', sending, sendingYear: year2026, receivingYear: year2027 }),
    ).toBeUndefined();
    // in the middle of the year, next year's class is not a transfer date
    expect(transferDateProblem({ transferOn: '2026-11-23', today, sending, sendingYear: year2026, receivingYear: year2027 })).toBe(
      'registry.transfer.dateOutsideYear',
    );
    const later = { startYear: 2028, startsOn: '2028-09-05', endsOn: '2029-05-31' };
    expect(transferDateProblem({ transferOn: '2028-09-10', today: '2028-09-01', sending, receivingYear: later })).toBe(
      'registry.transfer.yearMismatch',
    );
  });
  it('more than a year ahead of today → refused', () => {
    expect(transferDateProblem({ transferOn: '2028-01-01', today, sending })).toBe('registry.transfer.dateInFuture');
  });
});

describe('one class per school year', () => {
  const e = (id: string, startYear: number, status: string, startedOn = `${startYear}-09-05`) => ({ id, startYear, status, startedOn });

  it('the enrolment being ended does not count; another open one of the year does', () => {
    expect(secondClassInYear([e('a', 2026, 'enrolled')], 2026, 'a')).toBeUndefined();
    expect(secondClassInYear([e('a', 2026, 'enrolled'), e('b', 2026, 'repeating')], 2026, 'a')?.id).toBe('b');
    expect(secondClassInYear([e('a', 2026, 'enrolled'), e('b', 2026, 'dropped_out')], 2026, 'a')).toBeUndefined();
    expect(secondClassInYear([e('a', 2025, 'graduated')], 2026)).toBeUndefined();
  });

  it('the sending enrolment is the latest open one; a graduated or ended student has none', () => {
    expect(sendingEnrolment([e('old', 2025, 'enrolled'), e('new', 2026, 'enrolled')], '2026-11-28')?.id).toBe('new');
    // Next year's class opened early (pupils promoted ahead): the transfer ends the class of now.
    const early = { ...e('next', 2027, 'enrolled'), startedOn: '2027-09-05' };
    expect(sendingEnrolment([e('now', 2026, 'enrolled'), early], '2026-11-28')?.id).toBe('now');
    expect(sendingEnrolment([e('now', 2026, 'enrolled'), early], '2027-09-10')?.id).toBe('next');
    expect(sendingEnrolment([e('a', 2026, 'transferred_out')], '2026-11-28')).toBeUndefined();
    expect(sendingEnrolment([e('a', 2026, 'graduated')], '2026-11-28')).toBeUndefined();
    expect(sendingEnrolment([e('a', 2026, 'transferred_out'), e('b', 2026, 'transferred_in', '2026-11-01')], '2026-11-28')?.id).toBe('b');
  });

  it("a transfer also ends the sending school's open enrolments of later years", () => {
    const at = (id: string, startYear: number, status: string, schoolId: string) => ({
      id,
      startYear,
      status,
      schoolId,
      startedOn: `${startYear}-09-05`,
    });
    const now = at('now', 2026, 'enrolled', 'A');
    const all = [
      at('past', 2025, 'enrolled', 'A'),
      now,
      at('next', 2027, 'enrolled', 'A'),
      at('elsewhere', 2027, 'enrolled', 'B'),
      at('gone', 2028, 'dropped_out', 'A'),
    ];
    expect(laterEnrolmentsToEnd(all, now).map((e) => e.id)).toEqual(['next']);
    expect(laterEnrolmentsToEnd([now], now)).toEqual([]);
  });
});

describe('a receiving school proves it knows the pupil', () => {
  it.each([
    ['2014-03-15', '2014-03-15', true],
    ['2014-03-15', '2014-03-16', false],
    ['2014-03-15', '2015-03-15', false],
    ['2014-03-15', '2014-15-03', false],
  ])('record born %s, typed %s → %s', (found, typed, proven) => {
    expect(identityProven({ dateOfBirth: found }, { dateOfBirth: typed })).toBe(proven);
  });
});
