const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

/** GitLab's timestamps are ISO 8601 (`2026-01-01T12:00:00.000Z`); anything else is not read as a date. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "5 min. ago", "yesterday"; "just now" under a minute; a time GitLab did not give is said to be unknown. */
export function timeAgo(iso: string, now = Date.now()): string {
  const at = typeof iso === 'string' && ISO_TIME.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return 'at an unknown time';
  const seconds = Math.round((at - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}
