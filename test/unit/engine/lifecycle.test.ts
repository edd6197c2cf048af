// Single-flight, pause/resume, failures (stale data kept, typed error, backoff, GitLab's retry time) and per-project isolation.
import * as assert from 'node:assert/strict';
import type { RejectedByGitLabError } from '../../../src/core/errors';
import {
  coldLoad,
  deploymentsOf,
  instanceView,
  lastSeq,
  routeCounts,
  fakePollClock,
  startEngine,
  waitFor,
  type EngineHarness,
} from './helpers';

describe('RefreshEngine lifecycle (demo scenario)', () => {
  let h: EngineHarness;
  let intervalMs = 60_000;
  beforeEach(async () => {
    intervalMs = 60_000;
    h = await startEngine({ engine: { intervalMs: () => intervalMs, maxBackoffMs: 10_000 } });
    await coldLoad(h);
  });
  afterEach(() => h.close());

  it('concurrent refresh() calls share one set of requests', async () => {
    const seq = lastSeq(h);
    const calls = [h.engine.refresh('poll'), h.engine.refresh('poll'), h.engine.refresh()];
    assert.equal(h.engine.snapshot().refreshing, true);
    await Promise.all(calls);
    assert.deepEqual(routeCounts(h, seq), { 'deployments.list': 8 });
  });

  it('pause cancels a refresh under way and sends nothing more; refresh() while paused is a no-op', async () => {
    h.sim.faults.add({ kind: 'hang' });
    const sent = lastSeq(h);
    const refreshing = h.engine.refresh('full');
    await waitFor(() => lastSeq(h) > sent, 'a request under way');
    const clock = fakePollClock();
    try {
      h.engine.pause();
      const atPause = lastSeq(h);
      await refreshing;
      h.sim.faults.clear();
      await h.engine.refresh('poll');
      await clock.tickAsync(10 * intervalMs); // ten intervals pass while paused
      assert.equal(lastSeq(h), atPause, `requests after pause: ${JSON.stringify(routeCounts(h, atPause))}`);
    } finally {
      clock.restore();
    }
    assert.equal(instanceView(h).stale, false, 'a cancelled refresh is not a failure');
    assert.equal(deploymentsOf(h).length, 12);
  });

  it('resume refreshes at once when the data is older than the interval, not before', async () => {
    const clock = fakePollClock();
    try {
      h.engine.pause();
      h.engine.resume();
      assert.equal(h.engine.snapshot().refreshing, false, 'fresh data: no refresh on resume');
      h.engine.pause();
      await clock.tickAsync(intervalMs + 1);
      const seq = lastSeq(h);
      h.engine.resume();
      assert.equal(h.engine.snapshot().refreshing, true, 'stale data: refresh starts on resume');
      await waitFor(() => !h.engine.snapshot().refreshing, 'the refresh');
      h.engine.pause();
      assert.ok((routeCounts(h, seq)['deployments.list'] ?? 0) >= 8);
    } finally {
      clock.restore();
    }
  });

  for (const [name, fault, kind] of [
    ['a 503', { kind: 'status', status: 503 }, 'rejected'],
    ['a connection reset', { kind: 'reset' }, 'network'],
  ] as const) {
    it(`${name} on every list keeps the last data, marks the instance stale (${kind}) and recovers when cleared`, async () => {
      h.sim.faults.add({ ...fault, route: 'deployments.list' });
      await h.engine.refresh('poll');
      const instance = instanceView(h);
      assert.equal(instance.stale, true);
      assert.equal(instance.error?.kind, kind);
      if (kind === 'rejected') assert.equal((instance.error as RejectedByGitLabError).status, 503);
      assert.equal(deploymentsOf(h).length, 12, 'last good data kept');
      h.sim.faults.clear();
      await h.engine.refresh('poll');
      assert.equal(instanceView(h).stale, false);
      assert.equal(instanceView(h).error, undefined);
      assert.equal(deploymentsOf(h).length, 12);
    });
  }

  it('backs off after failures: the wait doubles per failure', async () => {
    h.sim.faults.add({ kind: 'status', status: 503, route: 'deployments.list' });
    intervalMs = 100;
    const clock = fakePollClock();
    // Counted at the engine's own refresh boundaries: the transport retries a 503, so one poll sends several lists.
    let polls = 0;
    let refreshing = false;
    const listener = h.engine.onDidChange((snapshot) => {
      if (snapshot.refreshing === refreshing) return;
      refreshing = snapshot.refreshing;
      if (refreshing) polls++;
    });
    const pollDone = (n: number) => waitFor(() => polls === n && !refreshing, `poll ${n} to finish`);
    try {
      await h.engine.refresh('poll'); // failure 1 → the next in 2 × 100 ms
      await clock.tickAsync(199);
      assert.equal(polls, 1, 'no poll before 2 × interval');
      await clock.tickAsync(1);
      await pollDone(2); // failure 2 → the next in 4 × 100 ms
      await clock.tickAsync(399);
      assert.equal(polls, 2, 'no poll before 4 × interval');
      await clock.tickAsync(1);
      await pollDone(3);
    } finally {
      h.engine.pause();
      listener.dispose();
      clock.restore();
    }
  });

  it("honours GitLab's retry time after a 429 longer than the client's cap", async () => {
    h.sim.faults.add({ kind: 'rate-limit', retryAfter: 2, route: 'deployments.list' });
    intervalMs = 50;
    const clock = fakePollClock();
    try {
      await h.engine.refresh('poll');
      assert.equal(instanceView(h).error?.kind, 'rate-limited');
      assert.equal(instanceView(h).stale, true);
      h.sim.faults.clear();
      const seq = lastSeq(h);
      await clock.tickAsync(1_900); // the backoff (2 × 50 ms) is long past; Retry-After: 2 is not
      assert.equal(lastSeq(h), seq, 'no request before Retry-After: 2');
      await clock.tickAsync(200);
      await waitFor(() => !instanceView(h).stale && !h.engine.snapshot().refreshing, 'the poll after Retry-After');
    } finally {
      h.engine.pause();
      clock.restore();
    }
  });

  it('a token revoked mid-session → unauthorized, last data kept', async () => {
    h.sim.state.tokens.get(h.token.value)!.revoked = true;
    await h.engine.refresh('poll');
    const instance = instanceView(h);
    assert.equal(instance.error?.kind, 'unauthorized');
    assert.equal(instance.stale, true);
    assert.equal(deploymentsOf(h).length, 12);
  });

  for (const [status, kind, body] of [
    [403, 'forbidden', '{"message":"403 Forbidden"}'],
    [404, 'not-found', '{"message":"404 Project Not Found"}'],
  ] as const) {
    it(`a ${status} on one project marks that project only (${kind})`, async () => {
      const storefront = h.sim.state.findProject('acme/web/storefront')!;
      h.sim.faults.add({
        kind: 'status',
        status,
        body,
        contentType: 'application/json',
        path: `/projects/${storefront.id}/deployments$`,
      });
      const other = h.sim.createBlockedDeployment({
        project: 'acme/platform/api-gateway',
        environment: 'staging',
        triggeredBy: 'bob',
      });
      await h.engine.refresh('poll');
      const instance = instanceView(h);
      assert.equal(instance.stale, false);
      const failed = instance.projects.filter((p) => p.error);
      assert.deepEqual(
        failed.map((p) => [p.project.id, p.error?.kind]),
        [[storefront.id, kind]],
      );
      assert.ok(
        deploymentsOf(h).some((d) => d.deployment.id === other.deployment.id),
        'other projects still refresh',
      );
    });
  }
});
