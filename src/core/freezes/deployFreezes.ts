// Deploy freezes: GitLab's answer read as windows, and which of them is on at a given moment. GitLab computes each
// period's times itself (GraphQL `CiFreezePeriod`: `status`, `startTime`, `endTime`, from the cron and its time zone);
// the extension never parses cron. What GitLab's times mean, and what is inferred, is in
// docs/gitlab-behaviour.md#deploy-freezes. A freeze is the project's, for every environment; GitLab enforces it only
// where the CI config checks `$CI_DEPLOY_FREEZE`, so the words say "the project has a deploy freeze", never "blocked".

/** One freeze period as GitLab answered it at `readAt`; GitLab text only in `startCron`, `endCron`, `timeZone`. */
export interface DeployFreeze {
  /** GitLab's status when read: within a window (`ACTIVE`) or not. */
  activeWhenRead: boolean;
  startCron: string;
  endCron: string;
  /** The cron's time zone (GitLab's `cronTimezone`, UTC when GitLab gave none); shown only through the escaping home. */
  timeZone: string;
  /** Epoch ms: the current window's start when active, else the next one's (`startTime`); absent when GitLab gave none. */
  start?: number;
  /** Epoch ms: the next end from when it was read (`endTime`): the current window's end when active. */
  end?: number;
}

/** What GitLab answered of a project's freezes, and when; `freezes` is empty when the project has none. */
export interface ProjectFreezes {
  readAt: number;
  freezes: DeployFreeze[];
}

/** A freeze on now; `until` unknown when a window began after the read (the next read says when it ends). */
export interface ActiveFreeze {
  freeze: DeployFreeze;
  until?: number;
}

/** A freeze that begins within `UPCOMING_WITHIN_MS`. */
export interface UpcomingFreeze {
  freeze: DeployFreeze;
  startsAt: number;
}

export interface FreezeState {
  /** Each freeze on now, the one that ends last first (an unknown end counts as last). */
  active: ActiveFreeze[];
  /** The next freeze to begin, when none is on and one begins soon. */
  upcoming?: UpcomingFreeze;
}

/** A freeze that begins within this is said ("freeze starts in 3 h"); one further away is not. */
export const UPCOMING_WITHIN_MS = 24 * 3_600_000;

const NO_FREEZE: FreezeState = { active: [] };

/**
 * Which freezes are on at `now`. GitLab's status holds until a time it gave passes: an active window until its end,
 * an inactive one until its start (then it is on, until the next read says when it ends). `endTime` of an inactive
 * period is the next end after the read, which may come before its next start; only one after the start ends it.
 */
export function freezeStateAt(project: ProjectFreezes | undefined, now: number): FreezeState {
  if (!project || project.freezes.length === 0) return NO_FREEZE;
  const active: ActiveFreeze[] = [];
  let upcoming: UpcomingFreeze | undefined;
  for (const freeze of project.freezes) {
    const { start, end } = freeze;
    if (freeze.activeWhenRead) {
      if (end === undefined || now < end) active.push({ freeze, until: end });
      continue;
    }
    if (start === undefined) continue;
    if (now >= start) {
      const until = end !== undefined && end > start ? end : undefined;
      if (until === undefined || now < until) active.push({ freeze, until });
    } else if (start - now <= UPCOMING_WITHIN_MS && (!upcoming || start < upcoming.startsAt)) {
      upcoming = { freeze, startsAt: start };
    }
  }
  active.sort((a, b) => (b.until ?? Infinity) - (a.until ?? Infinity));
  return active.length > 0 ? { active } : upcoming ? { active, upcoming } : NO_FREEZE;
}

/** The freeze that holds longest now, if any: the one the run question and the row name. */
export function activeFreezeAt(project: ProjectFreezes | undefined, now: number): ActiveFreeze | undefined {
  return freezeStateAt(project, now).active[0];
}

/**
 * Whether GitLab's times are out of date at `now`: one of them passed since the read, so GitLab now gives other times
 * (the next window). The next poll reads the project's freezes again.
 */
export function freezesOutdated(project: ProjectFreezes, now: number): boolean {
  return project.freezes.some((f) =>
    [f.start, f.end].some((at) => at !== undefined && at > project.readAt && at <= now),
  );
}

/** GitLab's ISO 8601 timestamps; anything else is no time. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-][\d:]+)$/;

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_TIME.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * GitLab's `deployFreezes` list as freezes; a record that is not a period GitLab would give (no status, no cron, a
 * status without the time it needs) is left out: nothing is claimed of it. Text stays GitLab's.
 */
export function readDeployFreezes(records: readonly unknown[]): DeployFreeze[] {
  return records.map(freezeOf).filter((freeze): freeze is DeployFreeze => freeze !== undefined);
}

function freezeOf(record: unknown): DeployFreeze | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const { status, startCron, endCron, cronTimezone, startTime, endTime } = record as Record<string, unknown>;
  if (status !== 'ACTIVE' && status !== 'INACTIVE') return undefined;
  if (typeof startCron !== 'string' || typeof endCron !== 'string') return undefined;
  const start = timeOf(startTime);
  const end = timeOf(endTime);
  // An active period needs its end, an inactive one its start: without them nothing can be said of it.
  if (status === 'ACTIVE' ? end === undefined : start === undefined) return undefined;
  return {
    activeWhenRead: status === 'ACTIVE',
    startCron,
    endCron,
    timeZone: typeof cronTimezone === 'string' && cronTimezone !== '' ? cronTimezone : 'UTC',
    ...(start !== undefined && { start }),
    ...(end !== undefined && { end }),
  };
}
