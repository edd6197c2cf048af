// Which projects a poll reads, and how often, so that a large account stays within GitLab's rate limit while a new
// blocked deployment still shows within one interval where deployments happen and within ten minutes anywhere.
// Pure: the caller passes the clock, the projects' last activity and when each was last read.
import { ASSUMED_LIMIT_PER_MINUTE, BACKGROUND_SHARE } from '../gitlab/transport/rateLimitGate';

const MINUTE = 60_000;

export interface PollRules {
  /**
   * The instance's limit: what its `RateLimit-Limit` header said (the session passes it in), else GitLab.com's 2,000
   * authenticated API requests per minute per user (docs/gitlab-behaviour.md#rate-limits-and-pagination).
   */
  rateLimitPerMinute: number;
  /** The share of that limit the background polls may spend; the rest is the user's (other tools, scripts, the browser). */
  budgetShare: number;
  /** A project with activity this recent (or a blocked deployment) is read on every poll. */
  activeWithinMs: number;
  /** In an account too large to read whole on every poll, every other project is read at least this often. */
  quietMaxDelayMs: number;
  /** A waiting deployment's detail is re-read once every this many polls (others' approvals move no timestamp)… */
  detailRereadPolls: number;
  /**
   * …or, where the budget is short, less often, but within this time (the bound on how late someone else's approval
   * shows); where even that does not fit, the interval stretches and the bound is one (stretched) interval at most.
   */
  maxApprovalLagMs: number;
  /** The project list (for new projects and their activity) is read again this often. */
  projectListPeriodMs: number;
}

export const DEFAULT_POLL_RULES: PollRules = {
  rateLimitPerMinute: ASSUMED_LIMIT_PER_MINUTE,
  budgetShare: BACKGROUND_SHARE,
  activeWithinMs: 30 * 24 * 60 * MINUTE,
  quietMaxDelayMs: 10 * MINUTE,
  detailRereadPolls: 5,
  maxApprovalLagMs: 10 * MINUTE,
  projectListPeriodMs: 30 * MINUTE,
};

export interface PollCandidate {
  id: number;
  /** The project list's `last_activity_at` (ISO), if known. */
  lastActivityAt?: string;
  /** Has blocked deployments now, or the user named it (a setting or a git remote): always read. */
  pinned: boolean;
  /** Epoch ms of the last time its blocked list was read; undefined when never. */
  lastReadAt?: number;
}

export interface PollPlan {
  /** Project ids to read on this poll: every active one, then the quiet ones read longest ago. */
  projectIds: number[];
  /** How long until the next poll: the setting, or longer when even the active projects would exceed the budget. */
  intervalMs: number;
  /** How many times the setting the interval is (1 unless stretched to stay within the budget). */
  stretch: number;
  /** The interval was stretched beyond the setting to stay within the budget. */
  stretched: boolean;
  /** The longest a quiet project waits between two reads under this plan. */
  quietDelayMs: number;
  /** A waiting deployment's detail is re-read once every this many polls. */
  detailRereadPolls: number;
  /** How late someone else's approval can show: `detailRereadPolls` polls of the interval used. */
  approvalLagMs: number;
  /**
   * How long the transport's pace spreads one poll (a poll of more than a minute's share): part of `intervalMs`, which
   * is from one poll's start to the next's, as the poller counts it (InstancePoller.nextAttemptAt).
   */
  pacedPollMs: number;
  active: number;
  quiet: number;
  /** Quiet projects never read yet that this poll leaves for later ones. */
  notYetRead: number;
  /** Requests per minute this plan spends in the steady state (lists, detail re-reads, project pages). */
  requestsPerMinute: number;
}

export interface PlanInput {
  candidates: readonly PollCandidate[];
  /** Waiting deployments whose details are re-read in turn. */
  waitingDetails: number;
  /** Pages of the project list (⌈projects ÷ 100⌉). */
  projectPages: number;
  intervalMs: number;
  now: number;
  rules?: PollRules;
}

/**
 * While the whole account fits in the budget, every project is read on every poll. Otherwise active projects are read
 * on every poll and quiet ones in turn, least recently read first, each within `quietMaxDelayMs`; the waiting details'
 * re-reads get what budget is left (within `maxApprovalLagMs`: how late another's approval shows). When even that exceeds the budget,
 * the interval and the quiet delay stretch by the same factor until it fits.
 */
export function planPoll(input: PlanInput): PollPlan {
  const rules = input.rules ?? DEFAULT_POLL_RULES;
  const active: PollCandidate[] = [];
  const quiet: PollCandidate[] = [];
  for (const candidate of input.candidates) (isActive(candidate, input.now, rules) ? active : quiet).push(candidate);

  const budget = rules.rateLimitPerMinute * rules.budgetShare;
  const intervalMin = input.intervalMs / MINUTE;
  const pagesPerMinute = input.projectPages / (rules.projectListPeriodMs / MINUTE);
  const rereadsPerPoll = (polls: number) => Math.ceil(input.waitingDetails / polls);
  // Within the lag bound: at a long set interval, fewer polls (at least one) than the usual spread.
  const mostPolls = Math.max(1, Math.floor(rules.maxApprovalLagMs / input.intervalMs));
  const fewestPolls = Math.min(rules.detailRereadPolls, mostPolls);
  const wholeAccount = (active.length + quiet.length + rereadsPerPoll(fewestPolls)) / intervalMin + pagesPerMinute;
  // A poll of more than a minute's share is spread by the transport's pace: fits only if one poll fits in a minute too.
  if (wholeAccount <= budget && wholeAccount * Math.max(1, intervalMin) <= budget) {
    return {
      projectIds: input.candidates.map((c) => c.id),
      intervalMs: input.intervalMs,
      stretch: 1,
      stretched: false,
      quietDelayMs: input.intervalMs,
      detailRereadPolls: fewestPolls,
      approvalLagMs: fewestPolls * input.intervalMs,
      pacedPollMs: 0,
      active: active.length,
      quiet: quiet.length,
      notYetRead: 0,
      requestsPerMinute: wholeAccount,
    };
  }

  const quietPerPoll = Math.ceil((quiet.length * input.intervalMs) / rules.quietMaxDelayMs);
  const listsPerMinute = (active.length + quietPerPoll) / intervalMin + pagesPerMinute;
  const stretchFor = (polls: number) => Math.max(1, (listsPerMinute + rereadsPerPoll(polls) / intervalMin) / budget);
  // The transport lets at most `budget` background reads go in any 60 s: a poll larger than that lasts a minute more
  // for each further share, and the next poll starts one interval after it ends.
  const perPoll = (polls: number) => (listsPerMinute + rereadsPerPoll(polls) / intervalMin) * intervalMin;
  const pacedFor = (polls: number) => Math.max(0, Math.ceil(perPoll(polls) / budget) - 1) * MINUTE;
  const cycleFor = (polls: number) =>
    Math.max(input.intervalMs * stretchFor(polls), input.intervalMs + pacedFor(polls));
  const rereadRoomPerPoll = Math.max(0, Math.min((budget - listsPerMinute) * intervalMin, budget - perPoll(Infinity)));
  // A paced poll reads a deployment anywhere in it: another's approval may show N polls and the paced part later.
  const lagFor = (polls: number) => polls * cycleFor(polls) + pacedFor(polls);
  const detailRereadPolls = rereadPollsWithinLag(
    input.waitingDetails,
    rereadRoomPerPoll,
    input.intervalMs,
    { fewest: fewestPolls, most: mostPolls },
    rules,
    cycleFor,
    lagFor,
  );
  const perMinute = listsPerMinute + rereadsPerPoll(detailRereadPolls) / intervalMin;
  const intervalMs = Math.ceil(cycleFor(detailRereadPolls));
  const stretch = intervalMs / input.intervalMs;
  // Quiet projects never read yet (a cold load) may also use what the budget leaves over, to be caught up sooner.
  const sorted = [...quiet].sort(byLeastRecentlyRead);
  const spare = Math.max(0, Math.floor((budget - perMinute) * intervalMin));
  const catchUp = Math.min(spare, sorted.slice(quietPerPoll).filter(neverRead).length);
  const chosenQuiet = sorted.slice(0, quietPerPoll + catchUp);
  return {
    projectIds: [...active, ...chosenQuiet].map((c) => c.id),
    intervalMs,
    stretch,
    stretched: stretch > 1,
    quietDelayMs: Math.ceil(quiet.length / Math.max(quietPerPoll, 1)) * intervalMs,
    detailRereadPolls,
    approvalLagMs: detailRereadPolls * intervalMs + pacedFor(detailRereadPolls),
    pacedPollMs: pacedFor(detailRereadPolls),
    active: active.length,
    quiet: quiet.length,
    notYetRead: quiet.filter(neverRead).length - chosenQuiet.filter(neverRead).length,
    requestsPerMinute: perMinute / stretch + catchUp / (intervalMs / MINUTE),
  };
}

/**
 * How often each waiting deployment's detail is re-read where the budget is short: as often as the budget leaves room
 * for (never more often than the usual spread), within `maxApprovalLagMs`. Where that does not fit without stretching
 * the interval, the most polls between two re-reads whose lag, N polls of the stretched interval and the paced part of
 * a poll, stays within the bound; where none does (the lists alone exceed the budget), every poll: the lag is then one stretched interval, the
 * shortest it can be, since each poll more between re-reads costs more time than its re-reads save. Fair: every
 * waiting deployment, in a quiet project or not, is re-read on the same spread (`isRereadDue`).
 */
function rereadPollsWithinLag(
  waitingDetails: number,
  roomPerPoll: number,
  intervalMs: number,
  { fewest, most }: { fewest: number; most: number },
  rules: PollRules,
  cycleFor: (polls: number) => number,
  lagFor: (polls: number) => number,
): number {
  const affordable = Math.max(fewest, Math.ceil(waitingDetails / Math.max(roomPerPoll, 1e-9)));
  if (affordable <= most && cycleFor(affordable) <= intervalMs && lagFor(affordable) <= rules.maxApprovalLagMs)
    return affordable;
  for (let polls = most; polls >= 1; polls--) if (lagFor(polls) <= rules.maxApprovalLagMs) return polls;
  return 1;
}

export function isActive(candidate: PollCandidate, now: number, rules: PollRules = DEFAULT_POLL_RULES): boolean {
  if (candidate.pinned || candidate.lastActivityAt === undefined) return true;
  const at = Date.parse(candidate.lastActivityAt);
  return !Number.isFinite(at) || now - at <= rules.activeWithinMs;
}

/**
 * Whether a waiting deployment's detail is re-read on poll number `poll`: each one once every `everyPolls` polls, in a
 * phase set by its id, so the re-reads are spread evenly over the polls instead of arriving all at once.
 */
export function isRereadDue(deploymentId: number, poll: number, everyPolls: number): boolean {
  return (deploymentId + poll) % everyPolls === 0;
}

function byLeastRecentlyRead(a: PollCandidate, b: PollCandidate): number {
  return (a.lastReadAt ?? -1) - (b.lastReadAt ?? -1) || a.id - b.id;
}

function neverRead(candidate: PollCandidate): boolean {
  return candidate.lastReadAt === undefined;
}
