import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { startSimulator, type Simulator } from '../simulator';
import { pollIntervalMs } from '../../src/shell/settings';
import {
  extensionApi,
  pollAfterChange,
  runCommand,
  signInToAnotherInstance,
  signOutEverywhere,
  viewNotices,
  waitFor,
} from './support/harness';
import { QuickInputs } from './support/quickInputs';
import { COMMANDS } from '../../src/shell/commands/commandIds';

describe('signing in and out, and what a workspace cannot change', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  const sandbox = sinon.createSandbox();

  // Each part starts from its own state (signed out, or signed in through the real Sign In), whatever ran before.
  before(async () => {
    sim = await startSimulator({ scenario: 'demo' });
    api = await extensionApi();
    api.focus.setFocused(true);
  });
  afterEach(() => sandbox.restore());
  after(async () => {
    await signOutEverywhere(api);
    await sim.close();
  });

  describe('signing in', () => {
    before(() => signOutEverywhere(api));

    it('Sign In checks the token with GitLab, says what is wrong, and stores only a working one', async () => {
      const inputs = new QuickInputs(sandbox);
      const warning = sandbox
        .stub(vscode.window, 'showWarningMessage')
        .resolves('Continue' as unknown as vscode.MessageItem);
      sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
      try {
        const done = runCommand(COMMANDS.signIn);
        await inputs.choose(await inputs.pick(/Another/), /Another/);
        await inputs.enter(await inputs.box(), `${sim.url}/`);
        const tokenBox = await inputs.box();
        await inputs.enter(tokenBox, 'glpat-wrong-token-000000');
        const problem = await inputs.problemOf(tokenBox, /did not accept the access token/);
        assert.ok(!problem.includes('glpat-'), 'the token never appears in a message');
        await inputs.enter(tokenBox, sim.defaultToken);
        await done;
        await inputs.allClosed();
      } finally {
        inputs.dispose();
      }
      assert.match(String(warning.firstCall?.args[0]), /uses http:\/\/: your access token would travel unencrypted/);
      const instances = vscode.workspace
        .getConfiguration('gitlabApprovals')
        .inspect<string[]>('instances')?.globalValue;
      assert.deepEqual(instances, [sim.url]);
      await waitFor(
        () => api.instances.signedIn && api.engine.snapshot().instances[0]?.lastSuccessAt !== undefined,
        'the first load',
      );
      assert.equal(api.engine.snapshot().instances[0].user?.username, 'demo');
      // One check of the working token, then one first load (the secret and the setting arrive as two events).
      assert.equal(sim.requestLog.all().filter((r) => r.route === 'version' && r.username === 'demo').length, 2);
      const tokenRequests = sim.requestLog.all().filter((r) => r.username === 'demo');
      assert.ok(
        tokenRequests.length > 0 && tokenRequests.every((r) => r.authHeader === 'private-token' && !r.otherOrigin),
      );
    });
  });

  describe('while signed in', () => {
    before(async () => {
      await signOutEverywhere(api);
      await signInToAnotherInstance(api, sim.url, sim.defaultToken);
    });

    it('signs in to a second instance: the tree starts at instances, and Sign Out on one leaves the other', async () => {
      const second = await startSimulator({ scenario: 'demo' });
      try {
        await signInToAnotherInstance(api, second.url, second.defaultToken);
        const roots = api.tree.getChildren();
        assert.deepEqual(
          roots.map((n) => n.type),
          ['instance', 'instance'],
        );
        assert.deepEqual(
          roots.map((n) => api.tree.getTreeItem(n).label),
          [new URL(sim.url).host, new URL(second.url).host],
        );
        assert.ok(api.tree.getChildren(roots[1]).length > 0, 'the second instance lists its projects');

        sandbox.stub(vscode.window, 'showWarningMessage').resolves('Sign Out' as unknown as vscode.MessageItem);
        await runCommand(COMMANDS.signOut, roots[1]);
        await waitFor(() => api.instances.urls.length === 1, 'one instance left');
        assert.deepEqual(api.instances.urls, [sim.url]);
        assert.equal(api.tree.getChildren()[0]?.type, 'project');
      } finally {
        await second.close();
      }
    });

    it("Sign In suggests the host of the workspace's git remotes, and cancelling changes nothing", async () => {
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      fs.mkdirSync(path.join(folder, '.git'), { recursive: true });
      fs.writeFileSync(
        path.join(folder, '.git', 'config'),
        '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@gitlab.acme.test:platform/api.git\n',
      );
      try {
        const inputs = new QuickInputs(sandbox);
        const instancesBefore = api.instances.urls;
        const done = runCommand(COMMANDS.signIn);
        const pick = await inputs.pick(/gitlab\.acme\.test/);
        const items = pick.items.map((i) => [i.label.replace(/^\$\([\w-]+\) /, ''), i.description]);
        assert.deepEqual(
          items.filter(([label]) => label === 'gitlab.com' || label === 'gitlab.acme.test'),
          [
            ['gitlab.com', 'GitLab.com'],
            ['gitlab.acme.test', "from this workspace's git remotes"],
          ],
        );
        pick.hide();
        await done;
        await inputs.allClosed();
        assert.deepEqual(api.instances.urls, instancesBefore);
      } finally {
        fs.rmSync(path.join(folder, '.git'), { recursive: true, force: true });
      }
    });

    it('ignores an instance URL set in workspace settings: the token is never sent there', async () => {
      const evil = await startSimulator({ scenario: 'demo' });
      try {
        const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
        fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
        const changed = new Promise<void>((resolve) => {
          const listener = vscode.workspace.onDidChangeConfiguration(
            (e) => e.affectsConfiguration('gitlabApprovals.instances') && (listener.dispose(), resolve()),
          );
        });
        fs.writeFileSync(
          path.join(folder, '.vscode', 'settings.json'),
          JSON.stringify({ 'gitlabApprovals.instances': [evil.url] }),
        );
        await Promise.race([changed, new Promise((r) => setTimeout(r, 3000))]);
        await api.instances.reload();
        await api.engine.refresh('full');
        assert.deepEqual(api.instances.urls, [sim.url]);
        assert.equal(evil.requestLog.length, 0);
      } finally {
        fs.rmSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode'), {
          recursive: true,
          force: true,
        });
        await evil.close();
      }
    });

    it('sends no request while the window is unfocused, even when asked to refresh', async () => {
      api.focus.setFocused(false);
      try {
        // A refresh that started before the pause (the previous test's settings clean-up reloads the instances when
        // VS Code reports the change) is let finish; what is measured is what the unfocused window sends.
        await waitFor(() => !api.engine.snapshot().refreshing, 'a refresh begun before the pause to end');
        const before = sim.requestLog.length;
        await runCommand(COMMANDS.refresh);
        await api.engine.refresh('poll');
        // Nothing under way and nothing sent; that no timer fires while paused is the engine's unit test (fake clock).
        assert.equal(api.engine.snapshot().refreshing, false);
        assert.equal(sim.requestLog.length, before);
      } finally {
        api.focus.setFocused(true);
        // Focus may start a refresh; the next test starts once it is over.
        await waitFor(() => !api.engine.snapshot().refreshing, 'the refresh on focus to end');
      }
    });

    it('shows a failing GitLab in the view message, keeps the last data and marks the status bar stale', async () => {
      const rowsBefore = api.tree.currentShape.visibleDeployments().length;
      const fault = sim.faults.add({ kind: 'status', status: 500, route: 'deployments.list' });
      try {
        await pollAfterChange(api);
        assert.match(viewNotices(api), /127\.0\.0\.1:\d+: GitLab had an internal error \(500\)\. Showing data read /);
        assert.equal(api.tree.currentShape.visibleDeployments().length, rowsBefore);
        assert.match(api.statusBar.item.text, /\$\(warning\)$/);
      } finally {
        sim.faults.remove(fault);
      }
      await pollAfterChange(api);
      await waitFor(() => viewNotices(api) === '', 'the message to go after a clean poll');
    });

    it('follows the status-bar setting: all blocked, hidden, awaiting me', async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      const all = api.tree.currentShape.visibleDeployments().length;
      try {
        await config.update('statusBar', 'allBlocked', vscode.ConfigurationTarget.Global);
        await waitFor(() => api.statusBar.item.text === `$(debug-pause) ${all} blocked`, 'the all-blocked count');
        await config.update('statusBar', 'hidden', vscode.ConfigurationTarget.Global);
        await waitFor(() => !api.statusBar.isVisible, 'the item to hide');
      } finally {
        await config.update('statusBar', undefined, vscode.ConfigurationTarget.Global);
      }
      await waitFor(
        () => api.statusBar.isVisible && /to (approve|run)$/.test(api.statusBar.item.text),
        'the default mode',
      );
    });

    it('notifies once for a batch of new deployments awaiting approval, when notifications are on', async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      const shown = sandbox
        .stub(vscode.window, 'showInformationMessage')
        .resolves('Open' as unknown as vscode.MessageItem);
      await config.update('notifications', true, vscode.ConfigurationTarget.Global);
      try {
        const first = sim.createBlockedDeployment({
          project: 'acme/platform/api-gateway',
          environment: 'staging',
          triggeredBy: 'bob',
          ref: 'hotfix-1',
        });
        sim.createBlockedDeployment({
          project: 'acme/web/storefront',
          environment: 'canary',
          triggeredBy: 'bob',
          ref: 'hotfix-2',
        });
        await pollAfterChange(api);
        await waitFor(() => shown.called, 'the notification');
        assert.equal(shown.callCount, 1);
        assert.deepEqual(shown.firstCall.args, [
          '2 deployments await your approval: staging (acme/platform/api-gateway) and canary (acme/web/storefront).',
          'Approve…',
          'Open',
          "Don't Show Again",
        ]);
        // Open reveals the new rows and selects them.
        await waitFor(
          () => api.tree.view.selection.some((n) => n.type === 'deployment' && n.deployment.id === first.deployment.id),
          'the new row selected in the view',
        );
      } finally {
        await config.update('notifications', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it("a notification's Approve… approves exactly the deployments it announced, with one summary", async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      const demo = sim.state.user('demo').id;
      const approvalsByDemo = () => [...sim.state.approvals.values()].filter((a) => a.userId === demo);
      const before = approvalsByDemo().length;
      const shown = sandbox.stub(vscode.window, 'showInformationMessage');
      shown.onFirstCall().resolves('Approve…' as unknown as vscode.MessageItem);
      shown.resolves(undefined);
      sandbox.stub(vscode.window, 'showInputBox').resolves('');
      sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => (await items)[0] as never); // rules
      await config.update('notifications', true, vscode.ConfigurationTarget.Global);
      try {
        const announced = [
          sim.createBlockedDeployment({
            project: 'acme/platform/api-gateway',
            environment: 'staging',
            triggeredBy: 'bob',
            ref: 'announced-1',
          }),
          sim.createBlockedDeployment({
            project: 'acme/web/storefront',
            environment: 'canary',
            triggeredBy: 'bob',
            ref: 'announced-2',
          }),
        ];
        await pollAfterChange(api);
        await waitFor(() => shown.callCount >= 2, 'the notification, then the summary');
        assert.match(String(shown.firstCall.args[0]), /^2 deployments await your approval/);
        const approved = approvalsByDemo().slice(before);
        assert.deepEqual(
          approved.map((a) => a.deploymentId).sort(),
          announced.map((d) => d.deployment.id).sort(),
          'exactly the announced deployments',
        );
        assert.equal(
          shown.callCount,
          2,
          shown
            .getCalls()
            .map((c) => String(c.args[0]))
            .join('\n'),
        );
        assert.match(String(shown.secondCall.args[0]), /^Approved 2 of 2 deployments\. /);
      } finally {
        await config.update('notifications', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('opens the inbox from the status bar and acts on the chosen deployment', async () => {
      const open = sandbox.stub(vscode.env, 'openExternal').resolves(true);
      sandbox.stub(vscode.window, 'showQuickPick').callsFake(async (items) => {
        const list = (await items) as vscode.QuickPickItem[];
        return (list.find((i) => i.label.includes('Open in GitLab')) ?? list[0]) as never;
      });
      await runCommand(api.statusBar.item.command as string);
      assert.ok(open.calledOnce);
      assert.match(open.firstCall.args[0].toString(true), /\/-\/environments\/\d+\/deployments\/\d+$/);
    });

    it('says once, with a way out, when GitLab stops accepting the token, keeping the last data', async () => {
      const warning = sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
      const token = sim.state.tokens.get(sim.defaultToken)!;
      token.revoked = true;
      try {
        await api.engine.refresh('poll');
        await api.engine.refresh('poll');
        await waitFor(() => warning.called, 'the warning');
        assert.equal(warning.callCount, 1);
        assert.match(String(warning.firstCall.args[0]), /no longer accepts your access token/);
        assert.equal(warning.firstCall.args[1] as unknown, 'Sign In…');
        assert.ok(api.tree.currentShape.visibleDeployments().length > 0, 'the last data stays');
      } finally {
        token.revoked = false;
      }
      await api.engine.refresh('poll');
      assert.equal(api.engine.snapshot().instances[0].error, undefined);
    });

    it('polls every 60 s by default and never more often than every 15 s, whatever the setting says', async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      assert.equal(pollIntervalMs(), 60_000);
      try {
        await config.update('pollIntervalSeconds', 5, vscode.ConfigurationTarget.Global);
        assert.equal(pollIntervalMs(), 15_000);
        await config.update('pollIntervalSeconds', 120, vscode.ConfigurationTarget.Global);
        assert.equal(pollIntervalMs(), 120_000);
      } finally {
        await config.update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('says clearly when the CA-file setting points at something that is not a certificate, and sends nothing', async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      const notPem = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'not-a-ca.txt');
      fs.writeFileSync(notPem, 'hello');
      const error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
      const before = sim.requestLog.length;
      try {
        await config.update('caFile', notPem, vscode.ConfigurationTarget.Global);
        await api.instances.reload();
        await waitFor(() => error.called, 'the error message');
        assert.match(
          String(error.firstCall.args[0]),
          /The CA file ".*not-a-ca\.txt" set in gitlabApprovals\.caFile cannot be used: no PEM certificate in the file/,
        );
        assert.deepEqual(api.instances.urls, []);
        assert.equal(sim.requestLog.length, before);
      } finally {
        await config.update('caFile', undefined, vscode.ConfigurationTarget.Global);
        fs.rmSync(notPem, { force: true });
      }
      await api.instances.reload();
      assert.deepEqual(api.instances.urls, [sim.url]);
    });

    it('Sign Out removes the token and the instance after a modal confirmation', async () => {
      sandbox.stub(vscode.window, 'showWarningMessage').resolves('Sign Out' as unknown as vscode.MessageItem);
      await runCommand(COMMANDS.signOut);
      await waitFor(() => !api.instances.signedIn, 'signed out');
      assert.deepEqual(
        vscode.workspace.getConfiguration('gitlabApprovals').inspect<string[]>('instances')?.globalValue,
        [],
      );
      assert.equal(api.contextKeys.viewState, 'signedOut');
      assert.equal(api.tree.getChildren().length, 0);
    });
  });
});
