// Faults no refresh may survive silently: a web page where the API should be, listeners that throw, and one instance
// failing or rate-limited while another is fine.
import * as assert from 'node:assert/strict';
import type * as sinon from 'sinon';
import type { GitLabError } from '../../../src/core/errors';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { InstanceSession } from '../../../src/core/refresh/instanceSession';
import { startSimulator, type Simulator } from '../../simulator';
import {
  coldLoad,
  deploymentsOf,
  instanceView,
  lastSeq,
  MEMBERSHIP_WATCH,
  startEngine,
  fakePollClock,
  waitFor,
  type EngineHarness,
} from './helpers';

const SIGN_ON_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>SSO</form></body></html>';

describe('RefreshEngine under hostile answers', () => {
  let h: EngineHarness;
  let intervalMs = 60_000;
  const failures: [string, GitLabError][] = [];
  const unexpected: unknown[] = [];
  beforeEach(async () => {
    intervalMs = 60_000;
    failures.length = 0;
    unexpected.length = 0;
    h = await startEngine({
      engine: {
        intervalMs: () => intervalMs,
        maxBackoffMs: 1_000,
        onRefreshFailed: (url, error) => failures.push([url, error]),
        onUnexpectedError: (error) => unexpected.push(error),
      },
    });
    await coldLoad(h);
  });
  afterEach(() => h.close());

  it('a 200 text/html sign-on page keeps the last data marked stale with a message, keeps polling, and recovers', async () => {
    intervalMs = 50;
    const page = h.sim.faults.add({ kind: 'status', status: 200, contentType: 'text/html', body: SIGN_ON_PAGE });
    await h.engine.refresh('poll');
    const instance = instanceView(h);
    assert.equal(instance.stale, true, 'marked stale');
    assert.ok(instance.error?.userMessage, 'with a message');
    assert.equal(deploymentsOf(h).length, 12, 'the last good data is kept');
    assert.ok(failures.length > 0, 'the failure is reported');

    const seq = lastSeq(h);
    await waitFor(() => lastSeq(h) > seq, 'the next poll despite the failure', 3_000);
    h.sim.faults.remove(page);
    await waitFor(() => !instanceView(h).stale && !h.engine.snapshot().refreshing, 'recovery', 5_000);
    assert.equal(instanceView(h).error, undefined);
    assert.equal(deploymentsOf(h).length, 12);
  });

  it('a listener that throws stops neither the refresh nor the next poll', async () => {
    intervalMs = 50;
    h.engine.onDidChange(() => {
      throw new Error('a broken listener');
    });
    await h.engine.refresh('poll');
    const seq = lastSeq(h);
    await waitFor(() => lastSeq(h) > seq, 'the next poll', 3_000);
    assert.ok(unexpected.some((e) => (e as Error).message === 'a broken listener'));
  });

  it('reports every failed refresh with the instance and the route, never the token', async () => {
    h.sim.faults.add({ kind: 'status', status: 500, route: 'deployments.list' });
    await h.engine.refresh('poll');
    assert.ok(failures.length > 0);
    const [url, error] = failures[0];
    assert.equal(url, h.sim.url);
    assert.match(error.detail, /GET http:\/\/127\.0\.0\.1:\d+\/api\/v4\/projects\/\d+\/deployments → 500/);
    assert.ok(!error.detail.includes(h.token.value));
  });

  it('a wait beyond what setTimeout can hold never turns into a poll storm', async () => {
    const retryAfterSeconds = 60 * 60 * 24 * 30; // 30 days: over 2^31 ms
    h.sim.faults.add({ kind: 'rate-limit', retryAfter: retryAfterSeconds });
    intervalMs = 20;
    const clock = fakePollClock();
    try {
      await h.engine.refresh('poll');
      const seq = lastSeq(h);
      await clock.tickAsync(10 * 60_000); // ten minutes, five hundred intervals
      assert.equal(lastSeq(h), seq, 'no request while GitLab says to wait');
      // The transport clamps GitLab's wait to a sane maximum; the engine's timer never overflows either way.
      assert.ok((instanceView(h).nextAttemptAt ?? 0) > Date.now() + 20 * 60_000, 'the next try waits for GitLab');
    } finally {
      h.engine.pause();
      clock.restore();
    }
  });
});

describe('RefreshEngine with two instances', () => {
  let h: EngineHarness;
  let other: { sim: Simulator; session: InstanceSession };
  const intervalMs = 100;
  // The pollers' clock is sinon's: each instance's next poll is due exactly when the test moves time on.
  let clock: sinon.SinonFakeTimers;
  beforeEach(async () => {
    clock = fakePollClock();
    h = await startEngine({ engine: { intervalMs: () => intervalMs, maxBackoffMs: 10_000 } });
    const sim = await startSimulator({ scenario: 'demo' });
    const client = new GitLabClient({
      instanceUrl: sim.url,
      token: async () => sim.defaultToken,
      userAgent: 'gitlab-deployment-approvals-tests',
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 1_000 },
    });
    other = {
      sim,
      session: new InstanceSession(client, () => MEMBERSHIP_WATCH, {
        rules: { detailRereadPolls: 1_000, rateLimitPerMinute: Number.MAX_SAFE_INTEGER },
      }),
    };
    h.engine.resume();
    await h.engine.setSessions([h.session, other.session]);
  });
  afterEach(async () => {
    clock.restore();
    await h.close();
    await other.sim.close();
  });

  const listsOf = (sim: Simulator, since: number) =>
    sim.requestLog.since(since).filter((e) => e.route === 'deployments.list').length;
  const lastOf = (sim: Simulator) => sim.requestLog.all().at(-1)?.seq ?? 0;

  for (const [name, fault] of [
    ['a 429 with an hour to wait', { kind: 'rate-limit', retryAfter: 3600 }],
    ['a 503 on every request', { kind: 'status', status: 503 }],
    ['a server that never answers', { kind: 'hang' }],
  ] as const) {
    it(`${name} on one instance does not slow the other`, async () => {
      h.sim.faults.add(fault);
      const [seqA, seqB] = [lastSeq(h), lastOf(other.sim)];
      // Settled after its next poll is scheduled: the next tick cannot come before it.
      const healthy = () => h.engine.snapshot().instances.find((i) => i.instanceUrl === other.sim.url)!;
      for (let poll = 1; poll <= 15; poll++) {
        await clock.tickAsync(intervalMs);
        await waitFor(() => healthy().lastSuccessAt === Date.now(), `poll ${poll} of the healthy instance`);
      }
      h.engine.pause();
      // One poll per interval, as if the other instance were fine; a shared backoff would allow 3–4.
      assert.equal(listsOf(other.sim, seqB) / 8, 15, 'the healthy instance polled every interval');
      // GitLab's wait is honoured, and a request that hangs is not sent again while it hangs.
      if (fault.kind !== 'status') assert.ok(listsOf(h.sim, seqA) <= 8, 'the failing instance was asked once');
      const failing = h.engine.snapshot().instances.find((i) => i.instanceUrl === h.sim.url)!;
      if (fault.kind !== 'hang') assert.equal(failing.stale, true);
      assert.equal(healthy().stale, false);
      assert.equal(healthy().error, undefined);
    });
  }
});
