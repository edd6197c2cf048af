// The scheduling rules, on a virtual clock: which projects each poll reads, the rate-limit budget, the stretched
// interval, the spread detail re-reads, and what the view says about coverage.
import * as assert from 'node:assert/strict';
import { DEFAULT_POLL_RULES, isRereadDue, planPoll, type PollCandidate } from '../../../src/core/refresh/pollPlan';
import { pathFilter } from '../../../src/core/refresh/projectsToWatch';
import type { WatchCoverage } from '../../../src/core/refresh/snapshot';
import { coverageNotices } from '../../../src/core/refresh/views';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.parse('2026-06-01T12:00:00Z');
const BUDGET = DEFAULT_POLL_RULES.rateLimitPerMinute;

/** `total` projects, every `activeEvery`-th one active in the last 30 days, the others quiet for 40+ days. */
function account(total: number, activeEvery = 10): PollCandidate[] {
  return Array.from({ length: total }, (_, i) => ({
    id: i + 1,
    pinned: false,
    lastActivityAt: new Date(START - (i % activeEvery === 0 ? 2 : 40 + (i % 300)) * DAY).toISOString(),
  }));
}

interface Run {
  /** Per project: the longest time between two reads (or from the start to the first read). */
  longestGap: Map<number, number>;
  requests: number;
  minutes: number;
  polls: number[][];
  intervals: number[];
}

/** Polls on a virtual clock for `minutes`, each read right away; a poll's requests are its lists and re-reads. */
function simulate(candidates: PollCandidate[], minutes: number, waitingDetails = 0, intervalMs = MINUTE): Run {
  let now = START;
  const lastRead = new Map<number, number>();
  const longestGap = new Map<number, number>();
  const run: Run = { longestGap, requests: 0, minutes: 0, polls: [], intervals: [] };
  while (now - START < minutes * MINUTE) {
    const plan = planPoll({
      candidates: candidates.map((c) => ({ ...c, lastReadAt: lastRead.get(c.id) })),
      waitingDetails,
      projectPages: Math.ceil(candidates.length / 100),
      intervalMs,
      now,
    });
    for (const id of plan.projectIds) {
      longestGap.set(id, Math.max(longestGap.get(id) ?? 0, now - (lastRead.get(id) ?? START)));
      lastRead.set(id, now);
    }
    run.requests += plan.projectIds.length + Math.ceil(waitingDetails / plan.detailRereadPolls);
    run.polls.push(plan.projectIds);
    run.intervals.push(plan.intervalMs);
    now += plan.intervalMs;
  }
  run.minutes = (now - START) / MINUTE;
  for (const c of candidates) if (!lastRead.has(c.id)) longestGap.set(c.id, Infinity);
  return run;
}

describe('poll plan (virtual clock)', () => {
  it('a small account: every project on every poll, at the set interval', () => {
    const run = simulate(account(100), 10);
    assert.ok(run.polls.every((ids) => ids.length === 100));
    assert.ok(run.intervals.every((ms) => ms === MINUTE));
  });

  for (const total of [2_000, 5_000]) {
    it(`${total.toLocaleString('en-US')} projects, 10 % active: active ones every poll, quiet ones within 10 min, ≤ 50 % of the budget`, () => {
      const candidates = account(total);
      const run = simulate(candidates, 60, total / 20);
      const active = candidates.filter((_, i) => i % 10 === 0);
      assert.ok(
        run.intervals.every((ms) => ms === MINUTE),
        'not stretched',
      );
      for (const project of active) assert.ok(run.longestGap.get(project.id)! <= MINUTE, `active ${project.id}`);
      const worstQuiet = Math.max(...candidates.filter((_, i) => i % 10 !== 0).map((c) => run.longestGap.get(c.id)!));
      assert.ok(worstQuiet <= 10 * MINUTE, `a quiet project waited ${worstQuiet / MINUTE} min`);
      const perMinute = run.requests / run.minutes;
      assert.ok(perMinute <= 0.5 * BUDGET, `${perMinute.toFixed(0)} requests/min`);
    });
  }

  it('a project with blocked deployments or named in settings is read every poll, however old its activity', () => {
    const candidates = account(5_000);
    candidates[1] = { ...candidates[1], pinned: true };
    const run = simulate(candidates, 15);
    assert.ok(run.polls.every((ids) => ids.includes(candidates[1].id)));
    assert.ok(!run.polls.every((ids) => ids.includes(candidates[2].id)), 'a quiet one is not');
  });

  it('when even the active projects exceed the budget, the interval stretches until they fit, quiet ones in proportion', () => {
    const candidates = account(5_000, 1); // every project active
    const plan = planPoll({ candidates, waitingDetails: 0, projectPages: 50, intervalMs: MINUTE, now: START });
    assert.equal(plan.stretched, true);
    assert.ok(plan.intervalMs > MINUTE);
    assert.ok(plan.requestsPerMinute <= 0.5 * BUDGET, `${plan.requestsPerMinute} requests/min`);
    assert.equal(plan.projectIds.length, 5_000, 'every active project on every (longer) poll');
    const notices = coverageNotices(
      { ...coverage(), projects: 5_000, stretchedIntervalMs: plan.intervalMs, active: 5_000 },
      MINUTE,
    );
    assert.match(
      notices.join('\n'),
      /5,000 projects: checking every \d+ min( \d+ s)? instead of every 1 min to stay within half of GitLab's rate limit here: 2,000 requests a minute/,
    );
  });

  it('beyond what the whole account needs, no budget is spent: a 2,000-project account reads quiet ones at the 10-minute share', () => {
    const run = simulate(account(2_000), 30, 100);
    const perMinute = run.requests / run.minutes;
    assert.ok(perMinute < 0.3 * BUDGET, `${perMinute.toFixed(0)} requests/min`);
  });

  it('where the budget is short, waiting details are re-read within the approval-lag bound, and the period grows instead', () => {
    const plan = planPoll({
      candidates: account(5_000),
      waitingDetails: 1_000,
      projectPages: 50,
      intervalMs: MINUTE,
      now: START,
    });
    // The lists take 952 of the 1,000 a minute: the re-reads do not fit in the poll's minute within the bound, so the
    // poll outgrows it (the pace spreads it over a second minute) and the period is two minutes, the bound kept.
    assert.ok(plan.intervalMs <= 2 * MINUTE, `${plan.intervalMs} ms`);
    assert.ok(plan.approvalLagMs <= 10 * MINUTE, `${plan.approvalLagMs} ms`);
    assert.ok(plan.approvalLagMs <= DEFAULT_POLL_RULES.maxApprovalLagMs);
    assert.ok(plan.requestsPerMinute <= 0.5 * BUDGET, `${plan.requestsPerMinute} requests/min`);
  });

  it('a cold load of a large account leaves the quiet projects it cannot afford for the next polls, and says how many', () => {
    const plan = planPoll({
      candidates: account(5_000),
      waitingDetails: 0,
      projectPages: 50,
      intervalMs: MINUTE,
      now: START,
    });
    assert.ok(plan.notYetRead > 0);
    assert.equal(plan.notYetRead, 4_500 - (plan.projectIds.length - 500));
    assert.ok(plan.projectIds.length > 500 + 450, 'the first polls use the spare budget to catch up');
    assert.ok(plan.projectIds.length <= 0.5 * BUDGET, 'but no more than the budget');
    const notices = coverageNotices({ ...coverage(), notYetRead: plan.notYetRead, quietDelayMs: 10 * MINUTE }, MINUTE);
    assert.match(
      notices.join('\n'),
      new RegExp(
        `${plan.notYetRead.toLocaleString('en-US')} quiet projects not checked yet; each is checked within 10 min`,
      ),
    );
  });

  it('re-reads of waiting details are spread: each once every N polls, about W/N on each poll', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => 5_000 + i * 7);
    const seen = new Map<number, number>();
    const perPoll: number[] = [];
    for (let poll = 0; poll < DEFAULT_POLL_RULES.detailRereadPolls; poll++) {
      const due = ids.filter((id) => isRereadDue(id, poll, DEFAULT_POLL_RULES.detailRereadPolls));
      perPoll.push(due.length);
      for (const id of due) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    assert.ok(
      ids.every((id) => seen.get(id) === 1),
      'each exactly once per round',
    );
    assert.ok(
      Math.max(...perPoll) <= 1_000 / DEFAULT_POLL_RULES.detailRereadPolls + 1,
      `per poll: ${perPoll.join(', ')}`,
    );
  });

  it('says when a list was cut at its bound, naming the setting that narrows it', () => {
    const notices = coverageNotices(
      {
        ...coverage(),
        projectListCut: { path: 'projects', limit: 10_000 },
        blockedCuts: [{ project: 'group/app', limit: 2_000 }],
      },
      MINUTE,
    );
    assert.deepEqual(notices, [
      'Only the first 10,000 projects are watched: GitLab lists more. Narrow them with the setting gitlabApprovals.projectFilter.',
      'group/app: only the newest 2,000 blocked deployments are shown; GitLab has more.',
    ]);
    assert.deepEqual(coverageNotices(coverage(), MINUTE), [], 'nothing to say when everything is watched');
  });
});

describe('project filter patterns', () => {
  it('a group path matches the group and everything below it, case-insensitively', () => {
    const matches = pathFilter(['Platform']);
    assert.equal(matches('platform/api'), true);
    assert.equal(matches('platform/sub/api'), true);
    assert.equal(matches('platform-old/api'), false);
  });

  it('* stays within a segment, ** spans segments, ! excludes', () => {
    assert.equal(pathFilter(['acme/*-service'])('acme/billing-service'), true);
    assert.equal(pathFilter(['acme/*-service'])('acme/x/billing-service'), false);
    assert.equal(pathFilter(['**/api'])('acme/x/api'), true);
    assert.equal(pathFilter(['acme/**/api'])('acme/api'), true);
    assert.equal(pathFilter(['!acme/sandbox'])('acme/sandbox/tool'), false);
    assert.equal(pathFilter(['!acme/sandbox'])('acme/app'), true);
    assert.equal(pathFilter([])('anything/at-all'), true);
  });
});

function coverage(): WatchCoverage {
  return {
    projects: 100,
    blockedCuts: [],
    unresolved: [],
    notYetRead: 0,
    quietDelayMs: MINUTE,
    detailRereadPolls: 5,
    approvalLagMs: 5 * MINUTE,
    requestsPerMinute: 100,
    active: 100,
    quiet: 0,
    rateLimit: { perMinute: 2_000, learnedFrom: 'headers' },
  };
}
