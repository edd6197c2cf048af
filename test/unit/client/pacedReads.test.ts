import * as assert from 'node:assert/strict';
import type { GitLabClient } from '../../../src/core/gitlab/client';
import { startSimulator, type Simulator } from '../../simulator';
import { clientFor } from './helpers';

/** The most requests the simulator saw in any 60 s (its log's times, on its clock), from `fromSeq` on. */
function busiestMinute(sim: Simulator, fromSeq = 0): number {
  const times = sim.requestLog.since(fromSeq).map((entry) => Date.parse(entry.time));
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= 60_000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

// A virtual clock shared by the simulator's rate-limit windows and the client's waits: a minute passes instantly.
describe('GitLabClient: background reads paced to the instance’s limit', () => {
  let sim: Simulator;
  let now = Date.parse('2026-12-06T10:00:10Z');

  afterEach(() => sim.close());

  // GitLab's own retry policy (not the tests' fast one): its rate-limit waits are what is paced here.
  const client = () =>
    clientFor(sim, {
      retry: undefined,
      maxConcurrency: 1,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });

  async function readInARow(gitlab: GitLabClient, reads: number): Promise<void> {
    for (let i = 0; i < reads; i++) {
      await gitlab.currentUser();
      now += 10; // 10 ms a request: unpaced, 700 would go out in 7 s
    }
  }

  it('a 600/min instance: 700 reads in a row spend at most 300 in any 60 s, with no 429', async () => {
    sim = await startSimulator({ scenario: 'demo', rateLimitPerMinute: 600, clock: () => new Date(now) });
    const gitlab = client();
    await readInARow(gitlab, 700);
    const statuses = sim.requestLog.all().map((entry) => entry.status);
    assert.equal(statuses.filter((status) => status === 429).length, 0);
    assert.equal(statuses.length, 700);
    assert.equal(busiestMinute(sim), 300);
    assert.deepEqual(gitlab.rateLimit(), { perMinute: 600, learnedFrom: 'headers' });
  });

  it('an instance whose successes carry no headers: one 429 teaches the limit, and the pace follows it', async () => {
    sim = await startSimulator({
      scenario: 'demo',
      rateLimitPerMinute: 600,
      rateLimitHeadersOnSuccess: false,
      clock: () => new Date(now),
    });
    const gitlab = client();
    await readInARow(gitlab, 1_200);
    const log = sim.requestLog.all();
    const throttled = log.filter((entry) => entry.status === 429);
    assert.equal(throttled.length, 1, 'the one that taught it');
    assert.deepEqual(gitlab.rateLimit(), { perMinute: 600, learnedFrom: '429' });
    assert.ok(busiestMinute(sim, throttled[0].seq) <= 300, `${busiestMinute(sim, throttled[0].seq)} after the 429`);
    assert.equal(log.filter((entry) => entry.status === 200).length, 1_200, 'the throttled read was sent again');
  });
});
