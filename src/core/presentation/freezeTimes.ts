// The times of a deploy freeze as a person reads them: "Mon 08:00" in the freeze's own time zone (the one its cron is
// written in), how long until one begins. The shell puts them into its sentences ("❄ frozen until {0} ({1})"). The zone is
// GitLab text: a name Intl does not know is shown as UTC, the times with it.

import type { ActiveFreeze, UpcomingFreeze } from '../freezes/deployFreezes';

const HOUR = 3_600_000;
/** Beyond this the date is named too ("Mon 5 Jan 08:00"): a weekday alone would be ambiguous. */
const WEEKDAY_ENOUGH_MS = 6 * 24 * HOUR;

/** A time in a zone, as words: `when` ("Mon 08:00") and `zone` (the zone's name, GitLab text). */
export interface ZonedTime {
  when: string;
  zone: string;
}

/** The IANA zone if Intl knows it, else UTC (GitLab validates the zone it stores; a hostile server may not). */
export function knownTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/** "Mon 08:00" (weekday and 24-hour time) in `zone`; the date as well when `at` is more than six days from `now`. */
export function zonedTime(at: number, zone: string, now: number): ZonedTime {
  const timeZone = knownTimeZone(zone);
  const far = Math.abs(at - now) > WEEKDAY_ENOUGH_MS;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(far && { day: 'numeric', month: 'short' }),
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = far ? ` ${part('day')} ${part('month')}` : '';
  return { when: `${part('weekday')}${date} ${part('hour')}:${part('minute')}`, zone: timeZone };
}

/** When an active freeze ends, in its zone; undefined when GitLab has not said yet. */
export function freezeEnd(active: ActiveFreeze, now: number): ZonedTime | undefined {
  return active.until === undefined ? undefined : zonedTime(active.until, active.freeze.timeZone, now);
}

/** How long until a freeze begins: minutes under two hours, else whole hours rounded up (the shell words them). */
export function startsIn(upcoming: UpcomingFreeze, now: number): { hours: number } | { minutes: number } {
  const ms = Math.max(0, upcoming.startsAt - now);
  if (ms < 2 * HOUR) return { minutes: Math.max(1, Math.ceil(ms / 60_000)) };
  return { hours: Math.ceil(ms / HOUR) };
}
