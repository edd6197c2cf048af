import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import type { DeploymentNode, TreeNode } from '../../src/shell/tree/nodes';
import type { Simulator } from '../simulator';
import { contextTags, deploymentNode, signedInSimulator, treeRows, waitFor } from './support/harness';
import { QuickInputs } from './support/quickInputs';
import { COMMANDS } from '../../src/shell/commands/commandIds';

// Every command end to end: the prompts are answered by stubs, everything else is real — the command, the core, HTTP
// to the simulator, and the tree and status bar that follow.
describe('commands against the demo GitLab', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  let signOut: () => Promise<void>;
  const sandbox = sinon.createSandbox();

  before(async () => {
    ({ sim, api, signOut } = await signedInSimulator());
    await api.tree.setFilter('allBlocked');
  });
  afterEach(() => sandbox.restore());
  after(() => signOut());

  const approvalsOf = (node: TreeNode) => {
    const id = (node as DeploymentNode).deployment.id;
    return [...sim.state.approvals.values()].filter((a) => a.deploymentId === id);
  };
  const posts = () => sim.requestLog.all().filter((r) => r.method === 'POST');
  const awaitingCount = () => api.tree.currentShape.visibleDeployments().filter((n) => n.view.awaitingMe).length;

  it('Approve… records the approval with its comment, and the tree and status bar follow', async () => {
    const node = deploymentNode(api, 'acme/platform/api-gateway', 'staging');
    const before = awaitingCount();
    sandbox.stub(vscode.window, 'showInputBox').resolves('Ship it');
    await vscode.commands.executeCommand(COMMANDS.approve, node);
    const [approval] = approvalsOf(node);
    assert.equal(approval?.status, 'approved');
    assert.equal(approval?.comment, 'Ship it');
    assert.equal(sim.state.users.get(approval.userId)?.username, 'demo');
    await waitFor(() => awaitingCount() === before - 1, 'the awaiting count to drop');
    assert.match(api.statusBar.item.text, new RegExp(`^\\$\\(bell-dot\\) ${before - 1} to approve · \\d+ to run$`));
    assert.ok(
      treeRows(api).some((r) =>
        new RegExp(`^ {4}approved, not run · 1/1 — .* · #${(node as DeploymentNode).deployment.iid} · `).test(r),
      ),
      treeRows(api).join('\n'),
    );
  });

  it('Approve… refuses a comment over 255 characters before sending anything', async () => {
    const node = deploymentNode(api, 'acme/web/docs-site', 'production');
    const postsBefore = posts().length;
    sandbox.stub(vscode.window, 'showInputBox').resolves('x'.repeat(256));
    const error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.approve, node);
    assert.equal(posts().length, postsBefore);
    assert.match(String(error.firstCall?.args[0]), /255/);
    assert.deepEqual(approvalsOf(node), []);
  });

  it('Approve… names the one rule the user surely matches, beside a group-level rule GitLab may not count', async () => {
    // api-gateway production: Security (the project's rule) and Maintainers (acme/platform's group-level rule, where
    // GitLab checks demo's role in the group holding it). Without a name GitLab could count the approval for the latter.
    const node = deploymentNode(api, 'acme/platform/api-gateway', 'production') as DeploymentNode;
    sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const pick = sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.approve, node);
    assert.ok(pick.notCalled, 'one sure rule: nothing to pick');
    const [approval] = approvalsOf(node);
    const securityRule = node.view.detail!.approval_summary!.rules.find(
      (r) => r.access_level_description === 'Security',
    )!;
    assert.equal(approval?.approvalRuleId, securityRule.id);
  });

  it('Approve and Run… approves the last missing approval and starts the job; the row shows it queued', async () => {
    const node = deploymentNode(api, 'acme/web/docs-site', 'production') as DeploymentNode;
    sandbox.stub(vscode.window, 'showInputBox').resolves('Ready');
    const info = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.approveAndRun, node);
    assert.equal(approvalsOf(node)[0]?.status, 'approved');
    assert.notEqual(sim.state.jobs.get(node.deployment.deployable!.id)?.status, 'manual');
    assert.match(
      String(info.firstCall?.args[0]),
      /^Approved #\d+ main → production \(acme\/web\/docs-site\) and started its job/,
    );
    await waitFor(
      () =>
        api.tree.currentShape
          .visibleDeployments()
          .some((n) => n.deployment.id === node.deployment.id && n.view.state === 'queued'),
      'the started deployment to show as queued (still blocked until a runner takes the job)',
    );
  });

  it('the filter commands switch the tree between awaiting me and all blocked', async () => {
    await vscode.commands.executeCommand(COMMANDS.filterAwaitingMe);
    assert.equal(api.tree.filter, 'awaitingMe');
    assert.ok(
      api.tree.currentShape
        .visibleDeployments()
        .every(
          (n) => n.view.awaitingMe || (n.view.state === 'approved-not-run' && contextTags(api, n).includes('canRun')),
        ),
    );
    await vscode.commands.executeCommand(COMMANDS.filterAllBlocked);
    assert.equal(api.tree.filter, 'allBlocked');
    assert.ok(api.tree.currentShape.visibleDeployments().some((n) => !n.view.awaitingMe));
  });

  it('Show Log opens the log channel', async () => {
    await vscode.commands.executeCommand(COMMANDS.showLog);
  });

  it('Reject… confirms in a modal that says the job fails for good, then fails the job', async () => {
    const node = deploymentNode(api, 'acme/web/storefront', 'canary');
    sandbox.stub(vscode.window, 'showInputBox').resolves('Not during the sale');
    const confirm = sandbox
      .stub(vscode.window, 'showWarningMessage')
      .resolves('Reject' as unknown as vscode.MessageItem);
    await vscode.commands.executeCommand(COMMANDS.reject, node);
    const [message, options] = confirm.firstCall.args as unknown as [string, vscode.MessageOptions];
    assert.match(message, /Reject deployment/);
    assert.equal(options.modal, true);
    assert.match(options.detail ?? '', /fail for good/);
    assert.equal(approvalsOf(node)[0]?.status, 'rejected');
    await waitFor(
      () =>
        !api.tree.currentShape
          .visibleDeployments()
          .some((n) => n.deployment.id === (node as DeploymentNode).deployment.id),
      'the rejected deployment to leave the tree',
    );
  });

  it('Reject… changes nothing when the modal is dismissed', async () => {
    const node = deploymentNode(api, 'acme/platform/api-gateway', 'production');
    const postsBefore = posts().length;
    sandbox.stub(vscode.window, 'showInputBox').resolves('no');
    sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.reject, node);
    assert.equal(posts().length, postsBefore);
  });

  it('Run Deployment Job starts an approved deployment, whose row then shows it queued with no Run', async () => {
    const node = deploymentNode(api, 'acme/platform/auth-service', 'production') as DeploymentNode;
    sandbox.stub(vscode.window, 'showWarningMessage').resolves('Run' as unknown as vscode.MessageItem);
    await vscode.commands.executeCommand(COMMANDS.runJob, node);
    const job = sim.state.jobs.get(node.deployment.deployable!.id);
    assert.equal(job?.status, 'pending');
    // GitLab keeps the deployment `blocked` until a runner starts the job (docs/gitlab-behaviour.md#deployment-statuses).
    await waitFor(
      () => treeRows(api).some((r) => /^ {4}queued · job pending · 3\/3 — main [0-9a-f]{8} · #\d+ · by bob/.test(r)),
      'the played deployment to show as queued',
    );
    const row = deploymentNode(api, 'acme/platform/auth-service', 'production');
    assert.deepEqual(contextTags(api, row), ['deployment', 'hasWebUrl'], 'no Run: GitLab would answer Unplayable Job');
    assert.equal(api.tree.getTreeItem(row).iconPath instanceof vscode.ThemeIcon, true);
    assert.equal((api.tree.getTreeItem(row).iconPath as vscode.ThemeIcon).id, 'clock');
    sim.state.setJobStatus(job!, 'running');
    await vscode.commands.executeCommand(COMMANDS.refresh);
    await waitFor(
      () => !api.tree.currentShape.visibleDeployments().some((n) => n.deployment.id === node.deployment.id),
      'the running deployment to leave the tree',
    );
  });

  it('Set Required Approvals… changes the rule in GitLab and the environment row follows', async () => {
    const environment = api.tree.getParent(deploymentNode(api, 'acme/platform/billing-service', 'production'))!;
    sandbox.stub(vscode.window, 'showInputBox').resolves('3');
    const info = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.setRequiredApprovals, environment);
    assert.equal(
      String(info.firstCall?.args[0]),
      'production (acme/platform/billing-service) now requires 3 approvals.',
    );
    const pe = [...sim.state.protectedEnvironments.values()].find(
      (p) =>
        p.name === 'production' &&
        p.projectId === (environment as { project: { project: { id: number } } }).project.project.id,
    );
    assert.equal(pe?.approvalRules[0].requiredApprovals, 3);
    await waitFor(
      () => treeRows(api).some((r) => /^ {2}production — 1 waiting · 4 approvals required$/.test(r)),
      'the environment row to show 3 + 1 approvals',
    );
  });

  it('Open in GitLab and Copy Link use the deployment page of the instance', async () => {
    const node = deploymentNode(api, 'acme/platform/api-gateway', 'production') as DeploymentNode;
    const open = sandbox.stub(vscode.env, 'openExternal').resolves(true);
    await vscode.commands.executeCommand(COMMANDS.openInGitLab, node);
    const expected = `${sim.url}/acme/platform/api-gateway/-/environments/${node.environment.id}/deployments/${node.deployment.iid}`;
    assert.equal(open.firstCall.args[0].toString(true), expected);
    await vscode.commands.executeCommand(COMMANDS.copyLink, node);
    assert.equal(await vscode.env.clipboard.readText(), expected);
  });

  it('Approve… from the palette offers only deployments the user can approve, and approves several at once', async () => {
    const approvable = api.tree.currentShape
      .visibleDeployments()
      .filter((n) => n.view.eligibility?.canApprove && n.view.state === 'waiting-for-approval');
    assert.ok(approvable.length >= 2, 'the demo leaves at least two approvable deployments');
    const inputs = new QuickInputs(sandbox);
    sandbox.stub(vscode.window, 'showInputBox').resolves('');
    sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => (await items)[0] as never); // rules
    try {
      const approving = vscode.commands.executeCommand(COMMANDS.approve);
      const pick = await inputs.pick(/./);
      assert.equal(pick.canSelectMany, true);
      assert.equal(pick.items.length, approvable.length);
      pick.selectedItems = pick.items.slice(0, 2);
      await inputs.accept();
      await approving;
    } finally {
      inputs.dispose();
    }
    for (const node of approvable.slice(0, 2)) {
      assert.ok(
        approvalsOf(node).some((a) => a.userId === sim.state.user('demo').id),
        `approved ${node.project.project.path_with_namespace}`,
      );
    }
  });

  it('Approve… from the palette takes the highlighted deployment on Enter when none is checked', async () => {
    const created = sim.createBlockedDeployment({
      project: 'acme/platform/api-gateway',
      environment: 'staging',
      triggeredBy: 'bob',
      ref: 'keyboard-pick',
    });
    await api.engine.refresh('poll');
    await waitFor(
      () =>
        api.tree.currentShape
          .visibleDeployments()
          .some((n) => n.deployment.id === created.deployment.id && n.view.awaitingMe),
      'the new deployment awaiting demo',
    );
    const inputs = new QuickInputs(sandbox);
    sandbox.stub(vscode.window, 'showInputBox').resolves('');
    sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => (await items)[0] as never);
    try {
      const approving = vscode.commands.executeCommand(COMMANDS.approve);
      // Highlighted, not checked, then Enter.
      await inputs.choose(await inputs.pick(/keyboard-pick/), /keyboard-pick/);
      await approving;
    } finally {
      inputs.dispose();
    }
    const approvals = [...sim.state.approvals.values()].filter((a) => a.deploymentId === created.deployment.id);
    assert.deepEqual(
      approvals.map((a) => sim.state.users.get(a.userId)?.username),
      ['demo'],
    );
  });
});
