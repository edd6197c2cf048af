// How many approvals a deployment or an environment needs, as each GitLab version counts them
// (docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version): before 17.0 an environment without
// rules requires the largest unified count of its protected environments; 17.0 ignores that count; before 16.2 the
// pending count is flat (required minus every approval) and reaches 0 while a rule is unmet.
import * as assert from 'node:assert/strict';
import { environmentRequirement } from '../../../src/core/approvals/environmentRequirement';
import type { ProfileName } from '../../simulator';
import { coldLoad, instanceView, startEngine, viewOf, type EngineHarness } from './helpers';

async function loaded(profile: ProfileName, seed: (h: EngineHarness) => void): Promise<EngineHarness> {
  const h = await startEngine({ sim: { scenario: 'demo', profile } });
  seed(h);
  await coldLoad(h);
  return h;
}

/** The environment as the snapshot has it, with its protection read, and the requirement the tree shows for it. */
async function requirementOf(h: EngineHarness, projectPath: string, environmentName: string) {
  const instance = instanceView(h);
  const projectId = h.sim.state.findProject(projectPath)!.id;
  await h.engine.loadProtections(instance.instanceUrl, projectId);
  const fresh = instanceView(h);
  const project = fresh.projects.find((p) => p.project.id === projectId)!;
  const environment = project.environments.find((e) => e.name === environmentName)!;
  return environmentRequirement(environment, project.project, fresh.capabilities);
}

describe('approval counts by GitLab version', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** api-gateway's `perf` (staging tier) requires 1; the group acme/platform protects the staging tier with 2. */
  function unifiedCounts({ sim }: EngineHarness, withDeployment: boolean): void {
    const project = sim.state.findProject('acme/platform/api-gateway')!;
    const environment = sim.state.addEnvironment({ project, name: 'perf', tier: 'staging' });
    sim.state.protectEnvironment({ project, name: 'perf', requiredApprovalCount: 1 });
    sim.state.protectEnvironment({
      group: sim.state.findGroupByPath('acme/platform')!,
      name: 'staging',
      requiredApprovalCount: 2,
    });
    if (withDeployment) sim.createBlockedDeployment({ project, environment, triggeredBy: 'bob' });
  }

  it('16.x: without rules an environment requires the largest unified count, read from a waiting deployment', async () => {
    h = await loaded('16.x', (harness) => unifiedCounts(harness, true));
    const perf = viewOf(h, 'acme/platform/api-gateway', 'perf');
    assert.equal(perf.state, 'waiting-for-approval');
    assert.equal(perf.progress?.totalRequired, 2, 'GitLab takes the maximum of 1 and 2');
    assert.deepEqual(await requirementOf(h, 'acme/platform/api-gateway', 'perf'), { count: 2, atLeast: false });
  });

  it('16.x: with nothing waiting, the project’s own unified count is a floor (a group may require more, not add)', async () => {
    h = await loaded('16.x', (harness) => unifiedCounts(harness, false));
    await h.engine.loadEnvironments();
    assert.deepEqual(await requirementOf(h, 'acme/platform/api-gateway', 'perf'), { count: 1, atLeast: true });
  });

  it('latest: the unified count is ignored, so an environment without rules requires nothing', async () => {
    h = await loaded('latest', ({ sim }) => {
      const project = sim.state.findProject('acme/platform/api-gateway')!;
      sim.state.addEnvironment({ project, name: 'perf', tier: 'staging' });
      // A count left from before 17.0 (the API still returns the field; GitLab no longer counts it).
      sim.state.protectEnvironment({ project, name: 'perf', requiredApprovalCount: 2 });
    });
    await h.engine.loadEnvironments();
    assert.equal(await requirementOf(h, 'acme/platform/api-gateway', 'perf'), undefined);
  });

  it('16.1: a flat pending count of 0 with a rule unmet is approved, not run (GitLab lets the job run)', async () => {
    h = await loaded('16.1', ({ sim }) => {
      const project = sim.state.findProject('acme/web/storefront')!;
      const environment = sim.state.addEnvironment({ project, name: 'eu', tier: 'staging' });
      sim.state.protectEnvironment({
        project,
        name: 'eu',
        approvalRules: [{ group: sim.state.findGroupByPath('acme/web')! }, { user: sim.state.user('alice') }],
      });
      const { deployment } = sim.createBlockedDeployment({ project, environment, triggeredBy: 'dave' });
      // Two members of Web approve under the Web rule; alice's rule is unmet. 2 required − 2 approvals = 0 pending.
      for (const as of ['bob', 'carol']) assert.equal(sim.approve({ deployment, as }).ok, true, `${as} approves`);
    });
    const eu = viewOf(h, 'acme/web/storefront', 'eu');
    assert.equal(eu.detail?.pending_approval_count, 0, 'GitLab 16.1 counts pending flat');
    assert.equal(eu.state, 'approved-not-run');
    assert.equal(eu.awaitingMe, false);
  });
});
