// Issue 18 in the real host: an approval GitLab may accept is offered and counted apart; GitLab's refusal is said and
// remembered; a user in a sure rule and a rule they may match picks the rule.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import { addUncertainApprover, seedDemo } from '../simulator';
import { contextTags, deploymentNode, signedInSuite, treeRows, waitFor, runCommand } from './support/harness';

const RELAY = 'partners/integrations/webhooks-relay';

describe('approvals GitLab may accept (issue 18)', () => {
  const host = signedInSuite({
    filter: 'allBlocked',
    simulator: {
      scenario: (state) => {
        seedDemo(state);
        addUncertainApprover(state);
      },
    },
  });
  const statusText = () => host.api.statusBar.item.text;

  before(() =>
    waitFor(
      () => treeRows(host.api).filter((r) => r.includes('may await you')).length >= 2,
      'the relay rows to say “may await you”',
    ),
  );

  it('offers Approve where only GitLab can tell, and counts it apart in the status bar and the badge', async () => {
    assert.ok(contextTags(host.api, deploymentNode(host.api, RELAY, 'production')).includes('canApprove'));
    await waitFor(() => / · 2 may( · |$)/.test(statusText()), `“2 may” in the status bar, not ${statusText()}`);
    assert.match(statusText(), /^\$\(bell-dot\) \d+ to approve · 2 may · \d+ to run$/);
    assert.match(String(host.api.tree.view.badge?.tooltip), /2 may/);
  });

  it('says GitLab’s refusal in one sentence and no longer offers or counts that approval', async () => {
    const node = deploymentNode(host.api, RELAY, 'staging');
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const warning = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await runCommand(COMMANDS.approve, node);
    await waitFor(() => warning.called, 'the refusal to be said');
    assert.match(String(warning.firstCall.args[0]), /GitLab did not accept .*You don't have permission/);
    await waitFor(() => / · 1 may( · |$)/.test(statusText()), `“1 may” in the status bar, not ${statusText()}`);
    const after = deploymentNode(host.api, RELAY, 'staging');
    assert.ok(!contextTags(host.api, after).includes('canApprove'));
    const tooltip = (host.api.tree.getTreeItem(after).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /GitLab refused your approval[^]*\n.*You don.t have permission to approve/);
  });

  it('lets a user in a sure rule and a rule they may match pick the rule, with All my rules', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'production');
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await runCommand(COMMANDS.approve, node);
    assert.ok(pick.calledOnce, 'the rule pick');
    const items = (await pick.firstCall.args[0]) as vscode.QuickPickItem[];
    assert.deepEqual(
      items.map((i) => i.label.replace(/^\$\([\w-]+\) /, '')),
      ['All my rules', 'Security', 'Maintainers'],
    );
    assert.match(String(items[2].description), /GitLab decides/);
  });
});
