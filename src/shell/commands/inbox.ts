import * as vscode from 'vscode';
import { TreeShape, type DeploymentNode } from '../tree/nodes';
import type { DeploymentsTree } from '../tree/deploymentsTree';
import { statusBarMode } from '../settings';
import { pickOne, showInfo, type PickItem } from '../presentation/ui';
import { deploymentTitle } from '../../core/presentation';
import type { CommandContext } from './commandContext';
import { COMMANDS } from './commandIds';
import { can, deploymentPickItem } from './targets';

/** The status bar's click: a quick pick of what is waiting; choosing one offers what can be done with it. */
export async function openInbox(context: CommandContext, tree: DeploymentsTree): Promise<void> {
  const which = statusBarMode() === 'allBlocked' ? 'allBlocked' : 'awaitingMe';
  const nodes = new TreeShape(context.engine.snapshot(), which).visibleDeployments();
  if (nodes.length === 0) {
    void showInfo(
      which === 'awaitingMe' ? vscode.l10n.t('No deployment awaits you.') : vscode.l10n.t('No deployment is blocked.'),
    );
    return;
  }
  const chosen = await pickOne(
    nodes.map((node) => ({ ...deploymentPickItem(node), node })),
    {
      title:
        which === 'awaitingMe'
          ? vscode.l10n.t('Deployments awaiting you (to approve or to run)')
          : vscode.l10n.t('Blocked deployments'),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (!chosen) return;
  await tree.view.reveal(chosen.node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  await offerActions(chosen.node);
}

async function offerActions(node: DeploymentNode): Promise<void> {
  const actions: (PickItem & { command: string })[] = [
    { icon: 'preview', label: vscode.l10n.t('Show Deployment'), command: COMMANDS.showDeployment },
    can(node, 'approve') && { icon: 'check', label: vscode.l10n.t('Approve…'), command: COMMANDS.approve },
    can(node, 'approveAndRun') && {
      icon: 'run-all',
      label: vscode.l10n.t('Approve and Run…'),
      command: COMMANDS.approveAndRun,
    },
    can(node, 'reject') && { icon: 'close', label: vscode.l10n.t('Reject…'), command: COMMANDS.reject },
    can(node, 'run') && { icon: 'play', label: vscode.l10n.t('Run Deployment Job'), command: COMMANDS.runJob },
    { icon: 'link-external', label: vscode.l10n.t('Open in GitLab'), command: COMMANDS.openInGitLab },
    { icon: 'copy', label: vscode.l10n.t('Copy Link'), command: COMMANDS.copyLink },
  ].filter((a) => a !== false);
  const action = await pickOne(actions, { title: deploymentTitle(node.deployment, node.project.project) });
  if (action) await vscode.commands.executeCommand(action.command, node);
}
