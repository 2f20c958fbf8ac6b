/**
 * Display formats of the platform: dates as dd/mm/yyyy and times in the province's time zone
 * (Asia/Ho_Chi_Minh, whatever the browser's zone), numbers with Vietnamese separators (1.234,5)
 * unless English is chosen. Pure functions: no i18n instance, the caller passes the language.
 */
export const timeZone = 'Asia/Ho_Chi_Minh';
export type DisplayLanguage = 'vi' | 'en';

type DateInput = Date | string | number;

function toDate(value: DateInput): Date | undefined {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of partsFormatter.formatToParts(d)) {
    if (p.type in out) out[p.type as keyof typeof out] = p.value;
  }
  return out;
}

/** 05/09/2025 — the calendar day in Vietnam. Empty string for an invalid input. */
export function formatDate(value: DateInput): string {
  const d = toDate(value);
  if (!d) return '';
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** 14:05 (or 14:05:09 with seconds), 24-hour clock, Vietnam time. */
export function formatTime(value: DateInput, options: { seconds?: boolean } = {}): string {
  const d = toDate(value);
  if (!d) return '';
  const p = parts(d);
  return options.seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** 14:05 05/09/2025 — time first, as Vietnamese documents write it. */
export function formatDateTime(value: DateInput, options: { seconds?: boolean } = {}): string {
  const d = toDate(value);
  if (!d) return '';
  return `${formatTime(d, options)} ${formatDate(d)}`;
}

const numberLocales: Record<DisplayLanguage, string> = { vi: 'vi-VN', en: 'en-US' };

/** 1.234,5 in Vietnamese, 1,234.5 in English; at most `maximumFractionDigits` decimals (default 2). */
export function formatNumber(
  value: number,
  lang: DisplayLanguage = 'vi',
  options: { minimumFractionDigits?: number; maximumFractionDigits?: number } = {},
): string {
  if (!Number.isFinite(value)) return '';
  return new Intl.NumberFormat(numberLocales[lang], {
    minimumFractionDigits: options.minimumFractionDigits ?? 0,
    maximumFractionDigits: options.maximumFractionDigits ?? 2,
  }).format(value);
}

const durationUnits: Record<DisplayLanguage, { d: string; h: string; m: string; s: string }> = {
  vi: { d: 'ngày', h: 'giờ', m: 'phút', s: 'giây' },
  en: { d: 'd', h: 'h', m: 'min', s: 's' },
};

/** 2 ngày 3 giờ 4 phút — the two largest non-zero units of a duration in seconds. */
export function formatDuration(totalSeconds: number, lang: DisplayLanguage = 'vi'): string {
  const u = durationUnits[lang];
  const s = Math.max(0, Math.floor(totalSeconds));
  const pieces: [number, string][] = [
    [Math.floor(s / 86_400), u.d],
    [Math.floor((s % 86_400) / 3600), u.h],
    [Math.floor((s % 3600) / 60), u.m],
    [s % 60, u.s],
  ];
  const first = pieces.findIndex(([n]) => n > 0);
  if (first === -1) return `0 ${u.s}`;
  return pieces
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}
