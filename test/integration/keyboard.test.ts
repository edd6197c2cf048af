import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BUILT_IN_COMMANDS, COMMANDS, DEPLOYMENTS_VIEW_ID } from '../../src/shell/commands/commandIds';
import { FOCUSED_ROW_ARG } from '../../src/shell/commands/viewKeys';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { deploymentNode, EXTENSION_ID, signedInSuite, waitFor, runCommand } from './support/harness';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
  args?: unknown;
}

// The view from the keyboard: Enter opens a deployment, keys approve, reject and refresh the row the cursor is on.
// A key's command gets the focused row from VS Code (FOCUSED_ROW_ARG, turned into the row by the extension host); a
// command run here is not routed through that, so these tests hand over the focused row as VS Code does. The real
// keys, with the cursor moved by arrow keys away from the selection, are pressed in the end-to-end test.
describe('the deployments view from the keyboard', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  before(() => vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView));

  const keybindings = () =>
    (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.keybindings ?? []) as Keybinding[];

  it('contributes approve, reject and refresh keys that apply only while the view has focus', () => {
    const byCommand = new Map(keybindings().map((k) => [k.command, k]));
    for (const command of [COMMANDS.approve, COMMANDS.reject, COMMANDS.refresh]) {
      const binding = byCommand.get(command);
      assert.ok(binding, `a key for ${command}`);
      assert.match(binding.when ?? '', new RegExp(`^focusedView == ${DEPLOYMENTS_VIEW_ID.replace('.', '\\.')}`));
    }
    // Not while typing in the view's find box: Delete there deletes a character.
    assert.match(byCommand.get(COMMANDS.reject)?.when ?? '', /&& !inputFocus$/);
    assert.match(byCommand.get(COMMANDS.approve)?.when ?? '', /&& !inputFocus$/);
    assert.deepEqual(byCommand.get(COMMANDS.approve)?.args, FOCUSED_ROW_ARG);
    assert.deepEqual(byCommand.get(COMMANDS.reject)?.args, FOCUSED_ROW_ARG);
  });

  it('Enter (or a click) on a deployment row opens its page', () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'staging');
    // The row's command opens the row the click or Enter selected (its arguments would not survive a refresh).
    assert.equal(host.api.tree.getTreeItem(node).command?.command, COMMANDS.openSelectedDeployment);
  });

  it('the approve key approves the row the cursor is on, which is also selected', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'staging') as DeploymentNode;
    assert.deepEqual(await host.api.tree.revealDeployments([node]), [], 'the row was shown and selected');
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('by keyboard');
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await runCommand(COMMANDS.approve, node);
    assert.ok(pick.notCalled, 'no picker: the focused row is the target');
    const approval = [...host.sim.state.approvals.values()].find((a) => a.deploymentId === node.deployment.id);
    assert.equal(approval?.comment, 'by keyboard');
  });

  it('the reject key asks about the row the cursor is on, not the selected one', async () => {
    const selected = deploymentNode(host.api, 'acme/web/storefront', 'canary') as DeploymentNode;
    const focused = deploymentNode(host.api, 'acme/web/storefront', 'production') as DeploymentNode;
    assert.deepEqual(await host.api.tree.revealDeployments([selected]), []);
    // The workbench reports the new selection a moment after the reveal.
    await waitFor(
      () =>
        host.api.tree.view.selection.length === 1 &&
        host.api.tree.view.selection.every(
          (n) => n.type === 'deployment' && n.deployment.id === selected.deployment.id,
        ),
      'the revealed row to be the selection',
    );
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const modal = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await runCommand(COMMANDS.reject, focused);
    assert.match(
      String(modal.firstCall?.args[0]),
      /^Reject deployment #\d+ \S+ → production \(acme\/web\/storefront\)\?$/,
    );
    assert.equal(modal.callCount, 1, 'one question, about the focused row only');
  });
});
