import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDuration, formatNumber, formatTime } from './format.ts';

describe('format', () => {
  it('writes dates as dd/mm/yyyy on the Vietnamese calendar day', () => {
    expect(formatDate('2025-09-05T03:00:00Z')).toBe('05/09/2025');
    // 20:30 UTC on 31/12 is already 03:30 on 01/01 in Hà Nội (UTC+7).
    expect(formatDate('2025-12-31T20:30:00Z')).toBe('01/01/2026');
    expect(formatDate('not a date')).toBe('');
  });

  it('writes times on a 24-hour clock in Asia/Ho_Chi_Minh', () => {
    expect(formatTime('2025-09-05T07:05:09Z')).toBe('14:05');
    expect(formatTime('2025-09-05T07:05:09Z', { seconds: true })).toBe('14:05:09');
    expect(formatTime('2025-09-05T17:00:00Z')).toBe('00:00');
    expect(formatDateTime('2025-09-05T07:05:09Z')).toBe('14:05 05/09/2025');
  });

  it('writes numbers with Vietnamese separators, English ones when English is chosen', () => {
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(1234567.891)).toBe('1.234.567,89');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(7, 'vi', { minimumFractionDigits: 1 })).toBe('7,0');
    expect(formatNumber(Number.NaN)).toBe('');
  });

  it('writes durations with their two largest units', () => {
    expect(formatDuration(0)).toBe('0 giây');
    expect(formatDuration(59)).toBe('59 giây');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 5)).toBe('3 ngày 4 giờ');
    expect(formatDuration(3600 + 30)).toBe('1 giờ');
    expect(formatDuration(125, 'en')).toBe('2 min 5 s');
  });
});
