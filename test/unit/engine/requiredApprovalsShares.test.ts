// Set Required Approvals names the count it changes and says the total the tree will show, with what group-level
// protected environments add (rules add up; before 17.0 unified counts do not: GitLab takes the largest).
import * as assert from 'node:assert/strict';
import { changeRequiredApprovals } from '../../../src/core/actions/runner';
import { requirementShares } from '../../../src/core/approvals/environmentRequirement';
import { hostOf } from '../actions/helpers';
import { coldLoad, instanceView, startEngine, type EngineHarness } from './helpers';

/** The environment's shares as the snapshot has them, its protection read first (as the command does). */
async function sharesOf(h: EngineHarness, projectPath: string, environmentName: string, ruleId?: number) {
  const projectId = h.sim.state.findProject(projectPath)!.id;
  await h.engine.loadProtections(instanceView(h).instanceUrl, projectId);
  const instance = instanceView(h);
  const project = instance.projects.find((p) => p.project.id === projectId)!;
  const environment = project.environments.find((e) => e.name === environmentName)!;
  return { shares: requirementShares(environment, project.project, instance.capabilities, ruleId), environment };
}

async function change(h: EngineHarness, projectPath: string, environmentName: string, count: number, ruleId?: number) {
  const instance = instanceView(h);
  const projectId = h.sim.state.findProject(projectPath)!.id;
  const where = { instanceUrl: instance.instanceUrl, projectId, environmentName };
  const outcome = await changeRequiredApprovals(hostOf(h), where, instance.capabilities!, { count, ruleId }, () =>
    Promise.resolve(true),
  );
  assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
}

describe('required approvals: the count changed and the total', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('latest: a project rule of 2 plus a group-level rule of 1 shows 3; set to 3, the tree’s total is 4', async () => {
    h = await startEngine({ sim: { scenario: 'demo' } });
    await coldLoad(h);
    const before = await sharesOf(h, 'acme/platform/billing-service', 'production');
    assert.deepEqual(before.shares, {
      own: 2,
      otherRules: 0,
      combine: 'sum',
      total: { count: 3, atLeast: false },
      elsewhere: 1,
    });

    await change(h, 'acme/platform/billing-service', 'production', 3);
    const pe = h.sim.state.findProtectedEnvironment(
      { projectId: h.sim.state.findProject('acme/platform/billing-service')!.id },
      'production',
    );
    assert.equal(pe?.approvalRules[0].requiredApprovals, 3, 'GitLab holds the new count');
    const after = await sharesOf(h, 'acme/platform/billing-service', 'production');
    assert.deepEqual(after.shares, {
      own: 3,
      otherRules: 0,
      combine: 'sum',
      total: { count: 4, atLeast: false },
      elsewhere: 1,
    });
  });

  it('16.x: a unified count of 1 under a group’s 2 shows 2 (the largest); set to 3, the total is 3', async () => {
    h = await startEngine({ sim: { scenario: 'demo', profile: '16.x' } });
    const project = h.sim.state.findProject('acme/platform/api-gateway')!;
    const environment = h.sim.state.addEnvironment({ project, name: 'perf', tier: 'staging' });
    h.sim.state.protectEnvironment({ project, name: 'perf', requiredApprovalCount: 1 });
    const platform = h.sim.state.findGroupByPath('acme/platform')!;
    h.sim.state.protectEnvironment({ group: platform, name: 'staging', requiredApprovalCount: 2 });
    h.sim.createBlockedDeployment({ project, environment, triggeredBy: 'bob' });
    await coldLoad(h);
    const before = await sharesOf(h, 'acme/platform/api-gateway', 'perf');
    assert.deepEqual(before.shares, { own: 1, otherRules: 0, combine: 'max', total: { count: 2, atLeast: false } });

    await change(h, 'acme/platform/api-gateway', 'perf', 3);
    const after = await sharesOf(h, 'acme/platform/api-gateway', 'perf');
    assert.deepEqual(after.shares, { own: 3, otherRules: 0, combine: 'max', total: { count: 3, atLeast: false } });
  });

  it('with several project rules, the chosen rule is the one named, the others counted apart', async () => {
    h = await startEngine({ sim: { scenario: 'demo' } });
    await coldLoad(h);
    // auth-service's production: a user rule and a group rule of the project, and the group-level Maintainers rule.
    const { environment } = await sharesOf(h, 'acme/platform/auth-service', 'production');
    const rules = environment.protection!.approval_rules!;
    const { shares } = await sharesOf(h, 'acme/platform/auth-service', 'production', rules[1].id);
    assert.deepEqual(shares, {
      own: 1,
      otherRules: 1,
      combine: 'sum',
      total: { count: 3, atLeast: false },
      elsewhere: 1,
    });
  });
});
