import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentPage } from '../../src/shell/deploymentPage/deploymentPages';
import { gitlabFileUri } from '../../src/shell/reviewChanges/gitlabFiles';
import { reviewChanges, REVIEW_FILES_AT_MOST } from '../../src/shell/reviewChanges/reviewChanges';
import type { DeploymentBrief } from '../../src/core/brief';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { deploymentNode, pollAfterChange, runCommand, signedInSuite, waitFor } from './support/harness';

// The deployment page in the real host: opened as a user opens it, read through its rendered HTML, and acted on through
// the same message handler the webview's buttons reach. Everything behind it is real: the core, HTTP, the simulator.
describe('the deployment page against the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  afterEach(() => {
    for (const page of host.api.deploymentPages.openPages) page.dispose();
  });

  const node = (project: string, environment: string) =>
    deploymentNode(host.api, project, environment) as DeploymentNode;
  const openByClick = async (target: DeploymentNode): Promise<DeploymentPage> => {
    const command = host.api.tree.getTreeItem(target).command;
    assert.equal(command?.command, COMMANDS.openSelectedDeployment, 'a row click opens the page of the row it selects');
    // A click selects the row, then runs its command (the workbench's tree: selection first, then open).
    await host.api.tree.revealDeployments([target]);
    await waitFor(
      () =>
        host.api.tree.view.selection.some((n) => n.type === 'deployment' && n.deployment.id === target.deployment.id),
      'the clicked row selected',
    );
    await runCommand(command!.command, ...(command!.arguments ?? []));
    const page = host.api.deploymentPages.page(target);
    assert.ok(page, 'the page is open');
    return page;
  };
  const shows = (page: DeploymentPage, pattern: RegExp, what = String(pattern)) =>
    waitFor(() => pattern.test(page.html), `the page to show ${what}`);
  const approvalsOf = (target: DeploymentNode) =>
    [...host.sim.state.approvals.values()].filter((a) => a.deploymentId === target.deployment.id);

  it('opens from the row and shows the deployment, its state, who can approve and what it ships since live', async () => {
    const target = node('acme/platform/api-gateway', 'production');
    const page = await openByClick(target);
    const iid = target.deployment.iid;
    assert.match(page.html, new RegExp(`Deployment #${iid}: main → production`));
    assert.match(page.html, /Awaiting your approval — 0 of 2 approvals, 2 pending/);
    assert.match(page.html, /Triggered by Bob Brown \(@bob\)/);
    await shows(page, /9 commits since live/);
    assert.match(page.html, /Live on production now: #1 main/);
    assert.match(page.html, /Merge requests \(3\)/);
    assert.match(page.html, /!4 Add a \/healthz endpoint/);
    assert.match(page.html, /7 files changed/);
    await shows(page, /Carol Chen \(@carol\)/, 'the Security group’s members');
    assert.match(page.html, /data-action="approve"/);
    // demo is in the Security rule for sure and may be in the group-level Maintainers rule: both offered (issue 18).
    assert.match(page.html, /Your approval counts for/);
    assert.match(page.html, /value="Security" checked><label for="rule-0">Security \(0 of 1\)</);
    assert.match(
      page.html,
      /value="Maintainers"><label for="rule-1">Maintainers \(0 of 1\) — may include you: GitLab decides</,
    );

    await runCommand(COMMANDS.showDeployment, target);
    assert.equal(host.api.deploymentPages.openPages.length, 1, 'one page per deployment, reused');
    const tooltip = host.api.tree.getTreeItem(node('acme/platform/api-gateway', 'production'))
      .tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /9 commits since live · 3 MRs/);
  });

  it('warns in plain words: superseded, rollback, failed jobs; and says when nothing is live', async () => {
    const superseded = await openByClick(node('acme/platform/api-gateway', 'staging'));
    await shows(superseded, /Warning:<\/strong> A newer deployment of staging is already running/);
    assert.match(superseded.html, /Nothing is live on staging yet: this is its first deployment/);
    const rollback = await openByClick(node('acme/web/storefront', 'production'));
    await shows(rollback, /Warning:<\/strong> What is live on production .* running it would roll production back/);
    assert.match(rollback.html, /2 commits live has that this deployment does not/);
    const failing = await openByClick(node('acme/platform/billing-service', 'production'));
    await shows(failing, /The pipeline has 1 failed job: dependency_scanning \(allowed to fail\)/);
  });

  it('offers the choice of rule when the user is in several, and refuses a rule it did not offer', async () => {
    // demo is in Security; made a member of QA too, demo matches two of storefront production's rules.
    host.sim.state.addMember(host.sim.state.findGroupByPath('qa')!, host.sim.state.user('demo'), 30);
    await host.api.engine.refresh('full');
    await waitFor(
      () => node('acme/web/storefront', 'production').view.eligibility?.representedAsChoices.length === 2,
      'two rules to choose from',
    );
    const target = node('acme/web/storefront', 'production');
    const page = await openByClick(target);
    assert.match(page.html, /<legend>Your approval counts for<\/legend>/);
    assert.match(page.html, /value="Security"/);
    assert.match(page.html, /value="QA"/);
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await page.receive({ type: 'approve', comment: 'x', rule: 'Maintainers' });
    await page.receive({ type: 'approve', comment: 'x' });
    assert.deepEqual(approvalsOf(target), []);
    await page.receive({ type: 'approve', comment: 'As QA', rule: 'QA' });
    await waitFor(() => approvalsOf(target).length === 1, 'the approval');
    assert.equal(approvalsOf(target)[0].comment, 'As QA');
    await shows(page, /Demo User approved/);
    assert.doesNotMatch(page.html, /value="QA"/, 'QA is approved: only Security is left');
  });

  it('approves from the page with a comment; the simulator records it and the page and tree update in place', async () => {
    const target = node('acme/platform/api-gateway', 'production');
    const page = await openByClick(target);
    await shows(page, /9 commits since live/);
    // The rule the page checks first: the one demo surely matches (Security).
    await page.receive({ type: 'approve', comment: 'Reviewed the diff', rule: 'Security' });
    const [approval] = approvalsOf(target);
    assert.equal(approval?.status, 'approved');
    assert.equal(approval?.comment, 'Reviewed the diff');
    await shows(page, /1 of 2 approvals, 1 pending/);
    assert.match(page.html, /Demo User approved .*: “Reviewed the diff”/);
    const row = host.api.tree.getTreeItem(node('acme/platform/api-gateway', 'production'));
    // demo may still count under the group-level Maintainers rule: GitLab decides (issue 18).
    assert.match(String(row.label), /^may await you · 1\/2$/);
  });

  it('rejects only after the confirmation that the job fails for good', async () => {
    const target = node('acme/web/storefront', 'canary');
    const page = await openByClick(target);
    const confirm = host.sandbox.stub(vscode.window, 'showWarningMessage');
    confirm.onFirstCall().resolves(undefined as never);
    confirm.onSecondCall().resolves('Reject' as never);
    await page.receive({ type: 'reject', comment: 'Not today' });
    assert.deepEqual(approvalsOf(target), [], 'cancelled: nothing sent');
    assert.match(
      String(confirm.firstCall.args[1] && (confirm.firstCall.args[1] as vscode.MessageOptions).detail),
      /fail for good/,
    );
    await page.receive({ type: 'reject', comment: 'Not today' });
    assert.equal(approvalsOf(target)[0]?.status, 'rejected');
    await shows(page, /No longer waiting/);
    assert.doesNotMatch(page.html, /data-action="approve"/);
  });

  it('drops messages the page does not send, and actions the tree would not offer', async () => {
    const own = node('acme/web/admin-portal', 'production'); // triggered by demo; self-approval is off
    const page = await openByClick(own);
    const open = host.sandbox.stub(vscode.env, 'openExternal').resolves(true);
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    const postsBefore = host.sim.requestLog.all().filter((r) => r.method === 'POST' && r.route !== 'graphql').length;
    await page.receive({ type: 'approve', comment: 'sneaky' });
    await page.receive({ type: 'approve', comment: 'x'.repeat(256) });
    await page.receive({ type: 'run' });
    await page.receive({ type: 'executeCommand', command: 'workbench.action.terminal.new' });
    await page.receive('approve');
    await page.receive({ type: 'openLink', url: 'https://evil.example/phish' });
    assert.equal(
      host.sim.requestLog.all().filter((r) => r.method === 'POST' && r.route !== 'graphql').length,
      postsBefore,
    );
    assert.ok(open.notCalled);
    await shows(page, /href="http/, 'a link');
    const shown = /href="([^"]+)"/.exec(page.html)![1].replace(/&amp;/g, '&');
    await page.receive({ type: 'openLink', url: shown });
    assert.equal(open.firstCall?.args[0].toString(true), shown);
  });

  it('shows GitLab text as text: markup in a ref or a name is escaped', async () => {
    host.sim.createBlockedDeployment({
      project: 'acme/platform/api-gateway',
      environment: 'review/feature-x',
      triggeredBy: 'bob',
      ref: '<img src=x onerror=alert(1)>',
    });
    await host.api.engine.refresh('full');
    await waitFor(
      () => host.api.tree.currentShape.visibleDeployments().some((n) => n.environment.name === 'review/feature-x'),
      'the row',
    );
    const page = await openByClick(node('acme/platform/api-gateway', 'review/feature-x'));
    assert.match(page.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(page.html, /<img/);
    await shows(page, /could not be read|Nothing is live/, 'the brief (this ref has no commit)');
  });

  it('has a strict content-security policy: no remote content, scripts only with its nonce, no command links', async () => {
    const page = await openByClick(node('acme/platform/api-gateway', 'production'));
    const document = page.documentHtml;
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(document)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[0-9a-f]{36}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // Besides the nonce, only the webview's own resource origin (the extension's media and codicons).
    assert.doesNotMatch(csp.split(page.cspSource).join(''), /https?:|\*/);
    assert.doesNotMatch(document, /command:/);
    assert.equal(page.webviewOptions.enableCommandUris, false);
  });

  it('reads files for Review Changes through GitLab, read-only, nothing for binary files', async () => {
    const target = node('acme/platform/api-gateway', 'production');
    const sha = target.deployment.sha;
    const uri = (path: string, placeholder?: 'binary') =>
      gitlabFileUri({ instanceUrl: host.sim.url, projectId: 1, sha, path, placeholder });
    const before = host.api.reviewFiles.fetches;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri('src/health.ts')));
    assert.equal(text, "export function health() {\n  return { status: 'ok' };\n}\n");
    assert.doesNotMatch(uri('src/health.ts').toString(), new RegExp(host.sim.defaultToken), 'no token in a URI');
    await vscode.workspace.fs.readFile(uri('src/health.ts'));
    assert.equal(host.api.reviewFiles.fetches, before + 1, 'read once, then from memory');
    const binary = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri('assets/logo.png', 'binary')));
    assert.match(binary, /binary file/);
    assert.equal(host.api.reviewFiles.fetches, before + 1, 'a binary file is not fetched');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri('src/health.ts'), new Uint8Array())));
    await assert.rejects(
      Promise.resolve(
        vscode.workspace.fs.readFile(
          gitlabFileUri({ instanceUrl: 'https://elsewhere.example', projectId: 1, sha, path: 'x' }),
        ),
      ),
      'an instance the user is not signed in to reads nothing',
    );
  });

  it('Review Changes opens at most REVIEW_FILES_AT_MOST files and says how many more changed and which it skips', async () => {
    const target = node('acme/platform/api-gateway', 'production');
    const file = (i: number, binary = false) => ({
      path: `src/f${i}.ts`,
      oldPath: `src/f${i}.ts`,
      kind: 'modified',
      binary,
      tooLarge: false,
      collapsed: false,
    });
    const entries = [...Array.from({ length: 1000 }, (_, i) => file(i)), file(1000, true)];
    const brief = {
      live: { sha: 'a'.repeat(40) },
      sha: 'b'.repeat(40),
      files: { entries, count: 1001, truncated: false },
    };
    const execute = host.sandbox.stub(vscode.commands, 'executeCommand').callThrough();
    execute.withArgs('vscode.changes').resolves(undefined);
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await reviewChanges(target, brief as unknown as DeploymentBrief);
    const opened = execute.getCalls().find((c) => c.args[0] === 'vscode.changes');
    assert.equal((opened?.args[2] as unknown[]).length, REVIEW_FILES_AT_MOST);
    assert.match(String(info.firstCall?.args[0]), /^1 binary file\(s\) are not shown/);
    assert.match(
      String(info.firstCall?.args[0]),
      new RegExp(`Only the first ${REVIEW_FILES_AT_MOST} files are shown; 700 more changed`),
    );
  });

  it('opens Review Changes in the multi-file diff editor from the page', async () => {
    const target = node('acme/platform/api-gateway', 'staging');
    const page = await openByClick(node('acme/platform/api-gateway', 'production'));
    void target;
    await shows(page, /data-action="reviewChanges"/);
    const execute = host.sandbox.spy(vscode.commands, 'executeCommand');
    await page.receive({ type: 'reviewChanges' });
    const call = execute.getCalls().find((c) => c.args[0] === 'vscode.changes' || c.args[0] === 'vscode.diff');
    assert.ok(call, 'the diff editor opened');
    assert.equal(call.args[0], 'vscode.changes', 'VS Code 1.96 has the multi-file diff editor');
    const resources = call.args[2] as (vscode.Uri | undefined)[][];
    assert.ok(resources.length > 0);
    for (const [label, left, right] of resources) {
      // A change reads as a change of one file at its repository path, not as a rename between two shas' folders.
      assert.equal(label!.path, (right ?? left)!.path);
      if (left && right) assert.equal(left.path, right.path, `${left.path} shown as renamed to ${right.path}`);
      assert.doesNotMatch(`${left?.query} ${right?.query}`, /placeholder=binary/, 'a binary file is not shown as text');
    }
    await waitFor(
      () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /production: live/.test(t.label))),
      'the changes editor tab',
    );
  });

  it('the notification for one new deployment opens its page from Show Deployment', async () => {
    const config = vscode.workspace.getConfiguration('gitlabApprovals');
    const shown = host.sandbox
      .stub(vscode.window, 'showInformationMessage')
      .resolves('Show Deployment' as unknown as vscode.MessageItem);
    await config.update('notifications', true, vscode.ConfigurationTarget.Global);
    try {
      const created = host.sim.createBlockedDeployment({
        project: 'acme/web/docs-site',
        environment: 'production',
        triggeredBy: 'bob',
        ref: 'notified-release',
      });
      await pollAfterChange(host.api);
      await waitFor(() => shown.called, 'the notification');
      assert.equal(shown.callCount, 1);
      assert.match(String(shown.firstCall.args[0]), /notified-release → production \(acme\/web\/docs-site\) awaits/);
      assert.deepEqual(shown.firstCall.args.slice(1), ['Approve…', 'Show Deployment', "Don't Show Again"]);
      await waitFor(() => host.api.deploymentPages.openPages.length === 1, 'the deployment page');
      const page = host.api.deploymentPages.openPages[0];
      assert.match(page.html, new RegExp(`Deployment #${created.deployment.iid}: notified-release → production`));
    } finally {
      await config.update('notifications', undefined, vscode.ConfigurationTarget.Global);
    }
  });
  it("the page's Approve and Run asks the run question first, with the brief's warnings in words", async () => {
    const target = node('acme/platform/api-gateway', 'staging'); // superseded by a newer, running deployment
    const page = await openByClick(target);
    await shows(page, /A newer deployment of staging is already running/, 'the superseded warning');
    const question = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await page.receive({ type: 'approveAndRun', comment: 'ok' });
    assert.deepEqual(approvalsOf(target), [], 'cancelled: nothing sent');
    const [message, options] = question.firstCall.args as unknown as [string, vscode.MessageOptions];
    assert.match(message, /acme\/platform\/api-gateway/);
    assert.equal(options.modal, true);
    assert.match(options.detail ?? '', /This one is superseded\./);
  });
  it('warns of a newer deployment that arrived after its brief was read, as its row does', async () => {
    const target = node('acme/web/docs-site', 'production');
    const page = await openByClick(target);
    await shows(page, /What is being shipped/, 'the brief');
    assert.doesNotMatch(page.html, /superseded/);
    host.sim.createBlockedDeployment({
      project: 'acme/web/docs-site',
      environment: 'production',
      triggeredBy: 'bob',
      ref: 'newer-than-the-brief',
    });
    await pollAfterChange(host.api);
    await shows(
      page,
      /A newer deployment of production is already waiting: #\d+ of newer-than-the-brief/,
      'superseded',
    );
    page.dispose();
  });
  it('puts the warnings at the top of the page, above Approvals and Decide', async () => {
    const page = await openByClick(node('acme/platform/api-gateway', 'staging')); // superseded
    await shows(page, /A newer deployment of staging is already running/, 'the superseded warning');
    const warning = page.html.indexOf('<strong>Warning:</strong>');
    assert.ok(warning < page.html.indexOf('id="approvals-heading"'), 'the warning comes before Approvals');
    assert.ok(warning < page.html.indexOf('id="decide-heading"'), 'the warning comes before Decide');
  });
  it('a row click still opens its page after the rows were refreshed: its command carries no arguments', async () => {
    const target = node('acme/platform/api-gateway', 'production');
    const command = host.api.tree.getTreeItem(target).command!;
    // VS Code keeps a tree item command's arguments in a cache it drops when the rows are refreshed ("Actual command
    // not found, wanted to execute gitlabApprovals.showDeployment /763"): a command without arguments has none to lose.
    assert.deepEqual(command.arguments ?? [], [], 'no arguments to lose');
    await host.api.tree.revealDeployments([target]);
    await waitFor(
      () =>
        host.api.tree.view.selection.some((n) => n.type === 'deployment' && n.deployment.id === target.deployment.id),
      'the clicked row selected',
    );
    await host.api.engine.refresh('full'); // the rows are given again
    await runCommand(command.command, ...(command.arguments ?? []));
    const page = host.api.deploymentPages.page(target);
    assert.ok(page, 'the clicked row’s page is open');
  });
});
