import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BUILT_IN_COMMANDS, COMMANDS, DEPLOYMENTS_VIEW_ID } from '../../src/shell/commands/commandIds';
import { VIEW_SELECTION_ARG } from '../../src/shell/commands/viewKeys';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { deploymentNode, EXTENSION_ID, signedInSuite } from './support/harness';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
  args?: unknown;
}

// The view from the keyboard: Enter opens a deployment, keys approve, reject and refresh the selected row.
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
      assert.equal(binding.when, `focusedView == ${DEPLOYMENTS_VIEW_ID}`);
    }
    assert.equal(byCommand.get(COMMANDS.approve)?.args, VIEW_SELECTION_ARG);
    assert.equal(byCommand.get(COMMANDS.reject)?.args, VIEW_SELECTION_ARG);
  });

  it('Enter (or a click) on a deployment row opens its page', () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'staging');
    assert.equal(host.api.tree.getTreeItem(node).command?.command, COMMANDS.showDeployment);
  });

  it('the approve key approves the row selected in the view', async () => {
    const node = deploymentNode(host.api, 'acme/platform/api-gateway', 'staging') as DeploymentNode;
    await host.api.tree.view.reveal(node, { select: true, focus: true });
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('by keyboard');
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const pick = host.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.approve, VIEW_SELECTION_ARG);
    assert.ok(pick.notCalled, 'no picker: the selected row is the target');
    const approval = [...host.sim.state.approvals.values()].find((a) => a.deploymentId === node.deployment.id);
    assert.equal(approval?.comment, 'by keyboard');
  });

  it('the reject key asks about the selected row', async () => {
    const node = deploymentNode(host.api, 'acme/web/storefront', 'canary') as DeploymentNode;
    await host.api.tree.view.reveal(node, { select: true, focus: true });
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const modal = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    await vscode.commands.executeCommand(COMMANDS.reject, VIEW_SELECTION_ARG);
    assert.match(String(modal.firstCall?.args[0]), /^Reject deployment #\d+ \S+ → canary \(acme\/web\/storefront\)\?$/);
  });
});
