// Single-flight, pause/resume, failures (stale data kept, typed error, backoff, GitLab's retry time) and per-project isolation.
import * as assert from 'node:assert/strict';
import type { RejectedByGitLabError } from '../../../src/core/errors';
import {
  coldLoad,
  deploymentsOf,
  instanceView,
  lastSeq,
  routeCounts,
  sleep,
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
    h.sim.faults.add({ kind: 'latency', ms: 200 });
    const refreshing = h.engine.refresh('full');
    await sleep(50);
    h.engine.pause();
    const atPause = lastSeq(h);
    await refreshing;
    await h.engine.refresh('poll');
    await sleep(300);
    assert.equal(lastSeq(h), atPause, `requests after pause: ${JSON.stringify(routeCounts(h, atPause))}`);
    assert.equal(instanceView(h).stale, false, 'a cancelled refresh is not a failure');
    assert.equal(deploymentsOf(h).length, 11);
  });

  it('resume refreshes at once when the data is older than the interval, not before', async () => {
    h.engine.pause();
    h.engine.resume();
    assert.equal(h.engine.snapshot().refreshing, false, 'fresh data: no refresh on resume');
    h.engine.pause();
    intervalMs = 20;
    await sleep(40);
    const seq = lastSeq(h);
    h.engine.resume();
    assert.equal(h.engine.snapshot().refreshing, true, 'stale data: refresh starts on resume');
    await waitFor(() => !h.engine.snapshot().refreshing, 5_000, 'the refresh');
    h.engine.pause();
    assert.ok((routeCounts(h, seq)['deployments.list'] ?? 0) >= 8);
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
      assert.equal(deploymentsOf(h).length, 11, 'last good data kept');
      h.sim.faults.clear();
      await h.engine.refresh('poll');
      assert.equal(instanceView(h).stale, false);
      assert.equal(instanceView(h).error, undefined);
      assert.equal(deploymentsOf(h).length, 11);
    });
  }

  it('backs off after failures: the wait doubles per failure', async () => {
    h.sim.faults.add({ kind: 'status', status: 503, route: 'deployments.list' });
    intervalMs = 100;
    // Measured from the engine's own refresh boundaries, not from request times: the transport retries a 503, so one
    // poll's requests are spread out, and under load a gap between them looks like a new poll.
    const starts: number[] = [];
    const ends: number[] = [];
    let refreshing = false;
    const listener = h.engine.onDidChange((snapshot) => {
      if (snapshot.refreshing === refreshing) return;
      refreshing = snapshot.refreshing;
      (refreshing ? starts : ends).push(Date.now());
    });
    try {
      await h.engine.refresh('poll'); // failure 1 → next in 200 ms
      await waitFor(() => starts.length >= 3, 5_000, 'two scheduled polls'); // failure 2 → 400 ms, failure 3
    } finally {
      h.engine.pause();
      listener.dispose();
    }
    // The next attempt is due the backoff after the previous one started (10 ms for the listeners' own lag).
    const gaps = [starts[1] - starts[0], starts[2] - starts[1]];
    assert.ok(ends.length >= 2, 'the failed refreshes ended');
    assert.ok(gaps[0] >= 190, `first gap ${gaps[0]} ms < 2 × interval`);
    assert.ok(gaps[1] >= 390, `second gap ${gaps[1]} ms < 4 × interval`);
  });

  it("honours GitLab's retry time after a 429 longer than the client's cap", async () => {
    h.sim.faults.add({ kind: 'rate-limit', retryAfter: 2, route: 'deployments.list' });
    intervalMs = 50;
    const seq = lastSeq(h);
    await h.engine.refresh('poll');
    assert.equal(instanceView(h).error?.kind, 'rate-limited');
    assert.equal(instanceView(h).stale, true);
    h.sim.faults.clear();
    await waitFor(() => pollStarts(h, seq).length >= 2, 6_000, 'the next poll');
    await waitFor(() => !h.engine.snapshot().refreshing, 5_000, 'the poll to finish');
    h.engine.pause();
    const [first, second] = pollStarts(h, seq);
    assert.ok(second - first >= 1_900, `next poll after ${second - first} ms, before Retry-After: 2`);
    assert.equal(instanceView(h).stale, false);
  });

  it('a token revoked mid-session → unauthorized, last data kept', async () => {
    h.sim.state.tokens.get(h.token.value)!.revoked = true;
    await h.engine.refresh('poll');
    const instance = instanceView(h);
    assert.equal(instance.error?.kind, 'unauthorized');
    assert.equal(instance.stale, true);
    assert.equal(deploymentsOf(h).length, 11);
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

/** When each poll began: the first blocked-deployments list of each burst (a burst = lists within 100 ms). */
function pollStarts(h: EngineHarness, since: number): number[] {
  const times = h.sim.requestLog
    .since(since)
    .filter((e) => e.route === 'deployments.list')
    .map((e) => Date.parse(e.time));
  return times.filter((t, i) => i === 0 || t - times[i - 1] > 100);
}
