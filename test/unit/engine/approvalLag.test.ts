// How late someone else's approval can show (their approval moves no timestamp: it shows at the deployment's next
// detail re-read), bounded at every size and said; and the words about a stretched interval and quiet projects.
import * as assert from 'node:assert/strict';
import { DEFAULT_POLL_RULES, planPoll, type PollCandidate, type PollPlan } from '../../../src/core/refresh/pollPlan';
import type { WatchCoverage } from '../../../src/core/refresh/snapshot';
import { coverageNotices } from '../../../src/core/refresh/views';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.parse('2026-06-01T12:00:00Z');

/** `total` projects, one in ten active (each with a blocked deployment: pinned), the others quiet for 40+ days. */
function account(total: number): PollCandidate[] {
  return Array.from({ length: total }, (_, i) => ({
    id: i + 1,
    pinned: i % 10 === 0,
    lastActivityAt: new Date(START - (i % 10 === 0 ? 2 : 40) * DAY).toISOString(),
  }));
}

function plan(total: number, waitingDetails: number, limitPerMinute = 2_000, intervalMs = MINUTE): PollPlan {
  return planPoll({
    candidates: account(total).map((c) => ({ ...c, lastReadAt: START - MINUTE })),
    waitingDetails,
    projectPages: Math.ceil(total / 100),
    intervalMs,
    now: START,
    rules: { ...DEFAULT_POLL_RULES, rateLimitPerMinute: limitPerMinute },
  });
}

function coverageOf(p: PollPlan, projects: number, rateLimit: WatchCoverage['rateLimit']): WatchCoverage {
  return {
    projects,
    blockedCuts: [],
    unresolved: [],
    notYetRead: p.notYetRead,
    quietDelayMs: p.quietDelayMs,
    stretchedIntervalMs: p.stretched ? p.intervalMs : undefined,
    detailRereadPolls: p.detailRereadPolls,
    requestsPerMinute: p.requestsPerMinute,
    active: p.active,
    quiet: p.quiet,
    approvalLagMs: p.approvalLagMs,
    rateLimit,
  };
}

describe('approval lag: bounded at every size, and said', () => {
  for (const limit of [2_000, 600])
    for (const [projects, waiting] of [
      [10, 4],
      [500, 100],
      [2_000, 400],
      [5_000, 545],
      [5_000, 3_000],
    ])
      it(`${projects} projects, ${waiting} waiting, ${limit}/min: at most 10 min, or one (stretched) interval`, () => {
        const p = plan(projects, waiting, limit);
        // A poll paced over more than a minute reads a deployment anywhere in it: the bound is N polls of the interval
        // used, and the paced poll's length.
        assert.equal(
          p.approvalLagMs,
          p.detailRereadPolls * p.intervalMs + p.pacedPollMs,
          'the bound is N polls of the interval used, and the paced poll',
        );
        assert.ok(
          p.approvalLagMs <= Math.max(10 * MINUTE, p.intervalMs + p.pacedPollMs),
          `${p.approvalLagMs / MINUTE} min (every ${p.detailRereadPolls} polls of ${p.intervalMs / 1000} s)`,
        );
        assert.ok(p.requestsPerMinute <= limit / 2 + 1e-9, `${p.requestsPerMinute} requests/min`);
      });

  it('the view says the lag, the quiet cadence and the learnt limit with the real numbers', () => {
    const p = plan(5_000, 545, 600);
    assert.ok(p.stretched);
    const said = coverageNotices(coverageOf(p, 5_000, { perMinute: 600, learnedFrom: 'headers' }), MINUTE).join('\n');
    assert.match(said, /5,000 projects: checking every \d+ min( \d+ s)? instead of every 1 min/);
    assert.match(said, /GitLab's rate limit here: 600 requests a minute \(its RateLimit-Limit header\)/);
    assert.match(said, /4,500 quiet projects \(no activity for 30 days\) are checked in turn, each within \d+ min/);
    assert.match(said, /Approvals by others may be up to \d+ min( \d+ s)? old/);
  });

  it('never "re-read every 1 polls": where the lists alone fill the budget, "on every poll"', () => {
    const p = plan(5_000, 545, 600);
    assert.equal(p.detailRereadPolls, 1);
    const said = coverageNotices(coverageOf(p, 5_000, { perMinute: 600, learnedFrom: 'headers' }), MINUTE).join('\n');
    assert.match(said, /each waiting deployment is re-read on every poll to stay within the rate limit/);
    assert.doesNotMatch(said, /every 1 polls/);
  });

  it('never "every 1 min instead of every 1 min": a small stretch is said in seconds', () => {
    const p = { ...plan(100, 0), stretched: true, intervalMs: 62_400 };
    const said = coverageNotices(coverageOf(p, 5_000, { perMinute: 2_000, learnedFrom: undefined }), MINUTE).join('\n');
    assert.match(said, /checking every 1 min 2 s instead of every 1 min/);
    assert.match(said, /2,000 requests a minute \(GitLab\.com's; this instance has not said its own\)/);
  });

  it('a small account that is read whole says nothing about quiet projects or the lag in the view', () => {
    const p = plan(10, 4);
    assert.deepEqual(coverageNotices(coverageOf(p, 10, { perMinute: 2_000, learnedFrom: 'headers' }), MINUTE), []);
  });
});
