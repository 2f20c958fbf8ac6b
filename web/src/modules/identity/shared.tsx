import { formatDate, formatTime } from '../../lib/format.ts';

/** dd/mm/yyyy HH:mm in Vietnam time (the order of the account screens' tables); a dash when there is none. */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return `${formatDate(value)} ${formatTime(value)}`;
}
