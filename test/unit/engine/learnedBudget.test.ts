// The poll plan follows the limit the instance's headers say, not GitLab.com's: on a small limit the interval
// stretches, and the view says by how much, why, and where the limit came from.
import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { InstanceSession } from '../../../src/core/refresh/instanceSession';
import { coverageNotices } from '../../../src/core/refresh/views';
import { startSimulator, type Simulator } from '../../simulator';
import { MEMBERSHIP_WATCH } from './helpers';

describe('the poll plan follows the instance’s rate limit', () => {
  let sim: Simulator;
  // A virtual clock shared by the simulator's windows, the client's waits and the session: a minute passes instantly.
  let now = Date.parse('2026-12-06T10:00:10Z');
  afterEach(() => sim.close());

  async function loaded(limit: number): Promise<{ session: InstanceSession; client: GitLabClient }> {
    sim = await startSimulator({ scenario: 'demo', rateLimitPerMinute: limit, clock: () => new Date(now) });
    const client = new GitLabClient({
      instanceUrl: sim.url,
      token: async () => sim.defaultToken,
      userAgent: 'tests',
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const session = new InstanceSession(client, () => MEMBERSHIP_WATCH, { now: () => now });
    await session.refresh('full', {});
    return { session, client };
  }

  it('a 12/min instance: the plan stretches the interval to half of 12 a minute, and says so with the numbers', async () => {
    const { session } = await loaded(12);
    const coverage = session.view().coverage!;
    assert.deepEqual(coverage.rateLimit, { perMinute: 12, learnedFrom: 'headers' });
    assert.ok(coverage.stretchedIntervalMs! > 60_000, `${coverage.stretchedIntervalMs} ms`);
    assert.ok(coverage.requestsPerMinute <= 6, `${coverage.requestsPerMinute} requests/min planned`);
    // The poller counts its interval from a poll's start (InstancePoller.nextAttemptAt), so a poll starts one period
    // after the last one started: the period the view says, though the pace spreads this poll over a minute more.
    assert.ok(
      coverage.requestsPerMinute * (coverage.stretchedIntervalMs! / 60_000) > 6,
      'a poll is over a minute’s share',
    );
    assert.equal(session.intervalMs(60_000), coverage.stretchedIntervalMs);
    assert.match(
      coverageNotices(coverage, 60_000).join('\n'),
      /\d+ projects: checking every \d+ min( \d+ s)? instead of every 1 min to stay within half of GitLab's rate limit here: 12 requests a minute \(its RateLimit-Limit header\)/,
    );
    assert.equal(sim.requestLog.all().filter((entry) => entry.status === 429).length, 0, 'no 429 on the way');
  });

  it('a 2,000/min instance: the same account is read whole at the set interval', async () => {
    const { session } = await loaded(2_000);
    const coverage = session.view().coverage!;
    assert.deepEqual(coverage.rateLimit, { perMinute: 2_000, learnedFrom: 'headers' });
    assert.equal(coverage.stretchedIntervalMs, undefined);
    assert.equal(session.intervalMs(60_000), 60_000);
  });
});
