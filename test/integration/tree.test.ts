import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { allDeployments } from '../../src/core/refresh/snapshot';
import { periodText } from '../../src/core/util/duration';
import { pollIntervalMs } from '../../src/shell/settings';
import {
  contextTags,
  deploymentNode,
  newRowAwaitingMe,
  pollAfterChange,
  runCommand,
  signedInSuite,
  treeRows,
  waitFor,
} from './support/harness';
import type { DeploymentNode, TreeNode } from '../../src/shell/tree/nodes';
import { COMMANDS } from '../../src/shell/commands/commandIds';

describe('the deployments tree against the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });

  it('lists projects → environments → blocked deployments, state and progress first, ref and commit after', () => {
    const rows = treeRows(host.api);
    const at = (prefix: string) => rows.findIndex((r) => r.startsWith(prefix));
    assert.ok(at('API Gateway — acme/platform/api-gateway') >= 0, rows.join('\n'));
    const gateway = at('API Gateway');
    assert.match(rows[gateway + 1], /^ {2}production — 1 waiting · 2 approvals required$/);
    assert.match(rows[gateway + 2], /^ {4}awaiting you · 0\/2 — main [0-9a-f]{8} · #\d+ · by bob · /);
    assert.ok(
      rows.some((r) => /^ {4}approved, not run · 3\/3 — main [0-9a-f]{8} · #\d+ · by bob/.test(r)),
      'approved-not-run row',
    );
    assert.ok(
      rows.some((r) => /^ {4}manual job — main [0-9a-f]{8} · #\d+ · by carol/.test(r)),
      'manual row',
    );
    const billing = at('Billing Service');
    assert.match(
      rows[billing + 2],
      /^ {4}awaiting you · 1\/3 — main [0-9a-f]{8} · #\d+ · by bob · /,
      'partly approved',
    );
    assert.ok(
      rows.some((r) => /^ {4}awaiting approval · 0\/1 — main [0-9a-f]{8} · #\d+ · by bob/.test(r)),
      'a deployment only someone else may approve',
    );
    assert.ok(!rows.some((r) => r.startsWith('Dotfiles')), 'a project without environments is left out');
    assert.ok(
      rows.every((r) => !/^ {2}\S+ — nothing waiting/.test(r)),
      'an environment with nothing waiting is hidden',
    );
  });

  it('shortens a long ref in the middle and puts the rows awaiting the user first', async () => {
    const ref = 'feature/JIRA-4711-rework-the-payment-gateway-timeouts';
    host.sim.createBlockedDeployment({
      project: 'acme/platform/api-gateway',
      environment: 'production',
      triggeredBy: 'demo',
      ref,
    });
    await host.api.engine.refresh('full');
    await waitFor(() => treeRows(host.api).some((r) => r.includes('feature/JIRA')), 'the long-ref row');
    const rows = treeRows(host.api);
    const gateway = rows.findIndex((r) => r.startsWith('API Gateway'));
    assert.match(rows[gateway + 1], /^ {2}production — 2 waiting · 2 approvals required$/);
    assert.match(rows[gateway + 2], /^ {4}awaiting you · /, 'the row awaiting the user first, though older');
    assert.match(rows[gateway + 3], /^ {4}\S.* — feature\/JIRA\S*…\S*timeouts [0-9a-f]{8} · /);
  });

  it('marks a superseded deployment on its row, in its tooltip and in the inbox', async () => {
    const older = deploymentNode(host.api, 'acme/platform/api-gateway', 'staging') as DeploymentNode;
    const newer = await newRowAwaitingMe(host, {
      project: 'acme/platform/api-gateway',
      environment: 'staging',
      triggeredBy: 'bob',
      ref: 'superseding',
    });
    const olderNow = () =>
      host.api.tree.currentShape.visibleDeployments().find((n) => n.deployment.id === older.deployment.id)!;
    const label = (node: TreeNode) => host.api.tree.getTreeItem(node).label as string;
    assert.match(label(olderNow()), / · ⚠ superseded$/, 'a mark a 300 px row keeps: it ends the label');
    assert.doesNotMatch(label(newer), /superseded/);
    const icon = (node: TreeNode) => (host.api.tree.getTreeItem(node).iconPath as vscode.ThemeIcon).id;
    assert.equal(icon(olderNow()), 'warning', 'what a cut label still shows');
    assert.notEqual(icon(newer), 'warning');
    const tooltip = (host.api.tree.getTreeItem(olderNow()).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\$\(warning\) A newer deployment of staging is already waiting\\: \\#\d+ of superseding/);
    const spoken = host.api.tree.getTreeItem(olderNow()).accessibilityInformation?.label ?? '';
    assert.match(spoken, /superseded/, 'a screen reader hears it too');
    assert.equal(spoken.split('by bob').length - 1, 1, `the author said once: ${spoken}`);
    const shown = host.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await runCommand(COMMANDS.openInbox);
    const items = (await shown.firstCall.args[0]) as vscode.QuickPickItem[];
    const item = items.find((i) => i.label.includes(`#${older.deployment.iid} main`));
    assert.ok(item, items.map((i) => i.label).join('\n'));
    assert.match(item.detail ?? '', /^⚠ superseded · /, 'the mark leads the inbox item’s detail');
  });

  it('shows protected environments with nothing waiting only when asked to', async () => {
    const idle = /^ {2}\S+ — nothing waiting/;
    assert.ok(!treeRows(host.api).some((r) => idle.test(r)));
    await runCommand(COMMANDS.showIdleEnvironments);
    try {
      assert.ok(
        treeRows(host.api).some((r) => idle.test(r)),
        treeRows(host.api).join('\n'),
      );
    } finally {
      await runCommand(COMMANDS.hideIdleEnvironments);
    }
    assert.ok(!treeRows(host.api).some((r) => idle.test(r)));
  });

  it('says in the view description what the filter shows', async () => {
    const blocked = () =>
      host.api.tree.currentShape.visibleDeployments().filter((n) => n.view.state !== 'queued').length;
    // With one view in its container VS Code hides the description: the message row above the rows says it too.
    const firstLine = () => (host.api.tree.view.message ?? '').split('\n')[0];
    await host.api.tree.setFilter('allBlocked');
    assert.equal(host.api.tree.view.description, `all blocked · ${blocked()}`);
    assert.equal(firstLine(), `All blocked · ${blocked()}`);
    const all = blocked();
    await host.api.tree.setFilter('awaitingMe');
    const mine = host.api.tree.currentShape.visibleDeployments().length;
    assert.ok(mine > 0 && mine < all);
    assert.equal(host.api.tree.view.description, `awaiting me · ${mine} of ${all}`);
    assert.equal(firstLine(), `Awaiting me · ${mine} of ${all}`);
    await host.api.tree.setFilter('allBlocked');
  });

  it('shows all blocked deployments with the projects that have something for the user first', async () => {
    await host.api.tree.setFilter('allBlocked');
    const projects = host.api.tree.getChildren();
    const forMe = projects.map((project) =>
      host.api.tree.currentShape
        .visibleDeployments()
        .some(
          (n) =>
            n.project === (project as DeploymentNode).project &&
            (n.view.awaitingMe ||
              n.view.mayAwaitMe ||
              (n.view.state === 'approved-not-run' && contextTags(host.api, n).includes('canRun'))),
        ),
    );
    assert.ok(forMe.includes(false) && forMe.includes(true), 'the demo has both kinds');
    assert.deepEqual(
      forMe,
      [...forMe].sort((a, b) => Number(b) - Number(a)),
      'those with something for the user first',
    );
  });

  it('tags rows so menus offer only what the user can do, and says why not in the tooltip', () => {
    assert.deepEqual(contextTags(host.api, deploymentNode(host.api, 'acme/platform/api-gateway', 'staging')), [
      'deployment',
      'canApprove',
      'canApproveAndRun',
      'canReject',
      'hasWebUrl',
    ]);
    assert.deepEqual(contextTags(host.api, deploymentNode(host.api, 'acme/platform/auth-service', 'production')), [
      'deployment',
      'canRun',
      'hasWebUrl',
    ]);
    const own = deploymentNode(host.api, 'acme/web/admin-portal', 'production');
    assert.ok(!contextTags(host.api, own).includes('canApprove'), 'own deployment without self-approval');
    const tooltip = host.api.tree.getTreeItem(own).tooltip as { value: string };
    assert.match(tooltip.value, /You triggered this deployment/);
    const environment = host.api.tree.getParent(
      deploymentNode(host.api, 'acme/platform/billing-service', 'production'),
    )!;
    assert.deepEqual(contextTags(host.api, environment), ['environment', 'canSetRequiredApprovals', 'hasWebUrl']);
    const label = host.api.tree.getTreeItem(environment).accessibilityInformation?.label ?? '';
    assert.match(label, /^Protected environment production: 1 waiting · /);
  });

  it('shows every rule, the decisions with comments, the pipeline and the job in the tooltip', () => {
    const tooltip = host.api.tree.getTreeItem(deploymentNode(host.api, 'acme/platform/billing-service', 'production'))
      .tooltip as { value: string };
    // Two rules named Maintainers, told apart by origin (issue 18, item 8).
    assert.match(tooltip.value, /\| Maintainers — project \| 1\/2 \|/);
    assert.match(tooltip.value, /\| Maintainers — a group above the project \| 0\/1 \|/);
    assert.match(tooltip.value, /\$\(check\) Alice Anders approved .*“LGTM”/);
    assert.match(
      tooltip.value,
      /Pipeline \[\\#\d+\]\(http:\/\/127\.0\.0\.1:\d+\/acme\/platform\/billing-service\/-\/pipelines\/\d+\)/,
    );
  });

  it('counts what awaits the user in the badge and the status bar: to approve, and to run for deployers', async () => {
    const awaitingInTree = () =>
      host.api.tree.currentShape.visibleDeployments().filter((n) => n.view.awaitingMe).length;
    const runnable = () =>
      host.api.tree.currentShape
        .visibleDeployments()
        .filter((n) => n.view.state === 'approved-not-run' && contextTags(host.api, n).includes('canRun')).length;
    // The tree and the status bar follow the same snapshot, but a poll may land between reading one and the other.
    await waitFor(
      () => host.api.statusBar.item.text === `$(bell-dot) ${awaitingInTree()} to approve · ${runnable()} to run`,
      'the status bar to agree with the tree',
    );
    const awaiting = awaitingInTree();
    assert.ok(awaiting >= 3, `expected several deployments awaiting demo, got ${awaiting}`);
    assert.equal(runnable(), 1, 'auth-service production: approved, demo may run it');
    assert.equal(host.api.tree.view.badge?.value, awaiting + 1);
    assert.equal(host.api.statusBar.item.command, COMMANDS.openInbox);
    const tooltip = (host.api.statusBar.item.tooltip as vscode.MarkdownString).value;
    // What to run is listed apart from what to approve.
    const [toApprove, toRun] = tooltip.split('**To run**');
    assert.match(toApprove, /\*\*To approve\*\*/, tooltip);
    assert.match(toRun ?? '', /production \\\(acme\/platform\/auth\\-service\\\)/, tooltip);
    assert.doesNotMatch(toApprove, /production \\\(acme\/platform\/auth\\-service\\\)/, tooltip);
  });

  it('the status bar’s tooltip says how old others’ approvals may be, as the poll plan has it', async () => {
    await waitFor(() => host.api.engine.snapshot().instances[0]?.coverage !== undefined, 'a plan');
    const lag = host.api.engine.snapshot().instances[0].coverage!.approvalLagMs;
    assert.ok(lag > pollIntervalMs(), `each waiting deployment is re-read every few polls: ${lag} ms`);
    await waitFor(
      () =>
        (host.api.statusBar.item.tooltip as vscode.MarkdownString).value.includes(
          `Approvals by others may be up to ${periodText(lag)} old; Refresh reads them all now.`,
        ),
      `the tooltip to say ${periodText(lag)}`,
    );
  });

  it('filters to what awaits the user (to approve, or approved and theirs to run), and back', async () => {
    await host.api.tree.setFilter('awaitingMe');
    const shown = host.api.tree.currentShape.visibleDeployments();
    assert.ok(shown.length > 0 && shown.every((n) => n.view.awaitingMe || n.view.state === 'approved-not-run'));
    assert.ok(shown.some((n) => n.view.state === 'approved-not-run'));
    assert.ok(!treeRows(host.api).some((r) => r.includes('manual job')));
    await host.api.tree.setFilter('allBlocked');
    assert.ok(treeRows(host.api).some((r) => r.includes('manual job')));
  });

  it('shows a progress bar in the view while GitLab is being asked, and ends it', async () => {
    await waitFor(() => !host.api.engine.snapshot().refreshing, 'no refresh under way');
    const progress = sinon.stub(vscode.window, 'withProgress').callThrough();
    try {
      const refreshing = host.api.engine.refresh('full');
      const options = progress.firstCall?.args[0] as vscode.ProgressOptions | undefined;
      assert.deepEqual(options?.location, { viewId: 'gitlabApprovals.deployments' });
      await refreshing;
      await progress.firstCall.returnValue;
    } finally {
      progress.restore();
    }
  });

  it('shows a new blocked deployment after a refresh, and fetches only what changed', async () => {
    const before = host.sim.requestLog.length;
    const created = host.sim.createBlockedDeployment({
      project: 'acme/platform/api-gateway',
      environment: 'staging',
      triggeredBy: 'alice',
      ref: 'release-42',
    });
    await pollAfterChange(host.api);
    await waitFor(() => treeRows(host.api).some((r) => r.includes('release-42')), 'the new deployment row');
    const requests = host.sim.requestLog.since(host.sim.requestLog.all()[before - 1]?.seq ?? 0);
    const details = requests.filter((r) => r.route === 'deployments.get').map((r) => r.path);
    const fresh = `/api/v4/projects/${created.deployment.projectId}/deployments/${created.deployment.id}`;
    assert.ok(details.includes(fresh), details.join(', '));
    // Besides the new one, only waiting deployments due for their periodic re-read (spread: about a fifth per poll).
    const waiting = new Set(
      allDeployments(host.api.engine.snapshot())
        .filter((d) => d.state === 'waiting-for-approval')
        .map((d) => `/api/v4/projects/${d.projectId}/deployments/${d.deployment.id}`),
    );
    const others = details.filter((path) => path !== fresh);
    assert.ok(others.every((path) => waiting.has(path)) && others.length < waiting.size, details.join(', '));
  });

  it('watches only the projects the projectFilter setting names, and all again once it is cleared', async () => {
    const config = vscode.workspace.getConfiguration('gitlabApprovals');
    const projectPaths = () =>
      treeRows(host.api)
        .filter((row) => !row.startsWith(' '))
        .map((row) => row.split(' — ')[1]);
    assert.ok(projectPaths().includes('acme/platform/api-gateway'), projectPaths().join(', '));
    await config.update('projectFilter', ['acme/web', '!**/docs-site'], vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => !projectPaths().includes('acme/platform/api-gateway'), 'the filter to apply');
      assert.ok(projectPaths().length > 0);
      assert.ok(
        projectPaths().every((path) => path.startsWith('acme/web/') && path !== 'acme/web/docs-site'),
        projectPaths().join(', '),
      );
    } finally {
      await config.update('projectFilter', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => projectPaths().includes('acme/platform/api-gateway'), 'every project again');
  });
});
