// The action path measured through the action runner (core/actions/runner.ts), the one path every command, the page,
// Approve Pipeline and the agent tools take: an approval costs GitLab two requests (the POST and the re-read of that
// deployment), no read before it, and GitLab's own refusal is what the outcome carries.
import * as assert from 'node:assert/strict';
import { myApprovalRules } from '../../../src/core/actions/approvalRules';
import { actOnDeployment } from '../../../src/core/actions/runner';
import { hostOf, located } from '../actions/helpers';
import { lastSeq, loadedEngine, routeCounts, viewOf } from './helpers';

describe('the action path (requests per action through the runner, against the simulator)', () => {
  const h = loadedEngine();

  it('an approval is two requests: the POST, then the re-read of that deployment', async () => {
    const target = located(h, 'acme/platform/api-gateway', 'staging');
    const since = lastSeq(h);
    const outcome = await actOnDeployment(hostOf(h), target, {
      kind: 'approve',
      rules: myApprovalRules(target.view),
      comment: 'ok',
      andRun: false,
    });
    assert.equal(outcome.kind, 'done');
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
    assert.equal(viewOf(h, 'acme/platform/api-gateway', 'staging').state, 'approved-not-run');
  });

  it('a rejection is two requests, and the rejected deployment leaves the list', async () => {
    const target = located(h, 'acme/web/storefront', 'production');
    const since = lastSeq(h);
    const outcome = await actOnDeployment(hostOf(h), target, { kind: 'reject' });
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.kind === 'done' && outcome.after, undefined);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
    assert.throws(() => viewOf(h, 'acme/web/storefront', 'production'));
  });

  it('approving a deployment someone else has just approved: the POST, GitLab refuses in its words, the re-read', async () => {
    const target = located(h, 'acme/platform/api-gateway', 'staging');
    assert.equal(h.sim.approve({ deployment: target.deployment.id, as: 'alice' }).ok, true);
    const since = lastSeq(h);
    const outcome = await actOnDeployment(hostOf(h), target, {
      kind: 'approve',
      rules: myApprovalRules(target.view),
      andRun: false,
    });
    assert.equal(outcome.kind, 'refused');
    assert.match(
      outcome.kind === 'refused' ? outcome.error.userMessage : '',
      /This deployment is not waiting for approvals\./,
    );
    assert.equal(outcome.kind === 'refused' && outcome.after?.view.state, 'approved-not-run');
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
  });

  it('running a job is one POST and the re-read; a job that cannot run is refused by GitLab in its words', async () => {
    const runnable = located(h, 'acme/platform/auth-service', 'production');
    const since = lastSeq(h);
    assert.equal((await actOnDeployment(hostOf(h), runnable, { kind: 'run' })).kind, 'done');
    assert.deepEqual(routeCounts(h, since), { 'jobs.play': 1, 'deployments.get': 1 });
    const waiting = located(h, 'acme/platform/billing-service', 'production');
    const refused = await actOnDeployment(hostOf(h), waiting, { kind: 'run' });
    assert.equal(refused.kind, 'refused');
    assert.match(refused.kind === 'refused' ? refused.error.userMessage : '', /Unplayable Job/);
  });

  it('approve and run on the last missing approval: the approval POST, the play, the re-read; no read before', async () => {
    const target = located(h, 'acme/platform/api-gateway', 'staging');
    const since = lastSeq(h);
    const outcome = await actOnDeployment(hostOf(h), target, {
      kind: 'approve',
      rules: myApprovalRules(target.view),
      comment: 'go',
      andRun: true,
    });
    assert.equal(outcome.kind, 'done');
    assert.ok(outcome.kind === 'done' && outcome.value.job, JSON.stringify(outcome));
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'jobs.play': 1, 'deployments.get': 1 });
  });

  it('approve and run while other approvals are still needed: approves, does not play, says why', async () => {
    const target = located(h, 'acme/platform/billing-service', 'production');
    const since = lastSeq(h);
    const outcome = await actOnDeployment(hostOf(h), target, {
      kind: 'approve',
      rules: myApprovalRules(target.view),
      andRun: true,
    });
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.kind === 'done' && outcome.value.job, undefined);
    assert.match((outcome.kind === 'done' && outcome.value.notRunReason) || '', /more approvals/);
    assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
  });
});
