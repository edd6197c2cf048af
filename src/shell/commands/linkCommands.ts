import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import { webUrl } from '../tree/treeItems';
import type { CommandContext } from './deploymentCommands';
import { deploymentTargets } from './targets';

export function registerLinkCommands(context: CommandContext): vscode.Disposable[] {
  const target = async (clicked?: TreeNode): Promise<TreeNode | undefined> =>
    clicked ??
    (
      await deploymentTargets(context.engine, undefined, undefined, {
        title: 'Which deployment?',
        canPickMany: false,
        include: () => true,
      })
    )[0];
  return [
    vscode.commands.registerCommand('gitlabApprovals.openInGitLab', async (clicked?: TreeNode) => {
      const node = await target(clicked);
      if (node) await vscode.env.openExternal(vscode.Uri.parse(webUrl(node)));
    }),
    vscode.commands.registerCommand('gitlabApprovals.copyLink', async (clicked?: TreeNode) => {
      const node = await target(clicked);
      if (!node) return;
      await vscode.env.clipboard.writeText(webUrl(node));
      vscode.window.setStatusBarMessage('$(check) Link copied', 3000);
    }),
  ];
}
