import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { liveLinks } from '../support/linkedText';
import { signedInSuite, waitFor, runCommand } from './support/harness';
import { BUILT_IN_COMMANDS, COMMANDS } from '../../src/shell/commands/commandIds';
import { startSimulator } from '../simulator';
import type { TokenScope } from '../simulator/model';
import { QuickInputs } from './support/quickInputs';

// GitLab text is written by anyone who can push or name a job. What the extension hands to VS Code's notification,
// modal and quick-pick APIs is checked here at that seam: VS Code would render `[x](command:…)` there as a live link.
describe('hostile text from GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  const COMMAND_LINK = '[Open the job log](command:workbench.action.quickOpen?%5B%22%3E%22%5D)';

  const rowOfJob = (jobName: string) =>
    host.api.tree.currentShape.visibleDeployments().find((n) => n.deployment.deployable?.name === jobName);

  it('the notification after Approve and Run shows no link from a job name', async () => {
    const jobName = `deploy ${COMMAND_LINK}`;
    host.sim.createBlockedDeployment({
      project: 'acme/web/docs-site',
      environment: 'production',
      triggeredBy: 'bob',
      jobName,
    });
    await host.api.engine.refresh('full');
    await waitFor(() => rowOfJob(jobName)?.view.state === 'waiting-for-approval', 'the new deployment');
    const node = rowOfJob(jobName) as DeploymentNode;
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Approve and Run' as unknown as vscode.MessageItem);

    await runCommand(COMMANDS.approveAndRun, node);

    assert.notEqual(host.sim.state.jobs.get(node.deployment.deployable!.id)?.status, 'manual', 'the job ran');
    const message = String(info.firstCall?.args[0]);
    assert.match(message, /started job deploy .Open the job log.\(command:/, 'the name is still shown, as text');
    assert.deepEqual(liveLinks(message), []);
  });

  it('an error text from GitLab becomes no link in the error notification', async () => {
    const node = host.api.tree.currentShape
      .visibleDeployments()
      .find(
        (n) =>
          n.view.eligibility?.canApprove &&
          n.view.state === 'waiting-for-approval' &&
          (n.view.eligibility.representedAsChoices ?? []).length <= 1,
      );
    assert.ok(node, 'an approvable deployment');
    const fault = host.sim.faults.add({
      kind: 'status',
      status: 400,
      route: 'deployments.approve',
      contentType: 'application/json',
      body: JSON.stringify({ message: `Refused, see ${COMMAND_LINK}` }),
    });
    try {
      host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
      const error = host.sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
      await runCommand(COMMANDS.approve, node);
      const message = String(error.firstCall?.args[0]);
      assert.match(message, /Refused, see .Open the job log./);
      assert.deepEqual(liveLinks(message), []);
    } finally {
      host.sim.faults.remove(fault);
    }
  });

  it('a quick pick shows icon syntax and link syntax from GitLab as typed', async () => {
    const jobName = 'deploy';
    host.sim.createBlockedDeployment({
      project: 'acme/web/docs-site',
      environment: 'production',
      triggeredBy: 'bob',
      ref: 'feature/$(alert)-[x](command:y)',
      jobName,
    });
    await host.api.engine.refresh('full');
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await runCommand(COMMANDS.openInGitLab);
    const items = (await pick.firstCall.args[0]) as vscode.QuickPickItem[];
    const hostile = items.find((i) => i.label.includes('feature/'));
    assert.ok(hostile, 'the hostile ref is offered');
    assert.ok(hostile.label.includes('feature/\\$(alert)'), hostile.label);
    assert.ok(/^\$\([a-z-~]+\) /.test(hostile.label), 'the extension’s own icon stays');
    assert.deepEqual(liveLinks(hostile.label), []);
  });

  it('a tree row shows invisible characters from GitLab, so a look-alike branch never reads as the real one', async () => {
    const jobName = 'deploy \u202Eevorppa\u202C';
    // An unprotected environment: a manual job that awaits nobody, so no notification outlives the test.
    host.sim.createBlockedDeployment({
      project: 'acme/web/docs-site',
      environment: 'review/hostile',
      triggeredBy: 'bob',
      ref: 'ma\u200Bin',
      jobName,
    });
    await host.api.engine.refresh('full');
    await waitFor(() => rowOfJob(jobName) !== undefined, 'the new deployment');
    const item = host.api.tree.getTreeItem(rowOfJob(jobName)!);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
    for (const [surface, text] of [
      ['description', String(item.description)],
      ['accessibility label', item.accessibilityInformation?.label ?? ''],
      ['tooltip', tooltip],
    ]) {
      assert.doesNotMatch(text, invisible, surface);
      assert.ok(!text.includes('main '), `${surface} must not read as main: ${text}`);
    }
    assert.match(String(item.description), /^ma⟨U\+200B⟩in /);
  });

  it('a token’s scopes from the server show as text in the sign-in message: no icon, no reversed sentence', async () => {
    const other = await startSimulator({ scenario: 'demo' });
    const inputs = new QuickInputs(host.sandbox);
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Continue' as unknown as vscode.MessageItem);
    try {
      // read_user cannot read deployments, so the token is refused and its scopes are quoted (read_api would sign in).
      const scopes = ['read_user', '$(alert) \u202Eipa'] as unknown as TokenScope[];
      const token = other.state.addToken(other.state.user('demo'), { scopes });
      const done = runCommand(COMMANDS.signIn);
      await inputs.choose(await inputs.pick(/Another GitLab instance/), /Another GitLab instance/);
      await inputs.enter(await inputs.box(), other.url);
      const tokenBox = await inputs.box();
      await inputs.enter(tokenBox, token.token);
      const problem = await inputs.problemOf(tokenBox, /has scopes/);
      assert.ok(problem.includes('\\$(alert)'), `the icon syntax is shown as typed: ${problem}`);
      assert.ok(problem.includes('⟨U+202E⟩ipa'), `the override is shown, not obeyed: ${problem}`);
      assert.match(
        problem,
        /; it needs api to approve, reject and run, or read_api to watch deployments only\./,
        'the extension’s own sentence reads as written',
      );
      tokenBox.hide();
      await done;
      await inputs.allClosed();
      // Sign In moved the focus to its boxes: give it back to the view, as the suites after this one expect.
      await vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView);
    } finally {
      inputs.dispose();
      await other.close();
    }
  });

  for (const webUrl of ['command:workbench.action.quickOpen', 'javascript:alert(1)', 'https://evil.example/acme/web']) {
    it(`Open in GitLab and Copy Link refuse a project web_url of ${webUrl.split(':')[0]}:…, saying why`, async () => {
      const row = host.api.tree.currentShape.visibleDeployments()[0];
      const hostile: DeploymentNode = {
        ...row,
        project: { ...row.project, project: { ...row.project.project, web_url: webUrl } },
      };
      const open = host.sandbox.stub(vscode.env, 'openExternal').resolves(true);
      const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
      await vscode.env.clipboard.writeText('before');
      await runCommand(COMMANDS.openInGitLab, hostile);
      await runCommand(COMMANDS.copyLink, hostile);
      assert.equal(open.callCount, 0);
      assert.equal(await vscode.env.clipboard.readText(), 'before');
      assert.equal(warning.callCount, 2);
      assert.match(
        String(warning.firstCall.args[0]),
        /not an http\(s\) page on 127\.0\.0\.1:\d+, so it was not opened/,
      );
    });
  }
});
