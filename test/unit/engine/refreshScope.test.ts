// What each kind of refresh reads again: a full refresh everything, an action only what it touched.
import * as assert from 'node:assert/strict';
import { lastSeq, loadedEngine, routeCounts, viewOf } from './helpers';

describe('RefreshEngine refresh scope (demo scenario)', () => {
  const h = loadedEngine();

  it('a full refresh (the Refresh button) re-reads every detail, so approvals made elsewhere show at once', async () => {
    const view = viewOf(h, 'acme/platform/api-gateway', 'staging');
    assert.equal(h.sim.approve({ deployment: view.deployment.id, as: 'alice' }).ok, true);
    const seq = lastSeq(h);
    await h.engine.refresh('full');
    assert.equal(routeCounts(h, seq)['deployments.get'], 12);
    assert.equal(viewOf(h, 'acme/platform/api-gateway', 'staging').state, 'approved-not-run');
  });

  it('after an action, only the acted-on deployment is read again (one request)', async () => {
    const view = viewOf(h, 'acme/platform/billing-service', 'production');
    const seq = lastSeq(h);
    await h.engine.refreshDeployment(view);
    assert.deepEqual(routeCounts(h, seq), { 'deployments.get': 1 });
  });

  it('after a protection change, the project’s protections and every detail in it are read again', async () => {
    const view = viewOf(h, 'acme/platform/billing-service', 'production');
    const seq = lastSeq(h);
    await h.engine.refreshProject(view.instanceUrl, view.projectId, true);
    assert.deepEqual(routeCounts(h, seq), {
      'deployments.list': 1,
      'protected_environments.list': 1,
      // Production's and staging's (approved, older than what is live there).
      'deployments.get': 2,
    });
  });
});
