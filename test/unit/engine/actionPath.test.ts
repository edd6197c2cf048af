// The action path measured: an approval costs GitLab two requests (the POST and the re-read of that deployment), no
// read before it, and GitLab's own refusal is what the person is told.
import * as assert from 'node:assert/strict';
import { approveAndRun, decide, runDeploymentJob } from '../../../src/core/actions/deploymentActions';
import type { RejectedByGitLabError } from '../../../src/core/errors';
import { lastSeq, loadedEngine, routeCounts, viewOf } from './helpers';

describe('the action path (requests per action, against the simulator)', () => {
  const h = loadedEngine();

  const targetOf = (project: string, environment: string) => {
    const view = viewOf(h, project, environment);
    return { view, target: { projectId: view.projectId, deploymentId: view.deployment.id } };
  };

  it('an approval is two requests: the POST, then the re-read of that deployment', async () => {
    const { view, target } = targetOf('acme/platform/api-gateway', 'staging');
    const since = lastSeq(h);
    await decide(h.client, target, 'approved', { comment: 'ok' });
    await h.engine.refreshDeployment(view);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
    assert.equal(viewOf(h, 'acme/platform/api-gateway', 'staging').state, 'approved-not-run');
  });

  it('a rejection is two requests, and the rejected deployment leaves the list', async () => {
    const { view, target } = targetOf('acme/web/storefront', 'production');
    const since = lastSeq(h);
    await decide(h.client, target, 'rejected', {});
    await h.engine.refreshDeployment(view);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
    assert.throws(() => viewOf(h, 'acme/web/storefront', 'production'));
  });

  it('approving a deployment someone else has just approved sends the POST and says what GitLab said', async () => {
    const { target } = targetOf('acme/platform/api-gateway', 'staging');
    assert.equal(h.sim.approve({ deployment: target.deploymentId, as: 'alice' }).ok, true);
    const since = lastSeq(h);
    const error = (await decide(h.client, target, 'approved', {}).then(
      () => assert.fail('GitLab should refuse'),
      (e: unknown) => e,
    )) as RejectedByGitLabError;
    assert.equal(error.kind, 'rejected');
    assert.match(error.userMessage, /This deployment is not waiting for approvals\./);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1 });
  });

  it('running a job is one POST; a job that cannot run is refused by GitLab in its words', async () => {
    const { view } = targetOf('acme/platform/auth-service', 'production');
    const since = lastSeq(h);
    await runDeploymentJob(h.client, { projectId: view.projectId, jobId: view.deployment.deployable!.id });
    assert.deepEqual(routeCounts(h, since), { 'jobs.play': 1 });
    const waiting = viewOf(h, 'acme/platform/billing-service', 'production');
    const error = (await runDeploymentJob(h.client, {
      projectId: waiting.projectId,
      jobId: waiting.deployment.deployable!.id,
    }).then(
      () => assert.fail('GitLab should refuse'),
      (e: unknown) => e,
    )) as RejectedByGitLabError;
    assert.match(error.userMessage, /Unplayable Job/);
  });

  it('approve and run on the last missing approval: the approval POST and the play, no read before either', async () => {
    const { view, target } = targetOf('acme/platform/api-gateway', 'staging');
    const since = lastSeq(h);
    const result = await approveAndRun(h.client, target, view, { comment: 'go' });
    assert.ok(result.job, result.notRunReason);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'jobs.play': 1 });
  });

  it('approve and run while other approvals are still needed: approves, does not play, says how many remain', async () => {
    const { view, target } = targetOf('acme/platform/billing-service', 'production');
    const since = lastSeq(h);
    const result = await approveAndRun(h.client, target, view, { representedAs: 'Maintainers' });
    assert.equal(result.job, undefined);
    assert.match(result.notRunReason ?? '', /more approval/);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1 });
  });
});
