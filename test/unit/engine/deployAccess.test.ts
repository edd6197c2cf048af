// Running a job one may not deploy makes GitLab fail it; the engine finds out from the protection, read on demand.
import * as assert from 'node:assert/strict';
import { coldLoad, deploymentsOf, startEngine, type EngineHarness } from './helpers';

describe('RefreshEngine deploy access (demo scenario)', () => {
  let h: EngineHarness;
  afterEach(() => h.close());

  it('once the protection is read, knows a Maintainer is not a deployer of an environment only alice may deploy to', async () => {
    h = await startEngine();
    const docs = h.sim.state.findProject('acme/web/docs-site')!;
    const environment = h.sim.state.addEnvironment({ project: docs, name: 'alice-only' });
    h.sim.state.protectEnvironment({
      project: docs,
      name: 'alice-only',
      deployAccessLevels: [{ user: h.sim.state.user('alice') }],
    });
    h.sim.createBlockedDeployment({ project: docs, environment, triggeredBy: 'bob' });
    await coldLoad(h);
    const before = deploymentsOf(h).find((d) => d.deployment.environment.name === 'alice-only')!;
    assert.equal(before.state, 'manual');
    await h.engine.loadProtections(before.instanceUrl, before.projectId);
    const view = deploymentsOf(h).find((d) => d.deployment.environment.name === 'alice-only');
    assert.equal(view?.deployAccess, 'denied');
    const approved = deploymentsOf(h).find((d) => d.state === 'approved-not-run')!;
    await h.engine.loadProtections(approved.instanceUrl, approved.projectId);
    const approvedNow = deploymentsOf(h).find((d) => d.deployment.id === approved.deployment.id);
    assert.equal(approvedNow?.deployAccess, 'allowed', 'demo deploys to auth-service production as a Maintainer');
  });

  it('cannot know for a Developer, who may not read protections', async () => {
    h = await startEngine();
    await coldLoad(h);
    const storefront = deploymentsOf(h).filter(
      (d) => d.deployment.environment.name === 'staging' && d.state === 'manual',
    );
    assert.ok(storefront.some((d) => d.deployAccess === 'unknown'));
  });
});
