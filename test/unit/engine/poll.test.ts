// Steady polls: one list per project, details only for what changed, and the event for deployments newly awaiting the user.
import * as assert from 'node:assert/strict';
import { coldLoad, lastSeq, loadedEngine, routeCounts, startEngine, viewOf } from './helpers';

describe('RefreshEngine polls (demo scenario)', () => {
  const h = loadedEngine();

  it('a steady poll costs exactly one request per watched project', async () => {
    // Regression: a project with no environments (demo/dotfiles) was reloaded in full on every poll (+2 requests).
    const seq = lastSeq(h);
    await h.engine.refresh('poll');
    assert.deepEqual(routeCounts(h, seq), { 'deployments.list': 8 });
    const second = lastSeq(h);
    await h.engine.refresh('poll');
    assert.deepEqual(routeCounts(h, second), { 'deployments.list': 8 });
  });

  it('a new blocked deployment appears on the next poll with one extra detail request and fires onNewAwaitingMe', async () => {
    const created = h.sim.createBlockedDeployment({
      project: 'acme/platform/api-gateway',
      environment: 'staging',
      triggeredBy: 'bob',
    });
    const seq = lastSeq(h);
    await h.engine.refresh('poll');
    assert.deepEqual(routeCounts(h, seq), { 'deployments.list': 8, 'deployments.get': 1 });
    const fresh = h.sim.requestLog.since(seq).find((e) => e.route === 'deployments.get')!;
    assert.match(fresh.path, new RegExp(`/deployments/${created.deployment.id}$`));
    assert.equal(h.newAwaitingMe.length, 1);
    assert.deepEqual(
      h.newAwaitingMe[0].map((v) => v.deployment.id),
      [created.deployment.id],
    );
  });

  it('a deployment played elsewhere disappears', async () => {
    const view = viewOf(h, 'acme/platform/auth-service', 'production');
    h.sim.state.setJobStatus(h.sim.state.jobs.get(view.deployment.deployable!.id)!, 'running');
    await h.engine.refresh('poll');
    assert.throws(() => viewOf(h, 'acme/platform/auth-service', 'production'));
  });

  it('a deployment rejected elsewhere disappears', async () => {
    const view = viewOf(h, 'acme/web/storefront', 'production');
    const result = h.sim.approve({
      deployment: view.deployment.id,
      as: 'carol',
      status: 'rejected',
      comment: 'not today',
    });
    assert.equal(result.ok, true);
    await h.engine.refresh('poll');
    assert.throws(() => viewOf(h, 'acme/web/storefront', 'production'));
  });

  it('an approval elsewhere (updated_at unchanged) shows within N polls; the re-reads are spread, never all on one poll', async () => {
    await h.close();
    Object.assign(h, await startEngine({ detailRefreshEveryPolls: 2 }));
    await coldLoad(h);
    const view = viewOf(h, 'acme/platform/api-gateway', 'staging');
    assert.equal(view.awaitingMe, true);
    assert.equal(h.sim.approve({ deployment: view.deployment.id, as: 'alice' }).ok, true);
    const rereadsPerPoll: number[] = [];
    for (let poll = 0; poll < 2; poll++) {
      const seq = lastSeq(h);
      await h.engine.refresh('poll');
      rereadsPerPoll.push(routeCounts(h, seq)['deployments.get'] ?? 0);
    }
    const after = viewOf(h, 'acme/platform/api-gateway', 'staging');
    assert.equal(after.state, 'approved-not-run', 'shown within 2 polls');
    assert.equal(after.awaitingMe, false);
    // Each of the 8 waiting deployments (not the manual and approved ones) is re-read once in 2 polls, half on each.
    assert.equal(rereadsPerPoll[0] + rereadsPerPoll[1], 8, `re-reads per poll: ${rereadsPerPoll.join(', ')}`);
    assert.ok(Math.max(...rereadsPerPoll) < 8, `re-reads per poll: ${rereadsPerPoll.join(', ')}`);
  });
});
