// The engine against every version/edition profile: no errors, and each blocked deployment classified the way that
// GitLab would treat it.
import * as assert from 'node:assert/strict';
import type { ProfileName } from '../../simulator';
import { coldLoad, deploymentsOf, instanceView, startEngine, type EngineHarness } from './helpers';

function kinds(h: EngineHarness): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of deploymentsOf(h)) counts[d.state ?? 'unknown'] = (counts[d.state ?? 'unknown'] ?? 0) + 1;
  return counts;
}

async function loaded(profile: ProfileName, seed?: (h: EngineHarness) => void): Promise<EngineHarness> {
  const h = await startEngine({ sim: { scenario: 'demo', profile } });
  seed?.(h);
  await coldLoad(h);
  const instance = instanceView(h);
  assert.equal(instance.error, undefined, `${profile}: ${instance.error?.detail}`);
  assert.ok(
    instance.projects.every((p) => p.error === undefined),
    `${profile}: a project failed`,
  );
  return h;
}

describe('RefreshEngine in every GitLab profile (demo scenario)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('ce: no approvals anywhere, every blocked deployment is a manual job, the reason is stated', async () => {
    h = await loaded('ce');
    assert.deepEqual(kinds(h), { manual: 12 });
    assert.match((instanceView(h).capabilities?.deploymentApprovals as { reason: string }).reason, /Community Edition/);
  });

  it('ee-unlicensed: projects are not Premium, nothing awaits anyone', async () => {
    h = await loaded('ee-unlicensed');
    assert.ok(instanceView(h).projects.every((p) => !p.approvals.available));
    assert.equal(deploymentsOf(h).filter((d) => d.awaitingMe || d.state === 'waiting-for-approval').length, 0);
  });

  it('14.7: a unified required count makes a deployment wait, and a Developer may approve it', async () => {
    h = await loaded('14.7', ({ sim }) => {
      const project = sim.state.findProject('acme/platform/api-gateway')!;
      const environment = sim.state.addEnvironment({ project, name: 'legacy-prod' });
      sim.state.protectEnvironment({ project, name: 'legacy-prod', requiredApprovalCount: 1 });
      sim.createBlockedDeployment({ project, environment, triggeredBy: 'bob' });
    });
    const [legacy] = deploymentsOf(h).filter((d) => d.deployment.environment.name === 'legacy-prod');
    assert.equal(legacy?.state, 'waiting-for-approval');
    assert.equal(legacy?.progress?.totalRequired, 1);
    assert.equal(legacy?.awaitingMe, true);
  });

  it('15.4: rules count; manual jobs wait as "created" deployments in this version and are listed from there', async () => {
    h = await loaded('15.4');
    assert.deepEqual(kinds(h), { 'waiting-for-approval': 8, manual: 2, 'approved-not-run': 2 });
  });

  for (const profile of ['16.x', 'latest'] as const) {
    it(`${profile}: every kind, and the deployments demo may approve`, async () => {
      h = await loaded(profile);
      assert.deepEqual(kinds(h), { 'waiting-for-approval': 8, manual: 2, 'approved-not-run': 2 });
      assert.equal(deploymentsOf(h).filter((d) => d.awaitingMe).length, 6);
    });
  }
});
