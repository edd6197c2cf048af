// How the time a deployment has waited is said: the row's mark, the tooltip's and the page's sentence.

/** The word a row carries when its deployment waited past its environment's threshold; short enough for 300 px. */
export const OVERDUE_MARK = 'overdue';

/** "12 min", "5 h 10 min", "3 d 4 h": a time waited, to the minute under a day and to the hour above. */
export function ageText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "2026-12-06 06:00 UTC": a moment said the same in every locale and time zone (records and tests compare it). */
export function utcText(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 'an unknown time' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
