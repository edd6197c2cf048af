import * as vscode from 'vscode';
import { TreeShape, type DeploymentNode } from '../tree/nodes';
import type { DeploymentsTree } from '../tree/deploymentsTree';
import { statusBarMode } from '../settings';
import { treeItem } from '../tree/treeItems';
import type { CommandContext } from './deploymentCommands';
import { deploymentPickItem } from './targets';

/** The status bar's click: a quick pick of what is waiting; choosing one offers what can be done with it. */
export async function openInbox(context: CommandContext, tree: DeploymentsTree): Promise<void> {
  const which = statusBarMode() === 'allBlocked' ? 'allBlocked' : 'awaitingMe';
  const nodes = new TreeShape(context.engine.snapshot(), which).visibleDeployments();
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage(which === 'awaitingMe' ? 'No deployment awaits your approval.' : 'No deployment is blocked.');
    return;
  }
  const chosen = await vscode.window.showQuickPick(
    nodes.map((node) => ({ ...deploymentPickItem(node), node })),
    { title: which === 'awaitingMe' ? 'Deployments awaiting your approval' : 'Blocked deployments', matchOnDescription: true, matchOnDetail: true },
  );
  if (!chosen) return;
  await tree.view.reveal(chosen.node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  await offerActions(chosen.node);
}

async function offerActions(node: DeploymentNode): Promise<void> {
  const contextValue = treeItem(node).contextValue ?? '';
  const has = (tag: string) => contextValue.split(';').includes(tag);
  const actions = [
    has('canApprove') && { label: '$(check) Approve…', command: 'gitlabApprovals.approve' },
    has('canApproveAndRun') && { label: '$(run-all) Approve and Run…', command: 'gitlabApprovals.approveAndRun' },
    has('canReject') && { label: '$(close) Reject…', command: 'gitlabApprovals.reject' },
    has('canRun') && { label: '$(play) Run Deployment Job', command: 'gitlabApprovals.runJob' },
    { label: '$(link-external) Open in GitLab', command: 'gitlabApprovals.openInGitLab' },
    { label: '$(copy) Copy Link', command: 'gitlabApprovals.copyLink' },
  ].filter((a): a is { label: string; command: string } => Boolean(a));
  const action = await vscode.window.showQuickPick(actions, { title: `#${node.deployment.deployment.iid} ${node.deployment.deployment.ref} → ${node.environment.name}` });
  if (action) await vscode.commands.executeCommand(action.command, node);
}
