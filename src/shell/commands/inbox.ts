import * as vscode from 'vscode';
import { TreeShape, type DeploymentNode } from '../tree/nodes';
import type { DeploymentsTree } from '../tree/deploymentsTree';
import { statusBarMode } from '../settings';
import type { CommandContext } from './deploymentCommands';
import { can, deploymentPickItem, deploymentTitle } from './targets';

/** The status bar's click: a quick pick of what is waiting; choosing one offers what can be done with it. */
export async function openInbox(context: CommandContext, tree: DeploymentsTree): Promise<void> {
  const which = statusBarMode() === 'allBlocked' ? 'allBlocked' : 'awaitingMe';
  const nodes = new TreeShape(context.engine.snapshot(), which).visibleDeployments();
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage(
      which === 'awaitingMe' ? 'No deployment awaits your approval.' : 'No deployment is blocked.',
    );
    return;
  }
  const chosen = await vscode.window.showQuickPick(
    nodes.map((node) => ({ ...deploymentPickItem(node), node })),
    {
      title: which === 'awaitingMe' ? 'Deployments awaiting your approval' : 'Blocked deployments',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (!chosen) return;
  await tree.view.reveal(chosen.node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  await offerActions(chosen.node);
}

async function offerActions(node: DeploymentNode): Promise<void> {
  const actions = [
    can(node, 'approve') && { label: '$(check) Approve…', command: 'gitlabApprovals.approve' },
    can(node, 'approveAndRun') && { label: '$(run-all) Approve and Run…', command: 'gitlabApprovals.approveAndRun' },
    can(node, 'reject') && { label: '$(close) Reject…', command: 'gitlabApprovals.reject' },
    can(node, 'run') && { label: '$(play) Run Deployment Job', command: 'gitlabApprovals.runJob' },
    { label: '$(link-external) Open in GitLab', command: 'gitlabApprovals.openInGitLab' },
    { label: '$(copy) Copy Link', command: 'gitlabApprovals.copyLink' },
  ].filter((a): a is { label: string; command: string } => Boolean(a));
  const action = await vscode.window.showQuickPick(actions, { title: deploymentTitle(node) });
  if (action) await vscode.commands.executeCommand(action.command, node);
}
