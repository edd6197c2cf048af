import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import { contextTags, deploymentNode, newRowAwaitingMe, runCommand, signedInSuite, waitFor } from './support/harness';

// Approving as a person does it: the rule first with its progress, all of one's rules at once, one sentence per outcome
// naming the project, Run Now after the last approval, Open Job after Run, and a row that changed meanwhile.
describe('approving against the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });

  const demoApprovals = (node: DeploymentNode) =>
    [...host.sim.state.approvals.values()].filter(
      (a) => a.deploymentId === node.deployment.id && a.userId === host.sim.state.user('demo').id,
    );
  /** Answers every notification with the first of `choices` it offers; records the messages. */
  const answerInfo = (...choices: string[]) => {
    const shown: string[] = [];
    host.sandbox
      .stub(vscode.window, 'showInformationMessage')
      .callsFake(async (message: string, ...actions: unknown[]) => {
        shown.push(message);
        return choices.find((choice) => actions.includes(choice)) as never;
      });
    return shown;
  };

  it('Approve… under all my rules: the rule first with its progress, one request per rule, one sentence', async () => {
    // A deployment demo may approve under two rules: a user rule for demo and the security group's rule.
    const project = host.sim.state.findProject('acme/platform/billing-service')!;
    // Tier staging: acme/platform's group-level rule covers the production tier only.
    host.sim.state.addEnvironment({ project, name: 'eu-production', tier: 'staging' });
    host.sim.state.protectEnvironment({
      project,
      name: 'eu-production',
      approvalRules: [{ user: host.sim.state.user('demo') }, { group: host.sim.state.findGroupByPath('security')! }],
    });
    host.sim.createBlockedDeployment({ project, environment: 'eu-production', triggeredBy: 'bob' });
    await host.api.engine.refresh('full');
    await waitFor(
      () =>
        host.api.tree.currentShape
          .visibleDeployments()
          .some((n) => n.environment.name === 'eu-production' && n.view.awaitingMe),
      'the new deployment awaiting demo',
    );
    const node = deploymentNode(host.api, 'acme/platform/billing-service', 'eu-production') as DeploymentNode;
    assert.ok(
      contextTags(host.api, node).includes('canApproveAndRun'),
      'both rules are demo’s: the job could run after',
    );

    // The fake only records what was offered and answers; the asserts come after the command (inside a fake, the
    // command's own error handling would swallow them).
    let offered: vscode.QuickPickItem[] = [];
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => {
      offered = (await items) as vscode.QuickPickItem[];
      return offered[0] as never;
    });
    const comment = host.sandbox.stub(vscode.window, 'showInputBox').resolves('Both hats');
    const shown = answerInfo('Run Now', 'Open Job');
    // Run Now asks the run question first (src/shell/commands/confirmRun.ts).
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Run' as unknown as vscode.MessageItem);
    const open = host.sandbox.stub(vscode.env, 'openExternal').resolves(true);
    await runCommand(COMMANDS.approve, node);

    assert.match(offered[0]?.label ?? '', /All my rules/);
    assert.equal(offered.length, 3);
    assert.ok(offered.slice(1).every((item) => /0\/1 approved, 1 more needed/.test(item.description ?? '')));
    assert.ok(pick.calledBefore(comment), 'the rule is asked before the comment');
    const approvals = demoApprovals(node);
    assert.equal(approvals.length, 2, 'one approval per rule');
    assert.equal(new Set(approvals.map((a) => a.approvalRuleId)).size, 2);
    assert.ok(approvals.every((a) => a.comment === 'Both hats'));
    assert.match(
      shown[0],
      /^Fully approved — #\d+ main → eu-production \(acme\/platform\/billing-service\) as .+ and .+ has every approval it needs\.$/,
    );
    // Run Now (chosen above) starts the job at once; its result offers Open Job.
    await waitFor(() => shown.length >= 2, 'the Run result');
    assert.match(
      shown[1],
      /^Started job \S+ \(pending\) — #\d+ main → eu-production \(acme\/platform\/billing-service\)\.$/,
    );
    assert.equal(host.sim.state.jobs.get(node.deployment.deployable!.id)?.status, 'pending');
    await waitFor(() => open.called, 'Open Job to open the job');
    assert.match(open.firstCall.args[0].toString(true), /\/acme\/platform\/billing-service\/-\/jobs\/\d+$/);
  });

  it('offers Approve and Run only where the approval would be the last one needed', () => {
    // api-gateway production: demo surely counts for Security only; the group-level Maintainers rule, which demo may
    // count for, is GitLab's to accept, so it never makes Approve and Run.
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'production');
    assert.ok(contextTags(host.api, node).includes('canApprove'));
    assert.ok(!contextTags(host.api, node).includes('canApproveAndRun'));
  });

  it('says how far an approval got, in one sentence that names the project', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'production') as DeploymentNode;
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    host.sandbox
      .stub(vscode.window, 'showQuickPick')
      .callsFake(async (items) => (await items).find((i) => i.label.endsWith('Security')) as never);
    const shown = answerInfo();
    await runCommand(COMMANDS.approve, node);
    assert.deepEqual(shown, [
      `1 more needed — approved #${node.deployment.iid} main → production (acme/platform/api-gateway) as Security, 1 of 2 approvals.`,
    ]);
  });

  it('a row someone else completed meanwhile: refreshed, the person told what happened, the comment kept', async () => {
    const node = deploymentNode(host.api, 'acme/web/docs-site', 'production') as DeploymentNode;
    assert.equal(node.view.state, 'waiting-for-approval');
    // alice approves in GitLab's web UI; the view has not polled since.
    host.sim.approve({ deployment: node.deployment.id, as: 'alice', comment: 'done' });
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('Ship it');
    const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    const error = host.sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    await runCommand(COMMANDS.approve, node);
    assert.ok(error.notCalled, 'not a red error');
    assert.match(
      String(warning.firstCall?.args[0]),
      /^#\d+ main → production \(acme\/web\/docs-site\) changed meanwhile and is now: approved, not run · 1\/1\. GitLab said: .*Your comment was kept/,
    );
    assert.deepEqual(demoApprovals(node), []);
    const row = deploymentNode(host.api, 'acme/web/docs-site', 'production');
    assert.equal((row as DeploymentNode).view.state, 'approved-not-run', 'the row was refreshed');
  });

  it('an approval GitLab records on a deployment whose job already ran says so, not "every approval it needs"', async () => {
    const node = await newRowAwaitingMe(host, {
      project: 'acme/web/docs-site',
      environment: 'production',
      triggeredBy: 'bob',
      ref: 'ran-anyway',
    });
    assert.equal(node.view.state, 'waiting-for-approval');
    // Someone ran the job meanwhile (GitLab 18.9 still takes an approval while approvals are pending).
    const job = host.sim.state.jobOf(host.sim.state.deployments.get(node.deployment.id)!)!;
    host.sim.state.setJobStatus(job, 'success');
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('late');
    const shown = answerInfo();
    await runCommand(COMMANDS.approve, node);
    assert.equal(demoApprovals(node).length, 1, 'GitLab recorded the approval');
    assert.equal(shown.length, 1);
    assert.doesNotMatch(shown[0], /every approval it needs/);
    assert.match(
      shown[0],
      /^No longer waiting — GitLab recorded your approval of .*, but its job has already started or ended\.$/,
    );
  });

  it('keeps the comment of an approval that failed, and offers it on the next try', async () => {
    const node = deploymentNode(host.api, 'acme/platform/billing-service', 'production') as DeploymentNode;
    const fault = host.sim.faults.add({ kind: 'status', status: 500, route: 'deployments.approve', times: 1 });
    try {
      const first = host.sandbox.stub(vscode.window, 'showInputBox').resolves('Reviewed the migration');
      host.sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
      await runCommand(COMMANDS.approve, node);
      first.restore();
    } finally {
      host.sim.faults.remove(fault);
    }
    const again = host.sandbox.stub(vscode.window, 'showInputBox').resolves(undefined);
    await runCommand(COMMANDS.approve, deploymentNode(host.api, 'acme/platform/billing-service', 'production'));
    assert.equal(again.firstCall.args[0]?.value, 'Reviewed the migration');
  });

  it('approves every deployment of the pipeline that awaits the user, later stages too, and says k/n per environment', async () => {
    // One release pipeline deploying to three environments of storefront (gitlab-org/gitlab#477280).
    const project = host.sim.state.findProject('acme/web/storefront')!;
    const bob = host.sim.state.user('bob');
    const demo = host.sim.state.user('demo');
    const environment = (name: string) =>
      host.sim.state.findEnvironment(project, name) ??
      host.sim.state.addEnvironment({ project, name, tier: 'staging' });
    const protect = (name: string) =>
      host.sim.state.protectEnvironment({ project, name, approvalRules: [{ accessLevel: 30 }] });
    for (const name of ['eu', 'us', 'ca']) protect(environment(name).name);
    const first = host.sim.state.addBlockedDeployment({
      project,
      environment: environment('eu'),
      triggeredBy: bob,
      ref: 'v2.0',
    });
    host.sim.state.addBlockedDeployment({
      project,
      environment: environment('us'),
      triggeredBy: bob,
      pipeline: first.pipeline,
    });
    // A later stage: its job has not started, so its deployment is `created`; GitLab accepts its approval already.
    const later = host.sim.state.addDeployment({
      project,
      environment: environment('ca'),
      triggeredBy: bob,
      pipeline: first.pipeline,
      jobStatus: 'created',
      stage: 'production',
    });
    // demo ran this one themselves: the project does not allow approving one's own deployment.
    protect(environment('apac').name);
    host.sim.state.addBlockedDeployment({
      project,
      environment: environment('apac'),
      triggeredBy: demo,
      pipeline: first.pipeline,
    });
    await host.api.engine.refresh('full');
    await waitFor(
      () =>
        host.api.tree.currentShape
          .visibleDeployments()
          .filter((n) => n.deployment.deployable?.pipeline.id === first.pipeline.id && n.view.state).length === 3,
      'the pipeline’s three deployments',
    );

    host.sandbox.stub(vscode.window, 'showInputBox').resolves('Release 2.0');
    let offered: vscode.QuickPickItem[] = [];
    const release = () => offered.find((i) => i.label.includes(`pipeline #${first.pipeline.id} `));
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => {
      offered = (await items) as vscode.QuickPickItem[];
      return release() as never;
    });
    const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await runCommand(COMMANDS.approvePipeline);

    assert.ok(pick.calledOnce);
    assert.ok(release(), offered.map((i) => i.label).join('\n'));
    assert.equal(release()?.description, 'eu and us');
    const approvedEnvironments = [...host.sim.state.approvals.values()]
      .filter((a) => a.userId === demo.id && a.comment === 'Release 2.0')
      .map((a) => host.sim.state.environments.get(host.sim.state.deployments.get(a.deploymentId)!.environmentId)?.name)
      .sort();
    assert.deepEqual(approvedEnvironments, ['ca', 'eu', 'us'], String(warning.firstCall?.args[0]));
    assert.equal(host.sim.state.approvalsOf(later.deployment)[0]?.status, 'approved');
    assert.match(
      String(warning.firstCall?.args[0]),
      new RegExp(
        `^Approved in pipeline #${first.pipeline.id} \\(acme/web/storefront, v2\\.0\\): eu 1/1, us 1/1, ca 1/1 \\(its stage has not started\\)\\. Not approved: apac \\(You triggered this deployment, .*\\)\\.$`,
      ),
    );
  });
});

// GitLab before 16.10 keeps one approval per person on a deployment: a second approval under another rule is answered
// 201 with the first one. The extension must not say "Approved" then (docs/gitlab-behaviour.md#approving-and-rejecting).
describe('an approval GitLab before 16.10 does not count', () => {
  const host = signedInSuite({ filter: 'allBlocked', simulator: { scenario: 'demo', profile: '16.1' } });

  it('says GitLab did not count it, keeps the comment, and stops listing the row as awaiting the user', async () => {
    const { state } = host.sim;
    const project = state.findProject('acme/web/storefront')!;
    state.addEnvironment({ project, name: 'eu-production', tier: 'staging' });
    state.protectEnvironment({
      project,
      name: 'eu-production',
      approvalRules: [{ user: state.user('demo') }, { group: state.findGroupByPath('security')! }],
    });
    host.sim.createBlockedDeployment({ project, environment: 'eu-production', triggeredBy: 'bob' });
    await host.api.engine.refresh('full');
    const row = () => deploymentNode(host.api, 'acme/web/storefront', 'eu-production') as DeploymentNode;
    await waitFor(() => row().view.awaitingMe, 'the new deployment awaiting demo');

    // First approval, under the first rule offered: counted.
    host.sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => ((await items) as never[])[0]);
    const input = host.sandbox.stub(vscode.window, 'showInputBox');
    input.onFirstCall().resolves('First hat').onSecondCall().resolves('Second hat').onThirdCall().resolves(undefined);
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await runCommand(COMMANDS.approve, row());
    assert.match(String(info.lastCall?.args[0]), /^1 more needed — approved #\d+ main → eu-production /);
    assert.equal(row().view.awaitingMe, true, 'the extension still offers the other rule');

    // Second approval, under the other rule: GitLab answers 201 with the first approval.
    const infoBefore = info.callCount;
    await runCommand(COMMANDS.approve, row());
    assert.equal(info.callCount, infoBefore, 'nothing says "Approved"');
    assert.match(
      String(warning.lastCall?.args[0]),
      /^GitLab did not count a new approval: this GitLab version records one approval per person on a deployment, and yours was already recorded\.$/,
    );
    const demo = state.user('demo').id;
    const mine = [...state.approvals.values()].filter(
      (a) => a.deploymentId === row().deployment.id && a.userId === demo,
    );
    assert.deepEqual(
      mine.map((a) => a.comment),
      ['First hat'],
    );
    assert.equal(row().view.awaitingMe, false, 'no longer listed as awaiting demo');

    // The comment GitLab did not take is offered again.
    await runCommand(COMMANDS.approve, row());
    assert.equal(input.thirdCall?.args[0]?.value, 'Second hat');
  });
});
