import { describe, expect, it } from 'vitest';
import { afterFailure, chooseDestination, DEFAULT_RETRY, firstAttemptAt, quietHoursEnd, retryDelaySeconds } from './rules.ts';

/** A Vietnam wall-clock time as an instant (UTC+7). */
const vn = (isoLocal: string) => new Date(`${isoLocal}+07:00`);

describe('quiet hours, 21:00–06:00 Asia/Ho_Chi_Minh', () => {
  it.each([
    ['2026-12-07T20:59:59', null],
    ['2026-12-07T21:00:00', '2026-12-08T06:00:00'],
    ['2026-12-07T23:30:00', '2026-12-08T06:00:00'],
    // 00:30 in Vietnam is still the previous day in UTC (17:30Z): the end is the same morning.
    ['2026-12-08T00:30:00', '2026-12-08T06:00:00'],
    ['2026-12-08T05:59:59', '2026-12-08T06:00:00'],
    ['2026-12-08T06:00:00', null],
    ['2026-12-31T22:00:00', '2027-01-01T06:00:00'],
  ])('%s → %s', (at, end) => {
    expect(quietHoursEnd(vn(at))?.toISOString() ?? null).toBe(end ? vn(end).toISOString() : null);
  });

  it('holds a non-urgent message until the morning; urgent ones and users who opted out go now', () => {
    const night = vn('2026-12-07T22:15:00');
    expect(firstAttemptAt(night, false)).toEqual(vn('2026-12-08T06:00:00'));
    expect(firstAttemptAt(night, true)).toEqual(night);
    expect(firstAttemptAt(night, false, { disabledChannels: [], quietHours: false })).toEqual(night);
    const day = vn('2026-12-07T10:00:00');
    expect(firstAttemptAt(day, false)).toEqual(day);
  });
});

describe('retries with exponential backoff', () => {
  it('doubles the wait after each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n))).toEqual([60, 120, 240, 480, 960]);
    expect(retryDelaySeconds(30)).toBe(DEFAULT_RETRY.maxDelaySeconds);
  });

  it('retries until the last attempt, then gives up', () => {
    const now = vn('2026-12-07T10:00:00');
    expect(afterFailure(1, now, false)).toEqual({ status: 'pending', nextAttemptAt: vn('2026-12-07T10:01:00') });
    expect(afterFailure(5, now, false)).toEqual({ status: 'pending', nextAttemptAt: vn('2026-12-07T10:16:00') });
    expect(afterFailure(DEFAULT_RETRY.maxAttempts, now, false)).toEqual({ status: 'failed' });
  });

  it('puts a retry that would land in the quiet hours off until the morning, unless urgent', () => {
    const evening = vn('2026-12-07T20:59:30');
    expect(afterFailure(1, evening, false)).toEqual({ status: 'pending', nextAttemptAt: vn('2026-12-08T06:00:00') });
    expect(afterFailure(1, evening, true)).toEqual({ status: 'pending', nextAttemptAt: vn('2026-12-07T21:00:30') });
  });
});

describe('channel preferences', () => {
  const offered = [
    { channel: 'zns', to: '0912345678' },
    { channel: 'email', to: 'a@example.vn' },
  ] as const;

  it('takes the first offered channel the user has not turned off', () => {
    expect(chooseDestination(offered, false)).toEqual(offered[0]);
    expect(chooseDestination(offered, false, { disabledChannels: ['zns'], quietHours: true })).toEqual(offered[1]);
  });

  it('sends nothing when every offered channel is off, unless the message is urgent', () => {
    const none = { disabledChannels: ['zns', 'email'] as const, quietHours: true };
    expect(chooseDestination(offered, false, none)).toBeNull();
    expect(chooseDestination(offered, true, none)).toEqual(offered[0]);
    expect(chooseDestination([], true)).toBeNull();
  });
});
