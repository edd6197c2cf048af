import * as vscode from 'vscode';
import { linkOnInstance } from '../../core/presentation';
import { showWarning } from '../presentation/ui';
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
      const url = node && checkedLink(context, node);
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
    }),
    vscode.commands.registerCommand('gitlabApprovals.copyLink', async (clicked?: TreeNode) => {
      const node = await target(clicked);
      const url = node && checkedLink(context, node);
      if (!url) return;
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage('$(check) Link copied', 3000);
    }),
  ];
}

/** The row's GitLab page, when GitLab gave an http(s) address on the instance; otherwise it says why not. */
function checkedLink(context: CommandContext, node: TreeNode): string | undefined {
  const raw = webUrl(node);
  const url = linkOnInstance(raw, node.instance.instanceUrl);
  if (url) return url;
  context.log.warn(`not opening a web address GitLab gave that is not on ${node.instance.instanceUrl}: ${raw}`);
  void showWarning(
    `GitLab gave an address for this ${node.type} that is not an http(s) page on ${new URL(node.instance.instanceUrl).host}, so it was not opened or copied.`,
  );
  return undefined;
}
