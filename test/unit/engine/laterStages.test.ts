// Approve Pipeline and later stages: a deployment whose job's stage has not started is `created`, not `blocked`, and
// GitLab 16.2+ already accepts its approval (`waiting_for_approval?` is `pending_approval_count > 0`,
// ee/app/models/ee/deployment.rb). The engine reads them on demand; the runner approves them like any other.
import * as assert from 'node:assert/strict';
import { pipelineApprovalPlan } from '../../../src/core/actions/pipelineApproval';
import { actOnDeployment } from '../../../src/core/actions/runner';
import { myApprovalRules } from '../../../src/core/actions/approvalRules';
import { locatedDeployments } from '../../../src/core/refresh/snapshot';
import type { ProfileName } from '../../simulator';
import type { CreatedDeployment } from '../../simulator/state';
import { hostOf } from '../actions/helpers';
import { coldLoad, instanceView, lastSeq, routeCounts, startEngine, viewOf, type EngineHarness } from './helpers';

interface Release {
  h: EngineHarness;
  first: CreatedDeployment;
  later: CreatedDeployment;
}

/** storefront: `eu` waits for approval in the deploy stage; `us` is in the later `production` stage, not started. */
async function release(profile: ProfileName): Promise<Release> {
  const h = await startEngine({ sim: { scenario: 'demo', profile } });
  const { state } = h.sim;
  const project = state.findProject('acme/web/storefront')!;
  const security = state.findGroupByPath('security')!;
  const bob = state.user('bob');
  for (const name of ['eu', 'us']) {
    state.addEnvironment({ project, name, tier: 'staging' });
    state.protectEnvironment({ project, name, approvalRules: [{ group: security }] });
  }
  const first = state.addBlockedDeployment({
    project,
    environment: state.findEnvironment(project, 'eu')!,
    triggeredBy: bob,
    ref: 'v2.0',
  });
  const later = state.addDeployment({
    project,
    environment: state.findEnvironment(project, 'us')!,
    triggeredBy: bob,
    pipeline: first.pipeline,
    jobStatus: 'created',
    stage: 'production',
  });
  await coldLoad(h);
  return { h, first, later };
}

describe('approving a pipeline’s later stages', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('latest: reads the later stage’s deployment (1 list + 1 detail) and plans to approve it with the blocked one', async () => {
    const r = await release('latest');
    h = r.h;
    const pipeline = {
      instanceUrl: instanceView(h).instanceUrl,
      projectId: r.first.pipeline.projectId,
      pipelineId: r.first.pipeline.id,
    };
    const since = lastSeq(h);
    const { deployments } = await h.engine.laterStageDeployments(
      pipeline.instanceUrl,
      pipeline.projectId,
      pipeline.pipelineId,
    );
    assert.deepEqual(routeCounts(h, since), { 'deployments.list': 1, 'deployments.get': 1 });
    assert.deepEqual(
      deployments.map((d) => [d.environment.name, d.deployment.status, d.view.state, d.view.awaitingMe]),
      [['us', 'created', 'waiting-for-approval', true]],
    );
    const plan = pipelineApprovalPlan([...locatedDeployments(h.engine.snapshot()), ...deployments], pipeline);
    assert.deepEqual(plan.toApprove.map((l) => l.environment.name).sort(), ['eu', 'us']);
  });

  it('latest: the approval ahead of the stage counts in GitLab, and the re-read shows it', async () => {
    const r = await release('latest');
    h = r.h;
    const { instanceUrl } = instanceView(h);
    const [us] = (await h.engine.laterStageDeployments(instanceUrl, r.later.pipeline.projectId, r.later.pipeline.id))
      .deployments;
    const outcome = await actOnDeployment(hostOf(h), us, {
      kind: 'approve',
      rules: myApprovalRules(us.view),
      comment: 'Release 2.0',
      andRun: false,
    });
    assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
    const recorded = h.sim.state.approvalsOf(r.later.deployment);
    assert.deepEqual(
      recorded.map((a) => [h!.sim.state.users.get(a.userId)?.username, a.status, a.comment]),
      [['demo', 'approved', 'Release 2.0']],
    );
    assert.equal(outcome.after?.view.progress?.totalApproved, 1);
    assert.equal(outcome.after?.view.progress?.totalRequired, 1);
    assert.equal(outcome.after?.view.state, 'approved-not-run');

    // The stage starts: the job turns manual, the deployment blocked, already approved.
    h.sim.state.setJobStatus(r.later.job, 'manual');
    await h.engine.refresh('full');
    assert.equal(viewOf(h, 'acme/web/storefront', 'us').state, 'approved-not-run');
  });

  it('latest: a rejection ahead of the stage fails the job for good, as GitLab’s drop! does', async () => {
    const r = await release('latest');
    h = r.h;
    const result = h.sim.approve({ deployment: r.later.deployment, as: 'carol', status: 'rejected' });
    assert.equal(result.ok, true);
    assert.equal(r.later.job.status, 'failed');
    assert.equal(r.later.job.failureReason, 'deployment_rejected');
  });

  it('16.1: GitLab refuses approvals ahead of the stage, so none are read (no request)', async () => {
    const r = await release('16.1');
    h = r.h;
    const refused = h.sim.approve({ deployment: r.later.deployment, as: 'demo' });
    assert.deepEqual(refused, {
      ok: false,
      httpStatus: 400,
      body: { message: 'This deployment is not waiting for approvals.' },
    });
    const since = lastSeq(h);
    const read = await h.engine.laterStageDeployments(
      instanceView(h).instanceUrl,
      r.later.pipeline.projectId,
      r.later.pipeline.id,
    );
    assert.deepEqual(read.deployments, []);
    assert.deepEqual(routeCounts(h, since), {});
  });
});
