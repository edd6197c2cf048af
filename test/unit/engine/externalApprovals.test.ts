// A rule whose only member is a service account (Jira Service Management's change-request gating, GitLab 17.6+) is
// recognised by reading its user once (`GET /users/:id`, `bot: true`): a deployment that waits only for it awaits
// nobody, and no person is offered it (docs/gitlab-behaviour.md#external-approvals).
import * as assert from 'node:assert/strict';
import { awaitsSomeone } from '../../../src/core/approvals/classify';
import { coldLoad, lastSeq, routeCounts, startEngine, viewOf, type EngineHarness } from './helpers';

const STOREFRONT = 'acme/web/storefront';

async function changeGated(options: { developerApproved: boolean }): Promise<EngineHarness> {
  const h = await startEngine({ sim: { scenario: 'demo' } });
  const { state } = h.sim;
  const project = state.findProject(STOREFRONT)!;
  const gate = state.addUser({ username: 'jsm-gate', name: 'Jira Change Gate', userType: 'service_account' });
  state.addEnvironment({ project, name: 'change-gated', tier: 'production' });
  const protection = state.protectEnvironment({
    project,
    name: 'change-gated',
    approvalRules: [{ accessLevel: 30 }, { user: gate }],
  });
  const { deployment } = state.addBlockedDeployment({
    project,
    environment: state.findEnvironment(project, 'change-gated')!,
    triggeredBy: state.user('bob'),
    ref: 'v3.1',
  });
  if (options.developerApproved)
    state.addApprovalRecord({
      deployment,
      user: state.user('carol'),
      status: 'approved',
      rule: protection.approvalRules[0],
    });
  await coldLoad(h);
  return h;
}

describe('external approvals (engine, against the simulator)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('waiting only for the service account: awaits nobody, labelled by the account, its user read once', async () => {
    h = await changeGated({ developerApproved: true });
    const view = viewOf(h, STOREFRONT, 'change-gated');
    assert.deepEqual(view.externalWait, { accounts: [{ username: 'jsm-gate', name: 'Jira Change Gate' }] });
    assert.deepEqual([view.awaitingMe, view.mayAwaitMe, awaitsSomeone(view)], [false, false, false]);
    assert.equal(view.eligibility?.reason, 'external-approval');
    const userReads = h.sim.requestLog.all().filter((entry) => entry.route === 'users.show');
    const gateId = h.sim.state.user('jsm-gate').id;
    assert.equal(userReads.filter((entry) => entry.path.endsWith(`/users/${gateId}`)).length, 1);
    assert.equal(new Set(userReads.map((entry) => entry.path)).size, userReads.length, 'each rule’s user read once');
    const since = lastSeq(h);
    await h.engine.refresh('full');
    assert.equal(routeCounts(h, since)['users.show'], undefined, 'and not again in the session');
  });

  it('a person still needed is awaited, and offered only the people’s rule', async () => {
    h = await changeGated({ developerApproved: false });
    const view = viewOf(h, STOREFRONT, 'change-gated');
    assert.equal(view.externalWait, undefined);
    assert.equal(view.awaitingMe, true);
    assert.deepEqual(
      view.eligibility?.ruleChoices.map((choice) => choice.rule.access_level),
      [30],
    );
    assert.match(
      view.progress!.rules[1].label,
      /^Jira Change Gate — external approval \(service account or bot @jsm-gate\)$/,
    );
  });
});
