// GitLab says the rate-limit budget is spent (`RateLimit-Remaining: 0`) on an ordinary 200. A background refresh must
// not sit silently until the window resets (up to an hour): it stops, the instance keeps its data marked stale, and the
// snapshot says when the wait ends, the way a 429 does. A Refresh click waits for nothing; the user's own actions never
// wait behind this background gate.
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { blockedDeploymentId, projectIdOf } from '../client/helpers';
import { coldLoad, instanceView, lastSeq, routeCounts, startEngine, type EngineHarness } from '../engine/helpers';

const HOUR_MS = 3_600_000;

describe('transport: a rate-limit budget spent on ordinary answers', () => {
  let clock: sinon.SinonFakeTimers;
  let h: EngineHarness;
  let fullLoadRequests: number;

  beforeEach(async () => {
    // Only the clock is fake (the simulator's windows and the client's wait read it); sockets and timers run for real.
    clock = sinon.useFakeTimers({ now: Date.parse('2026-12-01T10:00:00Z'), toFake: ['Date'] });
    h = await startEngine();
    await coldLoad(h);
    fullLoadRequests = h.sim.requestLog.length;
    h.sim.faults.add({ kind: 'budget-spent', resetIn: 3600 });
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('a refresh stops and says so: data kept and marked stale, the wait’s end in the snapshot', async () => {
    const seq = lastSeq(h);
    await h.engine.refresh('full');
    const instance = instanceView(h);
    assert.equal(instance.error?.kind, 'rate-limited', `${instance.error?.kind}: ${instance.error?.detail}`);
    assert.equal(instance.stale, true);
    assert.ok(instance.projects.length > 0, 'the last good data is kept');
    assert.equal(instance.nextAttemptAt, Date.now() + HOUR_MS);
    assert.match(instance.error.userMessage, /waits 60 min|waits 1 h/);
    assert.doesNotMatch(instance.error.userMessage, /429/, 'GitLab answered 200, not 429');
    // Only the first requests (sent together, before any answer said the budget was spent) went out.
    const sent = h.sim.requestLog.since(seq).length;
    assert.ok(sent < fullLoadRequests / 2, `${sent} of ${fullLoadRequests}: ${JSON.stringify(routeCounts(h, seq))}`);
  });

  it('Refresh sends nothing and returns at once while the wait runs; the snapshot still says when it ends', async () => {
    await h.engine.refresh('full');
    const seq = lastSeq(h);
    await h.engine.refresh('full');
    assert.deepEqual(routeCounts(h, seq), {});
    assert.equal(instanceView(h).error?.kind, 'rate-limited');
    assert.equal(instanceView(h).nextAttemptAt, Date.now() + HOUR_MS);
  });

  it('the user’s own approval and the reads it makes do not wait behind the background gate', async () => {
    await h.engine.refresh('full');
    const project = projectIdOf(h.sim, 'acme/platform/api-gateway');
    const deploymentId = blockedDeploymentId(h.sim, 'acme/platform/api-gateway', 'staging');
    const seq = lastSeq(h);
    await h.client.deployment(project, deploymentId, { userAction: true });
    await h.client.setApproval(project, deploymentId, { status: 'approved' });
    assert.deepEqual(
      h.sim.requestLog.since(seq).map((e) => `${e.route} ${e.status}`),
      ['deployments.get 200', 'deployments.approve 201'],
    );
  });

  it('once the window has reset, the next refresh goes and the data is fresh again', async () => {
    await h.engine.refresh('full');
    h.sim.faults.clear();
    clock.tick(HOUR_MS);
    await h.engine.refresh('full');
    assert.equal(instanceView(h).error, undefined);
    assert.equal(instanceView(h).stale, false);
  });
});
