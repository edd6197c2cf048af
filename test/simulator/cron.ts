// Cron times for the simulator's deploy freezes, as GitLab computes them (Gitlab::Ci::CronParser on fugit): the next
// and previous time a five-field cron line fires in a time zone. Test code only: the extension never parses cron, it
// takes GitLab's computed times (docs/gitlab-behaviour.md#deploy-freezes). Supports `*`, numbers, ranges `a-b`, steps
// `*/n` and `a-b/n`, and lists; day of week 0–7 (both 0 and 7 are Sunday). As in cron, when both day of month and day
// of week are restricted, either matching is enough. A wall time that a DST change skips is taken at the offset before
// the change (02:30 CET on the spring-forward day is 03:30 CEST) [fugit's own handling of the gap not modelled].

interface CronFields {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

function field(text: string, min: number, max: number): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, upTo] = range === '*' ? [min, max] : range.split('-').map(Number);
    const to = upTo ?? (stepText === undefined ? from : max);
    if (![from, to, step].every(Number.isInteger) || step < 1 || from < min || to > max || from > to)
      throw new Error(`not a cron field: ${text}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

export function parseCron(line: string): CronFields {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`not a five-field cron line: ${line}`);
  return {
    minutes: field(parts[0], 0, 59),
    hours: field(parts[1], 0, 23),
    days: new Set(field(parts[2], 1, 31)),
    months: new Set(field(parts[3], 1, 12)),
    weekdays: new Set(field(parts[4], 0, 7).map((d) => d % 7)),
    daysRestricted: parts[2] !== '*',
    weekdaysRestricted: parts[4] !== '*',
  };
}

/** The zone's offset from UTC (ms) at `utc`. */
function offsetAt(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utc / 1000) * 1000;
}

/** The UTC instant of a wall time in the zone. */
function instantOf(wall: number, timeZone: string): number {
  const guess = wall - offsetAt(wall, timeZone);
  const settled = wall - offsetAt(guess, timeZone);
  return settled;
}

function matchesDay(cron: CronFields, wallDay: Date): boolean {
  if (!cron.months.has(wallDay.getUTCMonth() + 1)) return false;
  const dom = cron.days.has(wallDay.getUTCDate());
  const dow = cron.weekdays.has(wallDay.getUTCDay());
  if (cron.daysRestricted && cron.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

const DAY = 86_400_000;

/** Every time the line fires on the wall-clock day of `wallDay` (UTC fields = wall fields), as UTC instants, ascending. */
function firingsOn(cron: CronFields, wallDay: number, timeZone: string): number[] {
  if (!matchesDay(cron, new Date(wallDay))) return [];
  return cron.hours.flatMap((h) => cron.minutes.map((m) => instantOf(wallDay + h * 3_600_000 + m * 60_000, timeZone)));
}

function wallDayOf(utc: number, timeZone: string): number {
  const wall = utc + offsetAt(utc, timeZone);
  return wall - (((wall % DAY) + DAY) % DAY);
}

/** The first time after `from` the line fires (within about four years; else undefined). */
export function nextTime(line: string, timeZone: string, from: number): number | undefined {
  const cron = parseCron(line);
  const first = wallDayOf(from, timeZone);
  for (let day = first; day < first + 1_500 * DAY; day += DAY) {
    const hit = firingsOn(cron, day, timeZone).find((t) => t > from);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The last time at or before `from` the line fired (within about four years; else undefined). */
export function previousTime(line: string, timeZone: string, from: number): number | undefined {
  const cron = parseCron(line);
  const first = wallDayOf(from, timeZone);
  for (let day = first; day > first - 1_500 * DAY; day -= DAY) {
    const hits = firingsOn(cron, day, timeZone).filter((t) => t <= from);
    if (hits.length > 0) return hits[hits.length - 1];
  }
  return undefined;
}
