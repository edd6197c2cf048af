// How long a blocked deployment has waited, and whether longer than the person allows on its environment. GitLab never
// expires a blocked deployment (gitlab-org/gitlab#395675): the extension's own thresholds say what has waited too long.
// The setting (`gitlabApprovals.overdueAfter`) maps an environment's name, or its tier, to a duration ("4h"); empty is
// off. A deployment waits from GitLab's `created_at` on: the move to `blocked` has no timestamp of its own
// (docs/gitlab-behaviour.md#how-long-a-deployment-has-waited).

import type { BlockedDeploymentState } from '../approvals/classify';
import type { EnvironmentTier } from '../gitlab/types';
import { locatedDeployments, type LocatedDeployment, type Snapshot } from '../refresh/snapshot';

export interface OverdueThresholds {
  /** Environment name → ms; a name wins over a tier. */
  byName: ReadonlyMap<string, number>;
  /** Environment tier → ms. */
  byTier: ReadonlyMap<string, number>;
}

export const NO_THRESHOLDS: OverdueThresholds = { byName: new Map(), byTier: new Map() };

const TIERS: ReadonlySet<EnvironmentTier> = new Set(['production', 'staging', 'testing', 'development', 'other']);
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** "4h", "30m", "1d 12h", "2w": whole numbers of minutes, hours, days, weeks. */
const DURATION = /^\s*(\d+\s*[mhdw]\s*)+$/i;

/** A duration as the setting writes it, in ms; undefined when it is not one (or is zero). */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)\s*([mhdw])/gi)) ms += Number(count) * UNIT_MS[unit.toLowerCase()];
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * The setting's value read: `{ "production": "4h", "review/app": "1d" }`. A key is an environment's name; a key that is
 * also a tier's name applies to every environment of that tier whose own name has no entry. What cannot be read is
 * named in `problems` and left out (the rest still applies).
 */
export function readOverdueSetting(value: unknown): { thresholds: OverdueThresholds; problems: string[] } {
  const byName = new Map<string, number>();
  const byTier = new Map<string, number>();
  const problems: string[] = [];
  if (value === undefined || value === null) return { thresholds: NO_THRESHOLDS, problems };
  if (typeof value !== 'object' || Array.isArray(value))
    return { thresholds: NO_THRESHOLDS, problems: ['it is not an object of environment names to durations'] };
  for (const [key, duration] of Object.entries(value)) {
    const ms = parseDuration(duration);
    if (ms === undefined) {
      problems.push(`"${key}": "${String(duration)}" is not a duration such as 30m, 4h, 2d or 1w`);
      continue;
    }
    byName.set(key, ms);
    if (TIERS.has(key as EnvironmentTier)) byTier.set(key, ms);
  }
  return { thresholds: { byName, byTier }, problems };
}

/** The threshold that applies to an environment: its name's, else its tier's; undefined when none (off). */
export function thresholdFor(
  environment: { name: string; tier?: EnvironmentTier },
  thresholds: OverdueThresholds,
): number | undefined {
  return (
    thresholds.byName.get(environment.name) ?? (environment.tier ? thresholds.byTier.get(environment.tier) : undefined)
  );
}

/** States in which a deployment waits for a person (its approval or its Run); queued and rejected ones do not. */
const WAITING_STATES: ReadonlySet<BlockedDeploymentState> = new Set([
  'waiting-for-approval',
  'approved-not-run',
  'manual',
]);

export interface Ageing {
  /** GitLab's `created_at` (ISO 8601), from when it waits. */
  since: string;
  waitedMs: number;
  /** The environment's threshold, when one is set. */
  thresholdMs?: number;
  overdue: boolean;
}

/** How long this deployment has waited for a person; undefined when it waits for nobody or GitLab gave no time. */
export function ageingOf(
  located: Pick<LocatedDeployment, 'environment' | 'view'>,
  thresholds: OverdueThresholds,
  now: number,
): Ageing | undefined {
  const { view, environment } = located;
  if (!view.state || !WAITING_STATES.has(view.state)) return undefined;
  const since = view.deployment.created_at;
  const at = typeof since === 'string' ? Date.parse(since) : NaN;
  if (Number.isNaN(at)) return undefined;
  const waitedMs = Math.max(0, now - at);
  const thresholdMs = thresholdFor(environment, thresholds);
  return { since, waitedMs, thresholdMs, overdue: thresholdMs !== undefined && waitedMs >= thresholdMs };
}

export function isOverdue(
  located: Pick<LocatedDeployment, 'environment' | 'view'>,
  thresholds: OverdueThresholds,
  now: number,
): boolean {
  return ageingOf(located, thresholds, now)?.overdue === true;
}

/** Every overdue deployment of the snapshot, longest waiting first. */
export function overdueDeployments(
  snapshot: Snapshot,
  thresholds: OverdueThresholds,
  now: number,
): LocatedDeployment[] {
  return locatedDeployments(snapshot)
    .map((located) => ({ located, ageing: ageingOf(located, thresholds, now) }))
    .filter(({ ageing }) => ageing?.overdue === true)
    .sort((a, b) => b.ageing!.waitedMs - a.ageing!.waitedMs)
    .map(({ located }) => located);
}

/**
 * When the next deployment that is not overdue yet becomes so (epoch ms), so the rows change at that moment and not
 * only at the next poll that changes something; undefined when none will.
 */
export function nextOverdueAt(snapshot: Snapshot, thresholds: OverdueThresholds, now: number): number | undefined {
  let next: number | undefined;
  for (const located of locatedDeployments(snapshot)) {
    const ageing = ageingOf(located, thresholds, now);
    if (!ageing || ageing.overdue || ageing.thresholdMs === undefined) continue;
    const at = Date.parse(ageing.since) + ageing.thresholdMs;
    if (next === undefined || at < next) next = at;
  }
  return next;
}
