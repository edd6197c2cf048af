// Issue 18 against the simulator: an approval GitLab may accept is offered and counted apart; a user in two rules
// picks the rule; GitLab's refusal is remembered for the deployment.
import * as assert from 'node:assert/strict';
import { myApprovalRules } from '../../../src/core/actions/approvalRules';
import { neededFromMe } from '../../../src/core/actions/availableActions';
import { isGitLabError } from '../../../src/core/errors';
import { DEMO } from '../simulator/helpers';
import { addUncertainApprover, type UncertainApprover } from '../../simulator';
import { coldLoad, startEngine, viewOf, type EngineHarness } from './helpers';

const RELAY = 'partners/integrations/webhooks-relay';
const GATEWAY = 'acme/platform/api-gateway';

async function approve(h: EngineHarness, deploymentId: number, projectId: number, representedAs?: string) {
  return h.client.setApproval(projectId, deploymentId, { status: 'approved', representedAs });
}

describe('approvals GitLab may accept (issue 18)', () => {
  const h = {} as EngineHarness;
  let relay: UncertainApprover;
  beforeEach(async () => {
    Object.assign(h, await startEngine());
    relay = addUncertainApprover(h.sim.state);
    await coldLoad(h);
  });
  afterEach(() => h.close());

  it('offers a Developer through a subgroup Approve under a role rule it cannot place, counted apart, and GitLab accepts it', async () => {
    const view = viewOf(h, RELAY, 'production');
    assert.deepEqual(
      [view.eligibility?.canApprove, view.eligibility?.uncertain, view.awaitingMe, view.mayAwaitMe],
      [true, true, false, true],
    );
    assert.equal(neededFromMe(view, 30), 'mayApprove');
    const approval = await approve(h, relay.acceptedId, view.projectId);
    assert.equal(approval.status, 'approved');
    await h.engine.refreshDeployment(view);
    assert.equal(viewOf(h, RELAY, 'production').state, 'approved-not-run');
  });

  it('reports a new deployment that may await the user, as it does one that surely does (a notification)', async () => {
    const created = h.sim.createBlockedDeployment({ project: RELAY, environment: 'production', triggeredBy: 'alice' });
    await h.engine.refresh('poll');
    const fired = h.newAwaitingMe.flat().filter((v) => v.deployment.id === created.deployment.id);
    assert.deepEqual(
      fired.map((v) => v.mayAwaitMe),
      [true],
    );
  });

  it('remembers GitLab’s refusal under a group-level rule: no longer offered nor counted', async () => {
    const view = viewOf(h, RELAY, 'staging');
    assert.equal(view.mayAwaitMe, true);
    const [rule] = myApprovalRules(view);
    assert.equal(rule.certain, false);
    const refusal = await approve(h, relay.refusedId, view.projectId).then(
      () => assert.fail('GitLab should refuse: demo has no role in partners'),
      (error: unknown) => error,
    );
    assert.ok(isGitLabError(refusal) && refusal.kind === 'rejected', String(refusal));
    h.engine.rememberApprovalRefusal(view, [rule.ruleId!], refusal.userMessage);
    await h.engine.refreshDeployment(view);
    const after = viewOf(h, RELAY, 'staging');
    assert.deepEqual(
      [after.eligibility?.canApprove, after.eligibility?.reason, after.mayAwaitMe, neededFromMe(after, 30)],
      [false, 'refused-by-gitlab', false, undefined],
    );
    // What is remembered changes nothing on a poll that changes nothing: the same views (the tree rebuilds no rows).
    await h.engine.refresh('poll');
    const projects = h.engine.snapshot().instances[0].projects;
    await h.engine.refresh('poll');
    const changed = h.engine.snapshot().instances[0].projects.filter((project, i) => project !== projects[i]);
    assert.deepEqual(
      changed.map((p) => p.project.path),
      [],
    );
  });

  it('lets a user in two rules approve under each, and says "already approved" only after both', async () => {
    const view = viewOf(h, GATEWAY, 'production');
    const mine = myApprovalRules(view);
    assert.deepEqual(
      mine.map((r) => [r.name, r.label, r.certain]),
      [
        ['Security', 'Security', true],
        ['Maintainers', 'Maintainers', false],
      ],
    );
    await approve(h, DEMO.waitingSeveralPes, view.projectId, 'Security');
    await h.engine.refreshDeployment(view);
    const half = viewOf(h, GATEWAY, 'production');
    assert.notEqual(half.eligibility?.reason, 'already-approved');
    assert.deepEqual(
      myApprovalRules(half).map((r) => r.name),
      ['Maintainers'],
    );
    assert.equal(half.mayAwaitMe, true);
    await approve(h, DEMO.waitingSeveralPes, view.projectId, 'Maintainers');
    await h.engine.refreshDeployment(view);
    assert.equal(viewOf(h, GATEWAY, 'production').state, 'approved-not-run');
  });
});
