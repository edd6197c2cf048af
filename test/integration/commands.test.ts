import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeploymentNode, TreeNode } from '../../src/shell/tree/nodes';
import {
  contextTags,
  deploymentNode,
  newRowAwaitingMe,
  runCommand,
  signedInSuite,
  treeRows,
  waitFor,
} from './support/harness';
import { QuickInputs } from './support/quickInputs';
import { COMMANDS } from '../../src/shell/commands/commandIds';

// Every command end to end: the prompts are answered by stubs, everything else is real — the command, the core, HTTP
// to the simulator, and the tree and status bar that follow.
describe('commands against the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });

  const approvalsOf = (node: TreeNode) => {
    const id = (node as DeploymentNode).deployment.id;
    return [...host.sim.state.approvals.values()].filter((a) => a.deploymentId === id);
  };
  // GitLab's writes; the deploy-freeze query (`graphql`) is a POST that reads.
  const posts = () => host.sim.requestLog.all().filter((r) => r.method === 'POST' && r.route !== 'graphql');
  const awaitingCount = () => host.api.tree.currentShape.visibleDeployments().filter((n) => n.view.awaitingMe).length;

  it('Approve… records the approval with its comment, and the tree and status bar follow', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'staging');
    const before = awaitingCount();
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('Ship it');
    await runCommand(COMMANDS.approve, node);
    const [approval] = approvalsOf(node);
    assert.equal(approval?.status, 'approved');
    assert.equal(approval?.comment, 'Ship it');
    assert.equal(host.sim.state.users.get(approval.userId)?.username, 'demo');
    await waitFor(() => awaitingCount() === before - 1, 'the awaiting count to drop');
    assert.match(
      host.api.statusBar.item.text,
      new RegExp(`^\\$\\(bell-dot\\) ${before - 1} to approve · \\d+ to run$`),
    );
    assert.ok(
      treeRows(host.api).some((r) =>
        new RegExp(`^ {4}approved, not run · 1/1 — .* · #${(node as DeploymentNode).deployment.iid} · `).test(r),
      ),
      treeRows(host.api).join('\n'),
    );
  });

  it('Approve… refuses a comment over 255 characters before sending anything', async () => {
    const node = deploymentNode(host.api, 'acme/web/docs-site', 'production');
    const postsBefore = posts().length;
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('x'.repeat(256));
    const error = host.sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    await runCommand(COMMANDS.approve, node);
    assert.equal(posts().length, postsBefore);
    assert.match(String(error.firstCall?.args[0]), /255/);
    assert.deepEqual(approvalsOf(node), []);
  });

  it('Approve… asks which rule, and names the one picked, beside a group-level rule GitLab may count too', async () => {
    // api-gateway production: Security (the project's rule) and Maintainers (acme/platform's group-level rule, where
    // GitLab checks demo's role in the group holding it). demo may count under both, so picks (issue 18).
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'production') as DeploymentNode;
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const pick = host.sandbox
      .stub(vscode.window, 'showQuickPick')
      .callsFake(async (items) => (await items).find((i) => i.label.endsWith('Security')) as never);
    await runCommand(COMMANDS.approve, node);
    assert.ok(pick.calledOnce, 'two rules: the pick');
    const [approval] = approvalsOf(node);
    const securityRule = node.view.detail!.approval_summary!.rules.find(
      (r) => r.access_level_description === 'Security',
    )!;
    assert.equal(approval?.approvalRuleId, securityRule.id);
  });

  it('Approve and Run… approves the last missing approval and starts the job; the row shows it queued', async () => {
    const node = deploymentNode(host.api, 'acme/web/docs-site', 'production') as DeploymentNode;
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('Ready');
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Approve and Run' as unknown as vscode.MessageItem);
    await runCommand(COMMANDS.approveAndRun, node);
    assert.equal(approvalsOf(node)[0]?.status, 'approved');
    assert.notEqual(host.sim.state.jobs.get(node.deployment.deployable!.id)?.status, 'manual');
    assert.match(
      String(info.firstCall?.args[0]),
      /^Approved and started job deploy_production \(\w+\) — #\d+ main → production \(acme\/web\/docs-site\)\.$/,
    );
    await waitFor(
      () =>
        host.api.tree.currentShape
          .visibleDeployments()
          .some((n) => n.deployment.id === node.deployment.id && n.view.state === 'queued'),
      'the started deployment to show as queued (still blocked until a runner takes the job)',
    );
  });

  it('the filter commands switch the tree between awaiting me and all blocked', async () => {
    await runCommand(COMMANDS.filterAwaitingMe);
    assert.equal(host.api.tree.filter, 'awaitingMe');
    assert.ok(
      host.api.tree.currentShape.visibleDeployments().every(
        (n) =>
          n.view.awaitingMe ||
          n.view.mayAwaitMe || // an approval GitLab may accept (issue 18)
          (n.view.state === 'approved-not-run' && contextTags(host.api, n).includes('canRun')),
      ),
    );
    await runCommand(COMMANDS.filterAllBlocked);
    assert.equal(host.api.tree.filter, 'allBlocked');
    assert.ok(host.api.tree.currentShape.visibleDeployments().some((n) => !n.view.awaitingMe));
  });

  it('Show Log opens the log channel', async () => {
    const show = host.sandbox.spy(host.api.log.channel, 'show');
    await runCommand(COMMANDS.showLog);
    assert.ok(show.calledOnce, 'the channel was shown');
    assert.deepEqual(show.firstCall.args, [true], 'without taking the focus from the editor');
  });

  it('Reject… confirms in a modal that says the job fails for good, then fails the job', async () => {
    const node = deploymentNode(host.api, 'acme/web/storefront', 'canary');
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('Not during the sale');
    const confirm = host.sandbox
      .stub(vscode.window, 'showWarningMessage')
      .resolves('Reject' as unknown as vscode.MessageItem);
    await runCommand(COMMANDS.reject, node);
    const [message, options] = confirm.firstCall.args as unknown as [string, vscode.MessageOptions];
    assert.match(message, /Reject deployment/);
    assert.equal(options.modal, true);
    assert.match(options.detail ?? '', /fail for good/);
    // The safe choice first: the dialog's first button is the one Enter presses (after the comment box's Enter).
    assert.deepEqual(confirm.firstCall.args.slice(2), ["Don't Reject", 'Reject']);
    assert.equal(approvalsOf(node)[0]?.status, 'rejected');
    await waitFor(
      () =>
        !host.api.tree.currentShape
          .visibleDeployments()
          .some((n) => n.deployment.id === (node as DeploymentNode).deployment.id),
      'the rejected deployment to leave the tree',
    );
  });

  it('Reject… changes nothing when the modal is dismissed', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'production');
    const postsBefore = posts().length;
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('no');
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await runCommand(COMMANDS.reject, node);
    assert.equal(posts().length, postsBefore);
  });

  it('Run Deployment Job starts an approved deployment, whose row then shows it queued with no Run', async () => {
    const node = deploymentNode(host.api, 'acme/platform/auth-service', 'production') as DeploymentNode;
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Run' as unknown as vscode.MessageItem);
    await runCommand(COMMANDS.runJob, node);
    const job = host.sim.state.jobs.get(node.deployment.deployable!.id);
    assert.equal(job?.status, 'pending');
    // GitLab keeps the deployment `blocked` until a runner starts the job (docs/gitlab-behaviour.md#deployment-statuses).
    await waitFor(
      () =>
        treeRows(host.api).some((r) => /^ {4}queued · job pending · 3\/3 — main [0-9a-f]{8} · #\d+ · by bob/.test(r)),
      'the played deployment to show as queued',
    );
    const row = deploymentNode(host.api, 'acme/platform/auth-service', 'production');
    assert.deepEqual(
      contextTags(host.api, row),
      ['deployment', 'hasWebUrl'],
      'no Run: GitLab would answer Unplayable Job',
    );
    assert.equal(host.api.tree.getTreeItem(row).iconPath instanceof vscode.ThemeIcon, true);
    assert.equal((host.api.tree.getTreeItem(row).iconPath as vscode.ThemeIcon).id, 'clock');
    host.sim.state.setJobStatus(job!, 'running');
    await runCommand(COMMANDS.refresh);
    await waitFor(
      () => !host.api.tree.currentShape.visibleDeployments().some((n) => n.deployment.id === node.deployment.id),
      'the running deployment to leave the tree',
    );
  });

  it('Set Required Approvals… names the rule, prefills its count, and says the total the row then shows', async () => {
    const environment = host.api.tree.getParent(
      deploymentNode(host.api, 'acme/platform/billing-service', 'production'),
    )!;
    // The row says 3: the project's Maintainers rule requires 2 and the group-level Maintainers rule adds 1.
    assert.ok(treeRows(host.api).some((r) => /^ {2}production — 1 waiting · 3 approvals required$/.test(r)));
    const input = host.sandbox.stub(vscode.window, 'showInputBox').resolves('3');
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await runCommand(COMMANDS.setRequiredApprovals, environment);
    const asked = input.firstCall?.args[0];
    assert.equal(asked?.value, '2', 'the rule’s own count, not the total');
    assert.equal(asked?.title, 'Required approvals under Maintainers for production (acme/platform/billing-service)');
    assert.equal(asked?.prompt, 'Now 2; group-level rules add 1: 3 in all. A whole number from 1 to 5');
    assert.equal(
      String(info.firstCall?.args[0]),
      'production (acme/platform/billing-service) now requires 3 approvals under Maintainers; group-level rules add 1: 4 in all.',
    );
    const pe = [...host.sim.state.protectedEnvironments.values()].find(
      (p) =>
        p.name === 'production' &&
        p.projectId === (environment as { project: { project: { id: number } } }).project.project.id,
    );
    assert.equal(pe?.approvalRules[0].requiredApprovals, 3);
    await waitFor(
      () => treeRows(host.api).some((r) => /^ {2}production — 1 waiting · 4 approvals required$/.test(r)),
      'the environment row to show 3 + 1 approvals',
    );
  });

  it('Open in GitLab and Copy Link use the deployment page of the instance', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'production') as DeploymentNode;
    const open = host.sandbox.stub(vscode.env, 'openExternal').resolves(true);
    await runCommand(COMMANDS.openInGitLab, node);
    const expected = `${host.sim.url}/acme/platform/api-gateway/-/environments/${node.environment.id}/deployments/${node.deployment.iid}`;
    assert.equal(open.firstCall.args[0].toString(true), expected);
    await runCommand(COMMANDS.copyLink, node);
    assert.equal(await vscode.env.clipboard.readText(), expected);
  });

  it('Approve… from the palette offers only deployments the user can approve, and approves several at once', async () => {
    const approvable = host.api.tree.currentShape
      .visibleDeployments()
      .filter((n) => n.view.eligibility?.canApprove && n.view.state === 'waiting-for-approval');
    assert.ok(approvable.length >= 2, 'the demo leaves at least two approvable deployments');
    const inputs = new QuickInputs(host.sandbox);
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    host.sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => (await items)[0] as never); // rules
    const info = host.sandbox.spy(vscode.window, 'showInformationMessage');
    try {
      const approving = runCommand(COMMANDS.approve);
      const pick = await inputs.pick(/./);
      assert.equal(pick.canSelectMany, true);
      assert.equal(pick.items.length, approvable.length);
      pick.selectedItems = pick.items.slice(0, 2);
      await inputs.accept();
      await approving;
    } finally {
      inputs.dispose();
    }
    // One summary, outcome first, instead of a toast per deployment.
    assert.equal(
      info.callCount,
      1,
      info
        .getCalls()
        .map((c) => String(c.args[0]))
        .join('\n'),
    );
    assert.match(String(info.firstCall.args[0]), /^Approved 2 of 2 deployments\. /);
    for (const node of approvable.slice(0, 2)) {
      assert.ok(
        approvalsOf(node).some((a) => a.userId === host.sim.state.user('demo').id),
        `approved ${node.project.project.path_with_namespace}`,
      );
    }
  });

  it('Approve… from the palette takes the highlighted deployment on Enter when none is checked', async () => {
    const created = await newRowAwaitingMe(host, {
      project: 'acme/platform/api-gateway',
      environment: 'staging',
      triggeredBy: 'bob',
      ref: 'keyboard-pick',
    });
    const inputs = new QuickInputs(host.sandbox);
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    host.sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => (await items)[0] as never);
    try {
      const approving = runCommand(COMMANDS.approve);
      // Highlighted, not checked, then Enter.
      await inputs.choose(await inputs.pick(/keyboard-pick/), /keyboard-pick/);
      await approving;
    } finally {
      inputs.dispose();
    }
    const approvals = [...host.sim.state.approvals.values()].filter((a) => a.deploymentId === created.deployment.id);
    assert.deepEqual(
      approvals.map((a) => host.sim.state.users.get(a.userId)?.username),
      ['demo'],
    );
  });
});
