import * as assert from 'node:assert/strict';
import type * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { contextTags, deploymentNode, runCommand, signedInSuite, waitFor } from './support/harness';

// Writes under way and writes whose answer was lost, as a person meets them: a second click sends nothing, a lost
// answer says the change may have gone through and the deployment is read again.
describe('approving safely against the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });

  /** A deployment the user can approve with no rule to pick. */
  const approvable = (): DeploymentNode => {
    const node = host.api.tree.currentShape
      .visibleDeployments()
      .find((n) => n.view.awaitingMe && (n.view.eligibility?.representedAsChoices ?? []).length <= 1);
    assert.ok(node, 'a deployment awaiting the user');
    return node;
  };
  const approvalPosts = (since: number) =>
    host.sim.requestLog.since(since).filter((r) => r.route === 'deployments.approve' && r.method === 'POST');
  const lastSeq = () => host.sim.requestLog.all().at(-1)?.seq ?? 0;

  it('a second Approve while the first is in flight sends no second POST, and says the first is under way', async () => {
    const node = approvable();
    host.sim.faults.add({ kind: 'latency', ms: 1_500, route: 'deployments.approve' });
    const input = host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const since = lastSeq();
    const first = runCommand(COMMANDS.approve, node);
    await waitFor(() => input.callCount === 1, 'the first approval to ask for its comment');
    await waitFor(() => approvalPosts(since).length === 1, 'the first POST to reach GitLab');
    await runCommand(COMMANDS.approve, node);
    assert.ok(
      info.getCalls().some((c) => /already under way/.test(String(c.args[0]))),
      'the second click is told the first is under way',
    );
    await first;
    assert.equal(approvalPosts(since).length, 1);
    assert.ok(info.getCalls().some((c) => /(more needed|Fully approved) — /.test(String(c.args[0]))));
  });

  it('a 502 after the approval was sent says it may have gone through, and reads that deployment again', async () => {
    const node = approvable();
    host.sim.faults.add({ kind: 'status', status: 502, route: 'deployments.approve', times: 1 });
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const error = host.sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    const since = lastSeq();
    await runCommand(COMMANDS.approve, node);
    assert.match(String(error.firstCall?.args[0]), /may have gone through/);
    // Only what the approval sent and read of this deployment: the poll and the approve box's four-eyes check (the
    // brief) read meanwhile.
    const ofThisDeployment = host.sim.requestLog
      .since(since)
      .filter(
        (r) => r.path.endsWith(`/deployments/${node.deployment.id}`) || (r.method === 'POST' && r.route !== 'graphql'),
      )
      .map((r) => `${r.method} ${r.route}`);
    const sent = ofThisDeployment.indexOf('POST deployments.approve');
    assert.ok(sent >= 0, JSON.stringify(ofThisDeployment));
    assert.equal(ofThisDeployment[sent + 1], 'GET deployments.get', 'then that deployment is read again');
    assert.equal(ofThisDeployment.filter((r) => r.startsWith('POST')).length, 1, 'one approval sent, not retried');
  });
});

// One question before any job starts (issue 19): Run Now after the last approval and Approve and Run ask what Run
// Deployment Job asks — the modal naming project, environment, ref and commit — and Cancel starts nothing.
describe('every path that starts a deployment job asks first', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  const lastSeq = () => host.sim.requestLog.all().at(-1)?.seq ?? 0;
  // GitLab's writes; the deploy-freeze query (`graphql`) is a POST that reads.
  const writesSince = (since: number) =>
    host.sim.requestLog
      .since(since)
      .filter((r) => r.method === 'POST' && r.route !== 'graphql')
      .map((r) => r.route);

  /** A new deployment of docs-site production, where demo's approval is the last one needed. */
  const lastApprovalNeeded = async (): Promise<DeploymentNode> => {
    const created = host.sim.createBlockedDeployment({
      project: 'acme/web/docs-site',
      environment: 'production',
      triggeredBy: 'bob',
    });
    await host.api.engine.refresh('full');
    const find = () =>
      host.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.deployment.id === created.deployment.id && n.view.state === 'waiting-for-approval');
    await waitFor(() => find() !== undefined, 'the new deployment awaiting demo');
    return find()!;
  };
  const runQuestions = (warning: sinon.SinonStub) =>
    warning.getCalls().filter((c) => (c.args[1] as vscode.MessageOptions | undefined)?.modal === true);
  const assertNamesTheDeployment = (call: sinon.SinonSpyCall, node: DeploymentNode) => {
    const [message, options] = call.args as [string, vscode.MessageOptions];
    assert.match(message, /acme\/web\/docs-site/);
    assert.match(message, /production/);
    assert.ok(options.detail?.includes(node.deployment.ref), 'the ref');
    assert.ok(options.detail?.includes(node.deployment.sha.slice(0, 8)), 'the commit');
  };

  it('Run Now after the last approval asks the run question; Cancel starts no job', async () => {
    const node = await lastApprovalNeeded();
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const info = host.sandbox
      .stub(vscode.window, 'showInformationMessage')
      .callsFake(
        async (_message: string, ...actions: unknown[]) =>
          (actions.includes('Run Now') ? 'Run Now' : undefined) as never,
      );
    const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    const since = lastSeq();
    await runCommand(COMMANDS.approve, node);
    assert.ok(info.getCalls().some((c) => String(c.args[0]).includes('every approval it needs')));
    await waitFor(() => runQuestions(warning).length === 1, 'Run Now to ask before starting the job');
    assertNamesTheDeployment(runQuestions(warning)[0], node);
    // The safe choice first: VS Code's dialog focuses its first button, so Enter does not start the job.
    assert.deepEqual(runQuestions(warning)[0].args.slice(2), ["Don't Run", 'Run']);
    assert.deepEqual(writesSince(since), ['deployments.approve'], 'no job was played');
    assert.equal(host.sim.state.jobs.get(node.deployment.deployable!.id)?.status, 'manual');
  });

  it('Approve and Run says in its comment box that it runs, asks the run question, and Cancel sends nothing', async () => {
    const node = await lastApprovalNeeded();
    const input = host.sandbox.stub(vscode.window, 'showInputBox').resolves('Ship it');
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    const since = lastSeq();
    await runCommand(COMMANDS.approveAndRun, node);
    assert.match(String(input.firstCall?.args[0]?.title), /^Approve and run /);
    assert.equal(runQuestions(warning).length, 1, 'the run question');
    assertNamesTheDeployment(runQuestions(warning)[0], node);
    assert.deepEqual(writesSince(since), [], 'nothing was sent');
  });

  it('Approve and Run starts the job once the run question is answered Approve and Run', async () => {
    const node = await lastApprovalNeeded();
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Approve and Run' as unknown as vscode.MessageItem);
    await runCommand(COMMANDS.approveAndRun, node);
    assert.notEqual(host.sim.state.jobs.get(node.deployment.deployable!.id)?.status, 'manual', 'the job ran');
  });
});

// Run only where GitLab will run it: an approved deployment older than what is live since is refused by GitLab (403,
// forward-deployment protection), so the person is offered no Run anywhere and told why.
describe('no Run where GitLab refuses it: older than the live deployment', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  const older = () => deploymentNode(host.api, 'acme/platform/billing-service', 'staging') as DeploymentNode;
  const reason = /Older than the live deployment \(#4\); GitLab's forward-deployment protection refuses to run it\./;

  it('the row has no Run, its tooltip and page say why, and the palette’s Run does not offer it', async () => {
    const node = older();
    assert.equal(node.view.state, 'approved-not-run');
    assert.ok(!contextTags(host.api, node).includes('canRun'), 'no Run in the row’s menu');
    const tooltip = host.api.tree.getTreeItem(node).tooltip as { value: string };
    assert.match(tooltip.value.replace(/\\/g, ''), reason);
    const page = host.api.deploymentPages.show(node);
    try {
      await waitFor(() => reason.test(page.html.replace(/&#39;/g, "'")), 'the page to say why');
      assert.doesNotMatch(page.html, /data-action="run"/);
    } finally {
      page.dispose();
    }
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await runCommand(COMMANDS.runJob);
    const offered = (pick.firstCall?.args[0] ?? []) as readonly { node?: DeploymentNode }[];
    assert.ok(
      offered.some((item) => item.node?.project.project.path_with_namespace === 'acme/platform/auth-service'),
      'the pick offers the one GitLab would run',
    );
    assert.ok(!offered.some((item) => item.node?.deployment.id === node.deployment.id), 'not among those to run');
  });
});
